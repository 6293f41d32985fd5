// C ABI lowering (reference §3): C types per position, and the model of every
// declaration, built once per API.
#include "abi/model.h"

#include <fmt/format.h>

#include "base/diagnostics.h"

namespace seam::abi {

std::string JoinParam(const CParam& p) { return p.type + " " + p.name; }

std::string ParamList(const std::vector<CParam>& params) {
  if (params.empty()) return "void";
  std::string s;
  for (size_t i = 0; i < params.size(); ++i) {
    if (i) s += ", ";
    s += JoinParam(params[i]);
  }
  return s;
}

std::string CFunction::Signature() const { return ret + " " + symbol + "(" + ParamList(params) + ")"; }

Carrier CarrierOf(const ir::TypeRef& t) {
  using ir::Primitive;
  switch (t.kind) {
    case ir::TypeKind::kPrimitive:
      switch (t.primitive) {
        case Primitive::kString:
        case Primitive::kBorrowedStr:
          return Carrier::kString;
        case Primitive::kBytes:
        case Primitive::kBorrowedBytes:
          return Carrier::kBytes;
        case Primitive::kHandle:
          return Carrier::kHandle;
        default:
          return Carrier::kScalar;
      }
    case ir::TypeKind::kNamed:
      switch (t.decl.kind) {
        case ir::DeclKind::kEnum:
          return Carrier::kEnum;
        case ir::DeclKind::kInterface:
          return Carrier::kInterface;
        case ir::DeclKind::kStruct:
        case ir::DeclKind::kRichEnum:
          return Carrier::kObject;
        case ir::DeclKind::kUnresolved:
          break;
      }
      throw InternalError("unresolved type '" + t.name + "' reached the ABI lowering");
    case ir::TypeKind::kTypedHandle:
      return Carrier::kTypedHandle;
    case ir::TypeKind::kOptional:
      return CarrierOf(t.args[0]);
    case ir::TypeKind::kList:
      return Carrier::kList;
    case ir::TypeKind::kMap:
      return Carrier::kMap;
    case ir::TypeKind::kIterator:
      return Carrier::kIterator;
  }
  throw InternalError("unknown type kind");
}

bool IsPointerKind(const ir::TypeRef& t) {
  switch (CarrierOf(t)) {
    case Carrier::kScalar:
    case Carrier::kEnum:
    case Carrier::kHandle:
      return false;
    default:
      return true;
  }
}

const ir::TypeRef& CollapseOptional(const ir::TypeRef& t) {
  const ir::TypeRef* p = &t;
  while (p->kind == ir::TypeKind::kOptional && p->args[0].kind == ir::TypeKind::kOptional) {
    p = &p->args[0];
  }
  return *p;
}

const ir::TypeRef& StripOptional(const ir::TypeRef& t) {
  const ir::TypeRef* p = &t;
  while (p->kind == ir::TypeKind::kOptional) p = &p->args[0];
  return *p;
}

namespace {

// An element spelled as a pointer in C (a list of these gets east const).
bool IsPointerElement(const ir::TypeRef& t) {
  if (t.kind == ir::TypeKind::kOptional) return false;  // WeaveFFI's rendering, same ABI
  switch (CarrierOf(t)) {
    case Carrier::kString:
    case Carrier::kBytes:
    case Carrier::kObject:
    case Carrier::kInterface:
    case Carrier::kTypedHandle:
      return true;
    default:
      return false;
  }
}

}  // namespace

Lowering::Lowering(const ir::Api& api)
    : api_(api),
      prefix_(api.CPrefix()),
      error_type_(prefix_ + "_error"),
      handle_type_(prefix_ + "_handle_t"),
      cancel_token_type_(prefix_ + "_cancel_token") {}

const std::string& Lowering::DeclName(const ir::DeclRef& ref) const {
  const ir::Module& m = api_.modules.at(ref.module);
  switch (ref.kind) {
    case ir::DeclKind::kStruct:
      return m.structs.at(ref.index).name;
    case ir::DeclKind::kEnum:
    case ir::DeclKind::kRichEnum:
      return m.enums.at(ref.index).name;
    case ir::DeclKind::kInterface:
      return m.interfaces.at(ref.index).name;
    case ir::DeclKind::kUnresolved:
      break;
  }
  throw InternalError("unresolved declaration reached the ABI lowering");
}

std::string Lowering::DeclTag(const ir::Module& owner, std::string_view name) const {
  return prefix_ + "_" + TypeTag(owner, name);
}

std::string Lowering::DeclTag(const ir::DeclRef& ref) const {
  return DeclTag(api_.modules.at(ref.module), DeclName(ref));
}

const char* Lowering::ScalarCType(ir::Primitive p) {
  using ir::Primitive;
  switch (p) {
    case Primitive::kI8: return "int8_t";
    case Primitive::kI16: return "int16_t";
    case Primitive::kI32: return "int32_t";
    case Primitive::kI64: return "int64_t";
    case Primitive::kU8: return "uint8_t";
    case Primitive::kU16: return "uint16_t";
    case Primitive::kU32: return "uint32_t";
    case Primitive::kU64: return "uint64_t";
    case Primitive::kF32: return "float";
    case Primitive::kF64: return "double";
    case Primitive::kBool: return "bool";
    default: break;
  }
  throw InternalError(std::string("not a scalar: ") + ir::PrimitiveName(p));
}

std::string Lowering::ElementCType(const ir::TypeRef& t) const {
  switch (t.kind) {
    case ir::TypeKind::kOptional:
    case ir::TypeKind::kList:
    case ir::TypeKind::kIterator:
      return ElementCType(t.args[0]);
    case ir::TypeKind::kMap:
      return "void*";
    case ir::TypeKind::kTypedHandle:
      return DeclTag(t.decl) + "*";
    default:
      break;
  }
  switch (CarrierOf(t)) {
    case Carrier::kScalar: return ScalarCType(t.primitive);
    case Carrier::kHandle: return HandleType();
    case Carrier::kString: return "const char*";
    case Carrier::kBytes: return "const uint8_t*";
    case Carrier::kEnum: return DeclTag(t.decl);
    default: return DeclTag(t.decl) + "*";
  }
}

std::string Lowering::ArrayParam(const ir::TypeRef& elem, bool is_mutable) const {
  std::string e = ElementCType(elem);
  if (is_mutable) return e + "*";
  if (IsPointerElement(elem)) return e + " const*";
  return "const " + e + "*";
}

std::vector<CParam> Lowering::LowerParam(const ir::TypeRef& t, const std::string& n,
                                         bool is_mutable) const {
  const std::string cst = is_mutable ? "" : "const ";
  switch (t.kind) {
    case ir::TypeKind::kOptional: {
      const ir::TypeRef& inner = StripOptional(t);
      if (IsPointerKind(inner)) return LowerParam(inner, n, is_mutable);
      return {{cst + ElementCType(inner) + "*", n}};
    }
    case ir::TypeKind::kList:
      return {{ArrayParam(t.args[0], is_mutable), n}, {"size_t", n + "_len"}};
    case ir::TypeKind::kMap:
      return {{ArrayParam(t.args[0], is_mutable), n + "_keys"},
              {ArrayParam(t.args[1], is_mutable), n + "_values"},
              {"size_t", n + "_len"}};
    case ir::TypeKind::kIterator:
      throw InternalError("iterator parameter reached the ABI lowering");
    case ir::TypeKind::kTypedHandle:
      return {{DeclTag(t.decl) + "*", n}};
    default:
      break;
  }
  switch (CarrierOf(t)) {
    case Carrier::kScalar: return {{ScalarCType(t.primitive), n}};
    case Carrier::kHandle: return {{HandleType(), n}};
    case Carrier::kString: return {{cst + "char*", n}};
    case Carrier::kBytes: return {{cst + "uint8_t*", n + "_ptr"}, {"size_t", n + "_len"}};
    case Carrier::kEnum: return {{DeclTag(t.decl), n}};
    case Carrier::kInterface: return {{"const " + DeclTag(t.decl) + "*", n}};
    default: return {{cst + DeclTag(t.decl) + "*", n}};
  }
}

Lowering::Return Lowering::LowerReturn(const ir::TypeRef& t) const {
  switch (t.kind) {
    case ir::TypeKind::kOptional: {
      const ir::TypeRef& inner = StripOptional(t);
      if (IsPointerKind(inner)) return LowerReturn(inner);
      return {ElementCType(inner) + "*", {}};
    }
    case ir::TypeKind::kList:
      return {ElementCType(t.args[0]) + "*", {{"size_t*", "out_len"}}};
    case ir::TypeKind::kMap:
      return {"void",
              {{ElementCType(t.args[0]) + "**", "out_keys"},
               {ElementCType(t.args[1]) + "**", "out_values"},
               {"size_t*", "out_len"}}};
    case ir::TypeKind::kIterator:
      throw InternalError("iterator return lowered as a value");
    default:
      break;
  }
  if (CarrierOf(t) == Carrier::kBytes) return {"const uint8_t*", {{"size_t*", "out_len"}}};
  return {ElementCType(t), {}};
}

std::vector<CParam> Lowering::CallbackResultParams(const ir::TypeRef& t) const {
  const ir::TypeRef& inner = StripOptional(t);
  switch (inner.kind) {
    case ir::TypeKind::kList:
      return {{ElementCType(inner.args[0]) + "*", "result"}, {"size_t", "result_len"}};
    case ir::TypeKind::kMap:
      return {{ElementCType(inner.args[0]) + "*", "result_keys"},
              {ElementCType(inner.args[1]) + "*", "result_values"},
              {"size_t", "result_len"}};
    default:
      break;
  }
  if (CarrierOf(inner) == Carrier::kBytes) {
    return {{"const uint8_t*", "result"}, {"size_t", "result_len"}};
  }
  return {{LowerReturn(t).type, "result"}};
}

// ---- model ----

namespace {

class ModelBuilder {
 public:
  explicit ModelBuilder(const ir::Api& api)
      : api_(api), low_(api), packing_(std::make_shared<const Packing>(api)) {}

  Model Build() {
    Model model;
    model.api = &api_;
    model.prefix = low_.prefix();
    model.runtime_prefix = api_.RuntimePrefix();
    model.packing = packing_;
    for (uint32_t i = 0; i < api_.modules.size(); ++i) model.modules.push_back(BuildModule(i));
    return model;
  }

 private:
  std::string Sym(const ir::Module& m, std::string_view name) const {
    return low_.prefix() + "_" + m.CPath() + "_" + std::string(name);
  }
  CParam OutErr() const { return {low_.ErrorType() + "*", "out_err"}; }

  void AppendParams(std::vector<CParam>& out, const std::vector<ir::Param>& params) const {
    std::vector<std::string> names = CParamNames(params);
    for (size_t i = 0; i < params.size(); ++i) {
      for (CParam& c : low_.LowerParam(params[i].type, names[i], params[i].is_mutable)) out.push_back(std::move(c));
    }
  }
  void AppendFields(std::vector<CParam>& out, const std::vector<ir::Field>& fields) const {
    std::vector<std::string> names = CParamNames(fields);
    for (size_t i = 0; i < fields.size(); ++i) {
      for (CParam& c : low_.LowerParam(fields[i].type, names[i], false)) out.push_back(std::move(c));
    }
  }

  // `base` is the symbol without suffixes; `iter_base` the iterator type name;
  // `self_type` non-empty for methods; `ctor_type` non-empty for constructors.
  CallableModel BuildCallable(const ir::Function& f, CallableRole role, const std::string& base,
                              const std::string& iter_type, const std::string& self_type,
                              const std::string& ctor_type) const {
    CallableModel c;
    c.fn = &f;
    c.role = role;
    c.shape = ShapeOf(f);
    c.entry.doc = f.doc;
    c.entry.deprecated = f.deprecated;
    std::vector<CParam>& params = c.entry.params;
    if (!self_type.empty()) params.push_back({"const " + self_type + "*", "self"});
    AppendParams(params, f.params);
    switch (c.shape) {
      case CallableShape::kSync: {
        c.entry.symbol = base;
        if (!ctor_type.empty()) {
          c.entry.ret = ctor_type + "*";
        } else if (f.ret) {
          Lowering::Return r = low_.LowerReturn(*f.ret);
          c.entry.ret = r.type;
          if (packing_->PacksResult(*f.ret)) {
            c.packed = {base + "_packed", "uint8_t*", params, f.doc, f.deprecated};
            c.packed.params.push_back({"size_t*", "out_len"});
            c.packed.params.push_back(OutErr());
          }
          for (CParam& p : r.out_params) params.push_back(std::move(p));
        }
        params.push_back(OutErr());
        break;
      }
      case CallableShape::kIterator: {
        c.entry.symbol = base;
        c.iter_type = iter_type;
        c.entry.ret = iter_type + "*";
        params.push_back(OutErr());
        const ir::TypeRef& elem = f.ret->args[0];
        Lowering::Return r = low_.LowerReturn(elem);
        c.iter_next.symbol = iter_type + "_next";
        c.iter_next.ret = "int32_t";
        c.iter_next.params = {{iter_type + "*", "iter"}, {r.type + "*", "out_item"}};
        for (CParam& p : r.out_params) c.iter_next.params.push_back(std::move(p));
        c.iter_next.params.push_back(OutErr());
        c.iter_destroy.symbol = iter_type + "_destroy";
        c.iter_destroy.params = {{iter_type + "*", "iter"}};
        break;
      }
      case CallableShape::kAsync: {
        c.entry.symbol = base + "_async";
        c.callback_type = base + "_callback";
        c.callback_params = {{"void*", "context"}, {low_.ErrorType() + "*", "err"}};
        if (f.ret) {
          for (CParam& p : low_.CallbackResultParams(*f.ret)) c.callback_params.push_back(std::move(p));
        }
        if (f.cancellable) params.push_back({low_.CancelTokenType() + "*", "cancel_token"});
        params.push_back({c.callback_type, "callback"});
        params.push_back({"void*", "context"});
        break;
      }
    }
    return c;
  }

  // A field getter: no out_err; returns a caller-owned copy.
  CFunction Getter(std::string symbol, const std::string& owner_type, const char* receiver,
                   const ir::Field& f) const {
    Lowering::Return r = low_.LowerReturn(f.type);
    CFunction g{std::move(symbol), r.type, {{"const " + owner_type + "*", receiver}}, f.doc, std::nullopt};
    for (CParam& p : r.out_params) g.params.push_back(std::move(p));
    return g;
  }

  StructModel BuildStruct(const ir::Module& m, const ir::Struct& s) const {
    StructModel sm;
    sm.decl = &s;
    sm.c_type = low_.DeclTag(m, s.name);
    const std::string& t = sm.c_type;
    sm.create = {t + "_create", t + "*", {}, s.doc, std::nullopt};
    AppendFields(sm.create.params, s.fields);
    sm.create.params.push_back(OutErr());
    sm.destroy = {t + "_destroy", "void", {{t + "*", "ptr"}}, std::nullopt, std::nullopt};
    for (const ir::Field& f : s.fields) sm.getters.push_back(Getter(t + "_get_" + f.name, t, "ptr", f));
    if (s.builder) {
      sm.builder_type = t + "Builder";
      const std::string& b = sm.builder_type;
      sm.builder_new = {t + "_Builder_new", b + "*", {}, std::nullopt, std::nullopt};
      for (const ir::Field& f : s.fields) {
        CFunction set{t + "_Builder_set_" + f.name, "void", {{b + "*", "builder"}}, f.doc, std::nullopt};
        for (CParam& p : low_.LowerParam(f.type, BuilderSetterParamName(f), false)) set.params.push_back(std::move(p));
        sm.builder_setters.push_back(std::move(set));
      }
      sm.builder_build = {t + "_Builder_build", t + "*", {{b + "*", "builder"}, OutErr()},
                          std::nullopt, std::nullopt};
      sm.builder_destroy = {t + "_Builder_destroy", "void", {{b + "*", "builder"}}, std::nullopt,
                            std::nullopt};
    }
    return sm;
  }

  RichEnumModel BuildRichEnum(const ir::Module& m, const ir::Enum& e) const {
    RichEnumModel rm;
    rm.decl = &e;
    rm.c_type = low_.DeclTag(m, e.name);
    const std::string& t = rm.c_type;
    rm.tag = {t + "_tag", "int32_t", {{"const " + t + "*", "self"}}, std::nullopt, std::nullopt};
    for (const ir::EnumVariant& v : e.variants) {
      VariantModel vm;
      vm.decl = &v;
      vm.ctor = {t + "_" + v.name + "_new", t + "*", {}, v.doc, std::nullopt};
      AppendFields(vm.ctor.params, v.fields);
      vm.ctor.params.push_back(OutErr());
      for (const ir::Field& f : v.fields) {
        vm.getters.push_back(Getter(t + "_" + v.name + "_get_" + f.name, t, "self", f));
      }
      rm.variants.push_back(std::move(vm));
    }
    rm.destroy = {t + "_destroy", "void", {{t + "*", "self"}}, std::nullopt, std::nullopt};
    return rm;
  }

  InterfaceModel BuildInterface(const ir::Module& m, const ir::Interface& i) const {
    InterfaceModel im;
    im.decl = &i;
    im.c_type = low_.DeclTag(m, i.name);
    const std::string& t = im.c_type;
    auto iter = [&](const ir::Function& f) { return t + "_" + UpperCamel(f.name) + "Iterator"; };
    for (const ir::Function& f : i.constructors) {
      im.constructors.push_back(
          BuildCallable(f, CallableRole::kConstructor, t + "_" + f.name, iter(f), "", t));
    }
    for (const ir::Function& f : i.statics) {
      im.statics.push_back(BuildCallable(f, CallableRole::kStatic, t + "_" + f.name, iter(f), "", ""));
    }
    for (const ir::Function& f : i.methods) {
      im.methods.push_back(BuildCallable(f, CallableRole::kMethod, t + "_" + f.name, iter(f), t, ""));
    }
    im.destroy = {t + "_destroy", "void", {{t + "*", "self"}}, std::nullopt, std::nullopt};
    return im;
  }

  ModuleModel BuildModule(uint32_t index) const {
    const ir::Module& m = api_.modules[index];
    ModuleModel mm;
    mm.decl = &m;
    mm.index = index;
    for (const ir::Enum& e : m.enums) {
      EnumModel em;
      em.doc = e.doc;
      std::string tag = low_.DeclTag(m, e.name);
      em.c_type = e.rich() ? tag + "_Tag" : tag;
      for (const ir::EnumVariant& v : e.variants) em.constants.push_back({tag + "_" + v.name, v.value, v.doc});
      mm.enums.push_back(std::move(em));
      if (e.rich()) mm.rich_enums.push_back(BuildRichEnum(m, e));
    }
    if (m.errors) {
      EnumModel em;
      em.c_type = Sym(m, m.errors->name);
      em.doc = fmt::format("Error codes reported by throwing functions in the `{}` module tree.",
                           m.DottedPath());
      for (const ir::ErrorCode& c : m.errors->codes) {
        em.constants.push_back({em.c_type + "_" + c.name, c.code, c.doc});
      }
      mm.error_domain = std::move(em);
    }
    for (const ir::Struct& s : m.structs) mm.structs.push_back(BuildStruct(m, s));
    for (const ir::Interface& i : m.interfaces) mm.interfaces.push_back(BuildInterface(m, i));
    for (const ir::Callback& cb : m.callbacks) {
      CallbackModel cm;
      cm.decl = &cb;
      cm.c_type = Sym(m, cb.name) + "_fn";
      AppendParams(cm.params, cb.params);
      cm.params.push_back({"void*", "context"});
      mm.callbacks.push_back(std::move(cm));
    }
    for (const ir::Listener& l : m.listeners) {
      ListenerModel lm;
      lm.decl = &l;
      lm.callback = l.callback;
      lm.reg = {Sym(m, "register_" + l.name), "uint64_t",
                {{mm.callbacks.at(l.callback).c_type, "callback"}, {"void*", "context"}}, l.doc, std::nullopt};
      lm.unreg = {Sym(m, "unregister_" + l.name), "void", {{"uint64_t", "id"}}, l.doc, std::nullopt};
      mm.listeners.push_back(std::move(lm));
    }
    for (const ir::Function& f : m.functions) {
      mm.functions.push_back(BuildCallable(f, CallableRole::kFunction, Sym(m, f.name),
                                           Sym(m, UpperCamel(f.name) + "Iterator"), "", ""));
    }
    return mm;
  }

  const ir::Api& api_;
  Lowering low_;
  std::shared_ptr<const Packing> packing_;
};

}  // namespace

Model BuildModel(const ir::Api& api) { return ModelBuilder(api).Build(); }

}  // namespace seam::abi
