// Names for targets with one flat namespace per library (Dart, Python), where
// every module's declarations sit side by side. A declaration whose public
// names collide with another module's, or with a name the generated library
// itself declares, takes its module's path as a prefix.
#ifndef SEAM_GEN_FLAT_NAMES_H_
#define SEAM_GEN_FLAT_NAMES_H_

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "ir/ir.h"

namespace seam::gen {

struct FlatNames {
  using Key = std::pair<uint32_t, std::string>;  // (module index, IDL name)
  // The prefix of a type (structs, enums, interfaces, keyed "T:<name>") or
  // error domain ("D:<name>"): "" or the module path in the target's type case.
  std::map<Key, std::string> type_prefix;
  // The target name of every free function.
  std::map<Key, std::string> functions;
  // "" or "<module c path>_" for every listener, to prefix its register and
  // unregister function names with.
  std::map<Key, std::string> listener_scope;
  // What follows the type's name in the class of each rich-enum variant and
  // error code, keyed "<type>.<member>": the member in the type case, with
  // '_' appended while it repeats an earlier member's (`len` and `len_` both
  // spell `Len`), is empty or, for variants, is "Tag" (the tag enum's).
  std::map<Key, std::string> member_suffix;

  std::string Type(uint32_t module, std::string_view name, const std::string& spelled) const;
  std::string Domain(uint32_t module, std::string_view name, const std::string& spelled) const;
  // The suffix of `type`'s member `member` (see member_suffix).
  const std::string& Member(uint32_t module, std::string_view type, std::string_view member) const;
};

// Whether free functions and listener functions drop their module's path in
// `target` (WeaveFFI's strip_module_prefix): generators.global's (or
// generators.weaveffi's) setting when set, which WeaveFFI copies to every
// target, else the target's own, else true.
bool StripModulePrefix(const ir::Api& api, std::string_view target);

// `type_case` spells an IDL name as a type (e.g. UpperCamel); a type family is
// the type's own name, plus for rich enums `<Name>Tag` and `<Name><Variant>`,
// and for error domains `<Name><Code>` (each member's suffix made unique
// within its family). `fn_case` spells a function name. Without `strip`,
// every free function and listener function takes its module's path.
FlatNames AssignFlatNames(const ir::Api& api, const std::function<std::string(std::string_view)>& type_case,
                          const std::function<std::string(std::string_view)>& fn_case,
                          const std::set<std::string, std::less<>>& library_types, bool strip);

}  // namespace seam::gen

#endif  // SEAM_GEN_FLAT_NAMES_H_
