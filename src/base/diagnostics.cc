// Rendering of diagnostics as gcc-compatible text and as JSON.
#include "base/diagnostics.h"

#include <fmt/format.h>

#include <algorithm>

namespace seam {
namespace {

constexpr size_t kMaxSnippetColumns = 120;

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

std::string LocPrefix(const SourceManager& sources, SourceLoc loc) {
  const SourceFile* file = sources.Get(loc.file);
  if (file == nullptr) return "seam";
  if (!loc.known()) return file->path();
  return fmt::format("{}:{}:{}", file->path(), loc.line, loc.column);
}

bool Printable(std::string_view line) {
  if (FindInvalidUtf8(line)) return false;
  return std::none_of(line.begin(), line.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7F;
  });
}

// The source line and a caret under `loc`, clipped to a window of kMaxSnippetColumns.
void AppendSnippet(const SourceManager& sources, SourceLoc loc, std::string& out) {
  const SourceFile* file = sources.Get(loc.file);
  if (file == nullptr || !loc.known()) return;
  std::string_view line = file->Line(loc.line);
  if (line.empty() || !Printable(line)) return;
  // Work in code points so the caret lines up.
  std::vector<std::string_view> cps;
  for (size_t i = 0; i < line.size();) {
    size_t len = 1;
    while (i + len < line.size() && (static_cast<unsigned char>(line[i + len]) & 0xC0) == 0x80) {
      ++len;
    }
    cps.push_back(line.substr(i, len));
    i += len;
  }
  size_t caret = std::min<size_t>(loc.column - 1, cps.size());
  size_t begin = 0;
  size_t end = cps.size();
  if (cps.size() > kMaxSnippetColumns) {
    begin = caret > kMaxSnippetColumns / 2 ? caret - kMaxSnippetColumns / 2 : 0;
    end = std::min(cps.size(), begin + kMaxSnippetColumns);
  }
  std::string text;
  std::string marker;
  if (begin > 0) {
    text += "...";
    marker += "   ";
  }
  for (size_t i = begin; i < end; ++i) {
    text += cps[i];
    if (i < caret) marker += cps[i] == "\t" ? "\t" : " ";
  }
  if (end < cps.size()) text += "...";
  out += text;
  out += '\n';
  out += marker;
  out += "^\n";
}

}  // namespace

Diagnostic& Diagnostics::Error(SourceLoc loc, std::string code, std::string message) {
  ++error_count_;
  items_.push_back(Diagnostic{Severity::kError, std::move(code), std::move(message), loc, {}});
  return items_.back();
}

Diagnostic& Diagnostics::Warning(SourceLoc loc, std::string code, std::string message) {
  items_.push_back(Diagnostic{Severity::kWarning, std::move(code), std::move(message), loc, {}});
  return items_.back();
}

void Diagnostics::Merge(Diagnostics&& other) {
  auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return a.severity == b.severity && a.code == b.code && a.message == b.message && a.loc == b.loc;
  };
  for (Diagnostic& d : other.items_) {
    if (std::any_of(items_.begin(), items_.end(), [&](const Diagnostic& kept) { return same(kept, d); })) continue;
    if (d.severity == Severity::kError) ++error_count_;
    items_.push_back(std::move(d));
  }
  other.items_.clear();
  other.error_count_ = 0;
}

std::vector<Diagnostic> Diagnostics::Sorted() const {
  std::vector<Diagnostic> sorted = items_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.loc < b.loc;
  });
  return sorted;
}

std::string Diagnostics::RenderText() const {
  std::string out;
  for (const Diagnostic& d : Sorted()) {
    out += fmt::format("{}: {}: {} [{}]\n", LocPrefix(sources_, d.loc), SeverityName(d.severity),
                       d.message, d.code);
    AppendSnippet(sources_, d.loc, out);
    for (const DiagnosticNote& n : d.notes) {
      out += fmt::format("{}: note: {}\n", LocPrefix(sources_, n.loc), n.message);
      AppendSnippet(sources_, n.loc, out);
    }
  }
  size_t errors = error_count();
  size_t warnings = warning_count();
  auto plural = [](size_t n, const char* word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  if (errors > 0 && warnings > 0) {
    out += fmt::format("{} and {} generated.\n", plural(errors, "error"),
                       plural(warnings, "warning"));
  } else if (errors > 0) {
    out += fmt::format("{} generated.\n", plural(errors, "error"));
  } else if (warnings > 0) {
    out += fmt::format("{} generated.\n", plural(warnings, "warning"));
  }
  return out;
}

nlohmann::ordered_json Diagnostics::ToJson(Severity severity) const {
  auto located = [this](nlohmann::ordered_json& j, SourceLoc loc) {
    const SourceFile* file = sources_.Get(loc.file);
    j["file"] = file != nullptr ? file->path() : "";
    j["line"] = loc.line;
    j["column"] = loc.column;
  };
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const Diagnostic& d : Sorted()) {
    if (d.severity != severity) continue;
    nlohmann::ordered_json j;
    j["code"] = d.code;
    j["severity"] = SeverityName(d.severity);
    j["message"] = d.message;
    located(j, d.loc);
    nlohmann::ordered_json notes = nlohmann::ordered_json::array();
    for (const DiagnosticNote& n : d.notes) {
      nlohmann::ordered_json jn;
      jn["message"] = n.message;
      located(jn, n.loc);
      notes.push_back(std::move(jn));
    }
    j["notes"] = std::move(notes);
    array.push_back(std::move(j));
  }
  return array;
}

}  // namespace seam
