#include "gen/line_wrap.h"

#include <algorithm>
#include <cstdint>
#include <cctype>
#include <optional>
#include <set>
#include <vector>

namespace seam::gen {
namespace {

bool IdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

size_t IndentOf(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// One matched bracket pair of a line.
struct Pair {
  size_t open = 0, close = 0;
  char kind = '(';
};

// What a line holds outside its string literals: bracket pairs, the nesting
// depth of every character, and where a trailing comment starts. A line
// that cannot be read safely (a triple-quoted string, an unterminated
// string, brackets that cross) is not `ok`.
class LineScan {
 public:
  explicit LineScan(WrapLanguage lang) : lang_(lang) {}

  // Reads `line` (which must outlive the next Read); the buffers are reused.
  void Read(std::string_view line) {
    line_ = line;
    depth_.assign(line.size() + 1, 0);
    pairs_.clear();
    comment_ = std::string_view::npos;
    ok_ = Scan();
  }

  bool ok() const { return ok_; }
  const std::vector<Pair>& pairs() const { return pairs_; }
  // The top-level commas and semicolons of pair `k`'s content.
  const std::vector<size_t>& separators(size_t k) const { return separators_[k]; }
  // The index of the pair opening at `open` (pairs().size() if none).
  size_t PairAt(size_t open) const { return open < by_open_.size() ? by_open_[open] : pairs_.size(); }
  // Where a trailing comment starts (npos: none).
  size_t comment() const { return comment_; }
  // Code (not string, not comment) at nesting depth 0.
  bool TopLevel(size_t i) const { return i < code_.size() && code_[i] && depth_[i] == 0; }
  int Depth(size_t i) const { return depth_[i]; }
  bool Code(size_t i) const { return i < code_.size() && code_[i]; }

 private:
  bool Scan() {
    code_.assign(line_.size(), 0);
    std::vector<std::pair<size_t, char>>& stack = stack_;
    stack.clear();
    int depth = 0;
    size_t i = 0;
    while (i < line_.size()) {
      char c = line_[i];
      depth_[i] = depth;
      if (c == '\'' || c == '"') {
        std::optional<size_t> end = SkipString(i);
        if (!end) return false;
        for (size_t k = i; k < *end; ++k) depth_[k] = depth;
        i = *end;
        continue;
      }
      if (lang_ == WrapLanguage::kDart ? c == '/' && i + 1 < line_.size() && line_[i + 1] == '/' : c == '#') {
        comment_ = i;
        for (size_t k = i; k < line_.size(); ++k) depth_[k] = depth;
        break;
      }
      code_[i] = 1;
      if (c == '(' || c == '[' || c == '{' || (c == '<' && GenericOpen(i))) {
        stack.emplace_back(i, c);
        ++depth;
      } else if (c == ')' || c == ']' || c == '}' || c == '>') {
        char want = c == ')' ? '(' : c == ']' ? '[' : c == '}' ? '{' : '<';
        if (c == '>') {
          // An operator unless it closes a generic (never after '=': `=>`).
          if (stack.empty() || stack.back().second != '<' || (i > 0 && line_[i - 1] == '=')) {
            ++i;
            continue;
          }
        }
        // What looked like a generic's '<' was a comparison after all.
        while (c != '>' && !stack.empty() && stack.back().second == '<') {
          stack.pop_back();
          --depth;
        }
        if (stack.empty()) {
          // Closes a bracket of an earlier line.
          ++i;
          continue;
        }
        if (stack.back().second != want) return false;
        pairs_.push_back({stack.back().first, i, want});
        stack.pop_back();
        --depth;
        depth_[i] = depth;
      }
      ++i;
    }
    depth_[line_.size()] = depth;
    Separators();
    return true;
  }

  // The commas and semicolons directly inside each pair, in one pass.
  void Separators() {
    if (separators_.size() < pairs_.size()) separators_.resize(pairs_.size());
    for (size_t k = 0; k < pairs_.size(); ++k) separators_[k].clear();
    by_open_.assign(line_.size(), static_cast<uint32_t>(pairs_.size()));
    for (size_t k = 0; k < pairs_.size(); ++k) by_open_[pairs_[k].open] = static_cast<uint32_t>(k);
    std::vector<size_t>& open = open_;
    open.clear();
    for (size_t i = 0; i < line_.size(); ++i) {
      if (!code_[i]) continue;
      if (by_open_[i] < pairs_.size()) {
        open.push_back(by_open_[i]);
        continue;
      }
      while (!open.empty() && pairs_[open.back()].close <= i) open.pop_back();
      if (!open.empty() && (line_[i] == ',' || line_[i] == ';') && depth_[i] == depth_[pairs_[open.back()].open] + 1) {
        separators_[open.back()].push_back(i);
      }
    }
  }

  // Dart's '<' of type arguments: right after a name, right before a type.
  bool GenericOpen(size_t i) const {
    if (lang_ != WrapLanguage::kDart || i == 0 || i + 1 >= line_.size()) return false;
    char before = line_[i - 1], after = line_[i + 1];
    return IdentChar(before) && (IdentChar(after) || after == '(');
  }

  // The end (one past the closing quote) of the string literal at `i`.
  std::optional<size_t> SkipString(size_t i) const {
    char q = line_[i];
    // Triple-quoted: may span lines.
    if (i + 2 < line_.size() && line_[i + 1] == q && line_[i + 2] == q) return std::nullopt;
    bool raw = i > 0 && (line_[i - 1] == 'r' || line_[i - 1] == 'R') && (i < 2 || !IdentChar(line_[i - 2]) ||
                                                                        lang_ == WrapLanguage::kPython);
    for (size_t k = i + 1; k < line_.size(); ++k) {
      char c = line_[k];
      if (c == q) return k + 1;
      if (c == '\\' && (!raw || lang_ == WrapLanguage::kPython)) {
        ++k;
      } else if (lang_ == WrapLanguage::kDart && !raw && c == '$' && k + 1 < line_.size() && line_[k + 1] == '{') {
        std::optional<size_t> end = SkipInterpolation(k + 2);
        if (!end) return std::nullopt;
        k = *end - 1;
      }
    }
    return std::nullopt;
  }

  // The end (one past the '}') of a Dart interpolation starting at `i`.
  std::optional<size_t> SkipInterpolation(size_t i) const {
    int braces = 0;
    for (size_t k = i; k < line_.size(); ++k) {
      char c = line_[k];
      if (c == '\'' || c == '"') {
        std::optional<size_t> end = SkipString(k);
        if (!end) return std::nullopt;
        k = *end - 1;
      } else if (c == '{') {
        ++braces;
      } else if (c == '}') {
        if (braces == 0) return k + 1;
        --braces;
      }
    }
    return std::nullopt;
  }

  std::string_view line_;
  WrapLanguage lang_;
  std::vector<int> depth_;
  std::vector<char> code_;
  std::vector<Pair> pairs_;
  std::vector<std::vector<size_t>> separators_;
  std::vector<uint32_t> by_open_;
  std::vector<size_t> open_;
  std::vector<std::pair<size_t, char>> stack_;
  size_t comment_ = std::string_view::npos;
  bool ok_ = false;
};

class Wrapper {
 public:
  Wrapper(WrapLanguage lang, size_t width) : lang_(lang), width_(width) {}

  // Appends `line`, wrapped, to `out`.
  void Wrap(std::string_view line, std::vector<std::string>& out, int budget = 64) {
    if (line.size() <= width_ || budget == 0) {
      out.emplace_back(line);
      return;
    }
    std::string_view body = line.substr(IndentOf(line));
    if (body.starts_with(lang_ == WrapLanguage::kDart ? "//" : "#")) {
      Comment(line, out);
      return;
    }
    // The scan is reused: Split is done with it before the parts recurse.
    LineScan& scan = scan_;
    scan.Read(line);
    std::vector<std::string> parts;
    if (!scan.ok() || !Split(line, scan, parts)) {
      out.emplace_back(line);
      return;
    }
    for (const std::string& p : parts) Wrap(p, out, budget - 1);
  }

  // Re-flows prose (a comment, or a line inside a docstring) at spaces;
  // continuation lines start with `prefix`.
  void Prose(std::string_view line, const std::string& prefix, size_t first_text, std::vector<std::string>& out) {
    std::string current(line.substr(0, first_text));
    bool has_word = false;
    std::string_view rest = line.substr(first_text);
    size_t at = 0;
    while (at < rest.size()) {
      size_t end = rest.find(' ', at);
      if (end == std::string_view::npos) end = rest.size();
      std::string_view word = rest.substr(at, end - at);
      at = end + 1;
      if (word.empty()) continue;
      if (has_word && current.size() + 1 + word.size() > width_) {
        out.push_back(current);
        current = prefix;
        has_word = false;
      }
      if (has_word) current += ' ';
      current += word;
      has_word = true;
    }
    out.push_back(current);
  }

 private:
  void Comment(std::string_view line, std::vector<std::string>& out) {
    size_t indent = IndentOf(line);
    std::string_view body = line.substr(indent);
    size_t marker = 0;
    while (marker < body.size() && (body[marker] == '/' || body[marker] == '#')) ++marker;
    // Indented text after the marker (code in a doc comment) and tool
    // directives (`// ignore:`, `# type:`) keep their line.
    std::string_view text = body.substr(std::min(marker + 1, body.size()));
    if (marker + 1 >= body.size() || body[marker] != ' ' || body[marker + 1] == ' ' || text.starts_with("ignore") ||
        text.starts_with("type:") || text.starts_with("noqa") || text.starts_with("pylint:")) {
      out.emplace_back(line);
      return;
    }
    std::string prefix = std::string(line.substr(0, indent + marker)) + " ";
    Prose(line, prefix, prefix.size(), out);
  }

  static bool StartsWithAt(std::string_view s, size_t i, std::string_view what) {
    return s.substr(i, what.size()) == what;
  }

  // Positions of a top-level operator (surrounded by spaces) in `line`.
  static std::vector<size_t> TopLevelOps(std::string_view line, const LineScan& scan, std::string_view op,
                                         size_t from) {
    std::vector<size_t> at;
    std::string spaced = " " + std::string(op) + " ";
    for (size_t i = line.find(spaced, from); i != std::string_view::npos; i = line.find(spaced, i + 1)) {
      if (scan.TopLevel(i + 1)) at.push_back(i);
    }
    return at;
  }

  bool Split(std::string_view line, const LineScan& scan, std::vector<std::string>& parts) {
    size_t indent = IndentOf(line);
    std::string pad(indent, ' ');
    // A trailing comment goes on a line of its own, above.
    if (scan.comment() != std::string_view::npos) {
      std::string_view code = Trim(line.substr(0, scan.comment()));
      std::string_view comment = line.substr(scan.comment());
      if (code.empty()) return false;
      // Python's tool pragmas must stay on their line.
      if (lang_ == WrapLanguage::kPython && (comment.starts_with("# type:") || comment.starts_with("# noqa"))) {
        return false;
      }
      parts.push_back(pad + std::string(comment));
      parts.push_back(pad + std::string(code));
      return true;
    }
    std::string_view body = line.substr(indent);
    if (lang_ == WrapLanguage::kDart) {
      std::vector<size_t> arrows = TopLevelOps(line, scan, "=>", indent);
      if (!arrows.empty()) {
        size_t a = arrows.front();
        std::string_view rest = line.substr(a + 4);
        bool chain = rest.find(" ? ") != std::string_view::npos || rest.find(" && ") != std::string_view::npos ||
                     rest.find(" || ") != std::string_view::npos;
        if (!rest.starts_with("{") && chain && (!TopLevelOps(line, scan, "?", a).empty() ||
                                                !TopLevelOps(line, scan, "&&", a).empty() ||
                                                !TopLevelOps(line, scan, "||", a).empty())) {
          parts.push_back(std::string(line.substr(0, a)) + " =>");
          parts.push_back(pad + "    " + std::string(rest));
          return true;
        }
      }
      // A conditional: `?` and `:` begin the continuation lines.
      std::vector<size_t> q = TopLevelOps(line, scan, "?", indent);
      if (!q.empty() && !body.starts_with("? ") && !body.starts_with(": ")) {
        std::vector<size_t> colon = TopLevelOps(line, scan, ":", q.front());
        if (!colon.empty()) {
          size_t a = q.front(), b = colon.front();
          // `x = c ? a : b` whose `x = c` is too long: the value goes on
          // lines of its own.
          std::vector<size_t> assign = TopLevelOps(line, scan, "=", indent);
          if (a > width_ && !assign.empty() && assign.front() < a) {
            parts.push_back(std::string(line.substr(0, assign.front())) + " =");
            parts.push_back(pad + "    " + std::string(line.substr(assign.front() + 3)));
            return true;
          }
          parts.push_back(std::string(line.substr(0, a)));
          parts.push_back(pad + "    ? " + std::string(line.substr(a + 3, b - a - 3)));
          parts.push_back(pad + "    : " + std::string(line.substr(b + 3)));
          return true;
        }
      }
      // A chain of && and ||: one operand per line.
      std::vector<size_t> ops = TopLevelOps(line, scan, "&&", indent);
      std::vector<size_t> ors = TopLevelOps(line, scan, "||", indent);
      ops.insert(ops.end(), ors.begin(), ors.end());
      std::sort(ops.begin(), ops.end());
      if (!ops.empty()) {
        SplitAtOperators(line, ops, pad + "    ", parts);
        return true;
      }
    }
    // `x = value` where the value fits on a line of its own: it goes there,
    // before any of its brackets split.
    std::vector<size_t> assign;
    if (lang_ == WrapLanguage::kDart) assign = TopLevelOps(line, scan, "=", indent);
    auto split_assign = [&] {
      parts.push_back(std::string(line.substr(0, assign.front())) + " =");
      parts.push_back(pad + "    " + std::string(line.substr(assign.front() + 3)));
      return true;
    };
    if (!assign.empty() && assign.front() + 2 <= width_ && indent + 4 + line.size() - assign.front() - 3 <= width_) {
      return split_assign();
    }
    if (SplitBrackets(line, scan, parts)) return true;
    if (lang_ == WrapLanguage::kDart && SplitCondition(line, scan, parts)) return true;
    if (!assign.empty() && assign.front() + 2 <= width_) return split_assign();
    return SplitString(line, scan, parts);
  }

  // `line` split after each two-character operator at `ops` (the space
  // before each); the continuation lines start with `cont`.
  static void SplitAtOperators(std::string_view line, const std::vector<size_t>& ops, const std::string& cont,
                               std::vector<std::string>& parts) {
    size_t start = 0;
    for (size_t k = 0; k <= ops.size(); ++k) {
      size_t end = k < ops.size() ? ops[k] : line.size();
      std::string piece(line.substr(start, end - start));
      if (k < ops.size()) piece += " " + std::string(line.substr(ops[k] + 1, 2));
      parts.push_back(k == 0 ? piece : cont + std::string(Trim(piece)));
      start = k < ops.size() ? ops[k] + 4 : end;
    }
  }

  // `if (a && b) {`: a condition's operands, one per line.
  bool SplitCondition(std::string_view line, const LineScan& scan, std::vector<std::string>& parts) {
    size_t indent = IndentOf(line);
    for (const Pair& p : scan.pairs()) {
      if (p.kind != '(' || (WordBefore(line, p.open) != "if" && WordBefore(line, p.open) != "while")) continue;
      int depth = scan.Depth(p.open) + 1;
      std::vector<size_t> ops;
      for (size_t i = p.open + 1; i + 3 < p.close; ++i) {
        if (scan.Code(i + 1) && scan.Depth(i + 1) == depth &&
            (line.substr(i, 4) == " && " || line.substr(i, 4) == " || ")) {
          ops.push_back(i);
        }
      }
      if (ops.empty()) continue;
      SplitAtOperators(line, ops, std::string(indent + 4, ' '), parts);
      return true;
    }
    return false;
  }

  // A long string literal as adjacent literals, split at a space (Python:
  // only inside brackets, where a line may continue).
  bool SplitString(std::string_view line, const LineScan& scan, std::vector<std::string>& parts) {
    size_t indent = IndentOf(line);
    size_t limit = std::min(line.size(), scan.comment());
    for (size_t i = 0; i < limit; ++i) {
      char q = line[i];
      if (scan.Code(i) || (q != '\'' && q != '"') || (i > 0 && !scan.Code(i - 1))) continue;
      // The literal, from its prefix (r, f, b) to one past its closing quote.
      size_t open = i, prefix = i;
      while (prefix > 0 && std::isalpha(static_cast<unsigned char>(line[prefix - 1]))) --prefix;
      size_t close = open + 1;
      while (close < limit && !scan.Code(close)) ++close;
      if (close - 1 <= open || line[close - 1] != q) return false;
      i = close - 1;
      // In Python, a line inside brackets: one of a list's items.
      bool inside = scan.Depth(open) > 0 || Trim(line).ends_with(",");
      if (close <= width_ || (lang_ == WrapLanguage::kPython && !inside)) continue;
      // The last space that keeps the first part within the width, outside
      // any interpolation.
      std::string_view lit = line.substr(open, close - open);
      bool python_f = lang_ == WrapLanguage::kPython &&
                      line.substr(prefix, open - prefix).find_first_of("fF") != std::string_view::npos;
      size_t cut = std::string_view::npos;
      int nest = 0;
      for (size_t k = 1; k + 1 < lit.size(); ++k) {
        char c = lit[k];
        if (c == '\\') {
          ++k;
          continue;
        }
        if (c == '{' && (python_f || (lang_ == WrapLanguage::kDart && lit[k - 1] == '$'))) ++nest;
        if (c == '}' && nest > 0) --nest;
        if (c == ' ' && nest == 0 && k > 1 && open + k + 2 <= width_) cut = k;
      }
      if (cut == std::string_view::npos) return false;
      // Continues at the literal's column when it starts the line, else
      // one step in.
      size_t column = prefix == indent ? indent : indent + 4;
      std::string pre(line.substr(prefix, open - prefix));
      std::string first(line.substr(open + 1, cut));
      std::string second(line.substr(open + cut + 1));
      // Python: `f` only where a part has a placeholder.
      auto own = [&](const std::string& part) {
        if (!python_f || part.find('{') != std::string::npos) return pre;
        std::string p;
        for (char c : pre) {
          if (c != 'f' && c != 'F') p += c;
        }
        return p;
      };
      parts.push_back(std::string(line.substr(0, prefix)) + own(first) + q + first + q);
      parts.push_back(std::string(column, ' ') + own(second) + q + second);
      return true;
    }
    return false;
  }

  // The items of a pair's content, separated by its top-level commas;
  // `semicolon` tells whether a `;` separates any.
  static std::vector<std::string_view> Items(std::string_view line, const LineScan& scan, size_t open, size_t close,
                                             bool* semicolon) {
    std::vector<std::string_view> items;
    *semicolon = false;
    size_t k = scan.PairAt(open);
    size_t start = open + 1;
    if (k < scan.pairs().size()) {
      for (size_t i : scan.separators(k)) {
        if (line[i] == ';') {
          *semicolon = true;
          continue;
        }
        items.push_back(Trim(line.substr(start, i - start)));
        start = i + 1;
      }
    }
    std::string_view last = Trim(line.substr(start, close - start));
    if (!last.empty()) items.push_back(last);
    return items;
  }

  // The word just before position `i` (skipping spaces).
  static std::string_view WordBefore(std::string_view line, size_t i) {
    size_t end = i;
    while (end > 0 && line[end - 1] == ' ') --end;
    size_t start = end;
    while (start > 0 && IdentChar(line[start - 1])) --start;
    return line.substr(start, end - start);
  }

  // A Dart block written on one line: `{ a; b; }`.
  bool Block(std::string_view line, const LineScan& scan, const Pair& p) const {
    if (lang_ != WrapLanguage::kDart || p.kind != '{') return false;
    size_t last = p.close;
    while (last > p.open + 1 && line[last - 1] == ' ') --last;
    return last > p.open + 1 && line[last - 1] == ';' && scan.Code(last - 1);
  }

  bool Splittable(std::string_view line, const LineScan& scan, const Pair& p) const {
    if (Block(line, scan, p)) return true;
    bool semicolon = false;
    std::vector<std::string_view> items = Items(line, scan, p.open, p.close, &semicolon);
    if (items.empty() || semicolon) return false;
    char before = p.open > 0 ? line[p.open - 1] : ' ';
    bool attached = IdentChar(before) || before == ')' || before == ']' || before == '>' || before == '?' ||
                    before == '!';
    // Conditions and loop headers take no trailing comma.
    static const std::set<std::string, std::less<>> kKeywords = {"if",   "for",    "while", "switch", "catch",
                                                                 "elif", "except", "when",  "lambda"};
    if (kKeywords.count(WordBefore(line, p.open))) return false;
    if (lang_ == WrapLanguage::kPython) {
      // A lambda's or a comprehension's commas separate no items.
      std::string_view content = line.substr(p.open + 1, p.close - p.open - 1);
      if (content.find("lambda ") != std::string_view::npos) return false;
      int depth = scan.Depth(p.open) + 1;
      for (size_t i = p.open + 1; i + 5 < p.close; ++i) {
        if (scan.Code(i + 1) && scan.Depth(i + 1) == depth && line.substr(i, 5) == " for ") return false;
      }
    }
    switch (p.kind) {
      case '(': return attached || items.size() >= 2;
      case '[':
        if (lang_ == WrapLanguage::kDart) return !attached || before == '>';
        return !attached || items.size() >= 2;
      case '{': return true;
      case '<': return true;
      default: return false;
    }
  }

  bool SplitBrackets(std::string_view line, const LineScan& scan, std::vector<std::string>& parts) {
    // The outermost pairs that can be split (inside only pairs that cannot,
    // such as a comprehension); the one with the most content.
    const std::vector<Pair>& pairs = scan.pairs();
    std::vector<char> splittable(pairs.size());
    for (size_t i = 0; i < pairs.size(); ++i) splittable[i] = Splittable(line, scan, pairs[i]);
    const Pair* best = nullptr;
    for (size_t i = 0; i < pairs.size(); ++i) {
      const Pair& p = pairs[i];
      if (!splittable[i]) continue;
      bool inner = false;
      for (size_t j = 0; j < pairs.size() && !inner; ++j) {
        inner = splittable[j] && pairs[j].open < p.open && pairs[j].close > p.close;
      }
      if (inner) continue;
      if (!best || p.close - p.open >= best->close - best->open) best = &p;
    }
    if (!best) return false;
    Pair p = *best;
    // A list that holds exactly one bracketed group hugs it (`({`, `})`):
    // the innermost splittable group of such a chain is split.
    for (Pair at = p;;) {
      size_t next = pairs.size();
      std::string_view content = Trim(line.substr(at.open + 1, at.close - at.open - 1));
      for (size_t j = 0; j < pairs.size(); ++j) {
        const Pair& q = pairs[j];
        if (q.open > at.open && q.close < at.close && content.size() == q.close - q.open + 1 &&
            line.data() + q.open == content.data() && q.kind != '<') {
          next = j;
        }
      }
      if (next == pairs.size()) break;
      at = pairs[next];
      if (splittable[next]) p = at;
    }
    size_t indent = IndentOf(line);
    std::string pad(indent, ' ');
    std::string inner = pad + (lang_ == WrapLanguage::kDart ? "  " : "    ");
    if (Block(line, scan, p)) {
      parts.emplace_back(line.substr(0, p.open + 1));
      int depth = scan.Depth(p.open) + 1;
      size_t start = p.open + 1;
      for (size_t i = p.open + 1; i < p.close; ++i) {
        if (scan.Code(i) && scan.Depth(i) == depth && line[i] == ';') {
          parts.push_back(inner + std::string(Trim(line.substr(start, i + 1 - start))));
          start = i + 1;
        }
      }
      parts.push_back(pad + std::string(line.substr(p.close)));
      return true;
    }
    bool semicolon = false;
    std::vector<std::string_view> items = Items(line, scan, p.open, p.close, &semicolon);
    std::string head(line.substr(0, p.open + 1));
    std::string tail(line.substr(p.close));
    // Dart's named or optional parameters close a parameter list: `a, {` and
    // `})`, no comma after the group.
    std::string_view last = items.back();
    const Pair* group = nullptr;
    if (lang_ == WrapLanguage::kDart && p.kind == '(' && items.size() > 1 && (last[0] == '{' || last[0] == '[')) {
      size_t at = static_cast<size_t>(last.data() - line.data());
      for (const Pair& q : scan.pairs()) {
        if (q.open == at && q.close == at + last.size() - 1) group = &q;
      }
    }
    bool comma = p.kind != '<';
    parts.push_back(head);
    size_t positional = group ? items.size() - 1 : items.size();
    for (size_t i = 0; i < positional; ++i) {
      bool end = i + 1 == positional;
      std::string item = inner + std::string(items[i]);
      if (group && end) {
        item += ", " + std::string(1, line[group->open]);
      } else if (comma || !end) {
        if (!item.ends_with(",")) item += ",";
      }
      parts.push_back(item);
    }
    if (group) {
      bool semi = false;
      for (std::string_view g : Items(line, scan, group->open, group->close, &semi)) {
        parts.push_back(inner + std::string(g) + ",");
      }
      parts.push_back(pad + std::string(1, line[group->close]) + tail);
    } else {
      parts.push_back(pad + tail);
    }
    return true;
  }

  WrapLanguage lang_;
  size_t width_;
  LineScan scan_{lang_};
};

// Triple-quoted string delimiters in a line of Python, outside other strings.
int TripleQuotes(std::string_view line) {
  int n = 0;
  for (size_t i = line.find("\"\"\""); i != std::string_view::npos; i = line.find("\"\"\"", i + 3)) ++n;
  return n;
}

}  // namespace

std::string WrapLines(std::string_view text, WrapLanguage lang, size_t width) {
  Wrapper wrapper(lang, width);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::vector<std::string> lines;
  bool in_docstring = false;
  bool in_fence = false;  // a ``` block in a doc comment: left as written
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(start, end - start);
    lines.clear();
    std::string_view body = Trim(line);
    bool comment = lang == WrapLanguage::kDart ? body.starts_with("//") : body.starts_with("#");
    if (comment && body.find("```") != std::string_view::npos) in_fence = !in_fence;
    int triples = lang == WrapLanguage::kPython ? TripleQuotes(line) : 0;
    if (in_fence && comment) {
      lines.emplace_back(line);
    } else if (in_docstring || triples > 0) {
      // Prose inside a docstring: re-flowed at its own indentation.
      if (line.size() > width) {
        size_t indent = IndentOf(line);
        wrapper.Prose(line, std::string(indent, ' '), indent, lines);
      } else {
        lines.emplace_back(line);
      }
      if (triples % 2 == 1) in_docstring = !in_docstring;
    } else if (line.size() <= width) {
      out += line;  // most lines: kept as they are, without a copy
      out += '\n';
    } else {
      wrapper.Wrap(line, lines);
    }
    for (const std::string& l : lines) {
      out += l;
      out += '\n';
    }
    if (nl == std::string_view::npos) {
      out.pop_back();  // no newline was there
      break;
    }
    start = nl + 1;
  }
  return out;
}

std::string ListLines(std::string_view head, const std::vector<std::string>& items, std::string_view tail,
                      std::size_t width, std::size_t step, bool trailing_comma) {
  std::size_t one = head.size() + tail.size();
  for (const std::string& item : items) one += item.size() + 2;
  std::string out;
  if (one - (items.empty() ? 0 : 2) <= width) {
    out.reserve(one);
    out += head;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out += ", ";
      out += items[i];
    }
    out += tail;
    return out;
  }
  out.reserve(one + items.size() * (step + 1) + 2);
  out += head;
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += '\n';
    out.append(step, ' ');
    out += items[i];
    if (i + 1 < items.size() || trailing_comma) out += ',';
  }
  out += '\n';
  out += tail;
  return out;
}

}  // namespace seam::gen
