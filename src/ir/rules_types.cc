// Type rules: every named reference resolves (bare `Name` or qualified
// `a.b.Name`), and every type appears only where the C ABI can carry it
// (reference §2.3, with seam's additions: enum map keys and values are
// accepted, `iter<T>?` and buffer-optional async results are rejected,
// field defaults must fit their field).
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "base/strings.h"
#include "ir/rules.h"

namespace seam::ir {
namespace {

enum class Pos { kParam, kReturn, kAsyncReturn, kField, kCallbackParam };

class TypeRules {
 public:
  explicit TypeRules(ValidationContext& ctx) : ctx_(ctx), api_(ctx.api), diags_(ctx.diags) {
    for (const auto& [name, _] : ctx_.types) known_names_.push_back(name);
    for (const char* p : {"i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64", "bool",
                          "string", "bytes", "handle"}) {
      known_names_.push_back(p);
    }
  }

  void Run() {
    for (Module& m : api_.modules) {
      std::string mod = m.name;
      for (Struct& s : m.structs) {
        for (Field& f : s.fields) {
          CheckField(f, fmt::format("field '{}' of struct '{}'", f.name, s.name));
        }
      }
      for (Enum& e : m.enums) {
        for (EnumVariant& v : e.variants) {
          for (Field& f : v.fields) {
            CheckField(f, fmt::format("field '{}' of variant '{}::{}'", f.name, e.name, v.name));
            if (f.default_value) {
              // WeaveFFI ignores these; say so rather than drop it silently.
              diags_.Warning(f.default_value->loc, "VariantFieldDefaultIgnored",
                             fmt::format("'default' on field '{}' of variant '{}::{}' is ignored: a variant "
                                         "is always constructed with every field given",
                                         f.name, e.name, v.name));
              f.default_value.reset();
            }
          }
        }
      }
      for (Function& f : m.functions) CheckCallable(f, mod + "::" + f.name);
      for (Interface& i : m.interfaces) {
        for (auto* list : {&i.constructors, &i.statics, &i.methods}) {
          for (Function& f : *list) CheckCallable(f, mod + "::" + i.name + "." + f.name);
        }
      }
      for (Callback& c : m.callbacks) {
        for (Param& p : c.params) {
          CheckTop(p.type, Pos::kCallbackParam,
                   fmt::format("parameter '{}' of callback '{}'", p.name, c.name));
        }
      }
    }
  }

 private:
  // --- resolution -----------------------------------------------------------

  std::optional<DeclRef> Lookup(const std::string& name) const {
    size_t dot = name.rfind('.');
    std::string bare = dot == std::string::npos ? name : name.substr(dot + 1);
    auto it = ctx_.types.find(bare);
    if (it == ctx_.types.end()) return std::nullopt;
    if (dot != std::string::npos &&
        api_.modules[it->second.ref.module].DottedPath() != name.substr(0, dot)) {
      return std::nullopt;
    }
    return it->second.ref;
  }

  // Resolves every name inside `t`; reports unknown names. False if any failed.
  bool Resolve(TypeRef& t) {
    bool ok = true;
    if (t.kind == TypeKind::kNamed || t.kind == TypeKind::kTypedHandle) {
      if (auto ref = Lookup(t.name)) {
        t.decl = *ref;
      } else {
        std::string hint = DidYouMean(t.name, known_names_);
        if (hint.empty() && t.name.find('.') != std::string::npos && Lookup(Bare(t.name))) {
          hint = fmt::format(" ('{}' is declared in another module; write it as '{}')", Bare(t.name),
                             Bare(t.name));
        }
        diags_.Error(t.loc, "UnknownTypeRef", fmt::format("unknown type '{}'{}", t.name, hint));
        ok = false;
      }
    }
    for (TypeRef& a : t.args) ok = Resolve(a) && ok;
    return ok;
  }

  static std::string Bare(const std::string& name) {
    size_t dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
  }

  // --- classification -------------------------------------------------------

  static bool IsPrim(const TypeRef& t, Primitive p) {
    return t.kind == TypeKind::kPrimitive && t.primitive == p;
  }
  static bool IsDecl(const TypeRef& t, DeclKind k) {
    return t.kind == TypeKind::kNamed && t.decl.kind == k;
  }
  static bool IsBorrowed(const TypeRef& t) {
    return IsPrim(t, Primitive::kBorrowedStr) || IsPrim(t, Primitive::kBorrowedBytes);
  }
  static bool ContainsIterator(const TypeRef& t) {
    if (t.kind == TypeKind::kIterator) return true;
    for (const TypeRef& a : t.args) {
      if (ContainsIterator(a)) return true;
    }
    return false;
  }

  // --- reporting ------------------------------------------------------------

  void Borrowed(const TypeRef& t, const std::string& where) {
    diags_.Error(t.loc, "BorrowedTypeInInvalidPosition",
                 fmt::format("borrowed type '{}' is not valid in {}; borrowed types are allowed "
                             "only in parameters (use '{}' here)",
                             Spell(t), where, IsPrim(t, Primitive::kBorrowedStr) ? "string" : "bytes"));
  }
  void InterfacePos(const TypeRef& t, const std::string& where) {
    diags_.Error(t.loc, "InterfaceInInvalidPosition",
                 fmt::format("interface type '{}' is not valid in {}; interfaces may only be "
                             "parameters or return values (or optionals of them)",
                             t.name, where));
  }
  void IteratorPos(const TypeRef& t, const std::string& where) {
    diags_.Error(t.loc, "IteratorInInvalidPosition",
                 fmt::format("iterator type is only valid as the return type of a synchronous "
                             "function, found in {}",
                             where));
  }
  void Element(const TypeRef& t, const std::string& where, const char* allowed) {
    diags_.Error(t.loc, "UnsupportedElementType",
                 fmt::format("unsupported element type '{}' in {}; {}", Spell(t), where, allowed));
  }

  // --- rules ----------------------------------------------------------------

  void CheckField(Field& f, const std::string& where) {
    if (f.type.invalid || !Resolve(f.type)) return;
    if (CheckTop(f.type, Pos::kField, where) && f.default_value) {
      CheckDefault(*f.default_value, f.type, f.name);
    }
  }

  void CheckCallable(Function& f, const std::string& display) {
    for (Param& p : f.params) {
      CheckTop(p.type, Pos::kParam, fmt::format("parameter '{}' of function '{}'", p.name, display));
    }
    if (!f.ret) return;
    if (f.is_async && !f.ret->invalid && ContainsIterator(*f.ret)) {
      diags_.Error(f.ret->loc, "AsyncIteratorReturn",
                   fmt::format("async function '{}' cannot return an iterator; return a list, or "
                               "make the function synchronous",
                               display));
      return;
    }
    CheckTop(*f.ret, f.is_async ? Pos::kAsyncReturn : Pos::kReturn,
             fmt::format("the return type of '{}'", display));
  }

  // Checks a type at the top of a position. Returns true when it is valid.
  bool CheckTop(TypeRef& t, Pos pos, const std::string& where) {
    if (t.invalid) return false;
    if (pos != Pos::kField && !Resolve(t)) return false;  // fields resolve in CheckField
    if (pos == Pos::kCallbackParam) return CheckCallbackParam(t, where);
    switch (t.kind) {
      case TypeKind::kPrimitive:
        if (IsBorrowed(t) && pos != Pos::kParam) {
          Borrowed(t, where);
          return false;
        }
        return true;
      case TypeKind::kNamed:
        if (IsDecl(t, DeclKind::kInterface) && pos == Pos::kField) {
          InterfacePos(t, where);
          return false;
        }
        return true;
      case TypeKind::kTypedHandle:
        return CheckTypedHandle(t, where);
      case TypeKind::kIterator:
        if (pos != Pos::kReturn) {
          IteratorPos(t, where);
          return false;
        }
        return CheckSlotElement(t.args[0], pos, where);
      case TypeKind::kOptional:
        return CheckOptional(t, pos, where);
      case TypeKind::kList:
        return CheckSlotElement(t.args[0], pos, where);
      case TypeKind::kMap:
        return CheckMap(t, pos, where);
    }
    return true;
  }

  bool CheckOptional(TypeRef& t, Pos pos, const std::string& where) {
    TypeRef* inner = &t.args[0];
    if (inner->kind == TypeKind::kOptional) {
      diags_.Warning(t.loc, "NestedOptional",
                     fmt::format("'{}' in {} is the same as a single optional; write '{}'", Spell(t),
                                 where, Spell(*inner)));
      while (inner->kind == TypeKind::kOptional) inner = &inner->args[0];
    }
    if (inner->kind == TypeKind::kIterator) {
      diags_.Error(t.loc, "OptionalIterator",
                   fmt::format("optional iterator '{}' in {} is not supported; return '{}' and let "
                               "an empty iterator mean none",
                               Spell(t), where, Spell(*inner)));
      return false;
    }
    if (pos == Pos::kAsyncReturn &&
        (IsPrim(*inner, Primitive::kBytes) || inner->kind == TypeKind::kList ||
         inner->kind == TypeKind::kMap)) {
      diags_.Error(t.loc, "UnsupportedAsyncReturn",
                   fmt::format("async functions cannot return '{}': the C ABI's completion callback "
                               "has no length slot for an optional buffer; return '{}' (empty for "
                               "none) or a struct with an optional field",
                               Spell(t), Spell(*inner)));
      return false;
    }
    return CheckTop(*inner, pos, where);
  }

  bool CheckTypedHandle(const TypeRef& t, const std::string& where) {
    if (t.decl.kind == DeclKind::kInterface) {
      diags_.Error(t.loc, "InterfaceInInvalidPosition",
                   fmt::format("interface type '{}' is not valid in a typed handle in {}; "
                               "handle<T> must name a struct or an enum",
                               t.name, where));
      return false;
    }
    return true;
  }

  // List and iterator elements.
  bool CheckSlotElement(TypeRef& e, Pos pos, const std::string& where) {
    const char* allowed =
        "list and iterator elements may be scalars, string, handle, handle<T>, enums, structs, "
        "or optional enums, structs and handle<T>";
    switch (e.kind) {
      case TypeKind::kPrimitive:
        if (IsPrim(e, Primitive::kBorrowedStr)) {
          if (pos == Pos::kParam) return true;
          Borrowed(e, where);
          return false;
        }
        if (IsPrim(e, Primitive::kBytes) || IsPrim(e, Primitive::kBorrowedBytes)) {
          Element(e, where, allowed);
          return false;
        }
        return true;
      case TypeKind::kNamed:
        if (IsDecl(e, DeclKind::kInterface)) {
          InterfacePos(e, where);
          return false;
        }
        return true;
      case TypeKind::kTypedHandle:
        return CheckTypedHandle(e, where);
      case TypeKind::kOptional: {
        const TypeRef& inner = e.args[0];
        if (inner.kind == TypeKind::kTypedHandle) return CheckTypedHandle(inner, where);
        if (inner.kind == TypeKind::kNamed && !IsDecl(inner, DeclKind::kInterface)) return true;
        if (IsDecl(inner, DeclKind::kInterface)) {
          InterfacePos(inner, where);
          return false;
        }
        Element(e, where, allowed);
        return false;
      }
      case TypeKind::kIterator:
        IteratorPos(e, where);
        return false;
      case TypeKind::kList:
      case TypeKind::kMap:
        Element(e, where, allowed);
        return false;
    }
    return true;
  }

  // Map keys and values, and elements of lists and maps in callback parameters.
  bool IsScalarElement(const TypeRef& e, Pos pos) const {
    if (e.kind == TypeKind::kPrimitive) {
      if (IsPrim(e, Primitive::kBorrowedStr)) return pos == Pos::kParam || pos == Pos::kCallbackParam;
      return IsScalar(e.primitive) || IsPrim(e, Primitive::kString);
    }
    return IsDecl(e, DeclKind::kEnum);
  }

  bool CheckMap(TypeRef& t, Pos pos, const std::string& where) {
    bool ok = true;
    for (size_t i = 0; i < 2; ++i) {
      TypeRef& part = t.args[i];
      if (ContainsIterator(part)) {
        IteratorPos(part, where);
        ok = false;
      } else if (IsDecl(part, DeclKind::kInterface)) {
        InterfacePos(part, where);
        ok = false;
      } else if (IsBorrowed(part) && pos != Pos::kParam && pos != Pos::kCallbackParam) {
        Borrowed(part, where);
        ok = false;
      } else if (!IsScalarElement(part, pos)) {
        if (i == 0) {
          diags_.Error(part.loc, "InvalidMapKey",
                       fmt::format("invalid map key type '{}' in {}; map keys may be scalars, "
                                   "string or C-style enums",
                                   Spell(part), where));
        } else {
          Element(part, where, "map values may be scalars, string or C-style enums");
        }
        ok = false;
      }
    }
    return ok;
  }

  bool CheckCallbackParam(TypeRef& t, const std::string& where) {
    auto has_interface = [](const TypeRef& x, auto&& self) -> const TypeRef* {
      if (IsDecl(x, DeclKind::kInterface) ||
          (x.kind == TypeKind::kTypedHandle && x.decl.kind == DeclKind::kInterface)) {
        return &x;
      }
      for (const TypeRef& a : x.args) {
        if (const TypeRef* found = self(a, self)) return found;
      }
      return nullptr;
    };
    if (const TypeRef* iface = has_interface(t, has_interface)) {
      InterfacePos(*iface, where);
      return false;
    }
    auto is_leaf = [](const TypeRef& x) {
      return x.kind == TypeKind::kPrimitive || x.kind == TypeKind::kNamed ||
             x.kind == TypeKind::kTypedHandle;
    };
    bool ok = is_leaf(t) || (t.kind == TypeKind::kOptional && is_leaf(t.args[0])) ||
              (t.kind == TypeKind::kList && IsScalarElement(t.args[0], Pos::kCallbackParam)) ||
              (t.kind == TypeKind::kMap && IsScalarElement(t.args[0], Pos::kCallbackParam) &&
               IsScalarElement(t.args[1], Pos::kCallbackParam));
    if (!ok) {
      diags_.Error(t.loc, "UnsupportedCallbackParamType",
                   fmt::format("unsupported type '{}' for {}; callback parameters may be scalars, "
                               "string, bytes, handles, enums, structs, optionals of those, and "
                               "lists or maps of scalars, strings and enums",
                               Spell(t), where));
    }
    return ok;
  }

  // --- field defaults ---------------------------------------------------------

  void BadDefault(const Value& v, const TypeRef& t, const std::string& field, const std::string& why) {
    diags_.Error(v.loc, "InvalidFieldDefault",
                 fmt::format("default value of field '{}' does not fit its type '{}': {}", field,
                             Spell(t), why));
  }

  static std::string Describe(const Value& v) {
    switch (v.kind) {
      case Value::Kind::kNull: return "null";
      case Value::Kind::kBool: return v.bool_value ? "true" : "false";
      case Value::Kind::kInt:
      case Value::Kind::kFloat: return v.text.empty() ? "a number" : v.text;
      case Value::Kind::kString: return "the string \"" + v.text + "\"";
      case Value::Kind::kList: return "a list";
      case Value::Kind::kMap: return "a mapping";
      case Value::Kind::kOther: return "a date-time";
    }
    return "a value";
  }

  bool CheckDefault(const Value& v, const TypeRef& t, const std::string& field) {
    const TypeRef* type = &t;
    bool optional = false;
    while (type->kind == TypeKind::kOptional) {
      optional = true;
      type = &type->args[0];
    }
    if (v.kind == Value::Kind::kNull) {
      if (optional) return true;
      BadDefault(v, t, field, "null is only a valid default for optional fields");
      return false;
    }
    switch (type->kind) {
      case TypeKind::kPrimitive:
        return CheckPrimitiveDefault(v, *type, t, field);
      case TypeKind::kNamed:
        if (type->decl.kind == DeclKind::kEnum) {
          const Enum& e = api_.modules[type->decl.module].enums[type->decl.index];
          for (const EnumVariant& variant : e.variants) {
            if (v.kind == Value::Kind::kString && v.text == variant.name) return true;
            if (v.kind == Value::Kind::kInt && !v.big_unsigned && !v.int_overflow &&
                v.int_value == variant.value) {
              return true;
            }
          }
          std::vector<std::string> names;
          for (const EnumVariant& variant : e.variants) names.push_back(variant.name);
          BadDefault(v, t, field,
                     fmt::format("{} is not a variant of enum '{}' (variants: {})", Describe(v),
                                 e.name, QuotedList(names)));
          return false;
        }
        BadDefault(v, t, field, "defaults are supported for scalars, strings, C-style enums, "
                                "lists and maps only");
        return false;
      case TypeKind::kList:
        if (v.kind != Value::Kind::kList) {
          BadDefault(v, t, field, fmt::format("expected a list, found {}", Describe(v)));
          return false;
        }
        for (const Value& item : v.items) {
          if (!CheckDefault(item, type->args[0], field)) return false;
        }
        return true;
      case TypeKind::kMap:
        if (v.kind != Value::Kind::kMap) {
          BadDefault(v, t, field, fmt::format("expected a mapping, found {}", Describe(v)));
          return false;
        }
        for (const auto& [key, value] : v.entries) {
          Value key_value;
          key_value.kind = Value::Kind::kString;
          key_value.text = key;
          key_value.loc = value.loc;
          if (!IsPrim(type->args[0], Primitive::kString)) {
            BadDefault(value, t, field, "only maps with string keys may have a non-empty default");
            return false;
          }
          if (!CheckDefault(value, type->args[1], field)) return false;
        }
        return true;
      case TypeKind::kTypedHandle:
      case TypeKind::kIterator:
      case TypeKind::kOptional:
        BadDefault(v, t, field, "defaults are supported for scalars, strings, C-style enums, "
                                "lists and maps only");
        return false;
    }
    return true;
  }

  bool CheckPrimitiveDefault(const Value& v, const TypeRef& type, const TypeRef& full,
                             const std::string& field) {
    auto int_range = [](Primitive p) -> std::pair<__int128, __int128> {
      switch (p) {
        case Primitive::kI8: return {INT8_MIN, INT8_MAX};
        case Primitive::kI16: return {INT16_MIN, INT16_MAX};
        case Primitive::kI32: return {INT32_MIN, INT32_MAX};
        case Primitive::kI64: return {INT64_MIN, INT64_MAX};
        case Primitive::kU8: return {0, UINT8_MAX};
        case Primitive::kU16: return {0, UINT16_MAX};
        case Primitive::kU32: return {0, UINT32_MAX};
        default: return {0, UINT64_MAX};
      }
    };
    Primitive p = type.primitive;
    switch (p) {
      case Primitive::kI8: case Primitive::kI16: case Primitive::kI32: case Primitive::kI64:
      case Primitive::kU8: case Primitive::kU16: case Primitive::kU32: case Primitive::kU64: {
        if (v.kind != Value::Kind::kInt) {
          BadDefault(v, full, field, fmt::format("expected an integer, found {}", Describe(v)));
          return false;
        }
        auto [lo, hi] = int_range(p);
        __int128 value = v.big_unsigned ? static_cast<__int128>(v.uint_value) : v.int_value;
        if (v.int_overflow || value < lo || value > hi) {
          BadDefault(v, full, field,
                     fmt::format("{} is outside the range of {}", Describe(v), PrimitiveName(p)));
          return false;
        }
        return true;
      }
      case Primitive::kF32:
      case Primitive::kF64: {
        if (v.kind != Value::Kind::kInt && v.kind != Value::Kind::kFloat) {
          BadDefault(v, full, field, fmt::format("expected a number, found {}", Describe(v)));
          return false;
        }
        if (p == Primitive::kF32 && v.kind == Value::Kind::kFloat && std::isfinite(v.float_value) &&
            std::fabs(v.float_value) > std::numeric_limits<float>::max()) {
          BadDefault(v, full, field, fmt::format("{} is outside the range of f32", Describe(v)));
          return false;
        }
        return true;
      }
      case Primitive::kBool:
        if (v.kind == Value::Kind::kBool) return true;
        BadDefault(v, full, field, fmt::format("expected true or false, found {}", Describe(v)));
        return false;
      case Primitive::kString:
        if (v.kind == Value::Kind::kString) return true;
        BadDefault(v, full, field, fmt::format("expected a string, found {}", Describe(v)));
        return false;
      case Primitive::kBytes:
        if (v.kind == Value::Kind::kList) {
          for (const Value& item : v.items) {
            if (item.kind != Value::Kind::kInt || item.big_unsigned || item.int_value < 0 ||
                item.int_value > 255) {
              BadDefault(item, full, field, "bytes defaults are lists of integers from 0 to 255");
              return false;
            }
          }
          return true;
        }
        BadDefault(v, full, field, "bytes defaults are lists of integers from 0 to 255");
        return false;
      case Primitive::kHandle:
      case Primitive::kBorrowedStr:
      case Primitive::kBorrowedBytes:
        BadDefault(v, full, field, fmt::format("'{}' fields cannot have a default", PrimitiveName(p)));
        return false;
    }
    return true;
  }

  ValidationContext& ctx_;
  Api& api_;
  Diagnostics& diags_;
  std::vector<std::string> known_names_;
};

}  // namespace

void CheckTypes(ValidationContext& ctx) { TypeRules(ctx).Run(); }

}  // namespace seam::ir
