// Source locations, UTF-8 checks, edit distance and diagnostic rendering.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

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

// Line and column of every offset, and the offset of every (line, column),
// against a plain walk over the text: on ASCII lines (where columns are
// bytes), on lines with multi-byte characters, and with columns past the end
// of a line, which continue over the following lines.
TEST(SourceFile, LocationsMatchAWalkOverTheText) {
  for (const char* text : {"abc\nde\r\nf", "a\xC3\xA9z\nxy\rq\n\n\xE2\x82\xAC", "plain\n\xC3\xA9\xC3\xA9\nend\n", "",
                           "\n\n", "x\r"}) {
    std::string t = text;
    SourceFile f("x.toml", t);
    uint32_t line = 1, column = 1;
    std::map<std::pair<uint32_t, uint32_t>, size_t> offsets;
    for (size_t i = 0; i <= t.size(); ++i) {
      bool continuation = i < t.size() && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80;
      if (!continuation) {
        EXPECT_EQ(f.LocFromOffset(1, i), (SourceLoc{1, line, column})) << i << " in " << text;
        offsets[{line, column}] = i;
      }
      if (i == t.size()) break;
      if (t[i] == '\n' || (t[i] == '\r' && (i + 1 == t.size() || t[i + 1] != '\n'))) {
        ++line;
        column = 1;
      } else if (!continuation) {
        ++column;
      }
    }
    for (auto [at, offset] : offsets) EXPECT_EQ(f.OffsetOf(at.first, at.second), offset) << text;
    // Past the end of a line: one code point per column, over line breaks.
    for (uint32_t l = 1; l <= f.line_count(); ++l) {
      size_t pos = *f.OffsetOf(l, 1);
      for (uint32_t c = 1; c < 40; ++c) {
        EXPECT_EQ(f.OffsetOf(l, c), pos <= t.size() ? std::optional<size_t>(pos) : std::nullopt)
            << l << ":" << c << " in " << text;
        if (pos > t.size()) break;
        ++pos;
        while (pos < t.size() && (static_cast<unsigned char>(t[pos]) & 0xC0) == 0x80) ++pos;
      }
    }
  }
}

TEST(Utf8, FindsInvalidSequences) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82\xAC ok"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("ab\xFF"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);            // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("x\xED\xA0\x80"), 1u);       // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82"), 0u);            // truncated
  // After runs of ASCII of every length around the 8-byte steps.
  for (size_t n = 0; n < 20; ++n) {
    std::string ascii(n, 'a');
    EXPECT_EQ(FindInvalidUtf8(ascii), std::nullopt) << n;
    EXPECT_EQ(FindInvalidUtf8(ascii + "\xFF" + ascii), n) << n;
    EXPECT_EQ(FindInvalidUtf8(ascii + "\xC3\xA9" + ascii + "\xE2\x82"), 2 * n + 2) << n;
  }
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
