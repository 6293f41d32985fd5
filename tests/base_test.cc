// Source locations, UTF-8 checks, edit distance and diagnostic rendering.
#include <gtest/gtest.h>

#include "base/diagnostics.h"
#include "base/source.h"
#include "base/strings.h"

namespace seam {
namespace {

TEST(SourceFile, LocFromOffsetCountsCodePoints) {
  SourceFile f("x.yml", "ab\nc\xC3\xA9" "d\r\nxyz");
  EXPECT_EQ(f.LocFromOffset(1, 0), (SourceLoc{1, 1, 1}));
  EXPECT_EQ(f.LocFromOffset(1, 3), (SourceLoc{1, 2, 1}));
  EXPECT_EQ(f.LocFromOffset(1, 6), (SourceLoc{1, 2, 3}));  // 'd' after a 2-byte 'e'
  EXPECT_EQ(f.LocFromOffset(1, 9), (SourceLoc{1, 3, 1}));
  EXPECT_EQ(f.Line(2), "c\xC3\xA9" "d");
  EXPECT_EQ(f.OffsetOf(2, 3), 6u);
  EXPECT_EQ(f.OffsetOf(9, 1), std::nullopt);
}

TEST(Utf8, FindsInvalidSequences) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82\xAC ok"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("ab\xFF"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);            // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("x\xED\xA0\x80"), 1u);       // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82"), 0u);            // truncated
}

TEST(Strings, EditDistanceTable) {
  struct Case {
    const char* a;
    const char* b;
    size_t d;
  } cases[] = {{"", "", 0},          {"abc", "abc", 0},       {"retrun", "return", 1},
               {"paramz", "params", 1}, {"i3", "i32", 1},     {"kitten", "sitting", 3},
               {"", "abc", 3},        {"ab", "ba", 1}};
  for (const Case& c : cases) EXPECT_EQ(EditDistance(c.a, c.b), c.d) << c.a << " vs " << c.b;
}

TEST(Strings, DidYouMean) {
  std::vector<std::string> keys = {"name", "params", "return", "doc", "throws"};
  EXPECT_EQ(DidYouMean("retrun", keys), " (did you mean 'return'?)");
  EXPECT_EQ(DidYouMean("Name", keys), " (did you mean 'name'?)");
  EXPECT_EQ(DidYouMean("completely_different", keys), "");
  EXPECT_EQ(ClosestMatch("i3", {"i8", "i16", "i32"}), "i32");
}

TEST(Diagnostics, RendersGccStyleWithCaretAndNotes) {
  SourceManager sources;
  uint32_t id = sources.Add("api.yml", "first: 1\n  second: oops\n");
  Diagnostics diags(sources);
  diags.Error(SourceLoc{id, 2, 11}, "Code", "something is wrong")
      .notes.push_back({SourceLoc{id, 1, 1}, "related place"});
  diags.Warning(SourceLoc{id, 1, 8}, "Other", "a warning");
  EXPECT_EQ(diags.RenderText(),
            "api.yml:1:8: warning: a warning [Other]\n"
            "first: 1\n"
            "       ^\n"
            "api.yml:2:11: error: something is wrong [Code]\n"
            "  second: oops\n"
            "          ^\n"
            "api.yml:1:1: note: related place\n"
            "first: 1\n"
            "^\n"
            "1 error and 1 warning generated.\n");
  EXPECT_TRUE(diags.has_errors());
  auto json = diags.ToJson(Severity::kError);
  ASSERT_EQ(json.size(), 1u);
  EXPECT_EQ(json[0]["code"], "Code");
  EXPECT_EQ(json[0]["line"], 2);
  EXPECT_EQ(json[0]["column"], 11);
  EXPECT_EQ(json[0]["notes"][0]["message"], "related place");
}

}  // namespace
}  // namespace seam
