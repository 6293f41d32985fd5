// Semantic validation of a built API: every rule of WeaveFFI (reference §2.4)
// plus the checks whose absence yields broken generated code (§2.6). All
// problems are collected; cascades are suppressed.
#ifndef SEAM_IR_VALIDATE_H_
#define SEAM_IR_VALIDATE_H_

#include "base/diagnostics.h"
#include "ir/ir.h"

namespace seam::ir {

// Runs every rule and resolves every named type reference. The API is valid
// (ready for lowering) when `diags` holds no errors afterwards.
void Validate(Api& api, Diagnostics& diags);

}  // namespace seam::ir

#endif  // SEAM_IR_VALIDATE_H_
