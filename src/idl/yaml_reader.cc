// YAML reader: libyaml's event parser feeds a builder that creates located
// DocNodes, resolves plain scalars by the YAML 1.2 core schema, and bounds
// nesting depth and alias expansion (alias bombs end in an error, not in OOM).
// libyaml's syntax errors are explained in seam's words where the usual cause
// can be told from the line.
#include <fmt/format.h>
#include <yaml.h>

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
// resource limit is hit, or an alias names no anchor it can repeat.
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

void ResolveNumber(const std::string& v, DocNode& node);

// Resolves a plain scalar by the YAML 1.2 core schema.
void ResolvePlain(std::string v, DocNode& node) {
  node.plain = true;
  // Most plain scalars are names: only short ones can be null or a bool,
  // and only those starting with a digit, '.', '-' or '+' a number.
  const std::string_view w = v;
  if (w.size() <= 5) {
    if (w.empty() || w == "~" || w == "null" || w == "Null" || w == "NULL") {
      node.kind = NodeKind::kNull;
      node.text = std::move(v);
      return;
    }
    if (w == "true" || w == "True" || w == "TRUE" || w == "false" || w == "False" || w == "FALSE") {
      node.kind = NodeKind::kBool;
      node.bool_value = w[0] == 't' || w[0] == 'T';
      node.text = std::move(v);
      return;
    }
  }
  node.text = std::move(v);
  const std::string& text = node.text;
  if (!std::isdigit(static_cast<unsigned char>(text[0])) && text[0] != '.' && text[0] != '-' && text[0] != '+') {
    node.kind = NodeKind::kString;
    return;
  }
  ResolveNumber(text, node);
}

// A plain scalar that may be a number (it starts with a digit, '.', '-' or
// '+'): an integer, a float, an infinity or a NaN, else a string.
void ResolveNumber(const std::string& v, DocNode& node) {
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

// Byte offsets and locations of libyaml's marks. libyaml counts characters (its `index`)
// of the text it was given, which starts after any byte-order mark; events
// arrive in text order, so a cursor walks forward and restarts only for a
// mark behind it (an error's context).
class Marks {
 public:
  Marks(const SourceFile& file, uint32_t file_id, size_t start)
      : file_(file), file_id_(file_id), text_(file.text()), start_(start), byte_(start) {}

  // Where `mark` points: its byte offset, and its location.
  SourceLoc Loc(const yaml_mark_t& mark) { return file_.LocFromOffset(file_id_, Of(mark)); }
  size_t Of(const yaml_mark_t& mark) {
    if (mark.index < chars_) {
      chars_ = 0;
      byte_ = start_;
    }
    const size_t n = text_.size();
    while (chars_ < mark.index && byte_ < n) {
      ++byte_;
      while (byte_ < n && (static_cast<unsigned char>(text_[byte_]) & 0xC0) == 0x80) ++byte_;
      ++chars_;
    }
    return byte_;
  }

 private:
  const SourceFile& file_;
  uint32_t file_id_;
  const std::string& text_;
  size_t start_;
  size_t chars_ = 0;
  size_t byte_;
};

std::string_view Text(const yaml_char_t* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

class TreeBuilder {
 public:
  TreeBuilder(const SourceFile& file, uint32_t file_id, Marks& marks, Document& doc, Diagnostics& diags)
      : file_(file), file_id_(file_id), marks_(marks), doc_(doc), diags_(diags) {}

  [[nodiscard]] bool ok() const { return ok_; }
  const DocNode* root() const { return root_; }

  // Adds one node event (alias, scalar, collection start or end).
  void Handle(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_ALIAS_EVENT: Alias(e); break;
      case YAML_SCALAR_EVENT: Scalar(e); break;
      case YAML_SEQUENCE_START_EVENT:
        Open(e, NodeKind::kSeq, Text(e.data.sequence_start.anchor),
             e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE ? '[' : 0);
        break;
      case YAML_MAPPING_START_EVENT:
        Open(e, NodeKind::kMap, Text(e.data.mapping_start.anchor),
             e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE ? '{' : 0);
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: Close(); break;
      default: break;
    }
  }

  // Where the innermost flow collection still open starts, if it starts with
  // `bracket` ('[' or '{').
  [[nodiscard]] std::optional<SourceLoc> OpenFlow(char bracket) const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->flow == 0) continue;
      if (it->flow != bracket) return std::nullopt;
      return it->node->loc;
    }
    return std::nullopt;
  }

 private:
  struct Frame {
    DocNode* node = nullptr;
    char flow = 0;  // '[' or '{' for a flow collection
    std::string anchor;
    size_t size = 1;
    bool have_key = false;
    std::string key;
    SourceLoc key_loc;
    EntryIndex keys;
  };

  SourceLoc Loc(const yaml_mark_t& mark) { return marks_.Loc(mark); }

  DocNode& NewNode(const yaml_mark_t& mark) {
    DocNode& node = doc_.NewNode();
    node.loc = Loc(mark);
    return node;
  }

  void Alias(const yaml_event_t& e) {
    std::string name(Text(e.data.alias.anchor));
    auto it = anchors_.find(name);
    if (it != anchors_.end()) {
      Attach(it->second.node, it->second.size, Loc(e.start_mark));
      return;
    }
    for (const Frame& frame : stack_) {
      if (frame.anchor == name) {
        throw LimitExceeded{Loc(e.start_mark), "RecursiveAlias",
                            "an alias may not refer to its own enclosing node"};
      }
    }
    throw LimitExceeded{Loc(e.start_mark), "UnknownAlias",
                        fmt::format("the alias '*{0}' names no anchor; define '&{0}' before it", name)};
  }

  void Scalar(const yaml_event_t& e) {
    const auto& s = e.data.scalar;
    const size_t start = marks_.Of(e.start_mark);
    DocNode& node = doc_.NewNode();
    node.loc = file_.LocFromOffset(file_id_, start);
    std::string value(reinterpret_cast<const char*>(s.value), s.length);
    const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE && s.tag == nullptr;
    const bool quoted = s.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                        s.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    if (plain) {
      ResolvePlain(std::move(value), node);
    } else {
      node.kind = NodeKind::kString;
      node.text = std::move(value);
    }
    // Where the characters begin: the scalar's own start, or, after an
    // anchor or a tag, as far before its end as its text is long.
    size_t content = start;
    if (s.anchor != nullptr || s.tag != nullptr) {
      size_t end = marks_.Of(e.end_mark) - (quoted ? 1 : 0);
      content = end >= node.text.size() ? end - node.text.size() : start;
    } else if (quoted) {
      ++content;
    }
    SetScalarContent(file_, file_id_, content, node);
    Finish(node, std::string(Text(s.anchor)), 1);
  }

  void Open(const yaml_event_t& e, NodeKind kind, std::string_view anchor, char flow) {
    if (stack_.size() >= static_cast<size_t>(kMaxNestingDepth)) {
      throw LimitExceeded{Loc(e.start_mark), "NestingTooDeep",
                          fmt::format("the document nests deeper than {} levels", kMaxNestingDepth)};
    }
    DocNode& node = NewNode(e.start_mark);
    node.kind = kind;
    Frame frame;
    frame.node = &node;
    frame.flow = flow;
    frame.anchor = anchor;
    stack_.push_back(std::move(frame));
  }

  void Close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    Finish(*frame.node, std::move(frame.anchor), frame.size);
  }

  void Finish(const DocNode& node, std::string anchor, size_t size) {
    // Only anchored nodes can be repeated by an alias, so only their size is kept.
    if (!anchor.empty()) anchors_[std::move(anchor)] = Anchored{&node, size};
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
  Marks& marks_;
  Document& doc_;
  Diagnostics& diags_;
  std::vector<Frame> stack_;
  struct Anchored {
    const DocNode* node;
    size_t size;  // expanded size, counted again for every alias
  };
  std::unordered_map<std::string, Anchored> anchors_;
  size_t total_ = 0;
  const DocNode* root_ = nullptr;
  bool ok_ = true;
};

// The byte index in its line of the character `at` points to.
std::optional<size_t> ColumnByte(const SourceFile& file, SourceLoc at) {
  std::optional<size_t> offset = file.OffsetOf(at.line, at.column);
  std::optional<size_t> start = file.OffsetOf(at.line, 1);
  if (!offset || !start) return std::nullopt;
  return *offset - *start;
}

// A libyaml syntax error in seam's words, where libyaml's own are about its
// parser ("did not find expected key", "mapping values are not allowed in
// this context") and the usual cause can be told from the line.
struct SyntaxError {
  SourceLoc at;
  std::string message;
  std::optional<SourceLoc> opens;  // where the flow collection left open starts
  std::optional<std::pair<SourceLoc, std::string>> note;
};

// What libyaml was reading ("while parsing a block mapping"), as a note:
// "the block mapping starts here".
std::string ContextNote(std::string_view context) {
  for (std::string_view lead : {"while parsing ", "while scanning "}) {
    if (context.starts_with(lead)) context.remove_prefix(lead.size());
  }
  for (std::string_view article : {"a ", "an "}) {
    if (context.starts_with(article)) context.remove_prefix(article.size());
  }
  return fmt::format("the {} starts here", context);
}

SyntaxError Explain(const SourceFile& file, SourceLoc at, std::string_view problem,
                    std::string_view context, SourceLoc context_at, bool at_end,
                    const TreeBuilder& builder) {
  // A quoted scalar that runs to the end of the file: its quote is never
  // closed. Point at the quote.
  if (context == "while scanning a quoted scalar" && problem == "found unexpected end of stream") {
    std::optional<size_t> byte = ColumnByte(file, context_at);
    std::string_view line = file.Line(context_at.line);
    char quote = byte && *byte < line.size() ? line[*byte] : '"';
    return {context_at,
            fmt::format("unterminated quoted string: this {} is never closed",
                        quote == '\'' ? "\"'\"" : "'\"'"),
            std::nullopt, std::nullopt};
  }
  // A '[ ... ]' list that went on without ',' or ']', or the file ended
  // inside it. Say so, and where the list opens (likewise for '{ ... }').
  for (auto [libyaml_says, bracket, close, what] :
       {std::tuple{"did not find expected ',' or ']'", '[', ']', "list"},
        std::tuple{"did not find expected ',' or '}'", '{', '}', "mapping"}}) {
    if (problem != libyaml_says) continue;
    std::optional<SourceLoc> open = builder.OpenFlow(bracket);
    if (!open) open = context_at;
    return {at,
            at_end ? fmt::format("the file ends inside a '{} ... {}' {}; its '{}' is missing",
                                 bracket, close, what, close)
                   : fmt::format("expected ',' or '{}' in the '{} ... {}' {}", close, bracket,
                                 close, what),
            open, std::nullopt};
  }
  if (problem == "found incompatible YAML document") {
    return {at, "the %YAML directive names a version seam does not read; write '%YAML 1.2' or leave it out",
            std::nullopt, std::nullopt};
  }
  std::string_view line = at.line >= 1 && at.line <= file.line_count() ? file.Line(at.line) : "";
  size_t lead = line.find_first_not_of(" \t");  // bytes: what precedes it is ASCII
  std::optional<std::pair<SourceLoc, std::string>> note;
  if (!context.empty()) note = std::pair{context_at, ContextNote(context)};
  if (lead == std::string_view::npos) return {at, std::string(problem), std::nullopt, note};
  size_t tab = line.substr(0, lead).find('\t');
  std::optional<size_t> byte = ColumnByte(file, at);
  if (tab != std::string_view::npos && at.column <= lead + 1) {
    // At the start of a line indented with a tab: the tab.
    at.column = static_cast<uint32_t>(tab + 1);
    return {at, "a tab indents this line; YAML indents with spaces only", std::nullopt,
            std::nullopt};
  }
  if ((problem == "did not find expected key" || problem == "did not find expected '-' indicator") &&
      at.column >= lead + 1) {
    // At the start of a line: the line is indented so that it continues none
    // of the block collections open above it. Further on: text follows a
    // value that has ended (a quoted string, a '[ ... ]' list).
    return {at,
            at.column == lead + 1
                ? "the indentation of this line does not continue any mapping or list above it"
                : "unexpected text after the end of a value",
            std::nullopt, std::nullopt};
  }
  if (problem == "found character that cannot start any token" && byte && *byte < line.size() &&
      (line[*byte] == '@' || line[*byte] == '`')) {
    return {
        at,
        fmt::format(
            "'{}' is reserved in YAML and cannot start an unquoted value; put the value in quotes",
            line[*byte]),
        std::nullopt, std::nullopt};
  }
  if (problem == "mapping values are not allowed in this context" && byte && *byte > lead &&
      *byte < line.size() && line[*byte] == ':') {
    // A ':' where no key can start. After an earlier ': ' on the same line it
    // sits inside a value; as the line's first, the line is read as the
    // continuation of the plain value above it.
    std::string_view before = line.substr(0, *byte);
    if (before.find(": ") != std::string_view::npos || before.ends_with(":")) {
      return {at, "a second ':' on this line; a value that holds ': ' must be quoted",
              std::nullopt, std::nullopt};
    }
    if (at.line > 1 && std::string_view("-?[{\"'#").find(line[lead]) == std::string_view::npos) {
      return {at,
              "this line continues the value on the line above it, which cannot hold ': '; indent "
              "it like the keys it belongs with, or add the ':' missing above",
              std::nullopt, std::nullopt};
    }
  }
  return {at, std::string(problem), std::nullopt, note};
}

// One libyaml parser over the file's text, freed on every path out.
class Parser {
 public:
  Parser(const std::string& text, size_t start) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_encoding(&parser_, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()) + start,
                                 text.size() - start);
  }
  ~Parser() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // The next event, or nullptr after a syntax error.
  const yaml_event_t* Next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = yaml_parser_parse(&parser_, &event_) != 0;
    return has_event_ ? &event_ : nullptr;
  }
  const yaml_parser_t& state() const { return parser_; }

 private:
  yaml_parser_t parser_;
  yaml_event_t event_{};
  bool has_event_ = false;
};

}  // namespace

bool ParseYaml(const SourceFile& file, uint32_t file_id, size_t start, Document& doc,
               Diagnostics& diags) {
  const std::string& text = file.text();
  Marks marks(file, file_id, start);
  TreeBuilder builder(file, file_id, marks, doc, diags);
  Parser parser(text, start);
  auto syntax_error = [&]() {
    const yaml_parser_t& p = parser.state();
    size_t offset = marks.Of(p.problem_mark);
    bool at_end = text.find_first_not_of(" \t\r\n", offset) == std::string::npos;
    SourceLoc context_at = p.context != nullptr ? marks.Loc(p.context_mark) : SourceLoc{};
    SyntaxError error = Explain(file, SyntaxErrorLoc(file, file_id, offset),
                                p.problem != nullptr ? p.problem : "malformed YAML",
                                p.context != nullptr ? p.context : "", context_at, at_end, builder);
    Diagnostic& reported = diags.Error(error.at, "SyntaxError", fmt::format("YAML: {}", error.message));
    if (error.opens) reported.notes.push_back({*error.opens, "it opens here"});
    if (error.note) reported.notes.push_back({error.note->first, error.note->second});
    return false;
  };
  try {
    // The stream's start, then the first document's start or the stream's end.
    const yaml_event_t* e = parser.Next();
    if (e != nullptr) e = parser.Next();
    if (e == nullptr) return syntax_error();
    if (e->type == YAML_STREAM_END_EVENT) {
      diags.Error(SourceLoc{file_id, 1, 1}, "EmptyDocument",
                  "the file holds no YAML document; an IDL document needs at least 'version' and "
                  "'modules'");
      return false;
    }
    for (;;) {
      e = parser.Next();
      if (e == nullptr) return syntax_error();
      if (e->type == YAML_DOCUMENT_END_EVENT) break;
      builder.Handle(*e);
    }
    if (!builder.ok()) return false;
    e = parser.Next();
    if (e == nullptr) return syntax_error();
    if (e->type == YAML_DOCUMENT_START_EVENT) {
      // Report the second document at its first node.
      SourceLoc at = marks.Loc(e->start_mark);
      if (const yaml_event_t* node = parser.Next(); node != nullptr && node->type != YAML_DOCUMENT_END_EVENT) {
        at = marks.Loc(node->start_mark);
      }
      diags.Error(at, "MultipleDocuments",
                  "the file holds more than one YAML document; put the IDL in one document");
      return false;
    }
  } catch (const LimitExceeded& e) {
    diags.Error(e.loc, e.code, e.message);
    return false;
  }
  doc.set_root(builder.root());
  return true;
}

}  // namespace seam
