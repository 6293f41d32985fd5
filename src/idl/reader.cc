// Format dispatch and the checks common to every format (size, encoding,
// control characters) before the format's own parser runs.
#include "idl/reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace seam {
namespace {

constexpr size_t kMaxFileBytes = 64u << 20;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

const char* NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kNull:
      return "null";
    case NodeKind::kBool:
      return "a boolean";
    case NodeKind::kInt:
      return "an integer";
    case NodeKind::kFloat:
      return "a floating-point number";
    case NodeKind::kString:
      return "a string";
    case NodeKind::kSeq:
      return "a list";
    case NodeKind::kMap:
      return "a mapping";
    case NodeKind::kDateTime:
      return "a date-time";
  }
  return "a value";
}

const DocEntry* DocNode::Find(std::string_view key) const {
  for (const DocEntry& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

const DocEntry* EntryIndex::Find(const DocNode& map, const std::string& key) {
  constexpr size_t kScanLimit = 16;
  if (map.entries.size() <= kScanLimit) return map.Find(key);
  for (; indexed_ < map.entries.size(); ++indexed_) index_.emplace(map.entries[indexed_].key, indexed_);
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &map.entries[it->second];
}

SourceLoc DocNode::LocAt(size_t offset) const {
  if (!verbatim || !content_loc.known() || offset > text.size()) return loc;
  SourceLoc at = content_loc;
  at.column += static_cast<uint32_t>(CountCodePoints(std::string_view(text).substr(0, offset)));
  return at;
}

void SetIntValue(std::string_view digits, int base, bool negative, DocNode& node) {
  unsigned __int128 value = 0;
  for (char c : digits) {
    int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(c) - 'a' + 10;
    value = value * static_cast<unsigned>(base) + static_cast<unsigned>(digit);
    if (value > (static_cast<unsigned __int128>(1) << 64)) {
      node.int_overflow = true;
      return;
    }
  }
  constexpr auto kMaxI64 = static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max());
  if (negative) {
    if (value > kMaxI64 + 1) {
      node.int_overflow = true;
    } else {
      node.int_value = static_cast<int64_t>(-static_cast<__int128>(value));
    }
  } else if (value <= kMaxI64) {
    node.int_value = static_cast<int64_t>(value);
  } else if (value <= std::numeric_limits<uint64_t>::max()) {
    node.big_unsigned = true;
    node.uint_value = static_cast<uint64_t>(value);
  } else {
    node.int_overflow = true;
  }
}

SourceLoc SyntaxErrorLoc(const SourceFile& file, uint32_t file_id, size_t offset) {
  std::string_view text = file.text();
  // The '\n' of a "\r\n" belongs to the break that starts at the '\r': the
  // column just past the line's end.
  if (offset < text.size() && offset > 0 && text[offset] == '\n' && text[offset - 1] == '\r') --offset;
  if (offset < text.size()) return file.LocFromOffset(file_id, offset);
  size_t end = text.find_last_not_of(" \t\r\n");
  if (end == std::string_view::npos) return file.LocFromOffset(file_id, text.size());
  // The character after the last one is a line break or the end: either way
  // the column just past the end of that line.
  return file.LocFromOffset(file_id, end + 1);
}

void SetScalarContent(const SourceFile& file, uint32_t file_id, size_t content_offset,
                      DocNode& node) {
  node.content_loc = file.LocFromOffset(file_id, content_offset);
  const std::string& src = file.text();
  node.verbatim = content_offset <= src.size() &&
                  src.compare(content_offset, node.text.size(), node.text) == 0 &&
                  node.text.find_first_of("\r\n") == std::string::npos;
}

std::optional<IdlFormat> FormatFromPath(std::string_view path) {
  size_t slash = path.find_last_of('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  std::string ext = Lower(base.substr(dot + 1));
  if (ext == "yml" || ext == "yaml") return IdlFormat::kYaml;
  if (ext == "json") return IdlFormat::kJson;
  if (ext == "toml") return IdlFormat::kToml;
  return std::nullopt;
}

bool ParseDocument(IdlFormat format, const SourceFile& file, uint32_t file_id, Document& doc,
                   Diagnostics& diags) {
  const std::string& text = file.text();
  if (auto bad = FindInvalidUtf8(text)) {
    diags.Error(file.LocFromOffset(file_id, *bad), "InvalidUtf8",
                fmt::format("invalid UTF-8 byte 0x{:02X}; IDL files must be UTF-8 text",
                            static_cast<unsigned char>(text[*bad])));
    return false;
  }
  size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  for (size_t i = start; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      diags.Error(file.LocFromOffset(file_id, i), "ControlCharacter",
                  fmt::format("control character U+{:04X} is not allowed in an IDL file", c));
      return false;
    }
  }
  if (std::all_of(text.begin() + static_cast<std::ptrdiff_t>(start), text.end(),
                  [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; })) {
    diags.Error(SourceLoc{file_id, 1, 1}, "EmptyDocument",
                "the file is empty; an IDL document needs at least 'version' and 'modules'");
    return false;
  }
  switch (format) {
    case IdlFormat::kYaml:
      return ParseYaml(file, file_id, start, doc, diags);
    case IdlFormat::kJson:
      return ParseJson(file, file_id, start, doc, diags);
    case IdlFormat::kToml:
      return ParseToml(file, file_id, start, doc, diags);
  }
  return false;
}

bool ReadIdlFile(const std::string& path, SourceManager& sources, Document& doc,
                 Diagnostics& diags) {
  auto fail = [&](const char* code, const std::string& message) {
    diags.Error(SourceLoc{sources.Add(path, ""), 0, 0}, code, message);
    return false;
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return fail("UnreadableFile", "this is a directory, not a file");
  }
  auto format = FormatFromPath(path);
  if (!format) {
    size_t slash = path.find_last_of('/');
    std::string_view base =
        slash == std::string::npos ? std::string_view(path) : std::string_view(path).substr(slash + 1);
    size_t dot = base.find_last_of('.');
    std::string what = dot == std::string_view::npos || dot == 0
                           ? std::string("the file name has no extension")
                           : fmt::format("unsupported extension '{}'", base.substr(dot));
    return fail("UnsupportedFormat",
                fmt::format("{}; accepted extensions are .yml, .yaml, .json and .toml", what));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("UnreadableFile", "cannot open the file for reading");
  // Read to the end rather than by the size the file claims, so that pipes
  // and other files without one (a FIFO, /dev/stdin, /proc) read whole too.
  auto too_large = [&] {
    return fail("FileTooLarge", fmt::format("the file is larger than {} MiB", kMaxFileBytes >> 20));
  };
  std::string text;
  std::error_code size_ec;
  auto claimed = std::filesystem::file_size(path, size_ec);
  if (!size_ec && claimed > kMaxFileBytes) return too_large();
  if (!size_ec) text.reserve(static_cast<size_t>(claimed));
  std::array<char, 1 << 16> chunk;
  while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) {
    text.append(chunk.data(), static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes) return too_large();
  }
  if (in.bad()) return fail("UnreadableFile", "cannot read the file");
  uint32_t id = sources.Add(path, std::move(text));
  return ParseDocument(*format, *sources.Get(id), id, doc, diags);
}

}  // namespace seam
