// Name rules: identifiers, reserved words, duplicates at every level, the
// API-wide type and error-code namespaces, interface shape, error domains,
// listeners. Later duplicates are recorded so other rules stay quiet on them.
#include <fmt/format.h>

#include <array>
#include <map>

#include "base/strings.h"
#include "ir/rules.h"

namespace seam::ir {

std::string IdentifierProblem(std::string_view name) {
  if (name.empty()) return "it is empty";
  char first = name[0];
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) {
    return "it must start with an ASCII letter or '_'";
  }
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        return "it may contain only ASCII letters, digits and '_'";
      }
      return fmt::format("'{}' is not an ASCII letter, digit or '_'", c);
    }
  }
  return "";
}

bool IsReservedWord(std::string_view name) {
  static constexpr std::array<std::string_view, 17> kReserved = {
      "if",    "else",  "for",   "while",    "loop", "match",  "type", "return", "async",
      "await", "break", "continue", "fn", "struct", "enum", "mod", "use"};
  return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end();
}

namespace {

class NameRules {
 public:
  explicit NameRules(ValidationContext& ctx) : ctx_(ctx), api_(ctx.api), diags_(ctx.diags) {}

  void Run() {
    CheckSiblingModules(api_.roots);
    for (uint32_t i = 0; i < api_.modules.size(); ++i) CheckModule(i);
    CheckTypeNamespace();
    CheckErrorCodeNamespace();
  }

 private:
  // Reports an invalid identifier or reserved word; returns true when valid.
  bool Identifier(std::string_view name, SourceLoc loc, std::string_view what) {
    std::string problem = IdentifierProblem(name);
    if (!problem.empty()) {
      diags_.Error(loc, "InvalidIdentifier",
                   fmt::format("invalid {} name '{}': {}", what, name, problem));
      return false;
    }
    if (IsReservedWord(name)) {
      diags_.Error(loc, "ReservedKeyword",
                   fmt::format("'{}' is a reserved word and cannot name a {}; rename it", name, what));
      return false;
    }
    return true;
  }

  // Tracks names in one scope; reports the second use of a name.
  template <typename T>
  class Scope {
   public:
    // Returns false (and reports) when `name` was already used in this scope.
    // `message()` builds the report's text, only when there is one.
    template <typename Message>
    bool Claim(NameRules& rules, const T* item, const std::string& name, SourceLoc loc,
               const char* code, Message&& message) {
      auto [it, inserted] = seen_.emplace(name, loc);
      if (inserted) return true;
      rules.diags_.Error(loc, code, message())
          .notes.push_back({it->second, "previous definition is here"});
      rules.ctx_.duplicates.insert(item);
      return false;
    }

   private:
    std::map<std::string, SourceLoc> seen_;
  };

  void CheckSiblingModules(const std::vector<uint32_t>& siblings) {
    Scope<Module> scope;
    for (uint32_t i : siblings) {
      Module& m = api_.modules[i];
      scope.Claim(*this, &m, m.name, m.loc, "DuplicateModuleName",
                  [&] { return fmt::format("duplicate module name '{}'", m.name); });
    }
  }

  void CheckModule(uint32_t index) {
    Module& m = api_.modules[index];
    const std::string problem = IdentifierProblem(m.name);
    if (!problem.empty()) {
      diags_.Error(m.loc, "InvalidModuleName",
                   fmt::format("invalid module name '{}': {}", m.name, problem));
    } else if (IsReservedWord(m.name)) {
      diags_.Error(m.loc, "InvalidModuleName",
                   fmt::format("invalid module name '{}': it is a reserved word", m.name));
    }
    CheckSiblingModules(m.children);

    Scope<Function> functions;
    for (Function& f : m.functions) {
      if (!Identifier(f.name, f.loc, "function")) continue;
      functions.Claim(*this, &f, f.name, f.loc, "DuplicateFunctionName",
                      [&] {
                        return fmt::format("duplicate function name '{}' in module '{}'",
                                           f.name, m.name);
                      });
      CheckCallable(m, f, f.name);
      if (m.errors && m.errors->name == f.name) {
        diags_.Error(f.loc, "NameCollisionWithErrorDomain",
                     fmt::format("function name '{}' collides with the error domain of module '{}'",
                                 f.name, m.name))
            .notes.push_back({m.errors->loc, "error domain declared here"});
        ctx_.duplicates.insert(&f);  // the symbol collision is the same mistake
      }
    }
    for (Struct& s : m.structs) {
      Identifier(s.name, s.loc, "struct");
      if (s.fields.empty() && !s.partial) {
        if (s.builder) {
          diags_.Error(s.loc, "BuilderStructEmpty",
                       fmt::format("builder struct '{}' must have at least one field", s.name));
        } else {
          diags_.Error(s.loc, "EmptyStruct",
                       fmt::format("struct '{}' has no fields; add at least one", s.name));
        }
      }
      CheckFields(s.fields, [&] { return fmt::format("struct '{}'", s.name); }, "DuplicateStructField");
    }
    for (Enum& e : m.enums) CheckEnum(e);
    for (Interface& i : m.interfaces) CheckInterface(m, i);
    Scope<Callback> callbacks;
    for (Callback& c : m.callbacks) {
      if (!Identifier(c.name, c.loc, "callback")) continue;
      callbacks.Claim(*this, &c, c.name, c.loc, "DuplicateCallbackName",
                      [&] {
                        return fmt::format("duplicate callback name '{}' in module '{}'",
                                           c.name, m.name);
                      });
      CheckParams(c.params, [&] { return fmt::format("callback '{}'", c.name); });
    }
    Scope<Listener> listeners;
    for (Listener& l : m.listeners) {
      if (!Identifier(l.name, l.loc, "listener")) continue;
      listeners.Claim(*this, &l, l.name, l.loc, "DuplicateListenerName",
                      [&] {
                        return fmt::format("duplicate listener name '{}' in module '{}'",
                                           l.name, m.name);
                      });
      auto it = std::find_if(m.callbacks.begin(), m.callbacks.end(),
                             [&](const Callback& c) { return c.name == l.event_callback; });
      if (it == m.callbacks.end()) {
        std::vector<std::string> names;
        for (const Callback& c : m.callbacks) names.push_back(c.name);
        diags_.Error(l.event_callback_loc, "ListenerCallbackNotFound",
                     fmt::format("listener '{}' refers to undefined callback '{}'; declare it under "
                                 "'callbacks' of module '{}'{}",
                                 l.name, l.event_callback, m.name,
                                 DidYouMean(l.event_callback, names)));
      } else {
        l.callback = static_cast<uint32_t>(it - m.callbacks.begin());
      }
    }
    if (m.errors) CheckErrorDomain(m, *m.errors);
  }

  template <typename Owner>
  void CheckParams(std::vector<Param>& params, const Owner& owner) {
    Scope<Param> scope;
    for (Param& p : params) {
      if (!Identifier(p.name, p.loc, "parameter")) continue;
      scope.Claim(*this, &p, p.name, p.loc, "DuplicateParamName",
                  [&] {
                    return fmt::format("duplicate parameter name '{}' in {}",
                                       p.name, owner());
                  });
    }
  }

  void CheckCallable(const Module& m, Function& f, const std::string& display) {
    if (f.throws && m.error_scope == kNoModule) {
      diags_.Error(f.throws_loc, "ThrowsWithoutErrorDomain",
                   fmt::format("function '{}::{}' declares throws but no error domain is in scope; "
                               "declare 'errors' on module '{}' or an ancestor",
                               m.name, display, m.name));
    }
    if (f.cancellable && !f.is_async) {
      diags_.Warning(f.cancellable_loc, "CancellableWithoutAsync",
                     fmt::format("'cancellable' has no effect on '{}' because it is not async; add "
                                 "'async: true' or remove 'cancellable'",
                                 display));
    }
    CheckParams(f.params, [&] { return fmt::format("function '{}'", display); });
  }

  template <typename Owner>
  void CheckFields(std::vector<Field>& fields, const Owner& owner, const char* dup_code) {
    Scope<Field> scope;
    for (Field& f : fields) {
      if (!Identifier(f.name, f.loc, "field")) continue;
      scope.Claim(*this, &f, f.name, f.loc, dup_code,
                  [&] { return fmt::format("duplicate field name '{}' in {}", f.name, owner()); });
    }
  }

  void CheckEnum(Enum& e) {
    Identifier(e.name, e.loc, "enum");
    if (e.variants.empty() && !e.partial) {
      diags_.Error(e.loc, "EmptyEnum", fmt::format("enum '{}' has no variants; add at least one", e.name));
    }
    Scope<EnumVariant> names;
    std::map<int32_t, SourceLoc> values;
    for (EnumVariant& v : e.variants) {
      if (Identifier(v.name, v.loc, "variant")) {
        names.Claim(*this, &v, v.name, v.loc, "DuplicateEnumVariant",
                    [&] {
                      return fmt::format("duplicate variant '{}' in enum '{}'",
                                         v.name, e.name);
                    });
      }
      auto [it, inserted] = values.emplace(v.value, v.value_loc);
      if (!inserted) {
        diags_.Error(v.value_loc, "DuplicateEnumValue",
                     fmt::format("duplicate value {} in enum '{}'", v.value, e.name))
            .notes.push_back({it->second, "previous use of the value is here"});
      }
      CheckFields(v.fields, [&] { return fmt::format("variant '{}::{}'", e.name, v.name); },
                  "DuplicateEnumVariantField");
    }
  }

  void CheckInterface(const Module& m, Interface& i) {
    Identifier(i.name, i.loc, "interface");
    if (i.constructors.empty() && i.methods.empty() && i.statics.empty() && !i.partial) {
      diags_.Error(i.loc, "EmptyInterface",
                   fmt::format("interface '{}' has no constructors, methods or statics", i.name));
    }
    Scope<Function> members;
    auto check = [&](std::vector<Function>& list, bool constructor) {
      for (Function& f : list) {
        if (!Identifier(f.name, f.loc, "member")) continue;
        members.Claim(*this, &f, f.name, f.loc, "DuplicateInterfaceMember",
                      [&] {
                        return fmt::format("duplicate member name '{}' in interface '{}'",
                                           f.name, i.name);
                      });
        std::string display = i.name + "." + f.name;
        CheckCallable(m, f, display);
        if (constructor && f.ret) {
          diags_.Error(f.ret->loc, "ConstructorHasReturn",
                       fmt::format("constructor '{}' of interface '{}' declares a return type; a "
                                   "constructor always returns the new '{}'",
                                   f.name, i.name, i.name));
        }
        if (constructor && f.is_async) {
          diags_.Error(f.async_loc, "AsyncConstructor",
                       fmt::format("constructor '{}' of interface '{}' cannot be async; use an "
                                   "async static that returns '{}'",
                                   f.name, i.name, i.name));
        }
      }
    };
    check(i.constructors, true);
    check(i.statics, false);
    check(i.methods, false);
  }

  void CheckErrorDomain(const Module& m, ErrorDomain& d) {
    if (d.name.empty()) {
      diags_.Error(d.loc, "ErrorDomainMissingName",
                   fmt::format("error domain of module '{}' has no name", m.name));
      return;
    }
    Identifier(d.name, d.loc, "error domain");
    if (d.codes.empty() && !d.partial) {
      diags_.Error(d.loc, "EmptyErrorDomain",
                   fmt::format("error domain '{}' has no codes; add at least one", d.name));
    }
    Scope<ErrorCode> names;
    std::map<int32_t, SourceLoc> values;
    for (ErrorCode& c : d.codes) {
      if (Identifier(c.name, c.loc, "error code")) {
        names.Claim(*this, &c, c.name, c.loc, "DuplicateErrorName",
                    [&] {
                      return fmt::format("duplicate error code name '{}' in error domain '{}'",
                                         c.name, d.name);
                    });
      }
      if (c.code == 0 || c.code == -2) {
        diags_.Error(c.code_loc, "InvalidErrorCode",
                     fmt::format("error code '{}' uses {}, which is reserved ({}); pick another "
                                 "value",
                                 c.name, c.code, c.code == 0 ? "0 means success" : "-2 means a producer panic"));
        continue;
      }
      auto [it, inserted] = values.emplace(c.code, c.code_loc);
      if (!inserted) {
        diags_.Error(c.code_loc, "DuplicateErrorCode",
                     fmt::format("duplicate numeric code {} in error domain '{}'", c.code, d.name))
            .notes.push_back({it->second, "previous use of the code is here"});
      }
    }
  }

  // Structs, enums, interfaces and error domains share one API-wide namespace.
  void CheckTypeNamespace() {
    struct Seen {
      SourceLoc loc;
      uint32_t module;
      const char* kind;
    };
    std::map<std::string, Seen> seen;
    auto claim = [&](const void* item, const std::string& name, SourceLoc loc, uint32_t module,
                     const char* kind, DeclRef ref) {
      if (ctx_.IsDuplicate(item) || name.empty()) return;
      auto [it, inserted] = seen.emplace(name, Seen{loc, module, kind});
      if (inserted) {
        if (ref.kind != DeclKind::kUnresolved) ctx_.types.emplace(name, TypeDecl{ref, loc});
        return;
      }
      ctx_.duplicates.insert(item);
      const Module& here = api_.modules[module];
      if (it->second.module == module && std::string_view(it->second.kind) == kind) {
        std::string code = std::string("Duplicate") + static_cast<char>(std::toupper(kind[0])) +
                           std::string(kind + 1) + "Name";
        diags_.Error(loc, code, fmt::format("duplicate {} name '{}' in module '{}'", kind, name,
                                            here.name))
            .notes.push_back({it->second.loc, "previous definition is here"});
      } else {
        diags_.Error(loc, "DuplicateTypeName",
                     fmt::format("type name '{}' is already used by a {} in module '{}'; type "
                                 "names are unique across the whole API",
                                 name, it->second.kind, api_.modules[it->second.module].DottedPath()))
            .notes.push_back({it->second.loc, "previous definition is here"});
      }
    };
    for (uint32_t mi = 0; mi < api_.modules.size(); ++mi) {
      Module& m = api_.modules[mi];
      for (uint32_t i = 0; i < m.structs.size(); ++i) {
        claim(&m.structs[i], m.structs[i].name, m.structs[i].loc, mi, "struct",
              DeclRef{DeclKind::kStruct, mi, i});
      }
      for (uint32_t i = 0; i < m.enums.size(); ++i) {
        DeclKind kind = m.enums[i].rich() ? DeclKind::kRichEnum : DeclKind::kEnum;
        claim(&m.enums[i], m.enums[i].name, m.enums[i].loc, mi, "enum", DeclRef{kind, mi, i});
      }
      for (uint32_t i = 0; i < m.interfaces.size(); ++i) {
        claim(&m.interfaces[i], m.interfaces[i].name, m.interfaces[i].loc, mi, "interface",
              DeclRef{DeclKind::kInterface, mi, i});
      }
      if (m.errors) claim(&*m.errors, m.errors->name, m.errors->loc, mi, "error domain", DeclRef{});
    }
  }

  // Error code names are unique across every domain of the API.
  void CheckErrorCodeNamespace() {
    std::map<std::string, std::pair<SourceLoc, std::string>> seen;
    for (const Module& m : api_.modules) {
      if (!m.errors || m.errors->name.empty()) continue;
      std::string owner = m.DottedPath() + "." + m.errors->name;
      for (const ErrorCode& c : m.errors->codes) {
        if (ctx_.IsDuplicate(&c)) continue;
        auto [it, inserted] = seen.emplace(c.name, std::make_pair(c.loc, owner));
        if (inserted || it->second.second == owner) continue;
        diags_.Error(c.loc, "DuplicateErrorCodeName",
                     fmt::format("error code name '{}' is already used in '{}'; error code names "
                                 "are unique across the whole API",
                                 c.name, it->second.second))
            .notes.push_back({it->second.first, "previous definition is here"});
      }
    }
  }

  ValidationContext& ctx_;
  Api& api_;
  Diagnostics& diags_;
};

}  // namespace

void CheckNames(ValidationContext& ctx) { NameRules(ctx).Run(); }

}  // namespace seam::ir
