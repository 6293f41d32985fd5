// The type-string grammar (reference §2.1), locations inside type strings,
// and its limits.
#include <gtest/gtest.h>

#include "ir/type_parser.h"

namespace seam::ir {
namespace {

std::optional<TypeRef> Parse(const std::string& text, Diagnostics& diags) {
  return ParseTypeRef(text, [](size_t off) { return SourceLoc{1, 1, static_cast<uint32_t>(off + 1)}; },
                      diags);
}

TEST(TypeParser, CanonicalSpellingRoundTrips) {
  const char* cases[][2] = {
      {"i32", "i32"},           {"  string ", "string"},     {"&str", "&str"},
      {"&[u8]", "&[u8]"},       {"[i32]?", "[i32]?"},        {"[Contact?]", "[Contact?]"},
      {"{string:i32}?", "{string:i32}?"}, {"{ string : [i32] }", "{string:[i32]}"},
      {"iter<Item>", "iter<Item>"}, {"handle<Token>", "handle<Token>"},
      {"handle< Token >", "handle<Token>"}, {"T?\?", "T?\?"}, {"a.b.Name", "a.b.Name"},
      {"{{string:i32}:i32}", "{{string:i32}:i32}"},
  };
  for (const auto& c : cases) {
    SourceManager sources;
    Diagnostics diags(sources);
    auto t = Parse(c[0], diags);
    ASSERT_TRUE(t.has_value()) << c[0];
    EXPECT_EQ(Spell(*t), c[1]);
    EXPECT_FALSE(diags.has_errors());
  }
}

TEST(TypeParser, StructureOfNestedTypes) {
  SourceManager sources;
  Diagnostics diags(sources);
  auto t = Parse("{string:[Item?]}?", diags);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, TypeKind::kOptional);
  const TypeRef& map = t->args[0];
  EXPECT_EQ(map.kind, TypeKind::kMap);
  EXPECT_EQ(map.args[0].primitive, Primitive::kString);
  EXPECT_EQ(map.args[1].kind, TypeKind::kList);
  EXPECT_EQ(map.args[1].args[0].kind, TypeKind::kOptional);
  EXPECT_EQ(map.args[1].args[0].args[0].name, "Item");
  // Locations point inside the string.
  EXPECT_EQ(map.args[1].loc.column, 9u);
  EXPECT_EQ(map.args[1].args[0].args[0].loc.column, 10u);
}

TEST(TypeParser, ErrorsAreLocated) {
  struct Case {
    const char* text;
    uint32_t column;
    const char* message_part;
  } cases[] = {
      {"", 1, "empty type reference"},
      {"{string}", 1, "missing the ':'"},
      {"[i32", 1, "malformed type reference '[i32'"},
      {"[ Vec<i32> ]", 3, "malformed type reference 'Vec<i32>'"},
      {"handle<>", 8, "empty type name"},
      {"{string: }", 10, "empty type reference"},
  };
  for (const Case& c : cases) {
    SourceManager sources;
    Diagnostics diags(sources);
    EXPECT_FALSE(Parse(c.text, diags).has_value()) << c.text;
    auto all = diags.Sorted();
    ASSERT_EQ(all.size(), 1u) << c.text;
    EXPECT_EQ(all[0].code, "InvalidTypeRef");
    EXPECT_EQ(all[0].loc.column, c.column) << c.text;
    EXPECT_NE(all[0].message.find(c.message_part), std::string::npos) << all[0].message;
  }
}

TEST(TypeParser, PathologicalNestingIsBounded) {
  for (const std::string& text : {std::string(50000, '[') + "i32" + std::string(50000, ']'),
                                  "i32" + std::string(50000, '?'),
                                  [] {
                                    std::string s;
                                    for (int i = 0; i < 50000; ++i) s += "{a:";
                                    return s + "b" + std::string(50000, '}');
                                  }()}) {
    SourceManager sources;
    Diagnostics diags(sources);
    EXPECT_FALSE(Parse(text, diags).has_value());
    ASSERT_EQ(diags.error_count(), 1u);
    EXPECT_EQ(diags.Sorted()[0].message, "type nests deeper than 64 levels");
  }
}

}  // namespace
}  // namespace seam::ir
