// The shapes library: rich-enum parameters and returns. describe() renders
// a shape ("circle(r=2.5)"); scale() multiplies its dimensions by a
// non-negative factor; sum_bytes() adds bytes into a 64-bit sum.
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "shapes.hpp"

namespace shapes {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

std::string describe(const Shape& shape) {
  std::ostringstream out;
  shape.visit(Overloaded{
      [&](const Shape::Empty&) { out << "empty"; },
      [&](const Shape::Circle& c) { out << "circle(r=" << c.radius << ")"; },
      [&](const Shape::Rectangle& r) { out << "rectangle(" << r.width << "x" << r.height << ")"; },
      [&](const Shape::Labeled& l) { out << "labeled(" << l.label << ", " << int{l.count} << ")"; },
  });
  return out.str();
}

Shape scale(const Shape& shape, double factor) {
  if (!(factor >= 0)) throw std::invalid_argument("factor must not be negative");
  return shape.visit(Overloaded{
      [](const Shape::Empty& e) -> Shape { return e; },
      [&](const Shape::Circle& c) -> Shape { return Shape::Circle{c.radius * factor}; },
      [&](const Shape::Rectangle& r) -> Shape {
        return Shape::Rectangle{static_cast<float>(r.width * factor), static_cast<float>(r.height * factor)};
      },
      [](const Shape::Labeled& l) -> Shape { return l; },
  });
}

std::uint64_t sum_bytes(std::vector<std::uint8_t> values) {
  return std::accumulate(values.begin(), values.end(), std::uint64_t{0});
}

}  // namespace shapes
