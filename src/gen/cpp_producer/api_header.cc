// The user-facing header of the C++ producer: value types, enums, rich enums,
// error classes, interfaces and the functions the library author defines.
#include "gen/cpp_producer/parts.h"

#include <fmt/format.h>

#include <functional>
#include <set>

#include "gen/c_family.h"

namespace seam::gen::cpp {
namespace {

class HeaderWriter {
 public:
  HeaderWriter(const Context& ctx, Diagnostics& diags) : c_(ctx), diags_(diags) {}

  std::string Render() {
    WritePrelude(w_, c_.api);
    w_.Emit(R"cc(

      // The declarations you implement for $lib$. Define every function and
      // interface factory below in your own source files (see the generated
      // stub for the full list). Throw the error classes declared here (or any
      // std::exception) to report failures; they never cross the C boundary.
      #ifndef $guard$
      #define $guard$

      #include <cstdint>
      #include <map>
      #include <memory>
      #include <optional>
      #include <span>
      #include <string>
      #include <string_view>
      #include <variant>
      #include <vector>

      #include "seam/producer.hpp"

    )cc", {{"lib", c_.lib}, {"guard", c_.guard}});
    for (const ir::Module& m : c_.api.modules) Forward(m);
    SortedValueTypes();
    for (const ir::Module& m : c_.api.modules) Rest(m);
    w_.Blank();
    w_.Line("#endif  // " + c_.guard);
    return w_.Take();
  }

 private:
  void Open(const ir::Module& m) { w_.Line("namespace " + c_.names.Namespace(m) + " {"); }
  void Close(const ir::Module& m) { w_.Line("}  // namespace " + c_.names.Namespace(m)); w_.Blank(); }

  void Forward(const ir::Module& m) {
    if (m.structs.empty() && m.enums.empty() && m.interfaces.empty()) return;
    Open(m);
    w_.Blank();
    for (const ir::Enum& e : m.enums) {
      if (e.rich()) continue;
      WriteDocComment(w_, e.doc);
      w_.LineF("enum class {} : std::int32_t {{", Id(e.name));
      {
        auto in = w_.Indent();
        for (const ir::EnumVariant& v : e.variants) {
          WriteDocComment(w_, v.doc);
          w_.LineF("{} = {},", Id(v.name), v.value);
        }
      }
      w_.Line("};");
      w_.Blank();
    }
    for (const ir::Struct& s : m.structs) w_.LineF("struct {};", Id(s.name));
    for (const ir::Enum& e : m.enums) {
      if (e.rich()) w_.LineF("struct {};", Id(e.name));
    }
    for (const ir::Interface& i : m.interfaces) w_.LineF("class {};", Id(i.name));
    w_.Blank();
    Close(m);
  }

  // Records and rich enums hold each other by value, so each is defined after
  // the ones it contains (lists may hold incomplete types).
  void CollectDeps(const ir::TypeRef& t, std::vector<ir::DeclRef>& out) {
    if (t.kind == ir::TypeKind::kOptional) return CollectDeps(t.args[0], out);
    if (t.kind == ir::TypeKind::kMap) {
      CollectDeps(t.args[0], out);
      CollectDeps(t.args[1], out);
      return;
    }
    if (t.kind == ir::TypeKind::kNamed &&
        (t.decl.kind == ir::DeclKind::kStruct || t.decl.kind == ir::DeclKind::kRichEnum)) {
      out.push_back(t.decl);
    }
  }

  void SortedValueTypes() {
    std::set<std::tuple<int, uint32_t, uint32_t>> done, active;
    std::function<void(const ir::DeclRef&)> visit = [&](const ir::DeclRef& ref) {
      auto key = std::make_tuple(static_cast<int>(ref.kind == ir::DeclKind::kStruct), ref.module, ref.index);
      if (done.count(key)) return;
      const ir::Module& m = c_.api.modules[ref.module];
      if (active.count(key)) {
        SourceLoc loc = ref.kind == ir::DeclKind::kStruct ? m.structs[ref.index].loc : m.enums[ref.index].loc;
        diags_.Error(loc, "CppRecursiveValueType",
                     "'" + c_.names.Qualified(ref) +
                         "' contains itself by value, which C++ value types cannot express; "
                         "hold it in a list instead");
        return;
      }
      active.insert(key);
      std::vector<ir::DeclRef> deps;
      if (ref.kind == ir::DeclKind::kStruct) {
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
      if (ref.kind == ir::DeclKind::kStruct) {
        Record(m.structs[ref.index]);
      } else {
        RichEnum(m.enums[ref.index]);
      }
      w_.Blank();
      Close(m);
    };
    for (uint32_t mi = 0; mi < c_.api.modules.size(); ++mi) {
      const ir::Module& m = c_.api.modules[mi];
      for (uint32_t i = 0; i < m.structs.size(); ++i) visit({ir::DeclKind::kStruct, mi, i});
      for (uint32_t i = 0; i < m.enums.size(); ++i) {
        if (m.enums[i].rich()) visit({ir::DeclKind::kRichEnum, mi, i});
      }
    }
  }

  std::string DefaultInit(const ir::Field& f) {
    if (f.default_value && f.type.kind == ir::TypeKind::kPrimitive) {
      const ir::Value& v = *f.default_value;
      ir::Primitive p = f.type.primitive;
      bool is_float = p == ir::Primitive::kF32 || p == ir::Primitive::kF64;
      if (p == ir::Primitive::kBool && v.kind == ir::Value::Kind::kBool) {
        return v.bool_value ? "{true}" : "{false}";
      }
      if (ir::IsScalar(p) && p != ir::Primitive::kBool && v.kind == ir::Value::Kind::kInt && !v.big_unsigned &&
          !v.int_overflow && !is_float) {
        return "{" + std::to_string(v.int_value) + "}";
      }
      if (is_float && (v.kind == ir::Value::Kind::kFloat || v.kind == ir::Value::Kind::kInt)) {
        return "{" + v.text + (v.kind == ir::Value::Kind::kInt ? ".0" : "") + "}";
      }
      if (p == ir::Primitive::kString && v.kind == ir::Value::Kind::kString) {
        return "{" + CStringLiteral(v.text) + "}";
      }
    }
    return "{}";
  }

  // Record fields carry their IDL defaults. Variant fields carry none (the IDL
  // ignores `default` there): a default member initializer inside the
  // enclosing class would leave the struct not default-constructible while
  // std::variant checks it, and the variant value-initializes its first
  // alternative anyway.
  void Fields(const std::vector<ir::Field>& fields, bool with_defaults = true) {
    for (const ir::Field& f : fields) {
      WriteDocComment(w_, f.doc);
      w_.LineF("{} {}{};", c_.names.Type(f.type, Pos::kValue), Id(f.name),
                          with_defaults ? DefaultInit(f) : std::string());
    }
  }

  void Record(const ir::Struct& s) {
    WriteDocComment(w_, s.doc);
    w_.LineF("struct {} {{", Id(s.name));
    {
      auto in = w_.Indent();
      Fields(s.fields);
    }
    w_.Line("};");
  }

  void RichEnum(const ir::Enum& e) {
    std::string name = Id(e.name);
    WriteDocComment(w_, e.doc);
    w_.LineF("struct {} {{", name);
    {
      auto in = w_.Indent();
      RichEnumBody(e, name);
    }
    w_.Line("};");
  }

  void RichEnumBody(const ir::Enum& e, const std::string& name) {
    std::string alts;
    for (const ir::EnumVariant& v : e.variants) {
      std::string vid = VariantId(e, v.name);
      WriteDocComment(w_, v.doc);
      if (v.fields.empty()) {
        w_.LineF("struct {} {{}};", vid);
      } else {
        w_.LineF("struct {} {{", vid);
        {
          auto in2 = w_.Indent();
          Fields(v.fields, /*with_defaults=*/false);
        }
        w_.Line("};");
      }
      if (!alts.empty()) alts += ", ";
      alts += vid;
    }
    w_.Blank();
    w_.Line("using Variant = std::variant<" + alts + ">;");
    w_.Line("/** The discriminant: each variant's value in the IDL. */");
    w_.Line("enum class Tag : std::int32_t {");
    {
      auto in2 = w_.Indent();
      for (const ir::EnumVariant& v : e.variants) w_.LineF("{} = {},", VariantId(e, v.name), v.value);
    }
    w_.Line("};");
    w_.Blank();
    w_.Line("Variant value;");
    w_.Blank();
    w_.Line(name + "() = default;");
    for (const ir::EnumVariant& v : e.variants) {
      std::string vid = VariantId(e, v.name);
      w_.LineF("{}({} v) : value(std::move(v)) {{}}", name, vid);
    }
    w_.Blank();
    std::string table;
    for (const ir::EnumVariant& v : e.variants) {
      if (!table.empty()) table += ", ";
      table += "Tag::" + VariantId(e, v.name);
    }
    w_.Emit(R"cc(
      [[nodiscard]] Tag tag() const {
        static constexpr Tag kTags[] = {$table$};
        return kTags[value.index()];
      }
      /** Calls `f` with the active variant; `f` must accept every variant. */
      template <class F>
      decltype(auto) visit(F&& f) const { return std::visit(std::forward<F>(f), value); }
      template <class F>
      decltype(auto) visit(F&& f) { return std::visit(std::forward<F>(f), value); }
    )cc", {{"table", table}});
  }

  std::string Params(const ir::Function& f) { return ParamList(c_.names, f, true); }

  void FunctionDoc(const ir::Function& f) {
    std::optional<std::string> doc = FunctionDocText(f, [](const std::string& name) { return "`" + Id(name) + "`"; });
    if (f.deprecated) doc = (doc ? *doc + "\n\n" : std::string()) + "Deprecated: " + *f.deprecated;
    if (f.is_async && f.cancellable) {
      doc = (doc ? *doc + "\n\n" : std::string()) + "Cancellable: poll " + CompletionName(f) + ".is_cancelled().";
    }
    WriteDocComment(w_, doc);
  }

  std::string Signature(const ir::Function& f, const std::string& name) {
    return cpp::Signature(c_.names, f, name, true);
  }

  void ErrorDomain(const ir::Module& m) {
    const ir::ErrorDomain& d = *m.errors;
    std::string dn = Id(d.name);
    WriteDocComment(w_, d.doc ? d.doc : std::optional<std::string>("Errors of the `" + m.DottedPath() +
                                                                   "` module tree. Throw a nested class."));
    w_.LineF("class {} : public seam::Error {{", dn);
    w_.Line(" public:");
    {
      auto in = w_.Indent();
      w_.Line("using seam::Error::Error;");
      for (const ir::ErrorCode& c : d.codes) w_.LineF("class {};", CodeId(d, c));
    }
    w_.Line("};");
    for (const ir::ErrorCode& c : d.codes) {
      WriteDocComment(w_, c.doc);
      w_.Emit(R"cc(
        class $d$::$c$ : public $d$ {
         public:
          static constexpr std::int32_t kCode = $code$;
          explicit $c$(const std::string& message = $msg$) : $d$(kCode, message) {}
        };
      )cc", {{"d", dn}, {"c", CodeId(d, c)}, {"code", std::to_string(c.code)}, {"msg", CStringLiteral(c.message)}});
    }
    w_.Blank();
  }

  void Interface(const ir::Interface& i) {
    std::string n = Id(i.name);
    WriteDocComment(w_, i.doc);
    w_.LineF("class {} {{", n);
    w_.Line(" public:");
    {
      auto in = w_.Indent();
      InterfaceBody(i, n);
    }
    w_.Line("};");
    w_.Blank();
  }

  void InterfaceBody(const ir::Interface& i, const std::string& n) {
    w_.LineF("virtual ~{}() = default;", n);
    for (const ir::Function& f : i.constructors) {
      w_.Blank();
      FunctionDoc(f);
      w_.LineF("static std::unique_ptr<{}> {}({});", n, MemberId(n, f.name), Params(f));
    }
    for (const ir::Function& f : i.statics) {
      w_.Blank();
      FunctionDoc(f);
      w_.Line("static " + Signature(f, MemberId(n, f.name)) + ";");
    }
    for (const ir::Function& f : i.methods) {
      w_.Blank();
      FunctionDoc(f);
      w_.Line("virtual " + Signature(f, MemberId(n, f.name)) + " = 0;");
    }
  }

  std::string EmitParams(const ir::Callback& cb) {
    std::string s;
    for (const ir::Param& p : cb.params) {
      std::string t = c_.names.Type(p.type, Pos::kEmit);
      if (p.type.kind == ir::TypeKind::kList || p.type.kind == ir::TypeKind::kMap ||
          p.type.kind == ir::TypeKind::kOptional) {
        t = "const " + t + "&";
      }
      s += (s.empty() ? "" : ", ") + t + " " + Id(p.name);
    }
    return s;
  }

  void Rest(const ir::Module& m) {
    bool any = m.errors || !m.interfaces.empty() || !m.functions.empty() || !m.listeners.empty();
    if (!any) return;
    Open(m);
    w_.Blank();
    if (m.errors) ErrorDomain(m);
    for (const ir::Interface& i : m.interfaces) Interface(i);
    for (const ir::Listener& l : m.listeners) {
      const ir::Callback& cb = m.callbacks[l.callback];
      std::optional<std::string> doc = l.doc ? *l.doc + "\n\n" : std::string();
      *doc += "Delivers one event to every subscriber, synchronously on the calling thread. Safe to call "
              "from any thread. Arguments are borrowed by subscribers for the call only.";
      WriteDocComment(w_, doc);
      w_.LineF("void emit_{}({});", Id(l.name), EmitParams(cb));
      w_.LineF("/** The number of subscribers currently registered to {}. */", l.name);
      w_.LineF("std::size_t {}_subscriber_count();", Id(l.name));
      w_.Blank();
    }
    for (const ir::Function& f : m.functions) {
      FunctionDoc(f);
      w_.Line(Signature(f, Id(f.name)) + ";");
      w_.Blank();
    }
    Close(m);
  }

  const Context& c_;
  Diagnostics& diags_;
  CodeWriter w_;
};

}  // namespace

std::string VariantId(const ir::Enum& e, std::string_view name) {
  static const std::set<std::string_view> kMembers = {"Variant", "Tag", "value", "tag", "visit", "is", "get_if"};
  std::string id = Id(name);
  if (kMembers.count(id) || id == e.name) id += '_';
  return id;
}

std::string CodeId(const ir::ErrorDomain& d, const ir::ErrorCode& c) {
  std::string id = Id(c.name);
  if (id == d.name || id == "Error") id += '_';
  return id;
}

std::string RenderApiHeader(const Context& ctx, Diagnostics& diags) { return HeaderWriter(ctx, diags).Render(); }

}  // namespace seam::gen::cpp
