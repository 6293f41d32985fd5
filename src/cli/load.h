// The front half of the pipeline shared by every subcommand: read the file,
// build the IR, validate it.
#ifndef SEAM_CLI_LOAD_H_
#define SEAM_CLI_LOAD_H_

#include <optional>
#include <string>

#include "base/diagnostics.h"
#include "ir/ir.h"

namespace seam {

// Returns the API when it was read; it is valid only if `diags` has no errors.
[[nodiscard]] std::optional<ir::Api> LoadApi(const std::string& path, SourceManager& sources,
                                             Diagnostics& diags);

}  // namespace seam

#endif  // SEAM_CLI_LOAD_H_
