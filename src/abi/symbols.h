// C symbol names of the WeaveFFI-compatible ABI (reference §3.1), computed in
// one place: validation checks them for collisions and the lowering uses the
// same functions, so the two can never disagree. Names here exclude the
// "{prefix}_" that every symbol starts with.
#ifndef SEAM_ABI_SYMBOLS_H_
#define SEAM_ABI_SYMBOLS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ir/ir.h"

namespace seam::abi {

// heck-compatible UpperCamelCase: words split at non-alphanumerics and case
// boundaries, each recased. "get_messages" -> "GetMessages", "get_HTTP" -> "GetHttp".
std::string UpperCamel(std::string_view name);

// "{path}_{Name}" for a type declared in `owner`.
std::string TypeTag(const ir::Module& owner, std::string_view name);

// Runtime names every header declares ("error", "free_string", ...), which no
// user symbol may take.
const std::vector<std::string>& RuntimeSymbolNames();

// The functions every library defines under its runtime prefix
// (ir::Api::RuntimePrefix), without it: "error_clear", "free_string", ...,
// "seam_live_allocations", "seam_release_bytes", "seam_contract".
const std::vector<std::string>& RuntimeFunctionNames();

// The WeaveFFI names of the runtime functions, which WeaveFFI-built
// consumers call: weaveffi_error_clear, weaveffi_free_string,
// weaveffi_free_bytes and the weaveffi_cancel_token_* functions, and for a
// library at the default C prefix also weaveffi_alloc and weaveffi_dealloc.
// A seam library defines them as weak forwarders to its own runtime
// functions (they are the only names two seam libraries may share).
// Pairs of (compatibility name, runtime function name without prefix).
std::vector<std::pair<std::string, std::string>> CompatRuntimeNames(const std::string& c_prefix);

// One C parameter slot and the IDL parameter it comes from (nullptr for slots
// the ABI adds, such as out_err).
struct Slot {
  std::string name;
  const ir::Param* param = nullptr;
};

// Slot names of a parameter of type `t` named `name` (reference §3.4):
// `n`, or `n_ptr, n_len` for bytes, `n, n_len` for lists,
// `n_keys, n_values, n_len` for maps; optionals use their inner type's slots.
std::vector<std::string> ParamSlotNames(const ir::TypeRef& t, const std::string& name);
// Out-parameter names a return type adds (reference §3.5): out_len, out_keys...
std::vector<std::string> ReturnSlotNames(const ir::TypeRef& t);

// Kinds of C prototypes a callable lowers to.
enum class CallableShape { kSync, kAsync, kIterator };
[[nodiscard]] CallableShape ShapeOf(const ir::Function& f);

// The C parameter slots of a callable's main prototype, in order.
std::vector<Slot> CallableSlots(const ir::Function& f, bool has_self);

}  // namespace seam::abi

#endif  // SEAM_ABI_SYMBOLS_H_

namespace seam::abi {

// True for C and C++ keywords, alternative tokens and the standard macros a
// generated identifier must not be spelled as ("class", "int", "and", "NULL").
bool IsCFamilyKeyword(std::string_view name);
// `name`, or `name_` when it is a C-family keyword. Used for C parameter names,
// which are not part of the ABI, and for every identifier in generated C++.
std::string SafeCName(std::string_view name);
// The C names of one prototype's parameters (or of a record's fields, which
// its constructor takes), in order: SafeCName of each, where an escaped name
// takes more '_' while one of its slots (ParamSlotNames) would repeat another
// parameter's (`new` and `new_` side by side become `new__` and `new_`).
std::vector<std::string> CParamNames(const std::vector<ir::Param>& params);
std::vector<std::string> CParamNames(const std::vector<ir::Field>& fields);
// The C name of a builder setter's value parameter: SafeCName of the field,
// with '_' appended while a slot would be spelled `builder` (the builder's).
std::string BuilderSetterParamName(const ir::Field& field);

}  // namespace seam::abi
