// TOML reader: toml++ parses the file; its tree is copied into DocNodes. toml++
// keeps tables sorted by key, so entries are put back in document order.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>
#include <toml++/toml.h>

#include "idl/reader.h"

namespace seam {
namespace {

// Puts a table's entries back in document order. Tables are mostly small:
// those are insertion-sorted in place (std::stable_sort would allocate a
// buffer for each), larger ones stable-sorted.
void SortByPosition(std::vector<DocEntry>& entries) {
  auto before = [](const DocEntry& a, const DocEntry& b) { return a.key_loc < b.key_loc; };
  if (entries.size() > 16) {
    std::stable_sort(entries.begin(), entries.end(), before);
    return;
  }
  for (size_t i = 1; i < entries.size(); ++i) {
    for (size_t j = i; j > 0 && before(entries[j], entries[j - 1]); --j) std::swap(entries[j], entries[j - 1]);
  }
}

class Converter {
 public:
  Converter(const SourceFile& file, uint32_t file_id, Document& doc, Diagnostics& diags)
      : file_(file), file_id_(file_id), doc_(doc), diags_(diags) {}

  // Returns nullptr after reporting an error.
  DocNode* Convert(const toml::node& in, int depth) {
    SourceLoc loc = Loc(in.source().begin);
    if (depth > kMaxNestingDepth) {
      diags_.Error(loc, "NestingTooDeep",
                   fmt::format("the document nests deeper than {} levels", kMaxNestingDepth));
      return nullptr;
    }
    DocNode& node = doc_.NewNode();
    node.loc = loc;
    if (const toml::table* table = in.as_table()) {
      node.kind = NodeKind::kMap;
      for (auto&& [key, value] : *table) {
        const DocNode* child = Convert(value, depth + 1);
        if (child == nullptr) return nullptr;
        SourceLoc key_loc = Loc(key.source().begin);
        if (!key_loc.known()) key_loc = child->loc;
        node.entries.push_back(DocEntry{std::string(key.str()), key_loc, child});
      }
      SortByPosition(node.entries);
    } else if (const toml::array* array = in.as_array()) {
      node.kind = NodeKind::kSeq;
      for (const toml::node& item : *array) {
        const DocNode* child = Convert(item, depth + 1);
        if (child == nullptr) return nullptr;
        node.items.push_back(child);
      }
    } else if (const toml::value<std::string>* s = in.as_string()) {
      node.kind = NodeKind::kString;
      node.text = s->get();
      if (auto offset = file_.OffsetFromLoc(loc)) {
        const std::string& src = file_.text();
        size_t content = *offset;
        if (src.compare(content, 3, "\"\"\"") == 0 || src.compare(content, 3, "'''") == 0) {
          content += 3;
        } else if (content < src.size() && (src[content] == '"' || src[content] == '\'')) {
          content += 1;
        }
        SetScalarContent(file_, file_id_, content, node);
      }
    } else if (in.is_integer()) {
      node.kind = NodeKind::kInt;
      node.int_value = *in.value<int64_t>();
      node.text = std::to_string(node.int_value);
    } else if (in.is_floating_point()) {
      node.kind = NodeKind::kFloat;
      node.float_value = *in.value<double>();
      node.text = fmt::format("{}", node.float_value);
    } else if (in.is_boolean()) {
      node.kind = NodeKind::kBool;
      node.bool_value = *in.value<bool>();
      node.text = node.bool_value ? "true" : "false";
    } else {
      node.kind = NodeKind::kDateTime;
      std::ostringstream text;
      if (auto d = in.as_date()) text << *d;
      if (auto t = in.as_time()) text << *t;
      if (auto dt = in.as_date_time()) text << *dt;
      node.text = text.str();
    }
    return &node;
  }

 private:
  SourceLoc Loc(const toml::source_position& pos) const {
    if (pos.line == 0) return SourceLoc{};
    return SourceLoc{file_id_, static_cast<uint32_t>(pos.line), static_cast<uint32_t>(pos.column)};
  }

  const SourceFile& file_;
  uint32_t file_id_;
  Document& doc_;
  Diagnostics& diags_;
};

// Where a toml++ parse error is. At the end of the file toml++ reports the
// column after the last line's line break, past the end of that line; the
// error is then placed just after the line's last character.
SourceLoc ErrorLoc(const SourceFile& file, uint32_t file_id, const toml::source_position& pos) {
  if (pos.line == 0) return SourceLoc{};
  if (pos.line > file.line_count()) return file.LocFromOffset(file_id, file.text().size());
  auto line = static_cast<uint32_t>(pos.line);
  std::string_view text = file.Line(line);
  auto end_column = static_cast<uint32_t>(
      1 + std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  return SourceLoc{file_id, line, std::clamp(static_cast<uint32_t>(pos.column), 1U, end_column)};
}

}  // namespace

bool ParseToml(const SourceFile& file, uint32_t file_id, size_t start, Document& doc,
               Diagnostics& diags) {
  (void)start;  // toml++ skips a byte-order mark itself
  std::string_view text = file.text();
  toml::table table;
  try {
    // Without a path: toml++ would give every node a shared copy of it, and
    // locations come from the line and column alone.
    table = toml::parse(text);
  } catch (const toml::parse_error& e) {
    SourceLoc loc = ErrorLoc(file, file_id, e.source().begin);
    std::string msg(e.description());
    if (!msg.empty()) msg[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(msg[0])));
    // A one-line string that meets its line break is reported as holding a
    // control character (the break); most often its closing quote is missing.
    std::optional<size_t> at = file.OffsetFromLoc(loc);
    if (msg.find("control characters") != std::string::npos && at && *at < text.size() &&
        (text[*at] == '\n' || text[*at] == '\r')) {
      bool literal = msg.find("literal string") != std::string::npos;
      msg = fmt::format("{} reaches the end of its line without a closing {}",
                        literal ? "literal string" : "string", literal ? "\"'\"" : "'\"'");
    }
    diags.Error(loc, "SyntaxError", fmt::format("TOML: {}", msg));
    return false;
  }
  Converter converter(file, file_id, doc, diags);
  DocNode* root = converter.Convert(table, 0);
  if (root == nullptr) return false;
  // The root table has no position of its own.
  root->loc = SourceLoc{file_id, 1, 1};
  doc.set_root(root);
  return true;
}

}  // namespace seam
