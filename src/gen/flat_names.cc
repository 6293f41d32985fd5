#include "gen/flat_names.h"

#include <vector>

#include "gen/c_family.h"

namespace seam::gen {

std::string FlatNames::Type(uint32_t module, std::string_view name, const std::string& spelled) const {
  auto it = type_prefix.find({module, "T:" + std::string(name)});
  return (it == type_prefix.end() ? "" : it->second) + spelled;
}

std::string FlatNames::Domain(uint32_t module, std::string_view name, const std::string& spelled) const {
  auto it = type_prefix.find({module, "D:" + std::string(name)});
  return (it == type_prefix.end() ? "" : it->second) + spelled;
}

const std::string& FlatNames::Member(uint32_t module, std::string_view type, std::string_view member) const {
  return member_suffix.at({module, std::string(type) + "." + std::string(member)});
}

bool StripModulePrefix(const ir::Api& api, std::string_view target) {
  for (std::string_view section : {std::string_view("global"), std::string_view("weaveffi"), target}) {
    const ir::Value* v = SettingValue(api, section, "strip_module_prefix");
    if (v != nullptr && v->kind == ir::Value::Kind::kBool) return v->bool_value;
  }
  return true;
}

FlatNames AssignFlatNames(const ir::Api& api, const std::function<std::string(std::string_view)>& type_case,
                          const std::function<std::string(std::string_view)>& fn_case,
                          const std::set<std::string, std::less<>>& library_types, bool strip) {
  FlatNames out;
  struct Family {
    uint32_t module;
    std::string key;  // "T:name" or "D:name"
    std::vector<std::string> names;
  };
  std::vector<Family> families;
  // Gives each member of a type its suffix and adds the member's name to `f`.
  auto member = [&](Family& f, std::set<std::string, std::less<>>& used, uint32_t mi, const std::string& type,
                    const std::string& name) {
    std::string suffix = type_case(name);
    while (!used.insert(suffix).second) suffix += "_";
    f.names.push_back(f.names.front() + suffix);
    out.member_suffix[{mi, type + "." + name}] = suffix;
  };
  for (uint32_t mi = 0; mi < api.modules.size(); ++mi) {
    const ir::Module& m = api.modules[mi];
    for (const ir::Struct& s : m.structs) families.push_back({mi, "T:" + s.name, {type_case(s.name)}});
    for (const ir::Enum& e : m.enums) {
      Family f{mi, "T:" + e.name, {type_case(e.name)}};
      if (e.rich()) {
        f.names.push_back(type_case(e.name) + "Tag");
        std::set<std::string, std::less<>> used = {"", "Tag"};
        for (const ir::EnumVariant& v : e.variants) member(f, used, mi, e.name, v.name);
      }
      families.push_back(f);
    }
    for (const ir::Interface& i : m.interfaces) families.push_back({mi, "T:" + i.name, {type_case(i.name)}});
    if (m.errors) {
      Family f{mi, "D:" + m.errors->name, {type_case(m.errors->name)}};
      std::set<std::string, std::less<>> used = {""};
      for (const ir::ErrorCode& c : m.errors->codes) member(f, used, mi, m.errors->name, c.name);
      families.push_back(f);
    }
  }
  std::map<std::string, int> uses;
  for (const Family& f : families) {
    for (const std::string& n : f.names) ++uses[n];
  }
  // Names that still collide after prefixing (`_x` and `x` of one module both
  // spell `X`) take a number after the prefix, in declaration order.
  std::set<std::string, std::less<>> taken;
  auto free = [&](const Family& f, const std::string& prefix) {
    for (const std::string& n : f.names) {
      if (taken.count(prefix + n) || library_types.count(prefix + n)) return false;
    }
    return true;
  };
  for (const Family& f : families) {
    bool clash = false;
    for (const std::string& n : f.names) clash = clash || uses[n] > 1 || library_types.count(n);
    std::string prefix = clash ? type_case(api.modules[f.module].CPath()) : "";
    for (int k = 2; !free(f, prefix); ++k) {
      prefix = type_case(api.modules[f.module].CPath()) + std::to_string(k);
    }
    for (const std::string& n : f.names) taken.insert(prefix + n);
    out.type_prefix[{f.module, f.key}] = prefix;
  }
  std::map<std::string, int> fn_uses, listener_uses;
  for (const ir::Module& m : api.modules) {
    for (const ir::Function& f : m.functions) ++fn_uses[fn_case(f.name)];
    for (const ir::Listener& l : m.listeners) ++listener_uses[l.name];
  }
  std::set<std::string, std::less<>> fn_taken;
  for (uint32_t mi = 0; mi < api.modules.size(); ++mi) {
    const ir::Module& m = api.modules[mi];
    for (const ir::Function& f : m.functions) {
      std::string n = fn_case(f.name);
      if (!strip || fn_uses[n] > 1) n = fn_case(m.CPath() + "_" + f.name);
      while (!fn_taken.insert(n).second) n += "_";  // still taken: `_x` and `x` of one module
      out.functions[{mi, f.name}] = n;
    }
    for (const ir::Listener& l : m.listeners) {
      out.listener_scope[{mi, l.name}] = !strip || listener_uses[l.name] > 1 ? m.CPath() + "_" : "";
    }
  }
  return out;
}

}  // namespace seam::gen
