// Rust names and types for the Rust producer.
#include "gen/rust_producer/rust_names.h"

#include <cctype>
#include <set>

#include "abi/symbols.h"
#include "base/diagnostics.h"
#include "gen/cpp_producer/cpp_types.h"

namespace seam::gen::rust {

std::string SnakeCase(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size() && s[i] == '_') out += s[i++];
  size_t lead = out.size();
  for (; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (!std::isalnum(c)) {
      if (out.size() > lead && out.back() != '_') out += '_';
      continue;
    }
    if (std::isupper(c) && out.size() > lead && out.back() != '_') {
      auto prev = static_cast<unsigned char>(s[i - 1]);
      bool next_lower = i + 1 < s.size() && std::islower(static_cast<unsigned char>(s[i + 1]));
      if (std::islower(prev) || std::isdigit(prev) || (std::isupper(prev) && next_lower)) out += '_';
    }
    out += static_cast<char>(std::tolower(c));
  }
  while (out.size() > lead && out.back() == '_') out.pop_back();
  if (out.empty() || out == "_" || std::isdigit(static_cast<unsigned char>(out[lead == out.size() ? 0 : lead]))) {
    out = "x" + out;
  }
  return out;
}

bool IsRustReserved(std::string_view name) {
  static const std::set<std::string_view> kNames = {
      // keywords, reserved words, and weak keywords that cannot name items
      "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl",
      "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static",
      "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
      "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual",
      "yield", "try", "gen", "union", "macro_rules", "raw", "safe",
      // crates and modules generated code names
      "std", "core", "alloc", "seam", "api", "glue", "implementation",
      // types generated code spells unqualified
      "String", "Vec", "Option", "Some", "None", "Box", "Arc", "BTreeMap", "Result", "Ok", "Err", "Send", "Sync",
      "Iterator", "Clone", "Copy", "Debug", "Default", "PartialEq", "Eq", "Hash", "Ord", "PartialOrd", "Sized",
      "Fn", "FnOnce", "FnMut", "From", "Into", "TryFrom", "ToOwned", "ToString", "Drop", "Display"};
  return kNames.count(name) > 0;
}

namespace {

std::string TypeCase(std::string_view name) {
  std::string u = abi::UpperCamel(name);
  if (u.empty()) u = "Unnamed";
  if (std::isdigit(static_cast<unsigned char>(u[0]))) u = "T" + u;
  return u;
}

// Unique names in one Rust namespace: a converted name that is reserved or
// already taken gets '_' appended until it is free.
class Scope {
 public:
  std::string Take(std::string name) {
    while (IsRustReserved(name) || taken_.count(name)) name += "_";
    taken_.insert(name);
    return name;
  }
  void Reserve(const std::string& name) { taken_.insert(name); }

 private:
  std::set<std::string> taken_;
};

}  // namespace

Names::Names(const ir::Api& api) : api_(api) {
  for (uint32_t mi = 0; mi < api.modules.size(); ++mi) {
    const ir::Module& m = api.modules[mi];
    // Type namespace: child modules, then declarations.
    Scope types;
    for (uint32_t ci : m.children) Assign(&api.modules[ci], types.Take(SnakeCase(api.modules[ci].name)));
    if (m.errors) Assign(&*m.errors, types.Take(TypeCase(m.errors->name)));
    for (const ir::Struct& s : m.structs) Assign(&s, types.Take(TypeCase(s.name)));
    for (const ir::Enum& e : m.enums) Assign(&e, types.Take(TypeCase(e.name)));
    for (const ir::Interface& i : m.interfaces) Assign(&i, types.Take(TypeCase(i.name)));
    // The implementation's module: child modules and one per interface.
    Scope impl;
    for (uint32_t ci : m.children) impl.Reserve(Of(&api.modules[ci]));
    for (const ir::Interface& i : m.interfaces) impl_modules_[&i] = impl.Take(SnakeCase(i.name));
    // Value namespace: functions, then the listener helpers.
    Scope values;
    for (const ir::Function& f : m.functions) Assign(&f, values.Take(SnakeCase(f.name)));
    for (const ir::Listener& l : m.listeners) {
      // Inner underscores would not be snake case ("emit___y").
      std::string base = SnakeCase(l.name);
      base.erase(0, base.find_first_not_of('_'));
      emits_[&l] = values.Take("emit_" + base);
      counts_[&l] = values.Take(base + "_subscriber_count");
    }
    auto params = [&](const ir::Function& f) {
      Scope ps;
      for (const ir::Param& p : f.params) Assign(&p, ps.Take(SnakeCase(p.name)));
    };
    auto fields = [&](const std::vector<ir::Field>& fs) {
      Scope scope;
      for (const ir::Field& f : fs) Assign(&f, scope.Take(SnakeCase(f.name)));
    };
    for (const ir::Function& f : m.functions) params(f);
    for (const ir::Interface& i : m.interfaces) {
      Scope statics, methods;
      // The glue calls a method on the interface's `Arc<dyn Trait>`, where
      // the methods of the traits Arc implements for any trait object (Clone,
      // Drop, Any, AsRef, Borrow, Deref, Into, ToOwned) come first: a method
      // spelled like one of them would not be called.
      for (const char* taken : {"clone", "clone_from", "drop", "type_id", "as_ref", "borrow", "borrow_mut",
                                "deref", "into", "try_into", "to_owned", "clone_into"}) {
        methods.Reserve(taken);
      }
      for (const ir::Function& f : i.constructors) Assign(&f, statics.Take(SnakeCase(f.name)));
      for (const ir::Function& f : i.statics) Assign(&f, statics.Take(SnakeCase(f.name)));
      for (const ir::Function& f : i.methods) Assign(&f, methods.Take(SnakeCase(f.name)));
      for (const auto* list : {&i.constructors, &i.statics, &i.methods}) {
        for (const ir::Function& f : *list) params(f);
      }
    }
    for (const ir::Struct& s : m.structs) fields(s.fields);
    for (const ir::Enum& e : m.enums) {
      Scope variants;
      for (const ir::EnumVariant& v : e.variants) {
        Assign(&v, variants.Take(TypeCase(v.name)));
        fields(v.fields);
      }
    }
    if (m.errors) {
      Scope codes;
      for (const ir::ErrorCode& c : m.errors->codes) Assign(&c, codes.Take(TypeCase(c.name)));
    }
    for (const ir::Callback& cb : m.callbacks) {
      Scope ps;
      for (const ir::Param& p : cb.params) Assign(&p, ps.Take(SnakeCase(p.name)));
    }
  }
  // Top-level modules share the crate's api and implementation modules.
  Scope roots;
  for (uint32_t ri : api.roots) Assign(&api.modules[ri], roots.Take(SnakeCase(api.modules[ri].name)));
}

const std::string& Names::Of(const void* node) const {
  auto it = names_.find(node);
  if (it == names_.end()) throw InternalError("rust-producer: no name assigned");
  return it->second;
}

const std::string& Names::ImplModule(const ir::Interface& i) const { return impl_modules_.at(&i); }
const std::string& Names::Emit(const ir::Listener& l) const { return emits_.at(&l); }
const std::string& Names::SubscriberCount(const ir::Listener& l) const { return counts_.at(&l); }

std::string Names::CompletionName(const ir::Function& f) const {
  std::string name = "done";
  auto taken = [&](const std::string& n) {
    for (const ir::Param& p : f.params) {
      if (Of(&p) == n) return true;
    }
    return false;
  };
  while (taken(name)) name += "_";
  return name;
}

std::string Names::ModPath(uint32_t module) const {
  std::vector<uint32_t> chain;
  for (uint32_t mi = module; mi != ir::kNoModule; mi = api_.modules[mi].parent) chain.push_back(mi);
  std::string path;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!path.empty()) path += "::";
    path += Of(&api_.modules[*it]);
  }
  return path;
}

std::string Names::Decl(const ir::DeclRef& ref, uint32_t from) const {
  const ir::Module& m = api_.modules.at(ref.module);
  const void* node = nullptr;
  switch (ref.kind) {
    case ir::DeclKind::kStruct: node = &m.structs.at(ref.index); break;
    case ir::DeclKind::kEnum:
    case ir::DeclKind::kRichEnum: node = &m.enums.at(ref.index); break;
    case ir::DeclKind::kInterface: node = &m.interfaces.at(ref.index); break;
    default: throw InternalError("rust-producer: unresolved type");
  }
  if (from == ref.module) return Of(node);
  return "crate::api::" + ModPath(ref.module) + "::" + Of(node);
}

bool Names::IsPairMap(const ir::TypeRef& map) {
  const ir::TypeRef& k = map.args[0];
  return k.kind == ir::TypeKind::kPrimitive && (k.primitive == ir::Primitive::kF32 || k.primitive == ir::Primitive::kF64);
}

std::string Names::Type(const ir::TypeRef& t, Pos pos, uint32_t from, bool is_mutable) const {
  using ir::Primitive;
  using ir::TypeKind;
  if (is_mutable && pos == Pos::kParam) {
    switch (cpp::MutableViewOf(t)) {
      case cpp::MutableView::kChars:
      case cpp::MutableView::kBytes: return "&mut [u8]";
      case cpp::MutableView::kArray: return "&mut [" + Type(t.args[0], Pos::kOwned, from) + "]";
      case cpp::MutableView::kObject: return "&mut " + Decl(t.decl, from);
      default: break;
    }
  }
  bool borrowed = pos != Pos::kOwned;
  switch (t.kind) {
    case TypeKind::kPrimitive:
      switch (t.primitive) {
        case Primitive::kI8: return "i8";
        case Primitive::kI16: return "i16";
        case Primitive::kI32: return "i32";
        case Primitive::kI64: return "i64";
        case Primitive::kU8: return "u8";
        case Primitive::kU16: return "u16";
        case Primitive::kU32: return "u32";
        case Primitive::kU64: return "u64";
        case Primitive::kF32: return "f32";
        case Primitive::kF64: return "f64";
        case Primitive::kBool: return "bool";
        case Primitive::kHandle: return "seam::Handle";
        case Primitive::kString: return pos == Pos::kEmit ? "&str" : "String";
        case Primitive::kBorrowedStr: return borrowed ? "&str" : "String";
        case Primitive::kBytes: return pos == Pos::kEmit ? "&[u8]" : "Vec<u8>";
        case Primitive::kBorrowedBytes: return borrowed ? "&[u8]" : "Vec<u8>";
      }
      break;
    case TypeKind::kNamed:
      switch (t.decl.kind) {
        case ir::DeclKind::kEnum: return Decl(t.decl, from);
        case ir::DeclKind::kInterface:
          return pos == Pos::kOwned ? "std::sync::Arc<dyn " + Decl(t.decl, from) + ">" : "&dyn " + Decl(t.decl, from);
        default: return (borrowed ? "&" : "") + Decl(t.decl, from);
      }
    case TypeKind::kTypedHandle:
      return "seam::TypedHandle<" + Decl(t.decl, from) + ">";
    case TypeKind::kOptional:
      return "Option<" + Type(abi::StripOptional(t), pos, from) + ">";
    case TypeKind::kList: {
      std::string e = Type(t.args[0], Pos::kOwned, from);
      return pos == Pos::kEmit ? "&[" + e + "]" : "Vec<" + e + ">";
    }
    case TypeKind::kMap: {
      std::string k = Type(t.args[0], Pos::kOwned, from), v = Type(t.args[1], Pos::kOwned, from);
      if (IsPairMap(t)) return pos == Pos::kEmit ? "&[(" + k + ", " + v + ")]" : "Vec<(" + k + ", " + v + ")>";
      std::string map = "std::collections::BTreeMap<" + k + ", " + v + ">";
      return pos == Pos::kEmit ? "&" + map : map;
    }
    case TypeKind::kIterator:
      return "Box<dyn Iterator<Item = " + Type(t.args[0], Pos::kOwned, from) + "> + Send>";
  }
  throw InternalError("rust-producer: unknown type kind");
}

std::string Names::Return(const ir::Function& f, uint32_t from) const {
  if (cpp::ReturnsBytes(f)) return "seam::Bytes";
  return f.ret ? Type(*f.ret, Pos::kOwned, from) : "()";
}

std::string Names::AsyncResult(const ir::Function& f, uint32_t from) const {
  return f.ret ? Type(*f.ret, Pos::kOwned, from) : "()";
}

std::string Names::Params(const ir::Function& f, uint32_t from) const {
  std::string out;
  for (const ir::Param& p : f.params) {
    if (!out.empty()) out += ", ";
    out += Of(&p) + ": " + Type(p.type, f.is_async ? Pos::kOwned : Pos::kParam, from, p.is_mutable && !f.is_async);
  }
  if (f.is_async) {
    if (!out.empty()) out += ", ";
    out += CompletionName(f) + ": seam::Completion<" + AsyncResult(f, from) + ">";
  }
  return out;
}

}  // namespace seam::gen::rust
