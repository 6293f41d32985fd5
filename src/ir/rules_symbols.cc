// Symbol rules: every C identifier the header declares at file scope
// (functions, typedefs, enum constants) must be unique, including against the
// runtime's names; and within each C prototype every parameter slot name must
// be unique (a parameter `x_len` beside bytes `x`, a parameter `out_err`...).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "abi/packed.h"
#include "abi/symbols.h"
#include "ir/rules.h"
#include "ir/validate.h"

namespace seam::ir {
namespace {


class SymbolRules {
 public:
  explicit SymbolRules(ValidationContext& ctx)
      : ctx_(ctx), api_(ctx.api), diags_(ctx.diags), prefix_(ctx.api.CPrefix()) {}

  void Run() {
    for (const std::string& name : abi::RuntimeSymbolNames()) {
      claimed_.emplace(name, Claim{SourceLoc{}, Subject{"the seam/WeaveFFI runtime"}});
    }
    // At the default prefix the runtime functions are this library's own
    // under "weaveffi_seam_{library}_" (ir::Api::RuntimePrefix).
    if (std::string runtime = api_.RuntimePrefix(); runtime != prefix_) {
      std::string own = runtime.substr(prefix_.size() + 1) + "_";
      for (const std::string& name : abi::RuntimeFunctionNames()) {
        claimed_.emplace(own + name, Claim{SourceLoc{}, Subject{"the seam runtime of this library"}});
      }
    }
    for (uint32_t i = 0; i < api_.modules.size(); ++i) {
      if (!SkippedModule(i)) ClaimModule(api_.modules[i]);
    }
  }

 private:
  // What claims a symbol, for the message when two claims meet: `format`
  // with the names substituted, then `suffix`. Rendered only then; the names
  // live in the API.
  struct Subject {
    explicit Subject(const char* format, std::string_view a = {}, std::string_view b = {},
                     std::string_view c = {})
        : format(format), a(a), b(b), c(c) {}
    const char* format;
    std::string_view a, b, c;
    const char* suffix = "";
    [[nodiscard]] std::string Render() const { return fmt::format(fmt::runtime(format), a, b, c) + suffix; }
  };
  // A function is linked; a type or an enum constant is only declared.
  enum Kind { kLinked, kDeclared };
  struct Claim {
    SourceLoc loc;
    Subject what;
    Kind kind = kLinked;
  };

  static Subject With(Subject what, const char* suffix) {
    what.suffix = suffix;
    return what;
  }

  // A module that is (or is inside) a duplicate of a sibling is not claimed twice.
  bool SkippedModule(uint32_t index) const {
    for (uint32_t i = index; i != kNoModule; i = api_.modules[i].parent) {
      if (ctx_.IsDuplicate(&api_.modules[i])) return true;
    }
    return false;
  }

  void ClaimSymbol(std::string symbol, SourceLoc loc, const Subject& what, Kind kind = kLinked) {
    auto [it, inserted] = claimed_.try_emplace(std::move(symbol), Claim{loc, what, kind});
    if (inserted) return;
    // One report per pair of declarations, however many symbols they share.
    if (!reported_.emplace(loc, it->second.loc).second) return;
    Diagnostic& d = diags_.Error(
        loc, "AbiSymbolCollision",
        fmt::format("{} lowers to C symbol '{}_{}', which {} also declares; rename one of them",
                    what.Render(), prefix_, it->first, it->second.what.Render()));
    if (it->second.loc.known()) d.notes.push_back({it->second.loc, "the other declaration is here"});
  }

  void SlotCheck(const std::vector<abi::Slot>& slots, const std::string& prototype) {
    // Prototypes are short: a scan beats building a map, up to a point.
    constexpr size_t kScanLimit = 64;
    std::map<std::string_view, const abi::Slot*> seen;
    for (size_t k = 0; k < slots.size(); ++k) {
      const abi::Slot& slot = slots[k];
      const abi::Slot* first = nullptr;
      if (slots.size() <= kScanLimit) {
        for (size_t j = 0; j < k && first == nullptr; ++j) {
          if (slots[j].name == slot.name) first = &slots[j];
        }
      } else if (auto [it, inserted] = seen.emplace(slot.name, &slot); !inserted) {
        first = it->second;
      }
      if (first == nullptr) continue;
      // Report at the user's parameter; the other slot may come from the ABI.
      const Param* culprit = slot.param != nullptr ? slot.param : first->param;
      if (culprit == nullptr) continue;
      const Param* other = culprit == slot.param ? first->param : slot.param;
      std::string from = other != nullptr && other != culprit
                             ? fmt::format("the C ABI derives from parameter '{}'", other->name)
                             : "the C ABI adds";
      // Two parameters of one name are reported as DuplicateParamName instead.
      if (other != nullptr && other->name == culprit->name) continue;
      diags_.Error(culprit->loc, "SlotCollision",
                   fmt::format("parameter '{}' collides with the '{}' slot {} in '{}_{}'; rename "
                               "the parameter",
                               culprit->name, slot.name, from, prefix_, prototype));
    }
  }

  void ClaimCallable(const Function& f, const std::string& base, const Subject& what,
                     const std::string& iterator_owner, bool has_self) {
    if (ctx_.IsDuplicate(&f)) return;
    switch (abi::ShapeOf(f)) {
      case abi::CallableShape::kSync:
        ClaimSymbol(base, f.loc, what);
        // A result that holds records may get seam's packed twin (abi/packed.h).
        if (f.ret && abi::HoldsRecord(*f.ret)) ClaimSymbol(base + "_packed", f.loc, With(what, " (seam's packed result)"));
        break;
      case abi::CallableShape::kAsync:
        ClaimSymbol(base + "_async", f.loc, what);
        ClaimSymbol(base + "_callback", f.loc, With(what, " (its completion callback type)"), kDeclared);
        ClaimSymbol(base + "_async_owned", f.loc, With(what, " (seam's owned-result launcher)"));
        break;
      case abi::CallableShape::kIterator: {
        ClaimSymbol(base, f.loc, what);
        std::string tag = iterator_owner + "_" + abi::UpperCamel(f.name) + "Iterator";
        ClaimSymbol(tag, f.loc, With(what, " (its iterator type)"), kDeclared);
        ClaimSymbol(tag + "_next", f.loc, With(what, " (its iterator)"));
        ClaimSymbol(tag + "_destroy", f.loc, With(what, " (its iterator)"));
        break;
      }
    }
    std::vector<abi::Slot> slots = abi::CallableSlots(f, has_self);
    SlotCheck(slots, abi::ShapeOf(f) == abi::CallableShape::kAsync ? base + "_async" : base);
  }

  std::vector<abi::Slot> FieldSlots(const std::vector<Field>& fields,
                                    std::vector<Param>& storage) {
    storage.clear();
    storage.reserve(fields.size());
    for (const Field& f : fields) storage.push_back(Param{f.name, f.loc, f.type, false, {}, {}});
    std::vector<abi::Slot> slots;
    for (const Param& p : storage) {
      for (std::string& n : abi::ParamSlotNames(p.type, p.name)) slots.push_back({std::move(n), &p});
    }
    slots.push_back({"out_err", nullptr});
    return slots;
  }

  void ClaimModule(const Module& m) {
    const std::string path = m.CPath();
    std::vector<Param> storage;
    for (const Enum& e : m.enums) {
      if (ctx_.IsDuplicate(&e)) continue;
      std::string tag = abi::TypeTag(m, e.name);
      Subject what{"enum '{}'", e.name};
      ClaimSymbol(e.rich() ? tag + "_Tag" : tag, e.loc, what, kDeclared);
      if (e.rich()) {
        ClaimSymbol(tag, e.loc, what, kDeclared);
        ClaimSymbol(tag + "_tag", e.loc, what);
        ClaimSymbol(tag + "_destroy", e.loc, what);
      }
      for (const EnumVariant& v : e.variants) {
        if (ctx_.IsDuplicate(&v)) continue;
        Subject vwhat{"variant '{}::{}'", e.name, v.name};
        ClaimSymbol(tag + "_" + v.name, v.loc, vwhat, kDeclared);
        if (!e.rich()) continue;
        ClaimSymbol(tag + "_" + v.name + "_new", v.loc, vwhat);
        for (const Field& f : v.fields) {
          if (ctx_.IsDuplicate(&f)) continue;
          ClaimSymbol(tag + "_" + v.name + "_get_" + f.name, f.loc,
                      Subject{"field '{}' of variant '{}::{}'", f.name, e.name, v.name});
        }
        SlotCheck(FieldSlots(v.fields, storage), tag + "_" + v.name + "_new");
      }
    }
    if (m.errors && !m.errors->name.empty() && !ctx_.IsDuplicate(&*m.errors)) {
      std::string tag = abi::TypeTag(m, m.errors->name);
      ClaimSymbol(tag, m.errors->loc, Subject{"error domain '{}'", m.errors->name}, kDeclared);
      for (const ErrorCode& c : m.errors->codes) {
        if (ctx_.IsDuplicate(&c)) continue;
        ClaimSymbol(tag + "_" + c.name, c.loc, Subject{"error code '{}'", c.name}, kDeclared);
      }
    }
    for (const Struct& s : m.structs) {
      if (ctx_.IsDuplicate(&s)) continue;
      std::string tag = abi::TypeTag(m, s.name);
      Subject what{"struct '{}'", s.name};
      ClaimSymbol(tag, s.loc, what, kDeclared);
      ClaimSymbol(tag + "_create", s.loc, what);
      ClaimSymbol(tag + "_destroy", s.loc, what);
      for (const Field& f : s.fields) {
        if (ctx_.IsDuplicate(&f)) continue;
        ClaimSymbol(tag + "_get_" + f.name, f.loc, Subject{"field '{}' of struct '{}'", f.name, s.name});
      }
      SlotCheck(FieldSlots(s.fields, storage), tag + "_create");
      if (s.builder) {
        Subject bwhat = With(what, " (its builder)");
        ClaimSymbol(tag + "Builder", s.loc, bwhat, kDeclared);
        for (const char* fn : {"_Builder_new", "_Builder_build", "_Builder_destroy"}) {
          ClaimSymbol(tag + fn, s.loc, bwhat);
        }
        for (const Field& f : s.fields) {
          if (!ctx_.IsDuplicate(&f)) ClaimSymbol(tag + "_Builder_set_" + f.name, f.loc, bwhat);
        }
      }
    }
    for (const Interface& i : m.interfaces) {
      if (ctx_.IsDuplicate(&i)) continue;
      std::string tag = abi::TypeTag(m, i.name);
      ClaimSymbol(tag, i.loc, Subject{"interface '{}'", i.name}, kDeclared);
      ClaimSymbol(tag + "_destroy", i.loc, Subject{"interface '{}' (its destructor)", i.name});
      auto members = [&](const std::vector<Function>& list, const char* kind, bool has_self) {
        for (const Function& f : list) {
          ClaimCallable(f, tag + "_" + f.name, Subject{kind, i.name, f.name}, tag, has_self);
        }
      };
      members(i.constructors, "constructor '{}.{}'", false);
      members(i.statics, "static '{}.{}'", false);
      members(i.methods, "method '{}.{}'", true);
    }
    for (const Callback& c : m.callbacks) {
      if (ctx_.IsDuplicate(&c)) continue;
      ClaimSymbol(path + "_" + c.name + "_fn", c.loc, Subject{"callback '{}'", c.name}, kDeclared);
      std::vector<abi::Slot> slots;
      for (const Param& p : c.params) {
        for (std::string& n : abi::ParamSlotNames(p.type, p.name)) slots.push_back({std::move(n), &p});
      }
      slots.push_back({"context", nullptr});
      SlotCheck(slots, path + "_" + c.name + "_fn");
    }
    for (const Listener& l : m.listeners) {
      if (ctx_.IsDuplicate(&l)) continue;
      Subject what{"listener '{}'", l.name};
      ClaimSymbol(path + "_register_" + l.name, l.loc, what);
      ClaimSymbol(path + "_unregister_" + l.name, l.loc, what);
      ClaimSymbol(path + "_register_" + l.name + "_owned", l.loc, With(what, " (seam's owned registration)"));
      ClaimSymbol(path + "_unregister_" + l.name + "_owned", l.loc, With(what, " (seam's owned registration)"));
    }
    for (const Function& f : m.functions) {
      ClaimCallable(f, path + "_" + f.name, Subject{"function '{}'", f.name}, path, false);
    }
  }

 public:
  // The library's own symbols with what declares them, sorted: every claim
  // with a location, and the runtime functions under the runtime prefix.
  std::vector<CSymbol> Symbols() const {
    std::vector<CSymbol> out;
    for (const auto& [name, claim] : claimed_) {
      if (claim.loc.known()) {
        out.push_back({prefix_ + "_" + name, claim.loc, claim.what.Render(), claim.kind == kLinked});
      }
    }
    for (const std::string& name : abi::RuntimeFunctionNames()) {
      out.push_back({api_.RuntimePrefix() + "_" + name, SourceLoc{}, "the seam runtime of this library", true});
    }
    std::sort(out.begin(), out.end(), [](const CSymbol& a, const CSymbol& b) { return a.name < b.name; });
    return out;
  }

 private:
  ValidationContext& ctx_;
  Api& api_;
  Diagnostics& diags_;
  std::string prefix_;
  std::unordered_map<std::string, Claim> claimed_;
  std::set<std::pair<SourceLoc, SourceLoc>> reported_;
};

}  // namespace

void CheckSymbols(ValidationContext& ctx) { SymbolRules(ctx).Run(); }

std::vector<CSymbol> CSymbols(Api& api) {
  SourceManager sources;
  Diagnostics diags(sources);
  ValidationContext ctx{api, diags, {}, {}};
  SymbolRules rules(ctx);
  rules.Run();
  return rules.Symbols();
}

}  // namespace seam::ir
