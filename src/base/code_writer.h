// CodeWriter: the one way generated text is assembled. Templates are raw string
// literals with `$name$` placeholders; the literal's common indentation is
// stripped and re-applied at the writer's current indent. A placeholder alone
// on its line may be a callback that emits nested code at that line's indent.
// A missing variable is an internal error, never an empty string.
#ifndef SEAM_BASE_CODE_WRITER_H_
#define SEAM_BASE_CODE_WRITER_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include <fmt/format.h>

namespace seam {

class CodeWriter {
 public:
  using Callback = std::function<void()>;
  using Value = std::variant<std::string, Callback>;
  using Vars = std::map<std::string, Value, std::less<>>;

  // `delim` marks placeholders: '$' by default; languages that use '$'
  // themselves (Dart, shell) pick another character.
  explicit CodeWriter(char delim = '$', int indent_width = 2)
      : delim_(delim), indent_width_(indent_width) {}

  // Emits `tmpl` line by line. A leading newline and a trailing line made of
  // spaces only are dropped (so raw literals can start on their own line);
  // the smallest indentation of the non-blank lines is removed. `$$` is a
  // literal delimiter. Throws InternalError on an unknown or unclosed name.
  void Emit(std::string_view tmpl, const Vars& vars = {});
  // One line of literal text at the current indent (no substitution).
  void Line(std::string_view text);
  // Line(fmt::format(f, args...)), without a string per line: the text is
  // formatted into a buffer the writer reuses.
  template <typename... Args>
  void LineF(fmt::format_string<Args...> f, Args&&... args) {
    scratch_.clear();
    fmt::format_to(fmt::appender(scratch_), f, std::forward<Args>(args)...);
    Line(std::string_view(scratch_.data(), scratch_.size()));
  }
  // An empty line, unless the output is empty or already ends with one.
  void Blank();

  class IndentScope {
   public:
    explicit IndentScope(CodeWriter& w, int levels) : w_(w), levels_(levels) { w_.indent_ += levels_; }
    ~IndentScope() { w_.indent_ -= levels_; }
    IndentScope(const IndentScope&) = delete;
    IndentScope& operator=(const IndentScope&) = delete;

   private:
    CodeWriter& w_;
    int levels_;
  };
  // Indents everything emitted while the returned scope lives.
  [[nodiscard]] IndentScope Indent(int levels = 1) { return IndentScope(*this, levels); }

  // The text so far: trailing whitespace removed from every line, exactly one
  // final newline (or nothing if empty).
  [[nodiscard]] std::string str() const;
  // The same text, moved out: the writer is left empty. For the writer's
  // last use, where a copy of a large file would be wasted.
  [[nodiscard]] std::string Take();

 private:
  void EmitLine(std::string_view line, const Vars& vars);
  void Append(std::string_view text);  // one line's content, already indented

  std::string out_;
  fmt::memory_buffer scratch_;  // LineF's text
  char delim_;
  int indent_width_;
  int indent_ = 0;      // levels
  int extra_cols_ = 0;  // from callbacks placed at an indented column
};

}  // namespace seam

#endif  // SEAM_BASE_CODE_WRITER_H_
