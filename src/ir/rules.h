// Shared state of the validation rule families (internal to src/ir).
#ifndef SEAM_IR_RULES_H_
#define SEAM_IR_RULES_H_

#include <map>
#include <set>
#include <string>

#include "base/diagnostics.h"
#include "ir/ir.h"

namespace seam::ir {

struct TypeDecl {
  DeclRef ref;
  SourceLoc loc;
};

struct ValidationContext {
  Api& api;
  Diagnostics& diags;
  // Every struct, enum and interface by bare name (first declaration wins).
  std::map<std::string, TypeDecl, std::less<>> types;
  // Declarations already reported as duplicates of an earlier one: later rules
  // skip them so one mistake gives one error.
  std::set<const void*> duplicates;

  [[nodiscard]] bool IsDuplicate(const void* p) const { return duplicates.count(p) != 0; }
};

// Names, identifiers, duplicates, interface and error-domain rules; fills
// `types` and `duplicates`.
void CheckNames(ValidationContext& ctx);
// Type references: existence (and resolution), positions, element shapes,
// async and iterator rules, callback parameters, field defaults.
void CheckTypes(ValidationContext& ctx);
// C symbols and C parameter slots: every generated name is unique.
void CheckSymbols(ValidationContext& ctx);

// The name of an identifier problem ("must start with ..."), or "" when `name`
// is a valid identifier.
std::string IdentifierProblem(std::string_view name);
// True for the 17 words WeaveFFI reserves.
bool IsReservedWord(std::string_view name);

}  // namespace seam::ir

#endif  // SEAM_IR_RULES_H_
