// CodeWriter implementation.
#include "base/code_writer.h"

#include <algorithm>
#include <vector>

#include "base/diagnostics.h"

namespace seam {
namespace {

// Calls `f` with each line of `text`, split at '\n' ("" is one empty line,
// "a\n" is "a" and "").
template <typename F>
void ForEachLine(std::string_view text, F&& f) {
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      f(text.substr(start));
      return;
    }
    f(text.substr(start, nl - start));
    start = nl + 1;
  }
}

// The lines ForEachLine visits, as a list.
std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  ForEachLine(text, [&](std::string_view l) { lines.push_back(l); });
  return lines;
}

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

// The length of `text` without its trailing blank lines (every line already
// lacks trailing whitespace, see Append), 0 for a lone newline.
size_t FinalLength(std::string_view text) {
  while (text.ends_with("\n\n")) text.remove_suffix(1);
  return text == "\n" ? 0 : text.size();
}

}  // namespace

void CodeWriter::Emit(std::string_view tmpl, const Vars& vars) {
  if (!tmpl.empty() && tmpl.front() == '\n') tmpl.remove_prefix(1);
  std::vector<std::string_view> lines = SplitLines(tmpl);
  if (!lines.empty() && IsBlank(lines.back())) lines.pop_back();
  size_t common = std::string_view::npos;
  for (std::string_view l : lines) {
    if (IsBlank(l)) continue;
    common = std::min(common, l.find_first_not_of(' '));
  }
  if (common == std::string_view::npos) common = 0;
  for (std::string_view l : lines) EmitLine(IsBlank(l) ? std::string_view() : l.substr(common), vars);
}

void CodeWriter::EmitLine(std::string_view line, const Vars& vars) {
  // A callback placeholder alone on its line emits at that line's column.
  size_t lead = line.find_first_not_of(' ');
  if (lead != std::string_view::npos && line[lead] == delim_ && line.back() == delim_ &&
      line.size() - lead > 2) {
    std::string_view name = line.substr(lead + 1, line.size() - lead - 2);
    if (name.find(delim_) == std::string_view::npos) {
      auto it = vars.find(name);
      if (it != vars.end() && std::holds_alternative<Callback>(it->second)) {
        extra_cols_ += static_cast<int>(lead);
        std::get<Callback>(it->second)();
        extra_cols_ -= static_cast<int>(lead);
        return;
      }
    }
  }
  std::string text;
  size_t i = 0;
  while (i < line.size()) {
    size_t d = line.find(delim_, i);
    if (d == std::string_view::npos) {
      text.append(line.substr(i));
      break;
    }
    text.append(line.substr(i, d - i));
    size_t end = line.find(delim_, d + 1);
    if (end == std::string_view::npos) {
      throw InternalError("template has an unclosed placeholder: " + std::string(line));
    }
    std::string_view name = line.substr(d + 1, end - d - 1);
    if (name.empty()) {
      text += delim_;
    } else {
      auto it = vars.find(name);
      if (it == vars.end()) throw InternalError("template variable not set: " + std::string(name));
      if (!std::holds_alternative<std::string>(it->second)) {
        throw InternalError("template callback used inside a line: " + std::string(name));
      }
      const std::string& value = std::get<std::string>(it->second);
      // A multi-line value continues at the placeholder line's indentation.
      size_t line_indent = text.find_first_not_of(' ');
      if (line_indent == std::string::npos) line_indent = text.size();
      for (size_t p = 0; p < value.size(); ++p) {
        text += value[p];
        if (value[p] == '\n' && p + 1 < value.size()) text.append(line_indent, ' ');
      }
    }
    i = end + 1;
  }
  // The substituted text may span lines; indent each.
  ForEachLine(text, [this](std::string_view l) { Append(l); });
}

void CodeWriter::Append(std::string_view text) {
  // Trailing whitespace is dropped here, so every line of out_ is final.
  size_t end = text.find_last_not_of(" \t");
  if (end != std::string_view::npos) {
    out_.append(static_cast<size_t>(indent_ * indent_width_ + extra_cols_), ' ');
    out_.append(text.substr(0, end + 1));
  }
  out_ += '\n';
}

void CodeWriter::Line(std::string_view text) {
  ForEachLine(text, [this](std::string_view l) { Append(l); });
}

void CodeWriter::Blank() {
  if (out_.empty() || out_.ends_with("\n\n")) return;
  out_ += '\n';
}

std::string CodeWriter::str() const { return out_.substr(0, FinalLength(out_)); }

std::string CodeWriter::Take() {
  out_.resize(FinalLength(out_));
  std::string text = std::move(out_);
  out_.clear();
  return text;
}

}  // namespace seam
