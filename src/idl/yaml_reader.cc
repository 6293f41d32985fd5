// YAML reader: yaml-cpp's event parser feeds a builder that creates located
// DocNodes, resolves plain scalars by the YAML 1.2 core schema, and bounds
// nesting depth and alias expansion (alias bombs end in an error, not in OOM).
#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cmath>
#include <limits>
#include <optional>
#include <regex>
#include <sstream>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "idl/reader.h"

namespace seam {
namespace {

// Raised by the builder to stop the parse with an error of its own: a
// resource limit is hit, or the text is malformed in a way yaml-cpp accepts.
struct LimitExceeded {
  SourceLoc loc;
  std::string code;
  std::string message;
};

bool IsDigits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = base == 16 ? std::isxdigit(static_cast<unsigned char>(c)) != 0
              : base == 8 ? (c >= '0' && c <= '7')
                          : std::isdigit(static_cast<unsigned char>(c)) != 0;
    if (!ok) return false;
  }
  return true;
}

// Resolves a plain scalar by the YAML 1.2 core schema.
void ResolvePlain(const std::string& v, DocNode& node) {
  node.text = v;
  node.plain = true;
  if (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL") {
    node.kind = NodeKind::kNull;
    return;
  }
  if (v == "true" || v == "True" || v == "TRUE" || v == "false" || v == "False" || v == "FALSE") {
    node.kind = NodeKind::kBool;
    node.bool_value = v[0] == 't' || v[0] == 'T';
    return;
  }
  std::string_view body = v;
  bool negative = false;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  int base = 0;
  if (IsDigits(body, 10)) {
    base = 10;
  } else if (v[0] != '-' && v[0] != '+' && body.size() > 2 && body[0] == '0' &&
             (body[1] == 'x' || body[1] == 'o')) {
    base = body[1] == 'x' ? 16 : 8;
    body.remove_prefix(2);
    if (!IsDigits(body, base)) base = 0;
  }
  if (base != 0) {
    node.kind = NodeKind::kInt;
    SetIntValue(body, base, negative, node);
    return;
  }
  if (!std::isdigit(static_cast<unsigned char>(v[0])) && v[0] != '.' && v[0] != '-' &&
      v[0] != '+') {
    node.kind = NodeKind::kString;
    return;
  }
  static const std::regex kFloat(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (std::regex_match(v, kFloat)) {
    node.kind = NodeKind::kFloat;
    node.float_value = std::strtod(v.c_str(), nullptr);
    return;
  }
  if (v == ".inf" || v == ".Inf" || v == ".INF" || v == "+.inf" || v == "+.Inf" || v == "+.INF") {
    node.kind = NodeKind::kFloat;
    node.float_value = std::numeric_limits<double>::infinity();
    return;
  }
  if (v == "-.inf" || v == "-.Inf" || v == "-.INF") {
    node.kind = NodeKind::kFloat;
    node.float_value = -std::numeric_limits<double>::infinity();
    return;
  }
  if (v == ".nan" || v == ".NaN" || v == ".NAN") {
    node.kind = NodeKind::kFloat;
    node.float_value = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  node.kind = NodeKind::kString;
}

// Whether the quoted scalar whose opening quote is at `open` has its closing
// quote. yaml-cpp ends a quoted scalar at the end of the input without an
// error, so a missing quote would swallow the rest of the file into a string.
// Inside double quotes a backslash escapes the next character; inside single
// quotes '' is a quote.
bool QuoteClosed(std::string_view src, size_t open) {
  const char quote = src[open];
  for (size_t i = open + 1; i < src.size(); ++i) {
    if (quote == '"' && src[i] == '\\') {
      ++i;
    } else if (src[i] == quote) {
      if (quote == '\'' && i + 1 < src.size() && src[i + 1] == '\'') {
        ++i;
      } else {
        return true;
      }
    }
  }
  return false;
}

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const SourceFile& file, uint32_t file_id, Document& doc, Diagnostics& diags)
      : file_(file), file_id_(file_id), doc_(doc), diags_(diags) {}

  [[nodiscard]] bool ok() const { return ok_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    DocNode& node = NewNode(mark);
    node.kind = NodeKind::kNull;
    Finish(node, anchor, 1);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      throw LimitExceeded{Loc(mark), "RecursiveAlias", "an alias may not refer to its own enclosing node"};
    }
    Attach(it->second.node, it->second.size, Loc(mark));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    DocNode& node = NewNode(mark);
    if (tag == "?") {
      ResolvePlain(value, node);
    } else {
      node.kind = NodeKind::kString;
      node.text = value;
    }
    size_t start = mark.pos < 0 ? 0 : static_cast<size_t>(mark.pos);
    const std::string& src = file_.text();
    if (tag != "?" && start < src.size() && (src[start] == '"' || src[start] == '\'')) {
      if (!QuoteClosed(src, start)) {
        throw LimitExceeded{Loc(mark), "SyntaxError",
                            fmt::format("YAML: unterminated quoted string: this {} is never closed",
                                        src[start] == '"' ? "'\"'" : "\"'\"")};
      }
      ++start;
    }
    SetScalarContent(file_, file_id_, start, node);
    Finish(node, anchor, 1);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, NodeKind::kSeq, anchor);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(mark, NodeKind::kMap, anchor);
  }
  void OnMapEnd() override { Close(); }

  const DocNode* root() const { return root_; }

  // Where the innermost flow collection still open starts, if it starts with
  // `bracket` ('[' or '{').
  [[nodiscard]] std::optional<SourceLoc> OpenFlow(char bracket) const {
    const std::string& src = file_.text();
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->open >= src.size() || (src[it->open] != '[' && src[it->open] != '{')) continue;
      if (src[it->open] != bracket) return std::nullopt;
      return it->node->loc;
    }
    return std::nullopt;
  }

 private:
  struct Frame {
    DocNode* node = nullptr;
    size_t open = std::string::npos;  // byte offset of the collection's start
    YAML::anchor_t anchor = YAML::NullAnchor;
    size_t size = 1;
    bool have_key = false;
    std::string key;
    SourceLoc key_loc;
    EntryIndex keys;
  };

  SourceLoc Loc(const YAML::Mark& mark) const {
    if (mark.pos >= 0) return file_.LocFromOffset(file_id_, static_cast<size_t>(mark.pos));
    return SourceLoc{file_id_, static_cast<uint32_t>(mark.line + 1),
                     static_cast<uint32_t>(mark.column + 1)};
  }

  DocNode& NewNode(const YAML::Mark& mark) {
    DocNode& node = doc_.NewNode();
    node.loc = Loc(mark);
    return node;
  }

  void Open(const YAML::Mark& mark, NodeKind kind, YAML::anchor_t anchor) {
    if (stack_.size() >= static_cast<size_t>(kMaxNestingDepth)) {
      throw LimitExceeded{Loc(mark), "NestingTooDeep",
                          fmt::format("the document nests deeper than {} levels", kMaxNestingDepth)};
    }
    DocNode& node = NewNode(mark);
    node.kind = kind;
    Frame frame;
    frame.node = &node;
    if (mark.pos >= 0) frame.open = static_cast<size_t>(mark.pos);
    frame.anchor = anchor;
    stack_.push_back(std::move(frame));
  }

  void Close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    Finish(*frame.node, frame.anchor, frame.size);
  }

  void Finish(const DocNode& node, YAML::anchor_t anchor, size_t size) {
    // Only anchored nodes can be repeated by an alias, so only their size is kept.
    if (anchor != YAML::NullAnchor) anchors_[anchor] = Anchored{&node, size};
    Attach(&node, stack_.empty() ? 0 : size, node.loc);
  }

  // Adds a completed node to its parent. `size` is its expanded size, counted
  // against the alias budget.
  void Attach(const DocNode* node, size_t size, SourceLoc at) {
    total_ += size;
    if (total_ > kMaxExpandedNodes) {
      throw LimitExceeded{at, "AliasExpansionTooLarge",
                          fmt::format("aliases expand the document past {} nodes", kMaxExpandedNodes)};
    }
    if (stack_.empty()) {
      root_ = node;
      return;
    }
    Frame& parent = stack_.back();
    parent.size += size;
    if (parent.node->kind == NodeKind::kSeq) {
      parent.node->items.push_back(node);
      return;
    }
    if (!parent.have_key) {
      parent.have_key = true;
      parent.key_loc = at;
      if (node->kind == NodeKind::kSeq || node->kind == NodeKind::kMap) {
        diags_.Error(at, "InvalidKey", "a mapping key must be a plain string, not a collection");
        ok_ = false;
        parent.key.clear();
      } else {
        parent.key = node->text;
      }
      return;
    }
    parent.have_key = false;
    if (const DocEntry* first = parent.keys.Find(*parent.node, parent.key)) {
      diags_.Error(parent.key_loc, "DuplicateKey",
                   fmt::format("duplicate key '{}' in this mapping", parent.key))
          .notes.push_back({first->key_loc, "first defined here"});
      ok_ = false;
      return;
    }
    parent.node->entries.push_back(DocEntry{parent.key, parent.key_loc, node});
  }

  const SourceFile& file_;
  uint32_t file_id_;
  Document& doc_;
  Diagnostics& diags_;
  std::vector<Frame> stack_;
  struct Anchored {
    const DocNode* node;
    size_t size;  // expanded size, counted again for every alias
  };
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  size_t total_ = 0;
  const DocNode* root_ = nullptr;
  bool ok_ = true;
};

std::string CleanYamlMessage(std::string msg) {
  // yaml-cpp prefixes messages with "yaml-cpp: error at line L, column C: ".
  auto colon = msg.rfind(": ");
  if (msg.rfind("yaml-cpp:", 0) == 0 && colon != std::string::npos) msg = msg.substr(colon + 2);
  if (!msg.empty()) msg[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(msg[0])));
  return msg;
}

// The byte index in its line of the character `at` points to.
std::optional<size_t> ColumnByte(const SourceFile& file, SourceLoc at) {
  std::optional<size_t> offset = file.OffsetOf(at.line, at.column);
  std::optional<size_t> start = file.OffsetOf(at.line, 1);
  if (!offset || !start) return std::nullopt;
  return *offset - *start;
}

// A yaml-cpp syntax error in seam's words, where yaml-cpp's own are about its
// parser ("end of map not found", "illegal map value") and the usual cause can
// be told from the line.
struct SyntaxError {
  SourceLoc at;
  std::string message;
  std::optional<SourceLoc> opens;  // where the flow collection left open starts
};

SyntaxError Explain(const SourceFile& file, SourceLoc at, std::string msg, bool at_end,
                    const TreeBuilder& builder) {
  // "end of sequence flow not found": a '[ ... ]' list went on without ','
  // or ']', or the file ended inside it. Say so, and where the list opens
  // (likewise for a '{ ... }' mapping).
  for (auto [yaml_says, bracket, close, what] :
       {std::tuple{"end of sequence flow not found", '[', ']', "list"},
        std::tuple{"end of map flow not found", '{', '}', "mapping"}}) {
    if (msg != yaml_says) continue;
    std::optional<SourceLoc> open = builder.OpenFlow(bracket);
    if (!open) break;
    return {at,
            at_end ? fmt::format("the file ends inside a '{} ... {}' {}; its '{}' is missing",
                                 bracket, close, what, close)
                   : fmt::format("expected ',' or '{}' in the '{} ... {}' {}", close, bracket,
                                 close, what),
            open};
  }
  std::string_view line = at.line >= 1 && at.line <= file.line_count() ? file.Line(at.line) : "";
  size_t lead = line.find_first_not_of(" \t");  // bytes: what precedes it is ASCII
  if (lead == std::string_view::npos) return {at, std::move(msg), std::nullopt};
  size_t tab = line.substr(0, lead).find('\t');
  std::optional<size_t> byte = ColumnByte(file, at);
  if (tab != std::string_view::npos && at.column <= lead + 1) {
    // At the start of a line indented with a tab ("illegal block entry",
    // "illegal tab when looking for indentation"...): the tab.
    at.column = static_cast<uint32_t>(tab + 1);
    return {at, "a tab indents this line; YAML indents with spaces only", std::nullopt};
  }
  if ((msg == "end of map not found" || msg == "end of sequence not found") &&
      at.column >= lead + 1) {
    // At the start of a line: the line is indented so that it continues none
    // of the block collections open above it. Further on: text follows a
    // value that has ended (a quoted string, a '[ ... ]' list).
    return {at,
            at.column == lead + 1
                ? "the indentation of this line does not continue any mapping or list above it"
                : "unexpected text after the end of a value",
            std::nullopt};
  }
  if (msg == "unknown token" && byte && *byte < line.size() &&
      (line[*byte] == '@' || line[*byte] == '`')) {
    return {
        at,
        fmt::format(
            "'{}' is reserved in YAML and cannot start an unquoted value; put the value in quotes",
            line[*byte]),
        std::nullopt};
  }
  if (msg == "illegal map value" && byte && *byte > lead && *byte < line.size() &&
      line[*byte] == ':') {
    // A ':' where no key can start. After an earlier ': ' on the same line it
    // sits inside a value; as the line's first, the line is read as the
    // continuation of the plain value above it.
    std::string_view before = line.substr(0, *byte);
    if (before.find(": ") != std::string_view::npos || before.ends_with(":")) {
      return {at, "a second ':' on this line; a value that holds ': ' must be quoted",
              std::nullopt};
    }
    if (at.line > 1 && std::string_view("-?[{\"'#").find(line[lead]) == std::string_view::npos) {
      return {at,
              "this line continues the value on the line above it, which cannot hold ': '; indent "
              "it like the keys it belongs with, or add the ':' missing above",
              std::nullopt};
    }
  }
  return {at, std::move(msg), std::nullopt};
}

}  // namespace

bool ParseYaml(const SourceFile& file, uint32_t file_id, size_t start, Document& doc,
               Diagnostics& diags) {
  std::istringstream in(file.text());
  (void)start;  // yaml-cpp skips a byte-order mark itself; marks stay file offsets.
  TreeBuilder builder(file, file_id, doc, diags);
  auto loc_of = [&](const YAML::Mark& mark) {
    if (mark.pos >= 0) return SyntaxErrorLoc(file, file_id, static_cast<size_t>(mark.pos));
    return SourceLoc{file_id, static_cast<uint32_t>(std::max(mark.line, 0) + 1),
                     static_cast<uint32_t>(std::max(mark.column, 0) + 1)};
  };
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder)) {
      diags.Error(SourceLoc{file_id, 1, 1}, "EmptyDocument",
                  "the file holds no YAML document; an IDL document needs at least 'version' and "
                  "'modules'");
      return false;
    }
    if (!builder.ok()) return false;
    Document extra_doc;
    Diagnostics ignored(diags.sources());
    TreeBuilder extra(file, file_id, extra_doc, ignored);
    if (parser.HandleNextDocument(extra)) {
      SourceLoc at = extra.root() != nullptr ? extra.root()->loc : SourceLoc{file_id, 1, 1};
      diags.Error(at, "MultipleDocuments",
                  "the file holds more than one YAML document; put the IDL in one document");
      return false;
    }
  } catch (const LimitExceeded& e) {
    diags.Error(e.loc, e.code, e.message);
    return false;
  } catch (const YAML::Exception& e) {
    SyntaxError error =
        Explain(file, loc_of(e.mark), CleanYamlMessage(e.msg),
                e.mark.pos >= 0 && static_cast<size_t>(e.mark.pos) >= file.text().size(), builder);
    Diagnostic& reported =
        diags.Error(error.at, "SyntaxError", fmt::format("YAML: {}", error.message));
    if (error.opens) reported.notes.push_back({*error.opens, "it opens here"});
    return false;
  }
  doc.set_root(builder.root());
  return true;
}

}  // namespace seam
