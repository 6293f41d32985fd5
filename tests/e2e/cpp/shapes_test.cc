// C++ consumer of the shapes example: a rich enum as a value type over
// std::variant (variants as structs, tag(), visit(), is<>(), get_if<>()),
// in and out of calls; a list of u8 lent without a copy.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "leak_probe.hpp"
#include "weaveffi.hpp"

using Shape = shapes::shapes::Shape;
namespace sh = shapes::shapes;

TEST(Shapes, VariantsRoundTrip) {
  EXPECT_EQ(sh::describe(Shape::Empty{}), "empty");
  EXPECT_EQ(sh::describe(Shape::Circle{1.5}), "circle(r=1.5)");
  EXPECT_EQ(sh::describe(Shape::Rectangle{2, 3}), "rectangle(2x3)");
  EXPECT_EQ(sh::describe(Shape::Labeled{"tag", 7}), "labeled(tag, 7)");
  EXPECT_EQ(sh::describe(Shape{}), "empty");
}

TEST(Shapes, ResultsAreValues) {
  Shape c = sh::scale(Shape::Circle{2.0}, 1.5);
  EXPECT_EQ(c.tag(), Shape::Tag::Circle);
  EXPECT_EQ(static_cast<int>(Shape::Tag::Labeled), 3);
  ASSERT_TRUE(c.is<Shape::Circle>());
  EXPECT_EQ(c.get_if<Shape::Circle>()->radius, 3.0);
  EXPECT_EQ(c, Shape(Shape::Circle{3.0}));
  EXPECT_NE(c, Shape(Shape::Circle{3.5}));
  Shape r = sh::scale(Shape::Rectangle{2, 4}, 0.5);
  EXPECT_EQ(r, Shape(Shape::Rectangle{1, 2}));
  Shape l = sh::scale(Shape::Labeled{"x", 255}, 10);
  EXPECT_EQ(l, Shape(Shape::Labeled{"x", 255}));
  std::string seen = l.visit([](const auto& v) -> std::string {
    using V = std::decay_t<decltype(v)>;
    if constexpr (std::is_same_v<V, Shape::Labeled>) return v.label;
    return "other";
  });
  EXPECT_EQ(seen, "x");
  EXPECT_EQ(sh::scale(Shape::Empty{}, 3).tag(), Shape::Tag::Empty);
}

TEST(Shapes, Errors) {
  try {
    sh::scale(Shape::Circle{1}, -1);
    FAIL() << "nothing was thrown";
  } catch (const shapes::Error& e) {
    EXPECT_EQ(e.code(), -1);
    EXPECT_STREQ(e.what(), "factor must not be negative");
  }
  // Invalid UTF-8 inside a variant field fails while the argument is built.
  EXPECT_THROW(sh::describe(Shape::Labeled{"\xff", 1}), shapes::Error);
}

TEST(Shapes, ByteLists) {
  EXPECT_EQ(sh::sum_bytes({}), 0u);
  EXPECT_EQ(sh::sum_bytes({1, 2, 250}), 253u);
  std::vector<std::uint8_t> many(100000, 255);
  EXPECT_EQ(sh::sum_bytes(many), 25500000u);
}
