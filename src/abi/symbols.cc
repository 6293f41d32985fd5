// Symbol and slot naming for the C ABI.
#include "abi/symbols.h"

#include <cctype>
#include <map>
#include <unordered_set>

namespace seam::abi {

std::string UpperCamel(std::string_view name) {
  // Words are runs of letters and digits, also split before an uppercase
  // letter that follows a lowercase letter or digit, or that starts a
  // capitalised word after an acronym ("HTTPServer" -> "Http", "Server").
  std::string out;
  out.reserve(name.size());
  bool in_word = false;
  unsigned char prev = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    if (!std::isalnum(c)) {
      in_word = false;
      continue;
    }
    bool starts = !in_word;
    if (in_word && std::isupper(c)) {
      bool next_lower = i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]));
      starts = std::islower(prev) || std::isdigit(prev) || (std::isupper(prev) && next_lower);
    }
    out += static_cast<char>(starts ? std::toupper(c) : std::tolower(c));
    in_word = true;
    prev = c;
  }
  return out;
}

std::string TypeTag(const ir::Module& owner, std::string_view name) {
  return owner.CPath() + "_" + std::string(name);
}

const std::vector<std::string>& RuntimeSymbolNames() {
  static const std::vector<std::string> names = {
      "handle_t",     "error",         "error_clear",    "free_string",
      "free_bytes",   "alloc",         "dealloc",        "cancel_token",
      "cancel_token_create", "cancel_token_cancel", "cancel_token_is_cancelled",
      "cancel_token_destroy", "arena_create", "arena_destroy", "arena_register",
      "seam_live_allocations",  // seam's additive leak probe
      "seam_release_bytes",     // seam's one-argument free_bytes, for finalizers
      "seam_contract",          // what the library was built from
  };
  return names;
}

const std::vector<std::string>& RuntimeFunctionNames() {
  static const std::vector<std::string> names = {
      "error_clear", "free_string", "free_bytes", "alloc", "dealloc",
      "cancel_token_create", "cancel_token_cancel", "cancel_token_is_cancelled", "cancel_token_destroy",
      "seam_live_allocations", "seam_release_bytes", "seam_contract",
  };
  return names;
}

std::vector<std::pair<std::string, std::string>> CompatRuntimeNames(const std::string& c_prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* name : {"error_clear", "free_string", "free_bytes", "cancel_token_create", "cancel_token_cancel",
                           "cancel_token_is_cancelled", "cancel_token_destroy"}) {
    out.emplace_back(std::string("weaveffi_") + name, name);
  }
  // WeaveFFI spells the allocator with the C prefix: only a library at the
  // default prefix had weaveffi_alloc.
  if (c_prefix == "weaveffi") {
    out.emplace_back("weaveffi_alloc", "alloc");
    out.emplace_back("weaveffi_dealloc", "dealloc");
  }
  return out;
}

std::vector<std::string> ParamSlotNames(const ir::TypeRef& t, const std::string& name) {
  using ir::TypeKind;
  switch (t.kind) {
    case TypeKind::kOptional:
      return ParamSlotNames(t.args[0], name);
    case TypeKind::kList:
      return {name, name + "_len"};
    case TypeKind::kMap:
      return {name + "_keys", name + "_values", name + "_len"};
    case TypeKind::kPrimitive:
      if (t.primitive == ir::Primitive::kBytes || t.primitive == ir::Primitive::kBorrowedBytes) {
        return {name + "_ptr", name + "_len"};
      }
      return {name};
    default:
      return {name};
  }
}

std::vector<std::string> ReturnSlotNames(const ir::TypeRef& t) {
  using ir::TypeKind;
  switch (t.kind) {
    case TypeKind::kOptional:
      return ReturnSlotNames(t.args[0]);
    case TypeKind::kList:
      return {"out_len"};
    case TypeKind::kMap:
      return {"out_keys", "out_values", "out_len"};
    case TypeKind::kPrimitive:
      if (t.primitive == ir::Primitive::kBytes) return {"out_len"};
      return {};
    default:
      return {};
  }
}

CallableShape ShapeOf(const ir::Function& f) {
  if (f.is_async) return CallableShape::kAsync;
  if (f.ret && f.ret->kind == ir::TypeKind::kIterator) return CallableShape::kIterator;
  return CallableShape::kSync;
}

std::vector<Slot> CallableSlots(const ir::Function& f, bool has_self) {
  std::vector<Slot> slots;
  if (has_self) slots.push_back({"self", nullptr});
  for (const ir::Param& p : f.params) {
    for (std::string& name : ParamSlotNames(p.type, p.name)) slots.push_back({std::move(name), &p});
  }
  switch (ShapeOf(f)) {
    case CallableShape::kSync:
      if (f.ret) {
        for (std::string& name : ReturnSlotNames(*f.ret)) slots.push_back({std::move(name), nullptr});
      }
      slots.push_back({"out_err", nullptr});
      break;
    case CallableShape::kIterator:
      slots.push_back({"out_err", nullptr});
      break;
    case CallableShape::kAsync:
      if (f.cancellable) slots.push_back({"cancel_token", nullptr});
      slots.push_back({"callback", nullptr});
      slots.push_back({"context", nullptr});
      break;
  }
  return slots;
}

}  // namespace seam::abi

namespace seam::abi {

bool IsCFamilyKeyword(std::string_view name) {
  // Hashed: every generated C name is checked, so this is a hot lookup.
  static const std::unordered_set<std::string_view> kWords = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
      "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
      "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
      "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
      "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
      "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
      "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
      "reinterpret_cast", "requires", "restrict", "return", "short", "signed", "sizeof", "static",
      "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
      "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
      "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq", "_Bool", "_Complex",
      "_Imaginary", "_Alignas", "_Alignof", "_Atomic", "_Generic", "_Noreturn", "_Static_assert",
      "_Thread_local", "NULL", "EOF", "errno", "assert", "stdin", "stdout", "stderr", "offsetof",
      "unix", "linux", "i386", "BUFSIZ", "CHAR_BIT",
      "INT_MAX", "INT_MIN", "SIZE_MAX", "UINT_MAX", "EXIT_SUCCESS", "EXIT_FAILURE", "RAND_MAX",
      "std", "seam", "override", "final", "import", "module",
      // The types and macros of <stdint.h>, <stddef.h> and <stdbool.h>, which
      // the header includes: a parameter spelled like a type hides it from
      // the parameters after it, and a macro replaces the name.
      "size_t", "ptrdiff_t", "max_align_t", "intptr_t", "uintptr_t", "intmax_t", "uintmax_t",
      "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
      "int_least8_t", "int_least16_t", "int_least32_t", "int_least64_t",
      "uint_least8_t", "uint_least16_t", "uint_least32_t", "uint_least64_t",
      "int_fast8_t", "int_fast16_t", "int_fast32_t", "int_fast64_t",
      "uint_fast8_t", "uint_fast16_t", "uint_fast32_t", "uint_fast64_t",
      "INT8_MIN", "INT16_MIN", "INT32_MIN", "INT64_MIN", "INT8_MAX", "INT16_MAX", "INT32_MAX", "INT64_MAX",
      "UINT8_MAX", "UINT16_MAX", "UINT32_MAX", "UINT64_MAX",
      "INT_LEAST8_MIN", "INT_LEAST16_MIN", "INT_LEAST32_MIN", "INT_LEAST64_MIN",
      "INT_LEAST8_MAX", "INT_LEAST16_MAX", "INT_LEAST32_MAX", "INT_LEAST64_MAX",
      "UINT_LEAST8_MAX", "UINT_LEAST16_MAX", "UINT_LEAST32_MAX", "UINT_LEAST64_MAX",
      "INT_FAST8_MIN", "INT_FAST16_MIN", "INT_FAST32_MIN", "INT_FAST64_MIN",
      "INT_FAST8_MAX", "INT_FAST16_MAX", "INT_FAST32_MAX", "INT_FAST64_MAX",
      "UINT_FAST8_MAX", "UINT_FAST16_MAX", "UINT_FAST32_MAX", "UINT_FAST64_MAX",
      "INTPTR_MIN", "INTPTR_MAX", "UINTPTR_MAX", "INTMAX_MIN", "INTMAX_MAX", "UINTMAX_MAX",
      "PTRDIFF_MIN", "PTRDIFF_MAX", "SIG_ATOMIC_MIN", "SIG_ATOMIC_MAX", "WCHAR_MIN", "WCHAR_MAX",
      "WINT_MIN", "WINT_MAX", "INT8_C", "INT16_C", "INT32_C", "INT64_C", "UINT8_C", "UINT16_C",
      "UINT32_C", "UINT64_C", "INTMAX_C", "UINTMAX_C",
      // Variables the C library declares in headers that C++ code includes
      // (<unistd.h>, <time.h>, <math.h>): a parameter spelled like one hides
      // it (-Wshadow).
      "environ", "optarg", "optind", "opterr", "optopt", "timezone", "daylight", "tzname", "signgam",
      "program_invocation_name", "program_invocation_short_name",
  };
  return kWords.count(name) > 0;
}

std::string SafeCName(std::string_view name) {
  std::string s(name);
  if (IsCFamilyKeyword(name)) s += '_';
  return s;
}

namespace {

template <typename T>
std::vector<std::string> UniqueCNames(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const T& item : items) names.push_back(SafeCName(item.name));
  // Validation keeps the unescaped names' slots apart, so only an escaped
  // name can meet another; each round lengthens one, so this ends.
  for (bool changed = true; changed;) {
    changed = false;
    std::map<std::string, int> uses;
    for (size_t i = 0; i < items.size(); ++i) {
      for (const std::string& slot : ParamSlotNames(items[i].type, names[i])) ++uses[slot];
    }
    for (size_t i = 0; i < items.size() && !changed; ++i) {
      if (names[i] == items[i].name) continue;
      for (const std::string& slot : ParamSlotNames(items[i].type, names[i])) {
        if (uses[slot] > 1) {
          names[i] += '_';
          changed = true;
          break;
        }
      }
    }
  }
  return names;
}

}  // namespace

std::vector<std::string> CParamNames(const std::vector<ir::Param>& params) { return UniqueCNames(params); }
std::vector<std::string> CParamNames(const std::vector<ir::Field>& fields) { return UniqueCNames(fields); }

std::string BuilderSetterParamName(const ir::Field& field) {
  std::string name = SafeCName(field.name);
  for (bool clash = true; clash;) {
    clash = false;
    for (const std::string& slot : ParamSlotNames(field.type, name)) clash = clash || slot == "builder";
    if (clash) name += '_';
  }
  return name;
}

}  // namespace seam::abi
