// Line tables and UTF-8 helpers for SourceFile.
#include "base/source.h"

#include <algorithm>
#include <cstring>

namespace seam {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  unsigned char high = 0;  // the line's bytes or'ed: bit 7 set if any is not ASCII
  for (size_t i = 0; i < text_.size(); ++i) {
    high |= static_cast<unsigned char>(text_[i]);
    if (text_[i] == '\n' || (text_[i] == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n'))) {
      line_starts_.push_back(i + 1);  // a lone CR ends a line too
      ascii_lines_.push_back(high < 0x80 ? 1 : 0);
      high = 0;
    }
  }
  ascii_lines_.push_back(high < 0x80 ? 1 : 0);
}

SourceLoc SourceFile::LocFromOffset(uint32_t file_id, size_t offset) const {
  offset = std::min(offset, text_.size());
  // Readers ask for offsets on the line of the last answer, or the next one,
  // most of the time: look there before searching.
  size_t line_index = cache_line_;
  auto on_line = [&](size_t i) {
    return i < line_starts_.size() && line_starts_[i] <= offset &&
           (i + 1 == line_starts_.size() || offset < line_starts_[i + 1]);
  };
  if (!on_line(line_index)) {
    if (on_line(line_index + 1)) {
      ++line_index;
    } else {
      auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
      line_index = static_cast<size_t>(it - line_starts_.begin()) - 1;
    }
  }
  size_t start = line_starts_[line_index];
  size_t column;
  if (ascii_lines_[line_index] != 0) {
    column = offset - start;
  } else if (cache_line_ == line_index && cache_offset_ >= start && cache_offset_ <= offset) {
    column = cache_column_ +
             CountCodePoints(std::string_view(text_).substr(cache_offset_, offset - cache_offset_));
  } else {
    column = CountCodePoints(std::string_view(text_).substr(start, offset - start));
  }
  cache_line_ = line_index;
  cache_offset_ = offset;
  cache_column_ = column;
  return SourceLoc{file_id, static_cast<uint32_t>(line_index + 1),
                   static_cast<uint32_t>(column + 1)};
}

std::optional<size_t> SourceFile::OffsetOf(uint32_t line, uint32_t column) const {
  if (line == 0 || line > line_starts_.size() || column == 0) return std::nullopt;
  size_t pos = line_starts_[line - 1];
  size_t line_end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  if (ascii_lines_[line - 1] != 0 && pos + (column - 1) <= line_end) return pos + (column - 1);
  for (uint32_t c = 1; c < column; ++c) {
    if (pos >= text_.size()) return std::nullopt;
    ++pos;
    while (pos < text_.size() && (static_cast<unsigned char>(text_[pos]) & 0xC0) == 0x80) ++pos;
  }
  return pos;
}

std::optional<size_t> SourceFile::OffsetFromLoc(SourceLoc loc) const {
  return OffsetOf(loc.line, loc.column);
}

std::string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  size_t start = line_starts_[line - 1];
  size_t end = start;
  while (end < text_.size() && text_[end] != '\n' && text_[end] != '\r') ++end;
  return std::string_view(text_).substr(start, end - start);
}

uint32_t SourceManager::Add(std::string path, std::string text) {
  files_.emplace_back(std::move(path), std::move(text));
  return static_cast<uint32_t>(files_.size());
}

const SourceFile* SourceManager::Get(uint32_t id) const {
  if (id == 0 || id > files_.size()) return nullptr;
  return &files_[id - 1];
}

std::optional<size_t> FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    // ASCII, eight bytes at a time.
    while (i + sizeof(uint64_t) <= text.size()) {
      uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += sizeof word;
    }
    if (i == text.size()) break;
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > text.size()) return i;
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return i;
    i += len;
  }
  return std::nullopt;
}

size_t CountCodePoints(std::string_view text) {
  size_t n = 0;
  for (char ch : text) {
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace seam
