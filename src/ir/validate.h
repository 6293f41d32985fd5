// Semantic validation of a built API: every rule of WeaveFFI (reference §2.4)
// plus the checks whose absence yields broken generated code (§2.6). All
// problems are collected; cascades are suppressed.
#ifndef SEAM_IR_VALIDATE_H_
#define SEAM_IR_VALIDATE_H_

#include "base/diagnostics.h"
#include "ir/ir.h"

#include <string>
#include <vector>

namespace seam::ir {

// Runs every rule and resolves every named type reference. The API is valid
// (ready for lowering) when `diags` holds no errors afterwards.
void Validate(Api& api, Diagnostics& diags);

// One C symbol a library defines or declares, and what declares it.
struct CSymbol {
  std::string name;
  SourceLoc loc;      // unknown for the runtime functions
  std::string what;   // "function 'add'", "struct 'Point' (its builder)"...
  bool linked = true;  // a function; else a type or an enum constant
};

// Every C symbol of a valid API's header that is its own, sorted by name: the
// functions, types and enum constants of its declarations, and its runtime
// functions under its runtime prefix (ir::Api::RuntimePrefix). Not the
// runtime's shared type names nor the WeaveFFI names of its functions,
// which every library has.
std::vector<CSymbol> CSymbols(Api& api);

}  // namespace seam::ir

#endif  // SEAM_IR_VALIDATE_H_
