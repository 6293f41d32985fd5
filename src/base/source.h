// Source files and locations. Every IDL node carries a SourceLoc from the reader
// on; locations are never re-found by searching the text afterwards.
#ifndef SEAM_BASE_SOURCE_H_
#define SEAM_BASE_SOURCE_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seam {

// A position in a source file: 1-based line and column (columns count Unicode
// code points, a tab counts as one). line == 0 means "no location".
struct SourceLoc {
  uint32_t file = 0;
  uint32_t line = 0;
  uint32_t column = 0;

  [[nodiscard]] bool known() const { return line != 0; }
  friend bool operator==(const SourceLoc&, const SourceLoc&) = default;
  friend auto operator<=>(const SourceLoc&, const SourceLoc&) = default;
};

// One loaded file: its path as given by the user, its text, and a line table.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  // Line and column of a byte offset (clamped to the end of the text).
  [[nodiscard]] SourceLoc LocFromOffset(uint32_t file_id, size_t offset) const;
  // Byte offset of a location, or nullopt when it lies outside the text.
  [[nodiscard]] std::optional<size_t> OffsetFromLoc(SourceLoc loc) const;
  // Byte offset of `line` (1-based) and `column` counted in code points.
  [[nodiscard]] std::optional<size_t> OffsetOf(uint32_t line, uint32_t column) const;
  // The text of a 1-based line without its line terminator.
  [[nodiscard]] std::string_view Line(uint32_t line) const;
  size_t line_count() const { return line_starts_.size(); }

 private:
  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
  // Per line: 1 when every byte of it is ASCII, so that columns are bytes.
  std::vector<uint8_t> ascii_lines_;
  // Readers ask for locations in increasing order; remembering the last answer
  // keeps very long lines (minified JSON) linear instead of quadratic.
  mutable size_t cache_offset_ = 0;
  mutable size_t cache_line_ = 0;
  mutable size_t cache_column_ = 0;
};

// Owns every file read in a run; ids start at 1 so that 0 means "none".
class SourceManager {
 public:
  uint32_t Add(std::string path, std::string text);
  [[nodiscard]] const SourceFile* Get(uint32_t id) const;

 private:
  std::deque<SourceFile> files_;
};

// The first offset at which `text` is not valid UTF-8, or nullopt when it is.
[[nodiscard]] std::optional<size_t> FindInvalidUtf8(std::string_view text);

// Number of code points in valid UTF-8 `text` (continuation bytes are skipped).
size_t CountCodePoints(std::string_view text);

}  // namespace seam

#endif  // SEAM_BASE_SOURCE_H_
