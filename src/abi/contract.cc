#include "abi/contract.h"

#include <cstdint>

#include <fmt/format.h>

namespace seam::abi {
namespace {

// The canonical text of what one declaration puts on the boundary.
class Canon {
 public:
  void Fn(const CFunction& f) {
    if (f.symbol.empty()) return;
    text_ += f.ret + " " + f.symbol + "(";
    Types(f.params);
    text_ += ");";
  }
  void Types(const std::vector<CParam>& params) {
    for (size_t i = 0; i < params.size(); ++i) text_ += (i ? "," : "") + params[i].type;
  }
  void Typedef(const std::string& name, const std::vector<CParam>& params) {
    text_ += "typedef " + name + "(";
    Types(params);
    text_ += ");";
  }
  void Enum(const EnumModel& e) {
    text_ += "enum " + e.c_type + "{";
    for (const EnumConstant& c : e.constants) text_ += fmt::format("{}={},", c.name, c.value);
    text_ += "};";
  }
  void Word(const std::string& s) { text_ += s + ";"; }
  // The IDL spelling too: `T` and `T?` have the same C types, not the same
  // promise (a NULL result).
  void Type(const ir::TypeRef& t) { text_ += ir::Spell(t) + ";"; }
  void Signature(const ir::Function& f) {
    text_ += "(";
    for (const ir::Param& p : f.params) text_ += ir::Spell(p.type) + (p.is_mutable ? " mut," : ",");
    text_ += ")->" + (f.ret ? ir::Spell(*f.ret) : std::string("void")) + ";";
  }

  // FNV-1a, 64-bit: stable across platforms and releases.
  [[nodiscard]] std::string Hash() const {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text_) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    return fmt::format("{:016x}", h);
  }

 private:
  std::string text_;
};

void Callable(Canon& c, const CallableModel& m) {
  c.Signature(*m.fn);
  c.Fn(m.entry);
  c.Fn(m.iter_next);
  c.Fn(m.iter_destroy);
  if (!m.callback_type.empty()) c.Typedef(m.callback_type, m.callback_params);
}

const char* RoleKind(CallableRole r) {
  switch (r) {
    case CallableRole::kConstructor: return "constructor";
    case CallableRole::kMethod: return "method";
    case CallableRole::kStatic: return "static";
    case CallableRole::kFunction: break;
  }
  return "function";
}

}  // namespace

std::vector<ContractEntry> BuildContract(const Model& model) {
  std::vector<ContractEntry> out;
  auto add = [&](const char* kind, std::string name, const Canon& c) {
    out.push_back({kind, std::move(name), c.Hash()});
  };
  for (const ModuleModel& mm : model.modules) {
    const ir::Module& m = *mm.decl;
    std::string mod = m.DottedPath() + ".";
    if (mm.error_domain) {
      Canon c;
      c.Enum(*mm.error_domain);
      add("errors", mod + m.errors->name, c);
    }
    // Enums: C-style ones by their constants; rich ones with their object.
    size_t rich = 0;
    for (size_t i = 0; i < m.enums.size(); ++i) {
      Canon c;
      c.Enum(mm.enums[i]);
      if (m.enums[i].rich()) {
        const RichEnumModel& r = mm.rich_enums[rich++];
        c.Word(r.c_type);
        c.Fn(r.tag);
        for (const VariantModel& v : r.variants) {
          for (const ir::Field& f : v.decl->fields) c.Type(f.type);
          c.Fn(v.ctor);
          for (const CFunction& g : v.getters) c.Fn(g);
        }
        c.Fn(r.destroy);
      }
      add("enum", mod + m.enums[i].name, c);
    }
    for (const StructModel& s : mm.structs) {
      Canon c;
      c.Word(s.c_type);
      for (const ir::Field& f : s.decl->fields) c.Type(f.type);
      c.Fn(s.create);
      c.Fn(s.destroy);
      for (const CFunction& g : s.getters) c.Fn(g);
      if (!s.builder_type.empty()) {
        c.Word(s.builder_type);
        c.Fn(s.builder_new);
        c.Fn(s.builder_build);
        c.Fn(s.builder_destroy);
        for (const CFunction& f : s.builder_setters) c.Fn(f);
      }
      add("record", mod + s.decl->name, c);
    }
    for (const CallbackModel& cb : mm.callbacks) {
      Canon c;
      for (const ir::Param& p : cb.decl->params) c.Type(p.type);
      c.Typedef(cb.c_type, cb.params);
      add("callback", mod + cb.decl->name, c);
    }
    for (const ListenerModel& l : mm.listeners) {
      Canon c;
      for (const ir::Param& p : mm.callbacks[l.callback].decl->params) c.Type(p.type);
      c.Typedef(mm.callbacks[l.callback].c_type, mm.callbacks[l.callback].params);
      c.Fn(l.reg);
      c.Fn(l.unreg);
      add("listener", mod + l.decl->name, c);
    }
    for (const InterfaceModel& i : mm.interfaces) {
      Canon c;
      c.Word(i.c_type);
      c.Fn(i.destroy);
      add("interface", mod + i.decl->name, c);
      for (const auto* list : {&i.constructors, &i.statics, &i.methods}) {
        for (const CallableModel& cm : *list) {
          Canon mc;
          Callable(mc, cm);
          add(RoleKind(cm.role), mod + i.decl->name + "." + cm.fn->name, mc);
        }
      }
    }
    for (const CallableModel& f : mm.functions) {
      Canon c;
      Callable(c, f);
      add("function", mod + f.fn->name, c);
    }
  }
  return out;
}

std::string ContractText(const std::vector<ContractEntry>& entries) {
  std::string out = "seam-contract 1\n";
  for (const ContractEntry& e : entries) out += e.kind + " " + e.name + " " + e.hash + "\n";
  return out;
}

std::string ContractSymbol(const Model& model) { return model.runtime_prefix + "_seam_contract"; }

}  // namespace seam::abi
