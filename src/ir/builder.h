// Builds the IR from a parsed document: checks the document's shape (known
// keys, value kinds, required keys, schema version) and parses type strings.
// Semantic rules live in validate.h.
#ifndef SEAM_IR_BUILDER_H_
#define SEAM_IR_BUILDER_H_

#include <optional>

#include "base/diagnostics.h"
#include "idl/document.h"
#include "ir/ir.h"

namespace seam::ir {

inline constexpr std::string_view kCurrentSchemaVersion = "0.5.0";
inline constexpr std::string_view kLegacySchemaVersion = "0.4.0";

// Returns nullopt when the document cannot be read as an API at all (not a
// mapping, or an unsupported schema version). Otherwise returns the API with
// every well-formed part; problems are in `diags`.
[[nodiscard]] std::optional<Api> BuildApi(const Document& doc, Diagnostics& diags);

}  // namespace seam::ir

#endif  // SEAM_IR_BUILDER_H_
