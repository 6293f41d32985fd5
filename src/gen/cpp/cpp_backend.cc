// The C++ consumer backend: one C++17 header over the C ABI (see
// cpp_backend.h). Every call goes straight to the C function: arguments are
// lent for the call (strings and buffers without copies; records built as C
// objects the call's Keep releases), results are copied into C++ values and
// released at once, failures become exceptions.
#include "gen/cpp/cpp_backend.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <set>
#include <tuple>

#include "abi/contract.h"
#include "abi/model.h"
#include "abi/symbols.h"
#include "base/code_writer.h"
#include "gen/c_family.h"
#include "gen/cpp/cpp_runtime.h"
#include "gen/cpp_producer/cpp_types.h"
#include "gen/cpp_producer/parts.h"

namespace seam::gen {
namespace {

using abi::Carrier;
using ir::DeclKind;
using ir::Primitive;
using ir::TypeKind;
using ir::TypeRef;

// `base`, with underscores appended until it is not in `taken`; then taken.
std::string Fresh(std::set<std::string>& taken, std::string base) {
  while (taken.count(base)) base += '_';
  taken.insert(base);
  return base;
}

// The element type of an array slot ("const T* const*" -> "const T* const").
std::string Pointee(std::string type) {
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (!type.empty() && type.back() == '*') type.pop_back();
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type;
}

class Renderer {
 public:
  Renderer(const Input& in, Diagnostics& diags)
      : in_(in),
        api_(in.api()),
        diags_(diags),
        model_(in.model()),
        low_(api_),
        ns_(CppNamespace(api_)),
        names_(api_, ns_) {}

  std::string HeaderName() const {
    std::string h = Setting(api_, "cpp", "header_name");
    return h.empty() ? model_.prefix + ".hpp" : h;
  }

  std::vector<OutputFile> Render() {
    CheckSettings();
    CheckSupported();
    if (diags_.has_errors()) return {};
    // Unique to the library, as its runtime prefix is.
    std::string guard = MacroPrefix(model_.runtime_prefix) + "_" + MacroPrefix(HeaderName()) + "_";
    for (char& c : guard) {
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    WritePrelude(w_, api_);
    w_.Emit(R"cc(

      // C++17 bindings for the $lib$ library: compile with -I<dir>/c -I<dir>/cpp
      // (the C header of the same IDL) and link the library.
      #ifndef $guard$
      #define $guard$

      #include <cstddef>
      #include <cstdint>
      #include <cstring>
      #include <exception>
      #include <functional>
      #include <future>
      #include <iterator>
      #include <map>
      #include <memory>
      #include <new>
      #include <optional>
      #include <stdexcept>
      #include <string>
      #include <type_traits>
      #include <utility>
      #include <variant>
      #include <vector>

      #if __has_include("../c/$c_header$")
      #include "../c/$c_header$"  // this library's, where headers of several share a name
      #else
      #include "$c_header$"
      #endif
    )cc",
            {{"lib", LibraryName(api_, "cpp")}, {"guard", guard}, {"c_header", model_.prefix + ".h"}});
    // The bindings call deprecated C functions on purpose (their own C++
    // declarations carry the deprecation to the user).
    w_.Emit(R"cc(

      #if defined(__GNUC__) || defined(__clang__)
      #pragma GCC diagnostic push
      #pragma GCC diagnostic ignored "-Wdeprecated-declarations"
      #endif
    )cc");
    PackedDeclarations();
    w_.Emit(cpp_consumer::kRuntime, {{"ns", ns_}, {"p", model_.prefix}, {"r", model_.runtime_prefix}});
    w_.Blank();
    for (const abi::ModuleModel& mm : model_.modules) Declarations(mm);
    SortedRecords();
    for (const abi::ModuleModel& mm : model_.modules) Interfaces(mm);
    Conversions();
    for (const abi::ModuleModel& mm : model_.modules) Definitions(mm);
    Contract();
    w_.Emit(R"cc(
      #if defined(__GNUC__) || defined(__clang__)
      #pragma GCC diagnostic pop
      #endif

    )cc");
    w_.Line("#endif  // " + guard);
    return {{HeaderName(), w_.Take()}, {"README.md", Readme()}};
  }

 private:
  // seam's packed twins (abi/packed.h), which the C header leaves out: the
  // bindings read a result that holds records from one buffer.
  void PackedDeclarations() {
    std::vector<const abi::CFunction*> fns;
    auto add = [&](const std::vector<abi::CallableModel>& cs) {
      for (const abi::CallableModel& c : cs) {
        if (!c.packed.symbol.empty() && c.role != abi::CallableRole::kConstructor) fns.push_back(&c.packed);
      }
    };
    for (const abi::ModuleModel& mm : model_.modules) {
      add(mm.functions);
      for (const abi::InterfaceModel& i : mm.interfaces) {
        add(i.statics);
        add(i.methods);
      }
    }
    if (fns.empty()) return;
    w_.Blank();
    w_.Line("// seam's packed results: a result that holds records, in one buffer");
    w_.Line("// (freed with the library's free_bytes). Libraries WeaveFFI built lack");
    w_.Line("// them: define SEAM_WEAVEFFI_RUNTIME_NAMES to use the field-by-field calls.");
    w_.Line("#ifndef SEAM_WEAVEFFI_RUNTIME_NAMES");
    w_.Line("extern \"C\" {");
    for (const abi::CFunction* f : fns) w_.Line(MacroPrefix(model_.prefix) + "_API " + f->Signature() + ";");
    w_.Line("}");
    w_.Line("#endif");
  }

  // The load-time contract check (src/abi/contract.h). It needs a weak
  // reference, so that a library without the symbol still links.
  void Contract() {
    std::string sym = abi::ContractSymbol(model_);
    w_.Emit(R"cc(
      // ---- The contract ----
      // What these bindings were generated from: one hash per declaration.
      // Before main() runs they compare it with the library's and stop with a
      // message naming what differs if the library was built from a different
      // interface definition, instead of corrupting memory later. A library
      // without a contract (not built by seam) works, with a warning that
      // SEAM_NO_CONTRACT_WARNING=1 in the environment silences. Define
      // SEAM_NO_CONTRACT_CHECK to leave the check out.
      #if !defined(SEAM_NO_CONTRACT_CHECK) && (defined(__GNUC__) || defined(__clang__)) && !defined(_WIN32)
      #include <cstdio>
      #include <cstdlib>

      extern "C" const char* $sym$(void) __attribute__((weak));

      namespace $ns$::detail {

      // "kind name" -> hash, in contract order.
      inline std::vector<std::pair<std::string, std::string>> ContractEntries(const char* text) {
        std::vector<std::pair<std::string, std::string>> out;
        std::string s = text ? text : "";
        for (std::size_t start = s.find('\n'); start != std::string::npos && start + 1 < s.size();) {
          std::size_t end = s.find('\n', start + 1);
          std::string line = s.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
          std::size_t space = line.rfind(' ');
          if (space != std::string::npos) out.emplace_back(line.substr(0, space), line.substr(space + 1));
          start = end;
        }
        return out;
      }

      inline bool CheckContract(const char* ours) {
        if (&$sym$ == nullptr) {
          const char* quiet = std::getenv("SEAM_NO_CONTRACT_WARNING");
          if (!quiet || !*quiet) {
            std::fputs("$lib$: warning: the native library has no seam contract ($sym$), so these "
                       "bindings cannot check that it was built from the same interface definition; set "
                       "SEAM_NO_CONTRACT_WARNING=1 to silence this warning\n",
                       stderr);
          }
          return false;
        }
        std::map<std::string, std::string> have;
        for (auto& entry : ContractEntries($sym$())) have.insert(std::move(entry));
        std::vector<std::string> changed, missing;
        for (const auto& [key, hash] : ContractEntries(ours)) {
          auto it = have.find(key);
          if (it == have.end()) {
            missing.push_back(key);
          } else if (it->second != hash) {
            changed.push_back(key);
          }
        }
        if (changed.empty() && missing.empty()) return true;
        std::string message = "$lib$: the native library was built from a different interface definition than "
                              "these bindings ($idl$)";
        for (const auto* list : {&changed, &missing}) {
          if (list->empty()) continue;
          message += list == &changed ? ": changed: " : "; missing from the library: ";
          for (std::size_t i = 0; i < list->size() && i < 8; ++i) message += (i ? ", " : "") + (*list)[i];
          if (list->size() > 8) message += " and " + std::to_string(list->size() - 8) + " more";
        }
        message += ". Regenerate the bindings from the library's interface definition, or rebuild the library "
                   "from theirs.\n";
        std::fputs(message.c_str(), stderr);
        std::abort();
      }

    )cc",
            {{"sym", sym}, {"ns", ns_}, {"lib", LibraryName(api_, "cpp")}, {"idl", IdlBasename(api_)}});
    w_.Line("inline const bool contract_checked = CheckContract(");
    const std::string& text = in_.contract_text();
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find('\n', start) + 1;
      w_.Line("    " + CStringLiteral(text.substr(start, end - start)) + (end >= text.size() ? ");" : ""));
      start = end;
    }
    w_.Blank();
    w_.Line("}  // namespace " + ns_ + "::detail");
    w_.Line("#endif  // SEAM_NO_CONTRACT_CHECK");
    w_.Blank();
  }

  // ---- what this target cannot express yet ----
  void Unsupported(const SourceLoc& loc, const std::string& what) {
    diags_.Error(loc, "CppUnsupported", "cpp cannot generate " + what + " yet");
  }

  void CheckType(const TypeRef& t, const std::string& where) {
    switch (t.kind) {
      case TypeKind::kNamed:
        return;
      default:
        for (const TypeRef& a : t.args) CheckType(a, where);
    }
  }

  void CheckFunction(const ir::Function& f, const std::string& what) {
    for (const ir::Param& p : f.params) {
      if (p.is_mutable) {
        cpp::MutableView view = cpp::MutableViewOf(p.type);
        bool bools = view == cpp::MutableView::kArray && p.type.args[0].primitive == Primitive::kBool;
        if (view == cpp::MutableView::kNone || bools || (f.is_async && view != cpp::MutableView::kByValue)) {
          Unsupported(p.mutable_loc, std::string(f.is_async ? "the async " : "") + "mutable parameter '" + p.name +
                                         "' of " + what + " (type '" + ir::Spell(p.type) + "')");
        }
      }
      CheckType(p.type, "parameter '" + p.name + "' of " + what);
    }
    if (f.ret) CheckType(*f.ret, "the result of " + what);
  }

  // generators.cpp: `namespace`; `header_name`, a plain file name (it is
  // written under DIR/cpp/ and included by that name); `standard`, C++17 or
  // later (the bindings are C++17 and compile under every later standard).
  void CheckSettings() {
    CheckCppNamespace(api_, "cpp", diags_);
    if (const ir::Value* v = SettingValue(api_, "cpp", "header_name");
        v && v->kind == ir::Value::Kind::kString) {
      const std::string& h = v->text;
      bool plain = !h.empty() && h[0] != '.' && std::all_of(h.begin(), h.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '+';
      });
      if (!plain) {
        diags_.Error(v->loc, "CppSetting",
                     fmt::format("generators.cpp.header_name '{}' is not a plain file name: use letters, "
                                 "digits, '_', '-', '+' and '.', without a directory",
                                 h));
      }
    }
    if (const ir::Value* v = SettingValue(api_, "cpp", "standard")) {
      // 17, "17", "c++17" and "gnu++20" all name a standard.
      std::string_view text = v->text;
      for (std::string_view dialect : {"c++", "C++", "gnu++"}) {
        if (text.starts_with(dialect)) text.remove_prefix(dialect.size());
      }
      int year = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
      bool old = year == 98 || year == 3 || year == 11 || year == 14;
      if (ec != std::errc() || end != text.data() + text.size() || text.size() != 2 ||
          (!old && (year < 17 || (year - 17) % 3 != 0))) {
        diags_.Error(v->loc, "CppSetting",
                     fmt::format("generators.cpp.standard '{}' is not a C++ standard: write its year, "
                                 "such as 17 or 20",
                                 v->text));
      } else if (old) {
        diags_.Error(v->loc, "CppSetting",
                     fmt::format("generators.cpp.standard '{}': seam's C++ bindings need C++17 or later",
                                 v->text));
      }
    }
  }

  void CheckSupported() {
    for (const ir::Module& m : api_.modules) {
      std::string mod = m.DottedPath();
      for (const ir::Callback& c : m.callbacks) {
        for (const ir::Param& p : c.params) {
          std::string where = "parameter '" + p.name + "' of callback '" + mod + "." + c.name + "'";
          CheckType(p.type, where);
          if (abi::CarrierOf(abi::StripOptional(p.type)) == Carrier::kInterface) Unsupported(p.type.loc, "the interface " + where);
        }
      }
      for (const ir::Enum& e : m.enums) {
        for (const ir::EnumVariant& v : e.variants) {
          for (const ir::Field& f : v.fields) {
            std::string where = "field '" + f.name + "' of '" + mod + "." + e.name + "." + v.name + "'";
            CheckType(f.type, where);
            if (abi::CarrierOf(abi::StripOptional(f.type)) == Carrier::kInterface) {
              Unsupported(f.type.loc, "the interface " + where);
            }
          }
        }
      }
      for (const ir::Struct& s : m.structs) {
        for (const ir::Field& f : s.fields) {
          std::string where = "field '" + f.name + "' of '" + mod + "." + s.name + "'";
          CheckType(f.type, where);
          if (abi::CarrierOf(abi::StripOptional(f.type)) == Carrier::kInterface) {
            Unsupported(f.type.loc, "the interface " + where);
          }
        }
      }
      for (const ir::Function& f : m.functions) CheckFunction(f, "'" + mod + "." + f.name + "'");
      for (const ir::Interface& i : m.interfaces) {
        for (const auto* list : {&i.constructors, &i.methods, &i.statics}) {
          for (const ir::Function& f : *list) CheckFunction(f, "'" + mod + "." + i.name + "." + f.name + "'");
        }
      }
    }
  }

  // ---- names and types ----
  // A field's member name in its struct (`owner`, the record's or variant's
  // C++ name): a member spelled like its class would hide the class's name.
  static std::string FieldId(std::string_view owner, const ir::Field& f) { return cpp::MemberId(owner, f.name); }
  std::string Q(const ir::DeclRef& d) const { return names_.Qualified(d); }
  const ir::Module& ModuleOf(const ir::DeclRef& d) const { return api_.modules[d.module]; }

  std::string CType(const ir::DeclRef& d) const { return low_.DeclTag(d); }

  // The C++ value type of `t`.
  std::string Type(const TypeRef& t) const {
    switch (t.kind) {
      case TypeKind::kPrimitive:
        switch (t.primitive) {
          case Primitive::kString:
          case Primitive::kBorrowedStr: return "std::string";
          case Primitive::kBytes:
          case Primitive::kBorrowedBytes: return "std::vector<std::uint8_t>";
          case Primitive::kHandle: return "std::uint64_t";
          case Primitive::kBool: return "bool";
          case Primitive::kF32: return "float";
          case Primitive::kF64: return "double";
          default: return "std::" + std::string(abi::Lowering::ScalarCType(t.primitive));
        }
      case TypeKind::kNamed: return Q(t.decl);
      case TypeKind::kOptional: return "std::optional<" + Type(t.args[0]) + ">";
      case TypeKind::kList: return "std::vector<" + Type(t.args[0]) + ">";
      case TypeKind::kMap: return "std::map<" + Type(t.args[0]) + ", " + Type(t.args[1]) + ">";
      case TypeKind::kIterator: return "::" + ns_ + "::Iter<" + Type(t.args[0]) + ">";
      case TypeKind::kTypedHandle: return "::" + ns_ + "::Handle<" + Q(t.decl) + ">";
      default: throw InternalError("cpp: unsupported type reached rendering");
    }
  }

  // How a parameter is declared: small values by value, the rest by const&;
  // an optional interface is `const I*` (nullptr when absent).
  std::string ParamType(const TypeRef& t) const {
    const TypeRef& s = abi::StripOptional(t);
    Carrier k = abi::CarrierOf(s);
    if (k == Carrier::kInterface) return t.kind == TypeKind::kOptional ? "const " + Q(s.decl) + "*" : "const " + Q(s.decl) + "&";
    if (t.kind != TypeKind::kOptional && (k == Carrier::kScalar || k == Carrier::kEnum || k == Carrier::kHandle ||
                                          k == Carrier::kTypedHandle)) {
      return Type(t);
    }
    return "const " + Type(t) + "&";
  }
  std::string ParamDecl(const ir::Param& p) const {
    if (p.is_mutable) {
      switch (cpp::MutableViewOf(p.type)) {
        case cpp::MutableView::kChars:
        case cpp::MutableView::kBytes:
        case cpp::MutableView::kArray:
        case cpp::MutableView::kObject: return Type(p.type) + "& " + cpp::Id(p.name);
        default: break;
      }
    }
    return ParamType(p.type) + " " + cpp::Id(p.name);
  }

  // ---- lending arguments ----
  std::string ElemLend(const TypeRef& t, const std::string& x) {
    const TypeRef& s = abi::StripOptional(t);
    bool opt = t.kind == TypeKind::kOptional;
    switch (abi::CarrierOf(s)) {
      case Carrier::kScalar:
      case Carrier::kHandle: return x;
      case Carrier::kEnum: {
        std::string c = "static_cast<" + CType(s.decl) + ">(" + (opt ? "*" + x : x) + ")";
        return opt ? fmt::format("{} ? seam_keep.Box({}) : nullptr", x, c) : c;
      }
      case Carrier::kString: return opt ? fmt::format("::{}::detail::CStr({})", ns_, x) : x + ".c_str()";
      case Carrier::kObject: {
        std::string lend = fmt::format("::{}::detail::Conv<{}>::Lend({}, seam_keep)", ns_, Q(s.decl), opt ? "*" + x : x);
        return opt ? fmt::format("{} ? {} : nullptr", x, lend) : lend;
      }
      case Carrier::kInterface: return opt ? fmt::format("{} ? {}->raw() : nullptr", x, x) : x + ".raw()";
      case Carrier::kTypedHandle: {
        std::string c = "static_cast<" + CType(s.decl) + "*>(";
        return opt ? fmt::format("{0} ? {1}{0}->raw) : nullptr", x, c) : c + x + ".raw)";
      }
      default: throw InternalError("cpp: element kind");
    }
  }
  static bool ElemNeedsKeep(const TypeRef& t) {
    const TypeRef& s = abi::StripOptional(t);
    Carrier k = abi::CarrierOf(s);
    return k == Carrier::kObject || (k == Carrier::kEnum && t.kind == TypeKind::kOptional);
  }

  // The C arguments of parameter `t` held in `e`; sets `keep` when the call
  // needs a Keep. `slots` are its lowered C parameters.
  std::vector<std::string> Lend(const TypeRef& t, const std::string& e, const std::vector<abi::CParam>& slots,
                                bool& keep) {
    const TypeRef& s = abi::StripOptional(t);
    bool opt = t.kind == TypeKind::kOptional;
    Carrier k = abi::CarrierOf(s);
    switch (k) {
      case Carrier::kScalar:
      case Carrier::kHandle:
        return {opt ? fmt::format("{0} ? &*{0} : nullptr", e) : e};
      case Carrier::kEnum:
      case Carrier::kString:
      case Carrier::kObject:
      case Carrier::kInterface:
      case Carrier::kTypedHandle:
        keep = keep || ElemNeedsKeep(t);
        return {ElemLend(t, e)};
      case Carrier::kBytes:
        if (!opt) return {fmt::format("::{}::detail::Data({})", ns_, e), e + ".size()"};
        return {fmt::format("{0} ? ::{1}::detail::Data(*{0}) : nullptr", e, ns_), fmt::format("{0} ? {0}->size() : 0", e)};
      case Carrier::kList: {
        const TypeRef& el = s.args[0];
        std::string v = opt ? "(*" + e + ")" : e;
        std::string arr;
        bool direct = el.kind == TypeKind::kPrimitive && abi::CarrierOf(el) == Carrier::kScalar &&
                      el.primitive != Primitive::kBool;
        if (direct || (el.kind == TypeKind::kPrimitive && el.primitive == Primitive::kHandle)) {
          arr = fmt::format("::{}::detail::Data({})", ns_, v);
        } else {
          keep = true;
          std::string elem = Pointee(slots[0].type);
          arr = fmt::format("::{}::detail::LendArray<{}>({}, seam_keep, [&](const {}& x) {{ return {}; }})", ns_, elem,
                            v, Type(el), ElemLend(el, "x"));
          keep = keep || ElemNeedsKeep(el);
        }
        if (!opt) return {arr, e + ".size()"};
        return {fmt::format("{} ? {} : nullptr", e, arr), fmt::format("{0} ? {0}->size() : 0", e)};
      }
      case Carrier::kMap: {
        keep = true;
        const TypeRef& kt = s.args[0];
        const TypeRef& vt = s.args[1];
        std::string v = opt ? "(*" + e + ")" : e;
        std::string ks = fmt::format("::{}::detail::LendArray<{}>({}, seam_keep, [&](const auto& kv) {{ return {}; }})",
                                     ns_, Pointee(slots[0].type), v, ElemLend(kt, "kv.first"));
        std::string vs = fmt::format("::{}::detail::LendArray<{}>({}, seam_keep, [&](const auto& kv) {{ return {}; }})",
                                     ns_, Pointee(slots[1].type), v, ElemLend(vt, "kv.second"));
        if (!opt) return {ks, vs, e + ".size()"};
        return {fmt::format("{} ? {} : nullptr", e, ks), fmt::format("{} ? {} : nullptr", e, vs),
                fmt::format("{0} ? {0}->size() : 0", e)};
      }
      default: throw InternalError("cpp: parameter kind");
    }
  }

  // ---- taking results ----
  std::string Destroy(const ir::DeclRef& d) const {
    const abi::ModuleModel& mm = model_.modules[d.module];
    if (d.kind == DeclKind::kStruct) {
      for (const abi::StructModel& s : mm.structs) {
        if (s.decl == &api_.modules[d.module].structs[d.index]) return s.destroy.symbol;
      }
    }
    for (const abi::RichEnumModel& r : mm.rich_enums) {
      if (d.kind == DeclKind::kRichEnum && r.decl == &api_.modules[d.module].enums[d.index]) return r.destroy.symbol;
    }
    for (const abi::InterfaceModel& i : mm.interfaces) {
      if (d.kind == DeclKind::kInterface && i.decl == &api_.modules[d.module].interfaces[d.index]) {
        return i.destroy.symbol;
      }
    }
    throw InternalError("cpp: no destroy function");
  }

  // A C++ expression taking the C element `x` of type `t`: owned (released
  // here) or, for async results, `borrowed` (buffers copied and left to the
  // library; objects are adopted either way).
  std::string ElemTake(const TypeRef& t, const std::string& x, bool borrowed = false, bool copy_objects = false) {
    const TypeRef& s = abi::StripOptional(t);
    bool opt = t.kind == TypeKind::kOptional;
    std::string T = Type(t);
    switch (abi::CarrierOf(s)) {
      case Carrier::kScalar:
      case Carrier::kHandle:
        if (!opt) return x;
        return borrowed ? fmt::format("{0} ? {1}(*{0}) : std::nullopt", x, T)
                        : fmt::format("::{}::detail::TakeBox({})", ns_, x);
      case Carrier::kEnum:
        if (!opt) return "static_cast<" + Q(s.decl) + ">(" + x + ")";
        if (borrowed) return fmt::format("{0} ? {1}(static_cast<{2}>(*{0})) : std::nullopt", x, T, Q(s.decl));
        return fmt::format("[&] {{ auto b = ::{}::detail::TakeBox({}); return b ? {}(static_cast<{}>(*b)) : "
                           "{}(); }}()",
                           ns_, x, T, Q(s.decl), T);
      case Carrier::kString: {
        std::string take = borrowed ? fmt::format("std::string({})", x) : fmt::format("::{}::detail::TakeString({})", ns_, x);
        if (borrowed && !opt) take = fmt::format("std::string({0} ? {0} : \"\")", x);
        return opt ? fmt::format("{} ? {}({}) : std::nullopt", x, T, take) : take;
      }
      case Carrier::kObject: {
        std::string take =
            fmt::format("::{}::detail::Conv<{}>::{}({})", ns_, Q(s.decl), copy_objects ? "Copy" : "Take", x);
        return opt ? fmt::format("{} ? {}({}) : std::nullopt", x, T, take) : take;
      }
      case Carrier::kInterface: {
        std::string take = fmt::format("{}(::{}::detail::kAdopt, {})", Q(s.decl), ns_, x);
        return opt ? fmt::format("{} ? {}({}) : std::nullopt", x, T, take) : take;
      }
      case Carrier::kTypedHandle: {
        std::string take = fmt::format("{}{{{}}}", Type(s), x);
        return opt ? fmt::format("{} ? {}({}) : std::nullopt", x, T, take) : take;
      }
      default: throw InternalError("cpp: element take");
    }
  }
  // A statement releasing the owned C element `x` (for arrays cut short).
  std::string ElemDrop(const TypeRef& t, const std::string& x, bool borrowed = false) {
    const TypeRef& s = abi::StripOptional(t);
    bool opt = t.kind == TypeKind::kOptional;
    Carrier k = abi::CarrierOf(s);
    if (borrowed && k != Carrier::kObject && k != Carrier::kInterface) return "(void)" + x + ";";
    switch (k) {
      case Carrier::kString: return fmt::format("{}_free_string({});", model_.prefix, x);
      case Carrier::kObject:
      case Carrier::kInterface: return fmt::format("if ({0}) {1}({0});", x, Destroy(s.decl));
      default:
        if (opt) return fmt::format("{}_free_bytes(reinterpret_cast<std::uint8_t*>({}), sizeof(*{}));", model_.prefix, x, x);
        return "(void)" + x + ";";
    }
  }

  // Emits the call `symbol(args..., out slots..., [&err])` of a function
  // returning `t` (or nothing) and returns the C++ expression of its result.
  std::string CallAndTake(const std::optional<TypeRef>& t, const abi::CFunction& f, std::vector<std::string> args,
                          size_t first_out, const std::string& err, std::set<std::string> taken) {
    auto local = [&](const std::string& n) { return Fresh(taken, n); };
    std::map<std::string, std::string> outs;
    for (size_t i = first_out; i < f.params.size(); ++i) {
      const abi::CParam& p = f.params[i];
      if (p.name == "out_err") continue;
      std::string v = local("seam_" + p.name);
      w_.LineF("{} {}{{}};", Pointee(p.type), v);
      outs[p.name] = v;
      args.push_back("&" + v);
    }
    if (!err.empty()) args.push_back("&" + err + ".err");
    std::string call = f.symbol + "(" + Join(args) + ")";
    if (!t) {
      w_.Line(call + ";");
      return "";
    }
    std::string r = local("seam_r");
    if (f.ret == "void") {  // maps come back in out-parameters only
      w_.Line(call + ";");
    } else {
      w_.LineF("auto {} = {};", r, call);
    }
    return TakeExpr(*t, r, outs, false);
  }

  // The C++ value of a result of type `t` in `r` and the out slots `outs`
  // ("out_len", "out_keys", "out_values").
  std::string TakeExpr(const TypeRef& t, const std::string& r, std::map<std::string, std::string> outs,
                       bool borrowed, bool copy_objects = false) {
    const TypeRef& s = abi::StripOptional(t);
    bool opt = t.kind == TypeKind::kOptional;
    std::string T = Type(t);
    std::string owned = borrowed ? ", false" : "";
    switch (abi::CarrierOf(s)) {
      case Carrier::kBytes: {
        std::string take = borrowed ? fmt::format("std::vector<std::uint8_t>({0}, {0} + ({0} ? {1} : 0))", r, outs["out_len"])
                                    : fmt::format("::{}::detail::TakeBytes({}, {})", ns_, r, outs["out_len"]);
        return opt ? fmt::format("{} ? {}({}) : std::nullopt", r, T, take) : take;
      }
      case Carrier::kList: {
        const TypeRef& el = s.args[0];
        std::string take = fmt::format(
            "::{0}::detail::TakeArray<{1}>({2}, {3}, [&](auto x) {{ return {4}; }}, [&](auto x) {{ {5} }}{6})", ns_,
            Type(el), r, outs["out_len"], ElemTake(el, "x", borrowed, copy_objects),
            copy_objects ? "(void)x;" : ElemDrop(el, "x", borrowed), owned);
        return opt ? fmt::format("{} ? {}({}) : std::nullopt", r, T, take) : take;
      }
      case Carrier::kMap: {
        const TypeRef& kt = s.args[0];
        const TypeRef& vt = s.args[1];
        std::string take = fmt::format(
            "::{0}::detail::TakeMap<{1}, {2}>({3}, {4}, {5}, [&](auto x) {{ return {6}; }}, [&](auto x) {{ return "
            "{7}; }}, [&](auto x) {{ {8} }}, [&](auto x) {{ {9} }}{10})",
            ns_, Type(kt), Type(vt), outs["out_keys"], outs["out_values"], outs["out_len"],
            ElemTake(kt, "x", borrowed, copy_objects), ElemTake(vt, "x", borrowed, copy_objects),
            copy_objects ? "(void)x;" : ElemDrop(kt, "x", borrowed), copy_objects ? "(void)x;" : ElemDrop(vt, "x", borrowed),
            owned);
        return opt ? fmt::format("{} ? {}({}) : std::nullopt", outs["out_keys"], T, take) : take;
      }
      case Carrier::kIterator: {
        const abi::CallableModel* c = current_;
        return fmt::format("::{}::Iter<{}>({}, &detail::Step_{}, [](void* it) {{ {}(static_cast<{}*>(it)); }})", ns_,
                           Type(t.args[0]), r, AsyncKey(current_cls_, *c->fn), c->iter_destroy.symbol, c->iter_type);
      }
      default: return ElemTake(t, r, borrowed, copy_objects);
    }
  }

  static std::string Join(const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  }

  // ---- declarations ----
  void Open(const ir::Module& m) { w_.Line("namespace " + names_.Namespace(m) + " {"); }
  void Close(const ir::Module& m) {
    w_.Line("}  // namespace " + names_.Namespace(m));
    w_.Blank();
  }

  std::string Thrower(uint32_t module) const {
    uint32_t scope = api_.modules[module].error_scope;
    if (scope == ir::kNoModule) return "";
    return "&::" + names_.Namespace(api_.modules[scope]) + "::detail::Throw" + cpp::Id(api_.modules[scope].errors->name);
  }

  void Declarations(const abi::ModuleModel& mm) {
    const ir::Module& m = *mm.decl;
    if (m.enums.empty() && m.structs.empty() && m.interfaces.empty() && !m.errors) return;
    Open(m);
    w_.Blank();
    for (size_t i = 0; i < m.enums.size(); ++i) {
      const ir::Enum& e = m.enums[i];
      if (e.rich()) {
        w_.Line("class " + cpp::Id(e.name) + ";");
        continue;
      }
      WriteDocComment(w_, e.doc);
      w_.LineF("enum class {} : std::int32_t {{", cpp::Id(e.name));
      for (const ir::EnumVariant& v : e.variants) {
        WriteDocComment(w_, v.doc);
        w_.LineF("  {} = {},", cpp::VariantId(e, v.name), v.value);
      }
      w_.Line("};");
      w_.Blank();
    }
    for (const ir::Struct& s : m.structs) w_.Line("struct " + cpp::Id(s.name) + ";");
    for (const ir::Interface& i : m.interfaces) w_.Line("class " + cpp::Id(i.name) + ";");
    if (!m.structs.empty() || !m.interfaces.empty()) w_.Blank();
    if (m.errors) ErrorDomain(m);
    Close(m);
  }

  void ErrorDomain(const ir::Module& m) {
    const ir::ErrorDomain& d = *m.errors;
    std::string dn = cpp::Id(d.name);
    WriteDocComment(w_, d.doc ? d.doc : std::optional<std::string>("Errors of the `" + m.DottedPath() +
                                                                   "` module tree; catch a nested class for one code."));
    w_.LineF("class {} : public ::{}::Error {{", dn, ns_);
    w_.Line(" public:");
    w_.LineF("  using ::{}::Error::Error;", ns_);
    for (const ir::ErrorCode& c : d.codes) w_.LineF("  class {};", cpp::CodeId(d, c));
    w_.Line("};");
    w_.Blank();
    for (const ir::ErrorCode& c : d.codes) {
      WriteDocComment(w_, c.doc ? c.doc : std::optional<std::string>(c.message));
      w_.Emit(R"cc(
        class $d$::$c$ : public $d$ {
         public:
          static constexpr std::int32_t kCode = $code$;
          explicit $c$(const std::string& message) : $d$(kCode, message) {}
        };
      )cc", {{"d", dn}, {"c", cpp::CodeId(d, c)}, {"code", std::to_string(c.code)}});
      w_.Blank();
    }
    w_.Line("namespace detail {");
    w_.LineF("// Throws the {} class of a code; returns for other codes.", dn);
    w_.LineF("inline void Throw{}(std::int32_t code, const std::string& message) {{", dn);
    w_.Line("  switch (code) {");
    for (const ir::ErrorCode& c : d.codes) {
      w_.LineF("    case {}: throw {}::{}(message);", c.code, dn, cpp::CodeId(d, c));
    }
    w_.Line("    default: return;");
    w_.Line("  }");
    w_.Line("}");
    w_.Line("}  // namespace detail");
    w_.Blank();
  }

  void CollectDeps(const TypeRef& t, std::vector<ir::DeclRef>& out) {
    if (t.kind == TypeKind::kNamed && (t.decl.kind == DeclKind::kStruct || t.decl.kind == DeclKind::kRichEnum)) {
      out.push_back(t.decl);
      return;
    }
    if (t.kind == TypeKind::kOptional) {  // std::optional needs the complete type
      CollectDeps(t.args[0], out);
    }
    // std::vector and std::map of an incomplete type are fine in a declaration.
  }

  // Records and rich enums, each after the value types it holds by value.
  void SortedRecords() {
    std::set<std::tuple<int, uint32_t, uint32_t>> done, active;
    std::function<void(const ir::DeclRef&)> visit = [&](const ir::DeclRef& ref) {
      auto key = std::make_tuple(static_cast<int>(ref.kind), ref.module, ref.index);
      if (done.count(key)) return;
      const ir::Module& m = api_.modules[ref.module];
      bool is_struct = ref.kind == DeclKind::kStruct;
      if (active.count(key)) {
        diags_.Error(is_struct ? m.structs[ref.index].loc : m.enums[ref.index].loc, "CppRecursiveValueType",
                     "'" + Q(ref) + "' contains itself by value, which C++ value types cannot express; "
                     "hold it in a list instead");
        return;
      }
      active.insert(key);
      std::vector<ir::DeclRef> deps;
      if (is_struct) {
        for (const ir::Field& f : m.structs[ref.index].fields) CollectDeps(f.type, deps);
      } else {
        for (const ir::EnumVariant& v : m.enums[ref.index].variants) {
          for (const ir::Field& f : v.fields) CollectDeps(f.type, deps);
        }
      }
      for (const ir::DeclRef& d : deps) visit(d);
      active.erase(key);
      done.insert(key);
      Open(m);
      w_.Blank();
      if (is_struct) {
        Record(m.structs[ref.index]);
      } else {
        RichEnum(m.enums[ref.index]);
      }
      Close(m);
    };
    for (uint32_t mi = 0; mi < api_.modules.size(); ++mi) {
      const ir::Module& m = api_.modules[mi];
      for (uint32_t i = 0; i < m.structs.size(); ++i) visit({DeclKind::kStruct, mi, i});
      for (uint32_t i = 0; i < m.enums.size(); ++i) {
        if (m.enums[i].rich()) visit({DeclKind::kRichEnum, mi, i});
      }
    }
  }

  // A rich enum: one struct per variant, held in a std::variant.
  void RichEnum(const ir::Enum& e) {
    std::string n = cpp::Id(e.name);
    WriteDocComment(w_, e.doc);
    w_.Line("class " + n + " {");
    w_.Line(" public:");
    {
      auto in = w_.Indent();
      std::vector<std::string> alts, tags;
      for (const ir::EnumVariant& v : e.variants) {
        std::string vid = cpp::VariantId(e, v.name);
        alts.push_back(vid);
        tags.push_back(fmt::format("Tag::{}", vid));
        WriteDocComment(w_, v.doc);
        w_.Line("struct " + vid + " {");
        std::vector<std::string> eq;
        // No default member initializers: inside the enclosing class they
        // would make the struct not default-constructible for std::variant
        // (which value-initializes its first alternative anyway).
        for (const ir::Field& f : v.fields) {
          WriteDocComment(w_, f.doc);
          std::string id = FieldId(vid, f);
          w_.LineF("  {} {};", Type(f.type), id);
          eq.push_back(fmt::format("a.{0} == b.{0}", id));
        }
        w_.LineF("  friend bool operator==(const {0}& {1}, const {0}& {2}) {{ return {3}; }}", vid,
                            eq.empty() ? "" : "a", eq.empty() ? "" : "b",
                            eq.empty() ? "true" : fmt::format("{}", fmt::join(eq, " && ")));
        w_.LineF("  friend bool operator!=(const {0}& a, const {0}& b) {{ return !(a == b); }}", vid);
        w_.Line("};");
      }
      w_.Line("// The variant's discriminant, with the IDL's values.");
      w_.Line("enum class Tag : std::int32_t {");
      for (const ir::EnumVariant& v : e.variants) w_.LineF("  {} = {},", cpp::VariantId(e, v.name), v.value);
      w_.Line("};");
      w_.LineF("using Variant = std::variant<{}>;", fmt::join(alts, ", "));
      w_.Blank();
      w_.Line(n + "() = default;");
      for (const std::string& a : alts) {
        w_.LineF("{}({} v) : value(std::move(v)) {{}}  // NOLINT: implicit on purpose", n, a);
      }
      w_.Blank();
      w_.Line("Tag tag() const noexcept {");
      w_.LineF("  constexpr Tag kTags[] = {{{}}};", fmt::join(tags, ", "));
      w_.Line("  return kTags[value.index()];");
      w_.Line("}");
      w_.Line("template <class T>");
      w_.Line("bool is() const noexcept { return std::holds_alternative<T>(value); }");
      w_.Line("template <class T>");
      w_.Line("const T* get_if() const noexcept { return std::get_if<T>(&value); }");
      w_.Line("template <class F>");
      w_.Line("decltype(auto) visit(F&& f) const { return std::visit(std::forward<F>(f), value); }");
      w_.LineF("friend bool operator==(const {0}& a, const {0}& b) {{ return a.value == b.value; }}", n);
      w_.LineF("friend bool operator!=(const {0}& a, const {0}& b) {{ return !(a == b); }}", n);
      w_.Blank();
      w_.Line("Variant value;");
    }
    w_.Line("};");
    w_.Blank();
  }

  void Record(const ir::Struct& s) {
    std::string n = cpp::Id(s.name);
    WriteDocComment(w_, s.doc);
    w_.Line("struct " + n + " {");
    std::vector<std::string> eq;
    for (const ir::Field& f : s.fields) {
      WriteDocComment(w_, f.doc);
      std::string id = FieldId(n, f);
      w_.LineF("  {} {}{{}};", Type(f.type), id);
      eq.push_back(fmt::format("a.{0} == b.{0}", id));
    }
    w_.Blank();
    w_.LineF("  friend bool operator==(const {0}& a, const {0}& b) {{", n);
    w_.LineF("    return {};", eq.empty() ? "true" : fmt::format("{}", fmt::join(eq, " && ")));
    w_.Line("  }");
    w_.LineF("  friend bool operator!=(const {0}& a, const {0}& b) {{ return !(a == b); }}", n);
    w_.Line("};");
    w_.Blank();
  }

  void Interfaces(const abi::ModuleModel& mm) {
    if (mm.interfaces.empty()) return;
    const ir::Module& m = *mm.decl;
    Open(m);
    w_.Blank();
    for (const abi::InterfaceModel& im : mm.interfaces) {
      const ir::Interface& i = *im.decl;
      std::string n = cpp::Id(i.name);
      WriteDocComment(w_, i.doc);
      w_.Emit(R"cc(
        class $n$ {
         public:
          // Takes ownership of a native object (from the C API).
          $n$(::$ns$::detail::AdoptTag, $c$* native) noexcept : native_(native) {}
          $n$($n$&& other) noexcept : native_(std::exchange(other.native_, nullptr)) {}
          $n$& operator=($n$&& other) noexcept {
            if (this != &other) {
              reset();
              native_ = std::exchange(other.native_, nullptr);
            }
            return *this;
          }
          $n$(const $n$&) = delete;
          $n$& operator=(const $n$&) = delete;
          ~$n$() { reset(); }

      )cc", {{"n", n}, {"ns", ns_}, {"c", im.c_type}});
      {
        auto in = w_.Indent();
        for (const abi::CallableModel& c : im.constructors) {
          FunctionDoc(*c.fn);
          w_.LineF("static {} {}({});", n, cpp::MemberId(n, c.fn->name), Params(*c.fn));
        }
        for (const abi::CallableModel& c : im.methods) MemberDecl(c, n, "");
        for (const abi::CallableModel& c : im.statics) MemberDecl(c, n, "static ");
      }
      w_.Emit(R"cc(

          // The native object (still owned by this object), or nullptr after a move.
          $c$* raw() const noexcept { return native_; }
          // Gives up ownership: the caller destroys the native object.
          $c$* release() noexcept { return std::exchange(native_, nullptr); }
          explicit operator bool() const noexcept { return native_ != nullptr; }
          // Destroys the native object now (also done by the destructor).
          void reset() noexcept {
            if (native_) $destroy$(native_);
            native_ = nullptr;
          }

         private:
          $c$* native_ = nullptr;
        };

      )cc", {{"c", im.c_type}, {"destroy", im.destroy.symbol}});
    }
    Close(m);
  }

  void MemberDecl(const abi::CallableModel& c, const std::string& cls, const std::string& specifier) {
    const ir::Function& f = *c.fn;
    FunctionDoc(f);
    if (c.shape != abi::CallableShape::kAsync) {
      w_.LineF("{}{} {}({});", specifier, Ret(f), cpp::MemberId(cls, f.name), Params(f));
      return;
    }
    for (const std::string& sig : AsyncSignatures(f, cls, true)) w_.Line(specifier + sig + ";");
  }

  std::string Ret(const ir::Function& f) const { return f.ret ? Type(*f.ret) : "void"; }

  // ---- async ----
  std::string AsyncResult(const ir::Function& f) const { return f.ret ? Type(*f.ret) : "void"; }

  // The two overloads of an async call: a std::future, and a callback given
  // the ready future. `defaults`: with the token's default argument.
  // `cls`: the class of a member, "" for a free function.
  std::vector<std::string> AsyncSignatures(const ir::Function& f, const std::string& cls, bool defaults,
                                           const std::string& scope = "") {
    std::string r = AsyncResult(f);
    std::string params = Params(f);
    std::string cancel = f.cancellable ? fmt::format("const ::{}::CancelToken& {}{}", ns_, AsyncName(f, "cancel"),
                                                     defaults ? " = {}" : "")
                                       : "";
    auto with = [&](std::vector<std::string> extra) {
      std::vector<std::string> all;
      if (!params.empty()) all.push_back(params);
      for (std::string& e : extra) {
        if (!e.empty()) all.push_back(std::move(e));
      }
      return Join(all);
    };
    std::string id = cpp::MemberId(cls, f.name);
    return {fmt::format("std::future<{}> {}{}({})", r, scope, id, with({cancel})),
            fmt::format("void {}{}({})", scope, id,
                        with({fmt::format("std::function<void(std::future<{}>)> {}", r, AsyncName(f, "done")),
                              cancel}))};
  }

  // `base`, or with underscores appended until no parameter has the name.
  static std::string AsyncName(const ir::Function& f, std::string base) {
    auto taken = [&] {
      for (const ir::Param& p : f.params) {
        if (cpp::Id(p.name) == base) return true;
      }
      return false;
    };
    while (taken()) base += '_';
    return base;
  }

  std::string AsyncKey(const std::string& cls, const ir::Function& f) const {
    return (cls.empty() ? "" : cls + "_") + cpp::MemberId(cls, f.name);
  }

  // In the module's detail namespace: the completion trampoline and the
  // launcher of one async call.
  void AsyncSupport(const abi::ModuleModel& mm, const abi::CallableModel& c, const std::string& cls) {
    const ir::Function& f = *c.fn;
    std::string key = AsyncKey(cls, f);
    std::string r = AsyncResult(f);
    std::string pending = fmt::format("::{}::detail::Pending<{}>", ns_, r);
    std::string thrower = Thrower(mm.index);
    std::vector<std::string> cparams;
    for (const abi::CParam& p : c.callback_params) cparams.push_back(abi::JoinParam(p));
    w_.LineF("inline void Complete_{}({}) noexcept {{", key, Join(cparams));
    {
      auto in = w_.Indent();
      const std::string& ctx = c.callback_params[0].name;
      const std::string& err = c.callback_params[1].name;
      w_.LineF("std::unique_ptr<{0}> pending(static_cast<{0}*>({1}));", pending, ctx);
      w_.LineF("if ({0} && {0}->code != 0) {{", err);
      w_.LineF("  pending->Fail(::{0}::detail::ErrorOf({1}->code, {1}->message ? {1}->message : \"\", {2}));",
                          ns_, err, thrower.empty() ? "nullptr" : thrower);
      w_.Line("  return;");
      w_.Line("}");
      if (!f.ret) {
        w_.Line("pending->Succeed();");
      } else {
        std::map<std::string, std::string> outs;
        std::string result;
        for (size_t i = 2; i < c.callback_params.size(); ++i) {
          const std::string& n = c.callback_params[i].name;
          if (n.ends_with("_len")) {
            outs["out_len"] = n;
          } else if (n.ends_with("_keys")) {
            outs["out_keys"] = n;
          } else if (n.ends_with("_values")) {
            outs["out_values"] = n;
          } else {
            result = n;
          }
        }
        if (result.empty()) result = outs["out_keys"];
        w_.Line("try {");
        w_.LineF("  pending->Succeed({});", TakeExpr(*f.ret, result, outs, true));
        w_.Line("} catch (...) {");
        w_.Line("  pending->Fail(std::current_exception());");
        w_.Line("}");
      }
    }
    w_.Line("}");
    w_.Blank();

    // The launcher: lends the arguments, then hands the pending call over.
    std::vector<std::string> ps;
    std::set<std::string> taken;
    for (const ir::Param& p : f.params) taken.insert(cpp::Id(p.name));
    auto local = [&](const std::string& n) { return Fresh(taken, n); };
    std::string self = c.role == abi::CallableRole::kMethod ? local("self") : "";
    std::string pend = local("pending"), cancel = local("cancel");
    if (!self.empty()) ps.push_back(c.entry.params[0].type + " " + self);
    for (const ir::Param& p : f.params) ps.push_back(ParamType(p.type) + " " + cpp::Id(p.name));
    ps.push_back(fmt::format("std::unique_ptr<{}> {}", pending, pend));
    if (f.cancellable) ps.push_back(fmt::format("const ::{}::CancelToken& {}", ns_, cancel));
    w_.LineF("inline void Launch_{}({}) {{", key, Join(ps));
    {
      auto in = w_.Indent();
      std::vector<std::string> args;
      size_t slot = 0;
      if (!self.empty()) {
        args.push_back(self);
        slot = 1;
      }
      bool keep = false;
      std::vector<std::string> after;  // statements reading mutable arguments back
      LendParams(c, slot, args, keep, after, local);
      if (!after.empty() || !pre_.empty()) throw InternalError("cpp: an async call with a mutable view");
      std::string keep_name = keep ? local("seam_keep") : "";
      if (keep) w_.LineF("::{}::detail::Keep {};", ns_, keep_name);
      // Arguments first: building them may throw, and then the call is not made.
      std::vector<std::string> names;
      for (size_t i = 0; i < args.size(); ++i) {
        std::string a = local("arg" + std::to_string(i));
        w_.LineF("auto {} = {};", a, keep ? ReplaceKeep(args[i], keep_name) : args[i]);
        names.push_back(a);
      }
      if (f.cancellable) {
        std::string token = local("token");
        w_.LineF("{}->token = {}.native();", pend, cancel);
        w_.LineF("auto* {} = {}->token.get();", token, pend);
        names.push_back(token);
      }
      // From here the completion owns the pending call.
      std::string context = local("context");
      w_.LineF("auto* {} = {}.release();", context, pend);
      names.push_back("&Complete_" + key);
      names.push_back(context);
      w_.LineF("{}({});", c.entry.symbol, Join(names));
    }
    w_.Line("}");
    w_.Blank();
  }

  // A listener: its delivery trampoline and register_<name>(handler).
  void Listener(const abi::ModuleModel& mm, const abi::ListenerModel& lm) {
    const ir::Listener& l = *lm.decl;
    const abi::CallbackModel& cb = mm.callbacks[lm.callback];
    const ir::Callback& c = *cb.decl;
    std::vector<std::string> types;
    for (const ir::Param& p : c.params) types.push_back(Type(p.type));
    std::string sig = "void(" + Join(types) + ")";
    std::string id = cpp::Id(l.name);
    std::vector<std::string> cparams;
    for (const abi::CParam& p : cb.params) cparams.push_back(abi::JoinParam(p));
    w_.Line("namespace detail {");
    w_.LineF("inline void Deliver_{}({}) noexcept {{", id, Join(cparams));
    std::vector<std::string> values;
    size_t slot = 0;
    for (const ir::Param& p : c.params) {
      std::vector<abi::CParam> slots = low_.LowerParam(p.type, p.name, false);
      std::map<std::string, std::string> outs;
      std::string r = cb.params[slot].name;
      Carrier k = abi::CarrierOf(abi::StripOptional(p.type));
      if (k == Carrier::kMap) {
        outs["out_keys"] = cb.params[slot].name;
        outs["out_values"] = cb.params[slot + 1].name;
        outs["out_len"] = cb.params[slot + 2].name;
      } else if (slots.size() == 2) {
        outs["out_len"] = cb.params[slot + 1].name;
      }
      slot += slots.size();
      values.push_back(TakeExpr(p.type, r, outs, true, true));
    }
    w_.LineF("  ::{}::detail::Deliver<{}>({}{}{});", ns_, sig, cb.params.back().name,
                        values.empty() ? "" : ", ", Join(values));
    w_.Line("}");
    w_.Line("}  // namespace detail");
    w_.Blank();
    WriteDocComment(w_, std::optional<std::string>(
                            (l.doc ? *l.doc + "\n\n" : std::string()) +
                            "Calls `on_event` for every event until the returned Subscription is cancelled or "
                            "destroyed, on the thread that fires the event. The handler must not throw."));
    w_.LineF("inline ::{0}::Subscription register_{1}(std::function<{2}> on_event) {{", ns_, id, sig);
    w_.LineF("  auto* state = new ::{}::detail::ListenerState<{}>{{std::move(on_event)}};", ns_, sig);
    w_.LineF("  std::uint64_t id = {}(&detail::Deliver_{}, state);", lm.reg.symbol, id);
    w_.Line("  if (id == 0) {");
    w_.Line("    delete state;");
    w_.LineF("    throw ::{}::Error(-1, \"{} could not be registered\");", ns_, l.name);
    w_.Line("  }");
    w_.LineF("  return ::{0}::Subscription(id, &{1}, &::{0}::detail::ReleaseListener<{2}>, state);", ns_,
                        lm.unreg.symbol, sig);
    w_.Line("}");
    w_.Blank();
  }

  // In the module's detail namespace: one step of an iterator.
  void IterStep(const abi::ModuleModel& mm, const abi::CallableModel& c, const std::string& cls) {
    const TypeRef& elem = c.fn->ret->args[0];
    std::string key = AsyncKey(cls, *c.fn);
    w_.LineF("inline bool Step_{}(void* it, std::optional<{}>& out) {{", key, Type(elem));
    w_.LineF("  ::{}::detail::ErrorSlot err;", ns_);
    w_.LineF("  {} item{{}};", Pointee(c.iter_next.params[1].type));
    w_.LineF("  auto more = {}(static_cast<{}*>(it), &item, &err.err);", c.iter_next.symbol, c.iter_type);
    w_.LineF("  err.Check({});", Thrower(mm.index));
    w_.Line("  if (!more) return false;");
    w_.LineF("  out.emplace({});", ElemTake(elem, "item"));
    w_.Line("  return true;");
    w_.Line("}");
    w_.Blank();
  }

  // The C arguments of a callable's parameters from entry slot `slot` on (advanced past them).
  // Mutable views are lent writable; `after` reads them back, and records
  // lent for that are built by statements queued in pre_.
  template <class Local>
  void LendParams(const abi::CallableModel& c, size_t& slot, std::vector<std::string>& args, bool& keep,
                  std::vector<std::string>& after, Local& local) {
    for (const ir::Param& p : c.fn->params) {
      std::vector<abi::CParam> slots = low_.LowerParam(p.type, p.name, p.is_mutable);
      std::vector<abi::CParam> own(c.entry.params.begin() + static_cast<long>(slot),
                                   c.entry.params.begin() + static_cast<long>(slot + slots.size()));
      slot += slots.size();
      std::string id = cpp::Id(p.name);
      cpp::MutableView view = p.is_mutable ? cpp::MutableViewOf(p.type) : cpp::MutableView::kByValue;
      switch (view) {
        case cpp::MutableView::kChars:
          args.push_back(id + ".data()");
          after.push_back(fmt::format("{0}.resize(std::char_traits<char>::length({0}.c_str()));", id));
          break;
        case cpp::MutableView::kBytes:
        case cpp::MutableView::kArray:
          args.push_back(fmt::format("::{}::detail::MutData({})", ns_, id));
          args.push_back(id + ".size()");
          break;
        case cpp::MutableView::kObject: {
          keep = true;
          std::string m = local("seam_m_" + id);
          pre_.push_back(fmt::format("auto* {} = ::{}::detail::Conv<{}>::Lend({}, seam_keep);", m, ns_,
                                     Q(p.type.decl), id));
          args.push_back(m);
          after.push_back(fmt::format("{} = ::{}::detail::Conv<{}>::Copy({});", id, ns_, Q(p.type.decl), m));
          break;
        }
        default:
          for (std::string& a : Lend(p.type, id, own, keep)) args.push_back(std::move(a));
      }
    }
  }

  // The two public overloads of an async call.
  void AsyncCallable(const abi::CallableModel& c, const std::string& cls, const std::string& scope) {
    const ir::Function& f = *c.fn;
    std::string key = AsyncKey(cls, f);
    std::string r = AsyncResult(f);
    std::vector<std::string> sigs = AsyncSignatures(f, cls, scope.empty(), scope);
    std::vector<std::string> args;
    if (c.role == abi::CallableRole::kMethod) args.push_back("native_");
    for (const ir::Param& p : f.params) args.push_back(cpp::Id(p.name));
    std::set<std::string> taken;
    for (const ir::Param& p : f.params) taken.insert(cpp::Id(p.name));
    std::string pend = Fresh(taken, "pending"), res = Fresh(taken, "result");
    std::string launch = fmt::format("detail::Launch_{}({}", key, Join(args));
    std::string tail = f.cancellable ? ", " + AsyncName(f, "cancel") + ");" : ");";
    std::string sep = args.empty() ? "" : ", ";
    w_.Line("inline " + sigs[0] + " {");
    w_.LineF("  auto {} = std::make_unique<::{}::detail::Pending<{}>>();", pend, ns_, r);
    w_.LineF("  std::future<{}> {} = {}->promise.get_future();", r, res, pend);
    w_.LineF("  {}{}std::move({}){}", launch, sep, pend, tail);
    w_.LineF("  return {};", res);
    w_.Line("}");
    w_.Blank();
    w_.Line("inline " + sigs[1] + " {");
    w_.LineF("  auto {} = std::make_unique<::{}::detail::Pending<{}>>();", pend, ns_, r);
    w_.LineF("  {}->callback = std::move({});", pend, AsyncName(f, "done"));
    w_.LineF("  {}{}std::move({}){}", launch, sep, pend, tail);
    w_.Line("}");
    w_.Blank();
  }
  std::string Params(const ir::Function& f) const {
    std::vector<std::string> ps;
    for (const ir::Param& p : f.params) ps.push_back(ParamDecl(p));
    return Join(ps);
  }
  void FunctionDoc(const ir::Function& f) {
    std::optional<std::string> doc =
        FunctionDocText(f, [](const std::string& name) { return "`" + cpp::Id(name) + "`"; });
    if (f.deprecated) doc = (doc ? *doc + "\n\n" : std::string()) + "Deprecated: " + *f.deprecated;
    WriteDocComment(w_, doc);
    if (f.deprecated) w_.Line("[[deprecated(" + CStringLiteral(*f.deprecated) + ")]]");
  }

  // ---- conversions of records ----
  void Conversions() {
    bool any = false;
    for (const abi::ModuleModel& mm : model_.modules) any = any || !mm.structs.empty() || !mm.rich_enums.empty();
    if (!any) return;
    w_.Line("namespace " + ns_ + "::detail {");
    w_.Blank();
    // Declared first, defined after: records convert each other's fields.
    for (const abi::ModuleModel& mm : model_.modules) {
      for (const abi::StructModel& sm : mm.structs) {
        std::string q = names_.Qualified(*mm.decl, sm.decl->name);
        w_.LineF("template <>\nstruct Conv<{}> {{", q);
        w_.LineF("  static {} Take({}* p);", q, sm.c_type);
        w_.LineF("  static {} Copy(const {}* p);", q, sm.c_type);
        w_.LineF("  static {}* Lend(const {}& v, Keep& seam_keep);", sm.c_type, q);
        w_.Line("};");
        w_.Blank();
      }
    }
    for (const abi::ModuleModel& mm : model_.modules) {
      for (const abi::RichEnumModel& rm : mm.rich_enums) {
        std::string q = names_.Qualified(*mm.decl, rm.decl->name);
        w_.LineF("template <>\nstruct Conv<{}> {{", q);
        w_.LineF("  static {} Take({}* p);", q, rm.c_type);
        w_.LineF("  static {} Copy(const {}* p);", q, rm.c_type);
        w_.LineF("  static {}* Lend(const {}& v, Keep& seam_keep);", rm.c_type, q);
        w_.Line("};");
        w_.Blank();
      }
    }
    for (const abi::ModuleModel& mm : model_.modules) {
      for (const abi::StructModel& sm : mm.structs) RecordConv(mm, sm);
      for (const abi::RichEnumModel& rm : mm.rich_enums) RichEnumConv(mm, rm);
    }
    // Readers of packed records, declared before any is defined.
    std::vector<std::pair<const abi::ModuleModel*, uint32_t>> packed;
    for (const abi::ModuleModel& mm : model_.modules) {
      for (uint32_t si = 0; si < mm.decl->structs.size(); ++si) {
        if (model_.packing->Record({DeclKind::kStruct, mm.index, si}) == nullptr) continue;
        packed.emplace_back(&mm, si);
        w_.LineF("template <>\nstruct Unpack<{}>;", names_.Qualified(*mm.decl, mm.decl->structs[si].name));
      }
    }
    if (!packed.empty()) w_.Blank();
    for (auto [mm, si] : packed) {
      const ir::Struct& s = mm->decl->structs[si];
      const abi::PackedRecord* r = model_.packing->Record({DeclKind::kStruct, mm->index, si});
      std::string q = names_.Qualified(*mm->decl, s.name);
      w_.LineF("template <>\nstruct Unpack<{}> {{", q);
      w_.LineF("  static constexpr std::size_t kSize = {}, kAlign = {};", r->layout.size, r->layout.align);
      w_.LineF("  static {} Read([[maybe_unused]] const std::uint8_t* b, [[maybe_unused]] std::size_t at) {{", q);
      w_.LineF("    {} v;", q);
      for (size_t i = 0; i < s.fields.size(); ++i) {
        const ir::Field& f = s.fields[i];
        uint32_t off = r->offsets[i];
        w_.LineF("    v.{} = UnpackAt<{}>(b, at{});", FieldId(cpp::Id(s.name), f), Type(abi::CollapseOptional(f.type)),
                 off == 0 ? std::string() : " + " + std::to_string(off));
      }
      w_.Line("    return v;");
      w_.Line("  }");
      w_.Line("};");
      w_.Blank();
    }
    w_.Line("}  // namespace " + ns_ + "::detail");
    w_.Blank();
  }

  void RecordConv(const abi::ModuleModel& mm, const abi::StructModel& sm) {
    const ir::Struct& s = *sm.decl;
    std::string q = names_.Qualified(*mm.decl, s.name);
    w_.LineF("inline {} Conv<{}>::Take({}* p) {{", q, q, sm.c_type);
    w_.LineF("  struct Release {{ {}* p; ~Release() {{ {}(p); }} }} release{{p}};", sm.c_type,
                        sm.destroy.symbol);
    w_.Line("  return Copy(p);");
    w_.Line("}");
    w_.Blank();
    w_.LineF("inline {} Conv<{}>::Copy(const {}* p) {{", q, q, sm.c_type);
    {
      auto in = w_.Indent();
      w_.LineF("if (!p) throw ::{}::Error(-1, \"the library returned no {}\");", ns_, s.name);
      w_.LineF("{} v;", q);
      std::set<std::string> taken = {"p", "v"};
      for (size_t i = 0; i < s.fields.size(); ++i) {
        const ir::Field& f = s.fields[i];
        w_.Line("{");
        {
          auto in2 = w_.Indent();
          std::string e = CallAndTake(f.type, sm.getters[i], {"p"}, 1, "", taken);
          w_.LineF("v.{} = {};", FieldId(cpp::Id(s.name), f), e);
        }
        w_.Line("}");
      }
      w_.Line("return v;");
    }
    w_.Line("}");
    w_.Blank();
    w_.LineF("inline {}* Conv<{}>::Lend(const {}& v, Keep& seam_keep) {{", sm.c_type, q, q);
    {
      auto in = w_.Indent();
      std::vector<std::string> args;
      bool keep = false;
      size_t slot = 0;
      for (const ir::Field& f : s.fields) {
        std::vector<abi::CParam> slots = low_.LowerParam(f.type, f.name, false);
        std::vector<abi::CParam> own(sm.create.params.begin() + static_cast<long>(slot),
                                     sm.create.params.begin() + static_cast<long>(slot + slots.size()));
        slot += slots.size();
        for (std::string& a : Lend(f.type, "v." + FieldId(cpp::Id(s.name), f), own, keep)) args.push_back(std::move(a));
      }
      w_.Line("ErrorSlot err;");
      args.push_back("&err.err");
      w_.LineF("{}* p = {}({});", sm.c_type, sm.create.symbol, Join(args));
      w_.LineF("err.Check({});", Thrower(mm.index));
      w_.LineF("seam_keep.Defer([](void* q) {{ {}(static_cast<{}*>(q)); }}, p);", sm.destroy.symbol,
                          sm.c_type);
      w_.Line("return p;");
    }
    w_.Line("}");
    w_.Blank();
  }

  void RichEnumConv(const abi::ModuleModel& mm, const abi::RichEnumModel& rm) {
    const ir::Enum& e = *rm.decl;
    std::string q = names_.Qualified(*mm.decl, e.name);
    w_.LineF("inline {} Conv<{}>::Take({}* p) {{", q, q, rm.c_type);
    w_.LineF("  struct Release {{ {}* p; ~Release() {{ {}(p); }} }} release{{p}};", rm.c_type,
                        rm.destroy.symbol);
    w_.Line("  return Copy(p);");
    w_.Line("}");
    w_.Blank();
    w_.LineF("inline {} Conv<{}>::Copy(const {}* p) {{", q, q, rm.c_type);
    {
      auto in = w_.Indent();
      w_.LineF("if (!p) throw ::{}::Error(-1, \"the library returned no {}\");", ns_, e.name);
      w_.LineF("switch ({}(p)) {{", rm.tag.symbol);
      for (size_t vi = 0; vi < e.variants.size(); ++vi) {
        const ir::EnumVariant& v = e.variants[vi];
        const abi::VariantModel& vm = rm.variants[vi];
        std::string vq = q + "::" + cpp::VariantId(e, v.name);
        w_.LineF("case {}: {{", v.value);
        {
          auto in2 = w_.Indent();
          w_.Line(vq + " v;");
          std::set<std::string> taken = {"p", "v"};
          for (size_t i = 0; i < v.fields.size(); ++i) {
            w_.Line("{");
            {
              auto in3 = w_.Indent();
              std::string x = CallAndTake(v.fields[i].type, vm.getters[i], {"p"}, 1, "", taken);
              w_.LineF("v.{} = {};", FieldId(cpp::VariantId(e, v.name), v.fields[i]), x);
            }
            w_.Line("}");
          }
          w_.LineF("return {}(std::move(v));", q);
        }
        w_.Line("}");
      }
      w_.Line("default:");
      w_.LineF("  throw ::{}::Error(-1, \"the library returned an unknown {} variant\");", ns_, e.name);
      w_.Line("}");
    }
    w_.Line("}");
    w_.Blank();
    w_.LineF("inline {}* Conv<{}>::Lend(const {}& value, Keep& seam_keep) {{", rm.c_type, q, q);
    {
      auto in = w_.Indent();
      w_.Line("ErrorSlot err;");
      w_.LineF("{}* p = nullptr;", rm.c_type);
      w_.Line("switch (value.value.index()) {");
      for (size_t vi = 0; vi < e.variants.size(); ++vi) {
        const ir::EnumVariant& v = e.variants[vi];
        const abi::VariantModel& vm = rm.variants[vi];
        w_.LineF("case {}: {{", vi);
        {
          auto in2 = w_.Indent();
          std::vector<std::string> args;
          bool keep = false;
          size_t slot = 0;
          if (!v.fields.empty()) w_.LineF("const auto& v = std::get<{}>(value.value);", vi);
          for (const ir::Field& f : v.fields) {
            std::vector<abi::CParam> slots = low_.LowerParam(f.type, f.name, false);
            std::vector<abi::CParam> own(vm.ctor.params.begin() + static_cast<long>(slot),
                                         vm.ctor.params.begin() + static_cast<long>(slot + slots.size()));
            slot += slots.size();
            for (std::string& a : Lend(f.type, "v." + FieldId(cpp::VariantId(e, v.name), f), own, keep)) {
              args.push_back(std::move(a));
            }
          }
          args.push_back("&err.err");
          w_.LineF("p = {}({});", vm.ctor.symbol, Join(args));
          w_.Line("break;");
        }
        w_.Line("}");
      }
      w_.Line("default:");
      w_.Line("  break;");
      w_.Line("}");
      w_.LineF("err.Check({});", Thrower(mm.index));
      w_.LineF("if (!p) throw ::{}::Error(-1, \"{} could not be built\");", ns_, e.name);
      w_.LineF("seam_keep.Defer([](void* q) {{ {}(static_cast<{}*>(q)); }}, p);", rm.destroy.symbol,
                          rm.c_type);
      w_.Line("return p;");
    }
    w_.Line("}");
    w_.Blank();
  }

  // ---- functions and members ----
  void Definitions(const abi::ModuleModel& mm) {
    const ir::Module& m = *mm.decl;
    if (mm.functions.empty() && mm.interfaces.empty() && mm.listeners.empty()) return;
    Open(m);
    w_.Blank();
    for (const abi::ListenerModel& l : mm.listeners) Listener(mm, l);
    std::vector<std::pair<const abi::CallableModel*, std::string>> async;
    for (const abi::InterfaceModel& im : mm.interfaces) {
      for (const auto* list : {&im.methods, &im.statics}) {
        for (const abi::CallableModel& c : *list) {
          if (c.shape == abi::CallableShape::kAsync) async.emplace_back(&c, cpp::Id(im.decl->name));
        }
      }
    }
    std::vector<std::pair<const abi::CallableModel*, std::string>> iters;
    for (const abi::InterfaceModel& im : mm.interfaces) {
      for (const auto* list : {&im.constructors, &im.methods, &im.statics}) {
        for (const abi::CallableModel& c : *list) {
          if (c.shape == abi::CallableShape::kIterator) iters.emplace_back(&c, cpp::Id(im.decl->name));
        }
      }
    }
    for (const abi::CallableModel& c : mm.functions) {
      if (c.shape == abi::CallableShape::kAsync) async.emplace_back(&c, "");
      if (c.shape == abi::CallableShape::kIterator) iters.emplace_back(&c, "");
    }
    if (!async.empty() || !iters.empty()) {
      w_.Line("namespace detail {");
      w_.Blank();
      for (const auto& [c, cls] : async) AsyncSupport(mm, *c, cls);
      for (const auto& [c, cls] : iters) IterStep(mm, *c, cls);
      w_.Line("}  // namespace detail");
      w_.Blank();
    }
    for (const abi::InterfaceModel& im : mm.interfaces) {
      std::string n = cpp::Id(im.decl->name);
      for (const abi::CallableModel& c : im.constructors) Callable(mm, c, n, n + "::");
      for (const auto* list : {&im.methods, &im.statics}) {
        for (const abi::CallableModel& c : *list) {
          if (c.shape == abi::CallableShape::kAsync) {
            AsyncCallable(c, n, n + "::");
          } else {
            Callable(mm, c, n, n + "::");
          }
        }
      }
    }
    for (const abi::CallableModel& c : mm.functions) {
      FunctionDoc(*c.fn);
      if (c.shape == abi::CallableShape::kAsync) {
        AsyncCallable(c, "", "");
      } else {
        Callable(mm, c, "", "");
      }
    }
    Close(m);
  }

  void Callable(const abi::ModuleModel& mm, const abi::CallableModel& c, const std::string& cls,
                const std::string& scope) {
    const ir::Function& f = *c.fn;
    current_ = &c;
    current_cls_ = cls;
    bool ctor = c.role == abi::CallableRole::kConstructor;
    std::string ret = ctor ? cls : Ret(f);
    w_.LineF("inline {} {}{}({}) {{", ret, scope, cpp::MemberId(cls, f.name), Params(f));
    {
      auto in = w_.Indent();
      std::set<std::string> taken;
      for (const ir::Param& p : f.params) taken.insert(cpp::Id(p.name));
      auto local = [&](const std::string& n) { return Fresh(taken, n); };
      std::vector<std::string> args;
      size_t slot = 0;
      if (c.role == abi::CallableRole::kMethod) {
        args.push_back("native_");
        slot = 1;
      }
      bool keep = false;
      std::vector<std::string> after;  // statements reading mutable arguments back
      LendParams(c, slot, args, keep, after, local);
      std::string keep_name = keep ? local("seam_keep") : "";
      if (keep) {
        w_.LineF("::{}::detail::Keep {};", ns_, keep_name);
        for (std::string& a : args) a = ReplaceKeep(a, keep_name);
      }
      for (const std::string& line : pre_) w_.Line(ReplaceKeep(line, keep_name));
      pre_.clear();
      std::string err = local("seam_err");
      w_.LineF("::{}::detail::ErrorSlot {};", ns_, err);
      std::optional<TypeRef> rt = f.ret;
      if (ctor) {
        TypeRef t;
        t.kind = TypeKind::kNamed;
        t.decl = {DeclKind::kInterface, mm.index, InterfaceIndex(mm, cls)};
        t.name = cls;
        rt = t;
      }
      std::string thrower = Thrower(mm.index);
      if (!c.packed.symbol.empty() && !ctor) {
        // seam's packed twin: the result in one buffer. A library WeaveFFI
        // built has none; SEAM_WEAVEFFI_RUNTIME_NAMES marks such a build.
        w_.Line("#ifndef SEAM_WEAVEFFI_RUNTIME_NAMES");
        std::vector<std::string> pargs(args);
        std::string n = local("seam_len");
        w_.LineF("std::size_t {}{{}};", n);
        pargs.push_back("&" + n);
        pargs.push_back("&" + err + ".err");
        std::string r = local("seam_packed");
        w_.LineF("auto {} = {}({});", r, c.packed.symbol, Join(pargs));
        w_.LineF("{}.Check({});", err, thrower);
        for (const std::string& line : after) w_.Line(line);
        w_.LineF("return ::{}::detail::Unpacked<{}>({}, {});", ns_, Type(abi::CollapseOptional(*f.ret)), r, n);
        w_.Line("#else");
      }
      std::string result = CallAndTake(rt, c.entry, args, slot, err, taken);
      w_.LineF("{}.Check({});", err, thrower);
      for (const std::string& line : after) w_.Line(line);
      // Checked before taking: on failure every output is empty.
      if (rt) w_.Line("return " + result + ";");
      if (!c.packed.symbol.empty() && !ctor) w_.Line("#endif");
    }
    w_.Line("}");
    w_.Blank();
  }

  static std::string ReplaceKeep(std::string s, const std::string& name) {
    const std::string from = "seam_keep";
    if (name == from) return s;
    for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + name.size())) {
      s.replace(pos, from.size(), name);
    }
    return s;
  }

  uint32_t InterfaceIndex(const abi::ModuleModel& mm, const std::string& cls) const {
    const ir::Module& m = *mm.decl;
    for (uint32_t i = 0; i < m.interfaces.size(); ++i) {
      if (cpp::Id(m.interfaces[i].name) == cls) return i;
    }
    throw InternalError("cpp: constructor of an unknown interface");
  }

  std::string Readme() const {
    CodeWriter w;
    w.Emit(R"md(
      # $lib$ for C++

      Generated by seam $version$ from `$idl$`. C++17 bindings for the $lib$
      library over its C ABI: one header, `$header$`, next to the C header
      `$c_header$` (generate both with `--target c,cpp`).

      ```sh
      c++ -std=c++17 -I gen/c -I gen/cpp app.cc -L<dir> -l$lib$
      ```

      - Everything is in `namespace $ns$`, one nested namespace per IDL module.
      - Records are value types (`==`, `!=`); enums are `enum class`; rich
        enums are value classes over `std::variant` (`tag()`, `visit()`,
        `is<V>()`, `get_if<V>()`).
      - Interfaces are move-only classes owning their native object; the
        destructor (or `reset()`) releases it. Constructors are static
        functions named after the IDL constructor.
      - `iter<T>` is `$ns$::Iter<T>`, a lazy single-pass range (range-for, or
        `next()`); `handle<T>` is `$ns$::Handle<T>`.
      - Async functions return `std::future<R>`; an overload takes a callback
        given the ready future instead. Cancellable ones take a
        `$ns$::CancelToken` (`CancelToken::create()`, `cancel()`).
      - `register_<listener>(handler)` returns a `$ns$::Subscription`: events
        reach the handler, on the thread that fires them, until it is
        cancelled or destroyed. Handlers must not throw.
      - Mutable parameters are references: strings, buffers and scalar lists
        are edited in place, records read back after the call.
      - Failures throw `$ns$::Error` (`code()`, `what()`); an IDL error domain is
        a class derived from it with one nested class per code.
      - Strings, buffers and lists are passed to the library without copies
        where the C ABI allows; results are copied into C++ values and the
        native memory is released at once.
    )md", {{"lib", LibraryName(api_, "cpp")}, {"version", SEAM_VERSION}, {"idl", IdlBasename(api_)},
           {"header", HeaderName()}, {"c_header", model_.prefix + ".h"}, {"ns", ns_}});
    return w.Take();
  }

  const Input& in_;
  const ir::Api& api_;
  Diagnostics& diags_;
  const abi::Model& model_;
  abi::Lowering low_;
  std::string ns_;
  cpp::Names names_;
  CodeWriter w_;
  // The callable being rendered (iterator results name its step function).
  const abi::CallableModel* current_ = nullptr;
  std::string current_cls_;
  std::vector<std::string> pre_;  // statements before the call being rendered
};

}  // namespace

// generators.cpp.namespace, else the C prefix, else (at the default prefix,
// which every library may share) the library's name: two libraries' bindings
// never declare the same C++ names.
std::string CppNamespace(const ir::Api& api) {
  std::string ns = Setting(api, "cpp", "namespace");
  if (!ns.empty()) return ns;
  std::string prefix = api.CPrefix();
  if (prefix != "weaveffi") return cpp::Id(prefix);
  std::string id = api.LibraryId();
  return cpp::Id(std::isdigit(static_cast<unsigned char>(id[0])) ? "lib_" + id : id);
}

std::vector<OutputFile> CppBackend::Render(const Input& in, Diagnostics& diags) const {
  cpp::IdlNamesScope names(in.api());
  return Renderer(in, diags).Render();
}

}  // namespace seam::gen
