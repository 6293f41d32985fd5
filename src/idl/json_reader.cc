// JSON reader: nlohmann's SAX parser over an iterator that counts the bytes it
// has consumed, so each event can be mapped back to the start of its token.
#include <fmt/format.h>

#include <iterator>
#include <nlohmann/json.hpp>

#include "idl/reader.h"

namespace seam {
namespace {

// An input iterator over the text that publishes how far the parser has read.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* p, const char* base, size_t* consumed)
      : p_(p), base_(base), consumed_(consumed) {}
  reference operator*() const { return *p_; }
  CountingIterator& operator++() {
    ++p_;
    *consumed_ = static_cast<size_t>(p_ - base_);
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }
  // C++20 derives != from this.
  friend bool operator==(const CountingIterator& a, const CountingIterator& b) {
    return a.p_ == b.p_;
  }

 private:
  const char* p_;
  const char* base_;
  size_t* consumed_;
};

bool IsNumberChar(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

class SaxBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  // `start`: where the JSON begins in the file (after a byte-order mark).
  SaxBuilder(const SourceFile& file, uint32_t file_id, Document& doc, Diagnostics& diags,
             const size_t* consumed, size_t start)
      : file_(file), text_(file.text()), file_id_(file_id), doc_(doc), diags_(diags),
        consumed_(consumed), start_(start) {}

  bool null() override { return Attach(Literal(4)); }
  bool boolean(bool value) override {
    DocNode& node = Literal(value ? 4 : 5);
    node.kind = NodeKind::kBool;
    node.bool_value = value;
    return Attach(node);
  }
  bool number_integer(number_integer_t value) override {
    DocNode& node = Number();
    node.int_value = value;
    return Attach(node);
  }
  bool number_unsigned(number_unsigned_t value) override {
    DocNode& node = Number();
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      node.big_unsigned = true;
      node.uint_value = value;
    } else {
      node.int_value = static_cast<int64_t>(value);
    }
    return Attach(node);
  }
  bool number_float(number_float_t value, const string_t& raw) override {
    DocNode& node = Number();
    if (raw.find_first_of(".eE") == std::string::npos) {
      // An integer too large for 64 bits: nlohmann falls back to a double.
      bool negative = !raw.empty() && raw[0] == '-';
      SetIntValue(negative ? std::string_view(raw).substr(1) : std::string_view(raw), 10,
                  negative, node);
    } else {
      node.kind = NodeKind::kFloat;
      node.float_value = value;
    }
    return Attach(node);
  }
  bool string(string_t& value) override {
    size_t start = StringStart();
    DocNode& node = doc_.NewNode();
    node.kind = NodeKind::kString;
    node.loc = file_.LocFromOffset(file_id_, start);
    node.text = std::move(value);
    SetScalarContent(file_, file_id_, start + 1, node);
    return Attach(node);
  }
  bool binary(binary_t&) override { return true; }  // never produced by the JSON parser
  bool start_object(std::size_t) override { return Open(NodeKind::kMap); }
  bool key(string_t& value) override {
    Frame& frame = stack_.back();
    frame.key = std::move(value);
    frame.key_loc = file_.LocFromOffset(file_id_, StringStart());
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(NodeKind::kSeq); }
  bool end_array() override { return Close(); }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    // nlohmann counts from where its input starts, after any byte-order mark.
    size_t offset = start_ + (position > 0 ? position - 1 : 0);
    if (ex.id == 406) {  // a number out of range, reported at its last character: go to its first
      while (offset > 0 && std::string_view("0123456789+-.eE").find(text_[offset - 1]) != std::string_view::npos) {
        --offset;
      }
    }
    diags_.Error(SyntaxErrorLoc(file_, file_id_, offset), "SyntaxError",
                 fmt::format("JSON: {}", Message(ex.what(), offset)));
    return false;
  }

  const DocNode* root() const { return root_; }
  bool failed() const { return failed_; }

 private:
  // nlohmann's message for a problem at byte `offset`, in seam's words:
  //   [json.exception.parse_error.101] parse error at line 1, column 5: syntax
  //   error while parsing value - invalid literal; last read: '"a": tru}'
  // loses its exception id and position (the location gives it), and the
  // bytes the lexer had consumed, which span lines and end mid-character;
  // an invalid literal names the character instead.
  std::string Message(std::string msg, size_t offset) const {
    if (msg.starts_with("[json.exception.")) {
      size_t close = msg.find("] ");
      if (close != std::string::npos) msg.erase(0, close + 2);
    }
    if (msg.starts_with("parse error")) {
      size_t colon = msg.find(": ");
      if (colon != std::string::npos) msg.erase(0, colon + 2);
    }
    constexpr std::string_view kLastRead = "; last read: '";
    if (size_t from = msg.find(kLastRead); from != std::string::npos) {
      // The quoted bytes may hold quotes themselves: the quote ends where the
      // message goes on ("'; expected ...") or at the message's end.
      size_t to = msg.find("'; ", from + kLastRead.size());
      to = to == std::string::npos ? msg.size() : to + 1;
      msg.erase(from, to - from);
    }
    constexpr std::string_view kLiteral = "invalid literal";
    auto lead = offset < text_.size() ? static_cast<unsigned char>(text_[offset]) : 0;
    if (size_t at = msg.find(kLiteral); at != std::string::npos && lead != 0 && (lead & 0xC0) != 0x80) {
      // The text is valid UTF-8 (checked before parsing), and `offset` starts
      // a character: that character is one whole code point.
      size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      std::string character = text_.substr(offset, length);
      char quote = character == "'" ? '"' : '\'';
      // A line break or another control character, spelled so that the
      // message stays on its line.
      std::string shown = lead == '\n' ? "\\n" : lead == '\r' ? "\\r" : lead == '\t' ? "\\t"
                          : lead < 0x20 ? fmt::format("U+{:04X}", lead) : character;
      msg.replace(at, kLiteral.size(), fmt::format("unexpected character {}{}{}", quote, shown, quote));
      // The usual reasons, from the other formats or JavaScript.
      std::string next = text_.substr(offset, 2);
      if (next == "//" || next == "/*") {
        msg += "; JSON has no comments (an IDL in YAML or TOML can have them)";
      } else if (character == "'") {
        msg += "; JSON strings take double quotes";
      }
    }
    // A string that meets a line break: most often its closing quote is
    // missing (a line break inside a JSON string is written \n).
    if (lead == '\n' || lead == '\r') {
      constexpr std::string_view kControl = "invalid string: control character";
      if (size_t at = msg.find(kControl); at != std::string::npos) {
        msg.replace(at, msg.size() - at,
                    "the string reaches the end of its line without a closing '\"' (a line break "
                    "inside a string is written \\n)");
      }
    }
    return msg;
  }

  struct Frame {
    DocNode* node;
    std::string key;
    SourceLoc key_loc;
    EntryIndex keys;
  };

  // Start offset of the string token that ends just before the read position.
  size_t StringStart() const {
    size_t close = *consumed_ == 0 ? 0 : *consumed_ - 1;
    size_t i = close;
    while (i > 0) {
      --i;
      if (text_[i] != '"') continue;
      size_t slashes = 0;
      while (i >= slashes + 1 && text_[i - slashes - 1] == '\\') ++slashes;
      if (slashes % 2 == 0) return i;
    }
    return 0;
  }

  DocNode& Literal(size_t length) {
    DocNode& node = doc_.NewNode();
    size_t end = *consumed_;
    node.loc = file_.LocFromOffset(file_id_, end >= length ? end - length : 0);
    node.kind = NodeKind::kNull;
    return node;
  }

  DocNode& Number() {
    // The lexer reads one character past a number before the event fires.
    size_t i = std::min(*consumed_, text_.size());
    if (i > 0 && !IsNumberChar(text_[i - 1])) --i;
    while (i > 0 && IsNumberChar(text_[i - 1])) --i;
    DocNode& node = doc_.NewNode();
    node.kind = NodeKind::kInt;
    node.loc = file_.LocFromOffset(file_id_, i);
    node.text = text_.substr(i, std::min(*consumed_, text_.size()) - i);
    while (!node.text.empty() && !IsNumberChar(node.text.back())) node.text.pop_back();
    return node;
  }

  bool Open(NodeKind kind) {
    size_t at = *consumed_ == 0 ? 0 : *consumed_ - 1;
    if (stack_.size() >= static_cast<size_t>(kMaxNestingDepth)) {
      diags_.Error(file_.LocFromOffset(file_id_, at), "NestingTooDeep",
                   fmt::format("the document nests deeper than {} levels", kMaxNestingDepth));
      failed_ = true;
      return false;
    }
    DocNode& node = doc_.NewNode();
    node.kind = kind;
    node.loc = file_.LocFromOffset(file_id_, at);
    stack_.push_back(Frame{&node, {}, {}, {}});
    return true;
  }

  bool Close() {
    DocNode* node = stack_.back().node;
    stack_.pop_back();
    return Attach(*node);
  }

  bool Attach(const DocNode& node) {
    if (stack_.empty()) {
      root_ = &node;
      return true;
    }
    Frame& parent = stack_.back();
    if (parent.node->kind == NodeKind::kSeq) {
      parent.node->items.push_back(&node);
      return true;
    }
    if (const DocEntry* first = parent.keys.Find(*parent.node, parent.key)) {
      diags_.Error(parent.key_loc, "DuplicateKey",
                   fmt::format("duplicate key '{}' in this object", parent.key))
          .notes.push_back({first->key_loc, "first defined here"});
      failed_ = true;
      return true;  // keep parsing to report further problems
    }
    parent.node->entries.push_back(DocEntry{parent.key, parent.key_loc, &node});
    return true;
  }

  const SourceFile& file_;
  const std::string& text_;
  uint32_t file_id_;
  Document& doc_;
  Diagnostics& diags_;
  const size_t* consumed_;
  size_t start_;
  std::vector<Frame> stack_;
  const DocNode* root_ = nullptr;
  bool failed_ = false;
};

}  // namespace

bool ParseJson(const SourceFile& file, uint32_t file_id, size_t start, Document& doc,
               Diagnostics& diags) {
  size_t consumed = start;
  const std::string& text = file.text();
  const char* base = text.data();
  CountingIterator first(base + start, base, &consumed);
  CountingIterator last(base + text.size(), base, &consumed);
  SaxBuilder builder(file, file_id, doc, diags, &consumed, start);
  bool ok = nlohmann::json::sax_parse(first, last, &builder);
  if (!ok || builder.failed() || builder.root() == nullptr) return false;
  doc.set_root(builder.root());
  return true;
}

}  // namespace seam
