// Diagnostics: what the user sees when the input is wrong. A Diagnostics object
// is passed down the pipeline (never global); user errors never throw.
#ifndef SEAM_BASE_DIAGNOSTICS_H_
#define SEAM_BASE_DIAGNOSTICS_H_

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/source.h"

namespace seam {

enum class Severity { kError, kWarning, kNote };

struct DiagnosticNote {
  SourceLoc loc;
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  // A stable identifier of the kind of problem, e.g. "UnknownTypeRef". Kinds that
  // WeaveFFI also reports keep WeaveFFI's names so JSON reports can be compared.
  std::string code;
  // Lowercase, no final period, names quoted with '...'.
  std::string message;
  SourceLoc loc;
  std::vector<DiagnosticNote> notes;
};

// Collects every diagnostic of a run.
class Diagnostics {
 public:
  explicit Diagnostics(const SourceManager& sources) : sources_(sources) {}

  Diagnostic& Error(SourceLoc loc, std::string code, std::string message);
  Diagnostic& Warning(SourceLoc loc, std::string code, std::string message);

  [[nodiscard]] bool has_errors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  size_t warning_count() const { return items_.size() - error_count_; }
  // Adds `other`'s diagnostics, in order, except those that repeat one already
  // here exactly (severity, code, message and location): two targets built on
  // the same generator report the same problem once.
  void Merge(Diagnostics&& other);
  size_t size() const { return items_.size(); }
  // Diagnostics sorted by location (stable, so same-place problems keep their order).
  [[nodiscard]] std::vector<Diagnostic> Sorted() const;
  const SourceManager& sources() const { return sources_; }

  // gcc/clang-style text: `file:line:col: error: message [code]`, the source line
  // with a caret, then notes, then a summary line when anything was reported.
  [[nodiscard]] std::string RenderText() const;
  // One JSON object per diagnostic: code, severity, message, file, line, column, notes.
  [[nodiscard]] nlohmann::ordered_json ToJson(Severity severity) const;

 private:
  const SourceManager& sources_;
  std::vector<Diagnostic> items_;
  size_t error_count_ = 0;
};

// A bug in seam itself (never caused by user input). main() reports it and exits 3.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace seam

#endif  // SEAM_BASE_DIAGNOSTICS_H_
