// Helpers for tests: run the front end on an in-memory IDL.
#ifndef SEAM_TESTS_TEST_UTIL_H_
#define SEAM_TESTS_TEST_UTIL_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "idl/document.h"
#include "idl/reader.h"
#include "ir/ir.h"

namespace seam::testing {

// Everything one front-end run produces, kept alive together.
struct Run {
  SourceManager sources;
  Document doc;
  std::unique_ptr<Diagnostics> diags;
  std::optional<ir::Api> api;

  std::vector<Diagnostic> Sorted() const { return diags->Sorted(); }
  // "Code@line:col" for every diagnostic, sorted by location.
  std::vector<std::string> Codes() const;
  std::string Text() const { return diags->RenderText(); }
};

// Parses `text` as `format` (file name "test.<ext>"), builds and validates it.
std::unique_ptr<Run> RunFrontEnd(const std::string& text, IdlFormat format = IdlFormat::kYaml);

}  // namespace seam::testing

#endif  // SEAM_TESTS_TEST_UTIL_H_
