// The extern "C" glue of the C++ producer: one definition per symbol of the
// model, converting C arguments to C++ values, calling the author's code, and
// converting results back with the ownership of reference §4.
#include <fmt/format.h>

#include "abi/contract.h"
#include "abi/symbols.h"
#include "gen/c_family.h"
#include "gen/cpp_producer/parts.h"

namespace seam::gen::cpp {
namespace {

using abi::Carrier;
using ir::TypeKind;

bool IsInterface(const ir::TypeRef& t) {
  return t.kind == TypeKind::kNamed && t.decl.kind == ir::DeclKind::kInterface;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep = ", ") {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) s += sep;
    s += parts[i];
  }
  return s;
}

// C values made from C++ values for a call that borrows them: declarations
// (zero-initialised), the assignments, the arguments, and the releases.
struct TempC {
  std::vector<std::string> decls, assigns, args, releases;
};

class GlueWriter {
 public:
  GlueWriter(const Context& ctx, Diagnostics& diags) : c_(ctx), diags_(diags) {}

  std::string Render() {
    CheckExpressible();
    WritePrelude(w_, c_.api);
    w_.Emit(R"cc(

      // Generated glue: exports every symbol of $header$ and forwards to the
      // declarations in $lib$.hpp. Nothing here needs editing.
      #include "$header$"

      #include <cstdlib>
      #include <new>

      #include "seam/glue.hpp"
      #include "$lib$.hpp"

      namespace sg = seam::glue;

    )cc", {{"header", c_.c_header}, {"lib", c_.lib}});
    CObjects();
    Traits();
    Listeners();
    w_.Line("extern \"C\" {");
    w_.Blank();
    Contract();
    for (const abi::ModuleModel& mm : c_.model.modules) Module(mm);
    w_.Line("}  // extern \"C\"");
    return w_.Take();
  }

 private:
  const ir::Module& Mod(const abi::ModuleModel& mm) const { return *mm.decl; }
  std::string Q(const ir::TypeRef& t) const { return c_.names.Qualified(t.decl); }
  std::string Lit(std::string_view s) const { return CStringLiteral(s); }
  std::string Err() const { return c_.lowering.ErrorType(); }

  // The contract fingerprint seam's bindings check when they load the
  // library (src/abi/contract.h).
  void Contract() {
    std::string sym = abi::ContractSymbol(c_.model);
    w_.Line("// What this library was built from: one hash per declaration. seam's");
    w_.Line("// bindings compare it with their own when they load the library.");
    w_.LineF("{} const char* {}(void);", ApiMacro(), sym);
    w_.LineF("const char* {}(void) {{", sym);
    w_.Line("  return");
    const std::string& text = c_.contract;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start) + 1;
      bool last = end >= text.size();
      w_.Line("      " + Lit(text.substr(start, end - start)) + (last ? ";" : ""));
      start = end;
    }
    w_.Line("}");
    w_.Blank();
  }

  // ---- what the C ABI cannot carry ----
  void CheckElement(const ir::TypeRef& elem, const std::string& where) {
    if (elem.kind == TypeKind::kOptional && abi::CarrierOf(elem) == Carrier::kEnum) {
      diags_.Error(elem.loc, "CppProducerUnsupported",
                   "cpp-producer cannot generate " + where +
                       ": the C ABI passes optional enum elements by value, so an absent element "
                       "cannot be expressed; use a list of a record with an optional field");
    }
  }
  void CheckType(const ir::TypeRef& t, const std::string& where) {
    switch (t.kind) {
      case TypeKind::kList:
      case TypeKind::kIterator:
        CheckElement(t.args[0], where);
        break;
      case TypeKind::kOptional:
        CheckType(t.args[0], where);
        break;
      default:
        break;
    }
  }
  void CheckFunction(const ir::Function& f, const std::string& where) {
    for (const ir::Param& p : f.params) {
      CheckType(p.type, "parameter '" + p.name + "' of " + where);
      if (!p.is_mutable) continue;
      MutableView view = MutableViewOf(p.type);
      if (f.is_async && view != MutableView::kByValue) {
        diags_.Error(p.mutable_loc, "CppProducerUnsupported",
                     "cpp-producer cannot generate mutable parameter '" + p.name + "' of async " + where +
                         ": the launcher returns before the work runs, so changes could not reach the caller");
      } else if (view == MutableView::kNone) {
        diags_.Error(p.mutable_loc, "CppProducerUnsupported",
                     "cpp-producer cannot generate mutable parameter '" + p.name + "' of " + where +
                         ": only strings, bytes, lists of scalars, records and rich enums can be edited in place");
      }
    }
    if (f.ret) CheckType(*f.ret, "the result of " + where);
  }
  void CheckExpressible() {
    for (const ir::Module& m : c_.api.modules) {
      std::string mp = m.DottedPath();
      for (const ir::Function& f : m.functions) CheckFunction(f, "'" + mp + "." + f.name + "'");
      for (const ir::Interface& i : m.interfaces) {
        for (const auto* list : {&i.constructors, &i.methods, &i.statics}) {
          for (const ir::Function& f : *list) CheckFunction(f, "'" + mp + "." + i.name + "." + f.name + "'");
        }
      }
      for (const ir::Struct& s : m.structs) {
        for (const ir::Field& f : s.fields) CheckType(f.type, "field '" + s.name + "." + f.name + "'");
      }
      for (const ir::Enum& e : m.enums) {
        for (const ir::EnumVariant& v : e.variants) {
          for (const ir::Field& f : v.fields) {
            CheckType(f.type, "field '" + e.name + "." + v.name + "." + f.name + "'");
          }
        }
      }
      for (const ir::Callback& cb : m.callbacks) {
        for (const ir::Param& p : cb.params) {
          CheckType(p.type, "parameter '" + p.name + "' of callback '" + cb.name + "'");
        }
      }
    }
  }

  // ---- C objects and traits ----
  void CObjects() {
    w_.Line("// The C objects behind the opaque types of the header.");
    for (size_t mi = 0; mi < c_.model.modules.size(); ++mi) {
      const abi::ModuleModel& mm = c_.model.modules[mi];
      const ir::Module& m = Mod(mm);
      for (const abi::RichEnumModel& r : mm.rich_enums) {
        w_.LineF("struct {} {{ {} value; seam::glue::Live live{{}}; }};", r.c_type,
                            c_.names.Qualified(m, r.decl->name));
      }
      for (const abi::StructModel& s : mm.structs) {
        std::string q = c_.names.Qualified(m, s.decl->name);
        w_.LineF("struct {} {{ {} value; seam::glue::Live live{{}}; }};", s.c_type, q);
        if (!s.builder_type.empty()) {
          w_.LineF("struct {} {{", s.builder_type);
          {
            auto in = w_.Indent();
            for (const ir::Field& f : s.decl->fields) {
              w_.LineF("std::optional<{}> field_{};", c_.names.Type(f.type, Pos::kValue), f.name);
            }
            w_.Line("std::string error;  // the first setter failure, reported by build");
            w_.Line("seam::glue::Live live{};");
          }
          w_.Line("};");
        }
      }
      for (const abi::InterfaceModel& i : mm.interfaces) {
        w_.LineF("struct {} {{ std::unique_ptr<{}> obj; seam::glue::Live live{{}}; }};", i.c_type,
                            c_.names.Qualified(m, i.decl->name));
      }
      auto iters = [&](const std::vector<abi::CallableModel>& cs) {
        for (const abi::CallableModel& c : cs) {
          if (c.shape != abi::CallableShape::kIterator) continue;
          w_.LineF("struct {} {{ {} it; seam::glue::Live live{{}}; }};", c.iter_type,
                              c_.names.Return(*c.fn));
        }
      };
      iters(mm.functions);
      for (const abi::InterfaceModel& i : mm.interfaces) {
        iters(i.constructors);
        iters(i.methods);
        iters(i.statics);
      }
    }
    w_.Blank();
  }

  void Traits() {
    w_.Line("namespace seam::glue {");
    w_.Blank();
    for (const abi::ModuleModel& mm : c_.model.modules) {
      const ir::Module& m = Mod(mm);
      for (size_t ei = 0; ei < m.enums.size(); ++ei) {
        const ir::Enum& e = m.enums[ei];
        std::string q = c_.names.Qualified(m, e.name);
        std::string tag = c_.lowering.DeclTag(m, e.name);
        if (e.rich()) {
          w_.LineF("template <> struct Ffi<{}> : ObjectFfi<{}, {}> {{}};", q, q, tag);
          w_.LineF("template <> struct Ffi<seam::TypedHandle<{}>> : HandleFfi<{}, {}> {{}};", q, q, tag);
          continue;
        }
        std::string cases;
        for (const ir::EnumVariant& v : e.variants) cases += fmt::format("case {}: ", v.value);
        w_.Emit(R"cc(
          inline bool Valid_$tag$(std::int32_t v) {
            switch (v) {
              $cases$return true;
              default: return false;
            }
          }
          template <> struct Ffi<$q$> : EnumFfi<$q$, $tag$, &Valid_$tag$> {};
          template <> struct Ffi<seam::TypedHandle<$q$>> : HandleFfi<$q$, $tag$> {};
        )cc", {{"tag", tag}, {"q", q}, {"cases", cases}});
      }
      for (const ir::Struct& s : m.structs) {
        std::string q = c_.names.Qualified(m, s.name);
        std::string tag = c_.lowering.DeclTag(m, s.name);
        w_.LineF("template <> struct Ffi<{}> : ObjectFfi<{}, {}> {{}};", q, q, tag);
        w_.LineF("template <> struct Ffi<seam::TypedHandle<{}>> : HandleFfi<{}, {}> {{}};", q, q, tag);
      }
      for (uint32_t si = 0; si < m.structs.size(); ++si) {
        if (c_.model.packing->Record({ir::DeclKind::kStruct, mm.index, si}) == nullptr) continue;
        w_.LineF("template <> struct Pack<{}>;", c_.names.Qualified(m, m.structs[si].name));
      }
      for (const ir::Interface& i : m.interfaces) {
        std::string q = c_.names.Qualified(m, i.name);
        w_.LineF("template <> struct Ffi<{}> : InterfaceFfi<{}, {}> {{}};", q, q,
                            c_.lowering.DeclTag(m, i.name));
      }
    }
    // Pack<Record> for seam's packed results, defined after all are
    // declared (above), so that records may hold each other in any order.
    for (const abi::ModuleModel& mm : c_.model.modules) {
      const ir::Module& m = Mod(mm);
      for (uint32_t si = 0; si < m.structs.size(); ++si) {
        const ir::Struct& s = m.structs[si];
        const abi::PackedRecord* r = c_.model.packing->Record({ir::DeclKind::kStruct, mm.index, si});
        if (r == nullptr) continue;
        std::string q = c_.names.Qualified(m, s.name);
        w_.LineF("template <> struct Pack<{}> {{", q);
        w_.LineF("  static constexpr std::size_t kSize = {}, kAlign = {};", r->layout.size, r->layout.align);
        w_.LineF("  static void Write(PackWriter& w, std::size_t at, const {}& v) {{", q);
        for (size_t fi = 0; fi < s.fields.size(); ++fi) {
          uint32_t off = r->offsets[fi];
          w_.LineF("    PackField(w, at{}, v.{});", off == 0 ? std::string() : " + " + std::to_string(off),
                   Id(s.fields[fi].name));
        }
        if (s.fields.empty()) w_.Line("    (void)w, (void)at, (void)v;");
        w_.Line("  }");
        w_.Line("};");
      }
    }
    w_.Blank();
    w_.Line("}  // namespace seam::glue");
    w_.Blank();
  }

  // ---- conversions ----

  // C slots of a value named `n` -> a C++ expression. `owned`: the value must
  // not borrow the C arguments (fields, async parameters).
  std::string In(const ir::TypeRef& t, const std::string& n, const std::string& what, bool owned,
                 bool is_mutable) {
    Pos pos = owned ? Pos::kAsyncParam : Pos::kParam;
    if (is_mutable && !owned) {
      switch (MutableViewOf(t)) {
        case MutableView::kChars: return fmt::format("sg::MutStrIn({}, {})", n, what);
        case MutableView::kBytes: return fmt::format("sg::MutSpanIn({}_ptr, {}_len, {})", n, n, what);
        case MutableView::kArray: return fmt::format("sg::MutSpanIn({}, {}_len, {})", n, n, what);
        default: break;
      }
    }
    switch (t.kind) {
      case TypeKind::kOptional: {
        const ir::TypeRef& inner = abi::StripOptional(t);
        if (IsInterface(inner)) return fmt::format("sg::Ffi<{}>::InOpt({})", Q(inner), n);
        if (!abi::IsPointerKind(inner)) {
          return fmt::format("sg::OptIn<{}>({}, {})", c_.names.Element(inner, pos), n, what);
        }
        Carrier k = abi::CarrierOf(inner);
        std::string test = k == Carrier::kBytes ? n + "_ptr" : k == Carrier::kMap ? n + "_keys" : n;
        std::string type = c_.names.Type(t, pos);
        return fmt::format("({} == nullptr ? {}() : {}({}))", test, type, type,
                           In(inner, n, what, owned, is_mutable));
      }
      case TypeKind::kList:
        return fmt::format("sg::ListIn<{}>({}, {}_len, {})", c_.names.Element(t.args[0], pos), n, n, what);
      case TypeKind::kMap:
        return fmt::format("sg::MapIn<{}, {}>({}_keys, {}_values, {}_len, {})", c_.names.Element(t.args[0], pos),
                           c_.names.Element(t.args[1], pos), n, n, n, what);
      case TypeKind::kTypedHandle:
        return fmt::format("sg::Ffi<{}>::In({}, {})", c_.names.Type(t, pos), n, what);
      case TypeKind::kIterator:
        throw InternalError("iterator parameter in the C++ producer");
      default:
        break;
    }
    switch (abi::CarrierOf(t)) {
      case Carrier::kScalar:
      case Carrier::kHandle:
        return n;
      case Carrier::kString:
        return fmt::format("sg::{}({}, {})",
                           !owned && t.primitive == ir::Primitive::kBorrowedStr ? "StrViewIn" : "StrIn", n, what);
      case Carrier::kBytes:
        return fmt::format("sg::{}({}_ptr, {}_len, {})",
                           !owned && t.primitive == ir::Primitive::kBorrowedBytes ? "SpanIn" : "BytesIn", n, n,
                           what);
      case Carrier::kObject:
        return fmt::format("sg::Ffi<{}>::{}({}, {})", Q(t), is_mutable && !owned ? "InMut" : "In",
                           is_mutable && !owned ? "const_cast<" + c_.lowering.DeclTag(t.decl) + "*>(" + n + ")" : n,
                           what);
      default:  // enum, interface
        return fmt::format("sg::Ffi<{}>::In({}, {})", Q(t), n, what);
    }
  }

  // A C++ value -> an owned C value, for types without out-parameters.
  std::string ValueOut(const ir::TypeRef& t, const std::string& e, const std::string& what) {
    if (t.kind == TypeKind::kOptional) {
      const ir::TypeRef& inner = abi::StripOptional(t);
      if (IsInterface(inner)) return fmt::format("sg::Ffi<{}>::OutOpt({})", Q(inner), e);
      if (!abi::IsPointerKind(inner)) {
        return fmt::format("sg::BoxOut<{}>({})", c_.lowering.ElementCType(inner), e);
      }
      return fmt::format("sg::Ffi<{}>::Out({})", c_.names.Type(t, Pos::kValue), e);
    }
    if (t.kind == TypeKind::kTypedHandle) return fmt::format("sg::Ffi<{}>::Out({})", c_.names.Type(t, Pos::kValue), e);
    switch (abi::CarrierOf(t)) {
      case Carrier::kScalar:
      case Carrier::kHandle:
        return e;
      case Carrier::kString:
        return fmt::format("sg::StrOut({})", e);
      case Carrier::kInterface:
        return fmt::format("sg::Ffi<{}>::Out({}, {})", Q(t), e, what);
      case Carrier::kEnum:
      case Carrier::kObject:
        return fmt::format("sg::Ffi<{}>::Out({})", Q(t), e);
      default:
        throw InternalError("value conversion of a buffer type");
    }
  }

  bool HasOuts(const ir::TypeRef& t) {
    const ir::TypeRef& inner = abi::StripOptional(t);
    Carrier k = abi::CarrierOf(inner);
    return k == Carrier::kBytes || k == Carrier::kList || k == Carrier::kMap;
  }

  // Statements returning the C result of the C++ expression `e` (sync
  // returns and getters; out-parameters already zeroed).
  void ReturnOut(const ir::TypeRef& t, const std::string& e, const std::string& what) {
    if (!HasOuts(t)) {
      w_.Line("return " + ValueOut(t, e, what) + ";");
      return;
    }
    std::string v = e;
    bool optional = t.kind == TypeKind::kOptional;
    const ir::TypeRef& inner = abi::StripOptional(t);
    if (optional) {
      std::string result = Local("result");
      w_.Line("auto&& " + result + " = " + e + ";");
      v = "*" + result;
    }
    std::string stmt;
    std::string present = optional ? ", true" : "";
    switch (abi::CarrierOf(inner)) {
      case Carrier::kBytes:
        stmt = fmt::format("return sg::BytesOut({}, out_len{});", v, present);
        break;
      case Carrier::kList:
        stmt = fmt::format("return sg::ListOut<{}>({}, out_len{});", c_.lowering.ElementCType(inner.args[0]), v,
                           present);
        break;
      default:
        stmt = fmt::format("sg::MapOut<{}, {}>({}, out_keys, out_values, out_len{});",
                           c_.lowering.ElementCType(inner.args[0]), c_.lowering.ElementCType(inner.args[1]), v,
                           present);
        break;
    }
    if (optional) {
      bool is_map = abi::CarrierOf(inner) == Carrier::kMap;
      w_.LineF("if (!{}) return{};", v.substr(1), is_map ? "" : " nullptr");
    }
    w_.Line(stmt);
  }

  void ZeroOuts(const std::vector<abi::CParam>& params) {
    for (const abi::CParam& p : params) {
      if (p.name == "out_len" || p.name == "out_keys" || p.name == "out_values" || p.name == "out_item") {
        w_.LineF("if ({}) *{} = {{}};", p.name, p.name);
      }
    }
  }

  // C++ value `e` -> C temporaries for a borrowing call (listener events and
  // async completions). `keep_adopted`: objects pass to the callee.
  void Temp(const ir::TypeRef& t, const std::string& e, const std::string& base, bool keep_adopted, TempC& out,
            bool present = false) {
    std::string keep = present ? ", true" : "";
    if (t.kind == TypeKind::kOptional) {
      const ir::TypeRef& inner = abi::StripOptional(t);
      if (IsInterface(inner)) {
        out.args.push_back(fmt::format("sg::Ffi<{}>::OutOpt(std::move({}))", Q(inner), e));
        return;
      }
      TempC in;
      if (!abi::IsPointerKind(inner) && owned_temps_) {
        std::string ct = c_.lowering.ElementCType(inner);
        out.decls.push_back(fmt::format("{}* {} = nullptr;", ct, base));
        out.assigns.push_back(fmt::format("{} = sg::BoxOut<{}>({});", base, ct, e));
        out.args.push_back(base);
        return;
      }
      if (!abi::IsPointerKind(inner)) {
        std::string ct = c_.lowering.ElementCType(inner);
        out.decls.push_back(fmt::format("{} {}_value{{}};", ct, base));
        out.decls.push_back(fmt::format("{}* {} = nullptr;", ct, base));
        out.assigns.push_back(fmt::format("if ({0}) {{ {1}_value = {2}; {1} = &{1}_value; }}", e, base,
                                          ValueOut(inner, "*" + e, "\"\"")));
        out.args.push_back(base);
        return;
      }
      Temp(inner, "(*" + e + ")", base, keep_adopted, in, true);
      for (std::string& d : in.decls) out.decls.push_back(std::move(d));
      out.assigns.push_back(fmt::format("if ({}) {{ {} }}", e, Join(in.assigns, " ")));
      for (std::string& a : in.args) out.args.push_back(std::move(a));
      for (std::string& r : in.releases) out.releases.push_back(std::move(r));
      return;
    }
    switch (t.kind) {
      case TypeKind::kList: {
        std::string et = c_.lowering.ElementCType(t.args[0]);
        out.decls.push_back(fmt::format("{}* {} = nullptr;", et, base));
        out.decls.push_back(fmt::format("std::size_t {}_len = 0;", base));
        out.assigns.push_back(fmt::format("{} = sg::ListOut<{}>({}, &{}_len{});", base, et, e, base, keep));
        out.args.push_back(base);
        out.args.push_back(base + "_len");
        out.releases.push_back(fmt::format("sg::FreeArray<{}>({}, {}_len, {});",
                                           c_.names.Element(t.args[0], Pos::kValue), base, base,
                                           keep_adopted ? "true" : "false"));
        return;
      }
      case TypeKind::kMap: {
        std::string kt = c_.lowering.ElementCType(t.args[0]);
        std::string vt = c_.lowering.ElementCType(t.args[1]);
        out.decls.push_back(fmt::format("{}* {}_keys = nullptr;", kt, base));
        out.decls.push_back(fmt::format("{}* {}_values = nullptr;", vt, base));
        out.decls.push_back(fmt::format("std::size_t {}_len = 0;", base));
        out.assigns.push_back(fmt::format("sg::MapOut<{}, {}>({}, &{}_keys, &{}_values, &{}_len{});", kt, vt, e,
                                          base, base, base, keep));
        out.args.push_back(base + "_keys");
        out.args.push_back(base + "_values");
        out.args.push_back(base + "_len");
        out.releases.push_back(fmt::format("sg::FreeArray<{}>({}_keys, {}_len, false);",
                                           c_.names.Element(t.args[0], Pos::kValue), base, base));
        out.releases.push_back(fmt::format("sg::FreeArray<{}>({}_values, {}_len, false);",
                                           c_.names.Element(t.args[1], Pos::kValue), base, base));
        return;
      }
      default:
        break;
    }
    switch (abi::CarrierOf(t)) {
      case Carrier::kBytes:
        out.decls.push_back(fmt::format("const std::uint8_t* {} = nullptr;", base));
        out.decls.push_back(fmt::format("std::size_t {}_len = 0;", base));
        out.assigns.push_back(fmt::format("{} = sg::BytesOut({}, &{}_len{});", base, e, base, keep));
        out.args.push_back(base);
        out.args.push_back(base + "_len");
        out.releases.push_back(fmt::format("sg::Free({});", base));
        return;
      case Carrier::kString:
        out.decls.push_back(fmt::format("const char* {} = nullptr;", base));
        out.assigns.push_back(fmt::format("{} = sg::StrOut({});", base, e));
        out.args.push_back(base);
        out.releases.push_back(fmt::format("sg::Free({});", base));
        return;
      case Carrier::kObject: {
        std::string tag = c_.lowering.DeclTag(t.decl);
        out.decls.push_back(fmt::format("{}* {} = nullptr;", tag, base));
        out.assigns.push_back(fmt::format("{} = sg::Ffi<{}>::Out({});", base, Q(t), e));
        out.args.push_back(base);
        if (!keep_adopted) out.releases.push_back(fmt::format("delete {};", base));
        return;
      }
      case Carrier::kInterface:
        out.args.push_back(fmt::format("sg::Ffi<{}>::Out(std::move({}), \"result\")", Q(t), e));
        return;
      default:
        out.args.push_back(ValueOut(t, e, "\"\""));
        return;
    }
  }

  // ---- symbols ----

  std::string Args(const ir::Function& f, bool owned) {
    std::vector<std::string> args, names = abi::CParamNames(f.params);
    for (size_t i = 0; i < f.params.size(); ++i) {
      const ir::Param& p = f.params[i];
      args.push_back(In(p.type, names[i], Lit(p.name), owned, p.is_mutable));
    }
    return Join(args);
  }

  // The C++ call of a callable, before the arguments' closing parenthesis.
  std::string Callee(const ir::Module& m, const ir::Interface* iface, const abi::CallableModel& c) {
    std::string name = iface ? MemberId(Id(iface->name), c.fn->name) : Id(c.fn->name);
    switch (c.role) {
      case abi::CallableRole::kFunction:
        return "::" + c_.names.Namespace(m) + "::" + name;
      case abi::CallableRole::kMethod:
        return Local("obj") + "." + name;
      default:
        return c_.names.Qualified(m, iface->name) + "::" + name;
    }
  }

  void SelfLine(const ir::Module& m, const ir::Interface* iface, const abi::CallableModel& c) {
    if (c.role == abi::CallableRole::kMethod) {
      w_.LineF("auto& {} = sg::Ffi<{}>::In(self, \"self\");", Local("obj"),
                          c_.names.Qualified(m, iface->name));
    }
  }

  std::string DisplayName(const ir::Module& m, const ir::Interface* iface, const ir::Function& f) {
    return m.DottedPath() + "." + (iface ? iface->name + "." : "") + f.name;
  }

  void Open(const abi::CFunction& f) {
    w_.Line(f.Signature() + " {");
    open_ = &f;
  }

  // A local variable name that no C parameter of the open function uses
  // (IDL parameters may be called `result`, `done`, `fail`, ...).
  std::string Local(const std::string& base) const {
    std::string name = base;
    auto taken = [&](const std::string& n) {
      if (!open_) return false;
      for (const abi::CParam& p : open_->params) {
        if (p.name == n) return true;
      }
      return false;
    };
    while (taken(name)) name += "_";
    return name;
  }

  void Callable(const ir::Module& m, const ir::Interface* iface, const abi::CallableModel& c) {
    const ir::Function& f = *c.fn;
    open_ = &c.entry;  // locals in `call` must avoid its parameter names
    std::string what = Lit(DisplayName(m, iface, f));
    std::string call = Callee(m, iface, c) + "(" + Args(f, c.shape == abi::CallableShape::kAsync);
    switch (c.shape) {
      case abi::CallableShape::kSync: {
        Open(c.entry);
        {
          auto in = w_.Indent();
          ZeroOuts(c.entry.params);
          const std::string& ret = c.entry.ret;
          if (ret == "void") {
            w_.LineF("sg::Guard<void>(out_err, [&]() {{");
          } else {
            w_.LineF("return sg::Guard<{}>(out_err, [&]() -> {} {{", ret, ret);
          }
          {
            auto in2 = w_.Indent();
            SelfLine(m, iface, c);
            if (c.role == abi::CallableRole::kConstructor) {
              w_.LineF("return sg::Ffi<{}>::Out({}), {});", c_.names.Qualified(m, iface->name), call,
                                  what);
            } else if (!f.ret) {
              w_.Line(call + ");");
            } else if (ReturnsBytes(f)) {
              w_.LineF("return sg::BytesAccess::Out({}), out_len);", call);
            } else {
              ReturnOut(*f.ret, call + ")", what);
            }
          }
          w_.Line("});");
        }
        if (!c.packed.symbol.empty()) {
          w_.Line("}");
          w_.Blank();
          // seam's packed twin: the same call, the result as one buffer.
          w_.Line("// Like " + c.entry.symbol + ", but the result comes back packed (see seam/glue.hpp).");
          w_.Line(ApiMacro() + " " + c.packed.Signature() + ";");
          Open(c.packed);
          w_.Line("  if (out_len) *out_len = 0;");
          w_.Line("  return sg::Guard<uint8_t*>(out_err, [&]() -> uint8_t* {");
          {
            auto in2 = w_.Indent(2);
            SelfLine(m, iface, c);
            w_.Line("return sg::PackOut(" + call + "), out_len);");
          }
          w_.Line("  });");
        }
        break;
      }
      case abi::CallableShape::kIterator: {
        Open(c.entry);
        {
          auto in = w_.Indent();
          w_.LineF("return sg::Guard<{}*>(out_err, [&]() -> {}* {{", c.iter_type, c.iter_type);
          {
            auto in2 = w_.Indent();
            SelfLine(m, iface, c);
            std::string it = Local("it");
            w_.Line("auto " + it + " = " + call + ");");
            w_.LineF("if (!{}) throw seam::Error(-1, std::string({}) + \" returned a null iterator\");",
                                it, what);
            w_.LineF("return new {}{{std::move({})}};", c.iter_type, it);
          }
          w_.Line("});");
        }
        w_.Line("}");
        Open(c.iter_next);
        {
          auto in = w_.Indent();
          ZeroOuts(c.iter_next.params);
          w_.Line("return sg::Guard<int32_t>(out_err, [&]() -> int32_t {");
          {
            auto in2 = w_.Indent();
            w_.Line("if (!iter) throw sg::ArgError(\"iter is null\");");
            w_.Line("if (!out_item) throw sg::ArgError(\"out_item is null\");");
            w_.Line("auto item = iter->it->next();");
            w_.Line("if (!item) return 0;");
            w_.Line("*out_item = " + ValueOut(f.ret->args[0], "std::move(*item)", what) + ";");
            w_.Line("return 1;");
          }
          w_.Line("});");
        }
        w_.Line("}");
        Open(c.iter_destroy);
        w_.Line("  delete iter;");
        break;
      }
      case abi::CallableShape::kAsync:
        Async(m, iface, c, call);
        break;
    }
    w_.Line("}");
    w_.Blank();
  }

  // The API macro that exports a definition the header does not declare.
  std::string ApiMacro() const { return MacroPrefix(c_.model.prefix) + "_API"; }

  void Async(const ir::Module& m, const ir::Interface* iface, const abi::CallableModel& c,
             const std::string& call) {
    AsyncLauncher(m, iface, c, call, false);
    w_.Line("}");
    w_.Blank();
    // seam's additive launcher: the same call, but the consumer owns the
    // results and the error struct (for consumers that read them later, like
    // Dart's NativeCallable.listener).
    abi::CFunction owned = c.entry;
    owned.symbol += "_owned";
    w_.Line("// Like " + c.entry.symbol + ", but the callback owns its results and error (see seam/glue.hpp).");
    w_.Line(ApiMacro() + " " + owned.Signature() + ";");
    AsyncLauncher(m, iface, c, call, true, &owned);
  }

  void AsyncLauncher(const ir::Module& m, const ir::Interface* iface, const abi::CallableModel& c,
                     const std::string& call, bool owned_results, const abi::CFunction* entry = nullptr) {
    const ir::Function& f = *c.fn;
    std::string r = c_.names.AsyncResult(f);
    Open(entry ? *entry : c.entry);
    // Every local, lambda parameter and temporary avoids the C parameter
    // names, so nothing shadows them.
    std::string fail = Local("fail"), deliver = Local("deliver"), done = Local("done");
    std::string code = Local("code"), message = Local("message"), err = Local("err");
    std::string value = Local("value"), result = Local("result");
    std::vector<std::string> zeros = {"context", err};
    for (size_t i = 2; i < c.callback_params.size(); ++i) {
      zeros.push_back(fmt::format("sg::Zero<{}>()", c.callback_params[i].type));
    }
    auto in = w_.Indent();
    w_.LineF("auto {} = [callback, context](std::int32_t {}, const std::string& {}) {{", fail, code,
                        message);
    w_.LineF("  sg::{}({}, {}, [&]({}* {}) {{ if (callback) callback({}); }});",
                        owned_results ? "FailWithOwned" : "FailWith", code, message, Err(), err, Join(zeros));
    w_.Line("};");
    if (!f.ret) {
      w_.Line("auto " + deliver + " = [callback, context]() { if (callback) callback(context, nullptr); };");
    } else {
      TempC t;
      owned_temps_ = owned_results;
      Temp(*f.ret, value, result, /*keep_adopted=*/true, t);
      owned_temps_ = false;
      w_.LineF("auto {} = [callback, context]({}&& {}) {{", deliver, r, value);
      {
        auto in2 = w_.Indent();
        for (const std::string& d : t.decls) w_.Line(d);
        for (const std::string& a : t.assigns) w_.Line(a);
        w_.LineF("if (callback) callback(context, nullptr, {});", Join(t.args));
        if (!owned_results) {
          for (const std::string& rl : t.releases) w_.Line(rl);
        }
      }
      w_.Line("};");
    }
    w_.LineF("sg::RunAsync<{}>({}, {}, {}, [&](seam::Completion<{}> {}) {{", r,
                        f.cancellable ? "cancel_token" : "nullptr", deliver, fail, r, done);
    {
      auto in2 = w_.Indent();
      SelfLine(m, iface, c);
      w_.Line(call + (f.params.empty() ? "" : ", ") + "std::move(" + done + "));");
    }
    w_.Line("});");
  }

  void Struct(const ir::Module& m, const abi::StructModel& s) {
    const ir::Struct& d = *s.decl;
    std::string q = c_.names.Qualified(m, d.name);
    std::vector<std::string> fields, names = abi::CParamNames(d.fields);
    for (size_t i = 0; i < d.fields.size(); ++i) {
      fields.push_back(In(d.fields[i].type, names[i], Lit(d.fields[i].name), true, false));
    }
    Open(s.create);
    w_.LineF("  return sg::Guard<{}*>(out_err, [&]() -> {}* {{ return sg::Ffi<{}>::Out({}{{{}}}); }});",
                        s.c_type, s.c_type, q, q, Join(fields));
    w_.Line("}");
    Open(s.destroy);
    w_.Line("  delete ptr;");
    w_.Line("}");
    for (size_t i = 0; i < d.fields.size(); ++i) Getter(s.getters[i], d.fields[i], "ptr", "ptr->value." + Id(d.fields[i].name));
    if (!s.builder_type.empty()) Builder(s, q);
    w_.Blank();
  }

  void Getter(const abi::CFunction& g, const ir::Field& f, const std::string& recv, const std::string& expr,
              const std::string& pre = "") {
    Open(g);
    {
      auto in = w_.Indent();
      GetterBody(g, f, recv, expr, pre);
    }
    w_.Line("}");
  }

  void GetterBody(const abi::CFunction& g, const ir::Field& f, const std::string& recv, const std::string& expr,
                  const std::string& pre) {
    ZeroOuts(g.params);
    bool is_void = g.ret == "void";
    w_.Line(is_void ? "sg::Quiet<void>([&]() {" : fmt::format("return sg::Quiet<{}>([&]() -> {} {{", g.ret, g.ret));
    {
      auto in2 = w_.Indent();
      std::string zero = is_void ? "return;" : fmt::format("return sg::Zero<{}>();", g.ret);
      if (pre.empty()) {
        w_.LineF("if (!{}) {}", recv, zero);
      } else {
        w_.Line(pre);
        w_.Line("if (!v) " + zero);
      }
      ReturnOut(f.type, expr, Lit(f.name));
    }
    w_.Line("});");
  }

  void Builder(const abi::StructModel& s, const std::string& q) {
    const ir::Struct& d = *s.decl;
    Open(s.builder_new);
    w_.LineF("  return new (std::nothrow) {}();", s.builder_type);
    w_.Line("}");
    for (size_t i = 0; i < d.fields.size(); ++i) {
      const ir::Field& f = d.fields[i];
      Open(s.builder_setters[i]);
      w_.Emit(R"cc(
          if (!builder) return;
          try {
            builder->field_$f$ = $in$;
          } catch (...) {
            if (builder->error.empty()) builder->error = std::string($what$) + ": " + sg::Describe(std::current_exception()).second;
          }
        }
      )cc", {{"f", f.name}, {"in", In(f.type, abi::BuilderSetterParamName(f), Lit(f.name), true, false)},
             {"what", Lit(d.name + "." + f.name)}});
    }
    Open(s.builder_build);
    {
      auto in = w_.Indent();
      w_.LineF("return sg::Guard<{}*>(out_err, [&]() -> {}* {{", s.c_type, s.c_type);
      {
      auto in2 = w_.Indent();
      w_.Line("if (!builder) throw sg::ArgError(\"builder is null\");");
      w_.Line("if (!builder->error.empty()) throw sg::ArgError(builder->error);");
      std::vector<std::string> values;
      bool has_defaults = false;
      for (const ir::Field& f : d.fields) has_defaults = has_defaults || f.default_value.has_value();
      // Unset fields with an IDL default take the record's default value.
      if (has_defaults) w_.LineF("const {} defaults{{}};", q);
      for (const ir::Field& f : d.fields) {
        if (f.type.kind == TypeKind::kOptional) {
          values.push_back(fmt::format("builder->field_{}.value_or({}())", f.name, c_.names.Type(f.type, Pos::kValue)));
        } else if (f.default_value) {
          values.push_back(fmt::format("builder->field_{}.value_or(defaults.{})", f.name, Id(f.name)));
        } else {
          w_.LineF("if (!builder->field_{}) throw seam::Error(-1, {});", f.name,
                              Lit(d.name + "." + f.name + " is required"));
          values.push_back(fmt::format("*builder->field_{}", f.name));
        }
      }
      w_.LineF("return sg::Ffi<{}>::Out({}{{{}}});", q, q, Join(values));
      }
      w_.Line("});");
    }
    w_.Line("}");
    Open(s.builder_destroy);
    w_.Line("  delete builder;");
    w_.Line("}");
  }

  void RichEnum(const ir::Module& m, const abi::RichEnumModel& r) {
    const ir::Enum& e = *r.decl;
    std::string q = c_.names.Qualified(m, e.name);
    Open(r.tag);
    w_.Line("  return self ? static_cast<int32_t>(self->value.tag()) : 0;");
    w_.Line("}");
    for (size_t vi = 0; vi < e.variants.size(); ++vi) {
      const ir::EnumVariant& v = e.variants[vi];
      const abi::VariantModel& vm = r.variants[vi];
      std::string vq = q + "::" + VariantId(e, v.name);
      std::vector<std::string> fields, names = abi::CParamNames(v.fields);
      for (size_t i = 0; i < v.fields.size(); ++i) {
        fields.push_back(In(v.fields[i].type, names[i], Lit(v.fields[i].name), true, false));
      }
      Open(vm.ctor);
      w_.LineF("  return sg::Guard<{}*>(out_err, [&]() -> {}* {{ return sg::Ffi<{}>::Out({}({}{{{}}})); }});",
                          r.c_type, r.c_type, q, q, vq, Join(fields));
      w_.Line("}");
      for (size_t fi = 0; fi < v.fields.size(); ++fi) {
        Getter(vm.getters[fi], v.fields[fi], "self", "v->" + Id(v.fields[fi].name),
               fmt::format("const auto* v = self ? std::get_if<{}>(&self->value.value) : nullptr;", vq));
      }
    }
    Open(r.destroy);
    w_.Line("  delete self;");
    w_.Line("}");
    w_.Blank();
  }

  void Interface(const ir::Module& m, const abi::InterfaceModel& i) {
    for (const abi::CallableModel& c : i.constructors) Callable(m, i.decl, c);
    for (const abi::CallableModel& c : i.statics) Callable(m, i.decl, c);
    for (const abi::CallableModel& c : i.methods) Callable(m, i.decl, c);
    Open(i.destroy);
    w_.Line("  delete self;");
    w_.Line("}");
    w_.Blank();
  }

  // A listener's subscribers: a file-local variable named after its C
  // registration symbol, so it is unique even when several libraries are
  // built into one binary.
  static std::string Registry(const abi::ListenerModel& l) { return "g_" + l.reg.symbol; }

  void Listeners() {
    for (const abi::ModuleModel& mm : c_.model.modules) {
      const ir::Module& m = Mod(mm);
      if (mm.listeners.empty()) continue;
      w_.Line("namespace {");
      for (const abi::ListenerModel& l : mm.listeners) {
        w_.LineF("sg::ListenerRegistry<{}> {};", mm.callbacks[l.callback].c_type, Registry(l));
      }
      w_.Line("}  // namespace");
      w_.Blank();
      w_.Line("namespace " + c_.names.Namespace(m) + " {");
      w_.Blank();
      for (const abi::ListenerModel& l : mm.listeners) Emitter(mm.callbacks[l.callback], l);
      w_.Line("}  // namespace " + c_.names.Namespace(m));
      w_.Blank();
    }
  }

  void Emitter(const abi::CallbackModel& cb, const abi::ListenerModel& l) {
    std::vector<std::string> params;
    TempC t, o;  // borrowed arguments (built once), owned ones (per owned subscriber)
    size_t slot = 0;
    std::vector<std::string> args, owned_args;
    for (const ir::Param& p : cb.decl->params) {
      std::string type = c_.names.Type(p.type, Pos::kEmit);
      if (p.type.kind == TypeKind::kList || p.type.kind == TypeKind::kMap || p.type.kind == TypeKind::kOptional) {
        type = "const " + type + "&";
      }
      std::string n = Id(p.name);
      params.push_back(type + " " + n);
      TempC one, mine;
      Temp(p.type, n, "c_" + p.name, false, one);
      owned_temps_ = true;
      Temp(p.type, n, "o_" + p.name, true, mine);
      owned_temps_ = false;
      for (auto& d : one.decls) t.decls.push_back(d);
      for (auto& a : one.assigns) t.assigns.push_back(a);
      for (auto& r : one.releases) t.releases.push_back(r);
      for (auto& d : mine.decls) o.decls.push_back(d);
      for (auto& a : mine.assigns) o.assigns.push_back(a);
      for (size_t i = 0; i < one.args.size(); ++i) {
        // Mutable callback parameters drop const in C; events stay read-only.
        const std::string& c_type = cb.params[slot].type;
        args.push_back(p.is_mutable ? fmt::format("({})({})", c_type, one.args[i]) : one.args[i]);
        owned_args.push_back(fmt::format("({})({})", c_type, mine.args[i]));
        ++slot;
      }
    }
    args.push_back("context");
    owned_args.push_back("context");
    w_.LineF("void emit_{}({}) {{", Id(l.decl->name), Join(params));
    {
      auto in = w_.Indent();
      for (const std::string& d : t.decls) w_.Line(d);
      for (const std::string& a : t.assigns) w_.Line(a);
      w_.LineF("{}.Emit([&]({} fn, void* context, bool owned) {{", Registry(l), cb.c_type);
      {
        auto in2 = w_.Indent();
        w_.Line("if (!owned) {");
        w_.LineF("  fn({});", Join(args));
        w_.Line("  return;");
        w_.Line("}");
        w_.Line("// An owned subscriber gets its own copies and frees them.");
        for (const std::string& d : o.decls) w_.Line(d);
        for (const std::string& a : o.assigns) w_.Line(a);
        w_.LineF("fn({});", Join(owned_args));
      }
      w_.Line("});");
      for (const std::string& r : t.releases) w_.Line(r);
    }
    w_.Line("}");
    w_.Blank();
    w_.LineF("std::size_t {}_subscriber_count() {{ return {}.size(); }}", Id(l.decl->name),
                        Registry(l));
    w_.Blank();
  }

  void Module(const abi::ModuleModel& mm) {
    const ir::Module& m = Mod(mm);
    w_.Line("// Module: " + m.DottedPath());
    w_.Blank();
    for (const abi::RichEnumModel& r : mm.rich_enums) RichEnum(m, r);
    for (const abi::StructModel& s : mm.structs) Struct(m, s);
    for (const abi::InterfaceModel& i : mm.interfaces) Interface(m, i);
    for (const abi::ListenerModel& l : mm.listeners) {
      std::string reg = Registry(l);
      Open(l.reg);
      w_.Emit(R"cc(
          if (!callback) return 0;
          try {
            return $reg$.Register(callback, context);
          } catch (...) {
            return 0;
          }
        }
      )cc", {{"reg", reg}});
      Open(l.unreg);
      w_.Emit(R"cc(
          try {
            $reg$.Unregister(id);
          } catch (...) {
          }
        }

        // seam's additive registration: the subscriber owns every argument it
        // receives (strings, buffers, arrays and objects) and frees it. The
        // matching unregister returns how many events the subscriber was sent.
        $api$ uint64_t $reg_sym$_owned($fn$ callback, void* context);
        $api$ uint64_t $unreg_sym$_owned(uint64_t id);
        uint64_t $reg_sym$_owned($fn$ callback, void* context) {
          if (!callback) return 0;
          try {
            return $reg$.Register(callback, context, true);
          } catch (...) {
            return 0;
          }
        }
        uint64_t $unreg_sym$_owned(uint64_t id) {
          try {
            return $reg$.Unregister(id);
          } catch (...) {
            return 0;
          }
        }

      )cc", {{"reg", reg}, {"api", ApiMacro()}, {"reg_sym", l.reg.symbol}, {"unreg_sym", l.unreg.symbol},
             {"fn", mm.callbacks[l.callback].c_type}});
    }
    for (const abi::CallableModel& c : mm.functions) Callable(m, nullptr, c);
  }

  const Context& c_;
  Diagnostics& diags_;
  const abi::CFunction* open_ = nullptr;  // the C function being written
  bool owned_temps_ = false;              // Temp() builds values the callee owns
  CodeWriter w_;
};

}  // namespace

std::string RenderGlue(const Context& ctx, Diagnostics& diags) { return GlueWriter(ctx, diags).Render(); }

}  // namespace seam::gen::cpp
