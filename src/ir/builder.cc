// Document -> IR. Every key is checked against the keys its object accepts
// (unknown keys warn, with a suggestion), every value against the kind it must
// have. Broken parts are reported once and left out, so later rules do not
// report cascades of the same mistake.
#include "ir/builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>

#include "base/strings.h"
#include "ir/type_parser.h"

namespace seam::ir {
namespace {

using Keys = std::vector<std::string>;

const Keys kRootKeys = {"version", "package", "modules", "generators"};
const Keys kPackageKeys = {"name",    "version",  "description", "license",
                           "authors", "homepage", "repository"};
const Keys kModuleKeys = {"name",      "doc",       "functions", "interfaces", "structs",
                          "enums",     "callbacks", "listeners", "errors",     "modules"};
const Keys kFunctionKeys = {"name",  "params",      "return",     "doc",  "throws",
                            "async", "cancellable", "deprecated", "since"};
const Keys kParamKeys = {"name", "type", "mutable", "doc"};
const Keys kStructKeys = {"name", "doc", "fields", "builder"};
const Keys kFieldKeys = {"name", "type", "doc", "default"};
const Keys kEnumKeys = {"name", "doc", "variants"};
const Keys kVariantKeys = {"name", "value", "doc", "fields"};
const Keys kInterfaceKeys = {"name", "doc", "constructors", "methods", "statics"};
const Keys kCallbackKeys = {"name", "params", "doc"};
const Keys kListenerKeys = {"name", "event_callback", "doc"};
const Keys kErrorsKeys = {"name", "doc", "codes"};
const Keys kCodeKeys = {"name", "code", "message", "doc"};

// Generator sections and the keys each accepts (reference §1.14, plus seam's
// own targets). Every section also accepts `prefix` and `allow_unsupported`.
const std::vector<std::pair<std::string, Keys>>& GeneratorSchema() {
  static const std::vector<std::pair<std::string, Keys>> schema = {
      {"global", {"strip_module_prefix", "c_prefix", "pre_generate", "post_generate"}},
      {"weaveffi", {"strip_module_prefix", "c_prefix", "pre_generate", "post_generate"}},
      {"c", {}},
      {"cpp", {"namespace", "header_name", "standard"}},
      {"swift", {"module_name", "strip_module_prefix"}},
      {"android", {"package", "strip_module_prefix"}},
      {"node", {"package_name", "strip_module_prefix"}},
      {"wasm", {"module_name", "emscripten"}},
      {"python", {"package_name", "strip_module_prefix"}},
      {"dotnet", {"namespace", "strip_module_prefix"}},
      {"dart", {"package_name", "strip_module_prefix", "native_assets", "producer", "prebuilt"}},
      {"go", {"module_path", "strip_module_prefix"}},
      {"ruby", {"module_name", "gem_name", "strip_module_prefix"}},
      {"cpp-producer", {"namespace", "library_name"}},
      {"rust-producer", {"library_name", "implementation", "keep_implementation"}},
      {"flutter-plugin", {"plugin_name", "producer", "prebuilt"}},
  };
  return schema;
}

Value ToValue(const DocNode& node) {
  Value v;
  v.loc = node.loc;
  v.text = node.text;
  switch (node.kind) {
    case NodeKind::kNull:
      v.kind = Value::Kind::kNull;
      break;
    case NodeKind::kBool:
      v.kind = Value::Kind::kBool;
      v.bool_value = node.bool_value;
      break;
    case NodeKind::kInt:
      v.kind = Value::Kind::kInt;
      v.int_value = node.int_value;
      v.big_unsigned = node.big_unsigned;
      v.uint_value = node.uint_value;
      v.int_overflow = node.int_overflow;
      break;
    case NodeKind::kFloat:
      v.kind = Value::Kind::kFloat;
      v.float_value = node.float_value;
      break;
    case NodeKind::kString:
      v.kind = Value::Kind::kString;
      break;
    case NodeKind::kSeq:
      v.kind = Value::Kind::kList;
      for (const DocNode* item : node.items) v.items.push_back(ToValue(*item));
      break;
    case NodeKind::kMap:
      v.kind = Value::Kind::kMap;
      for (const DocEntry& e : node.entries) v.entries.push_back(ValueEntry{e.key, ToValue(*e.value)});
      break;
    case NodeKind::kDateTime:
      v.kind = Value::Kind::kOther;
      break;
  }
  return v;
}

class Builder {
 public:
  explicit Builder(Diagnostics& diags) : diags_(diags) {}

  std::optional<Api> Build(const DocNode& root) {
    if (root.kind != NodeKind::kMap) {
      diags_.Error(root.loc, "WrongType",
                   fmt::format("the document must be a mapping with 'version' and 'modules', "
                               "found {}",
                               NodeKindName(root.kind)));
      return std::nullopt;
    }
    Api api;
    if (!ReadVersion(root, api)) return std::nullopt;
    CheckKeys(root, kRootKeys, "the document");
    if (const DocNode* pkg = MapValue(root, "package")) api.package = ReadPackage(*pkg);
    if (root.Find("modules") == nullptr) {
      diags_.Error(root.loc, "MissingKey", "the document is missing required key 'modules'");
    }
    for (const DocNode* m : Items(root, "modules", "module")) {
      ReadModule(*m, kNoModule, api);
    }
    if (const DocNode* gens = MapValue(root, "generators")) ReadGenerators(*gens, api);
    return api;
  }

 private:
  // --- generic readers -------------------------------------------------------

  void CheckKeys(const DocNode& map, const Keys& known, std::string_view what) {
    for (const DocEntry& e : map.entries) {
      if (std::find(known.begin(), known.end(), e.key) != known.end()) continue;
      diags_.Warning(e.key_loc, "UnknownKey",
                     fmt::format("unknown key '{}' in {}; it is ignored{}", e.key, what,
                                 DidYouMean(e.key, known)));
    }
  }

  // The value of `key`, or nullptr when absent or null.
  static const DocNode* Get(const DocNode& map, std::string_view key) {
    const DocEntry* e = map.Find(key);
    if (e == nullptr || e->value->kind == NodeKind::kNull) return nullptr;
    return e->value;
  }

  void WrongType(const DocNode& node, std::string_view key, std::string_view expected) {
    diags_.Error(node.loc, "WrongType",
                 fmt::format("'{}' must be {}, found {}", key, expected, NodeKindName(node.kind)));
  }

  // Reports a required key that is absent (MissingKey) or null (MissingValue).
  void Missing(const DocNode& map, std::string_view key, std::string_view what) {
    if (const DocEntry* e = map.Find(key)) {
      diags_.Error(e->value->loc, "MissingValue", fmt::format("'{}' of {} has no value", key, what));
    } else {
      diags_.Error(map.loc, "MissingKey", fmt::format("{} is missing required key '{}'", what, key));
    }
  }

  std::optional<std::string> Str(const DocNode& map, std::string_view key, std::string_view what,
                                 bool required) {
    const DocNode* v = Get(map, key);
    if (v == nullptr) {
      if (required) Missing(map, key, what);
      return std::nullopt;
    }
    if (v->kind == NodeKind::kString) return v->text;
    if (v->plain && v->kind != NodeKind::kSeq && v->kind != NodeKind::kMap) return v->text;
    WrongType(*v, key, "a string");
    return std::nullopt;
  }

  // A required identifier-like name; reports an empty one.
  std::optional<std::string> Name(const DocNode& map, std::string_view what) {
    auto name = Str(map, "name", what, true);
    if (name && name->empty()) {
      diags_.Error(Get(map, "name")->loc, "MissingValue", fmt::format("{} has an empty name", what));
      return std::nullopt;
    }
    return name;
  }

  std::optional<std::string> OptStr(const DocNode& map, std::string_view key) {
    return Str(map, key, "", false);
  }

  bool Bool(const DocNode& map, std::string_view key, SourceLoc* loc = nullptr) {
    const DocNode* v = Get(map, key);
    if (v == nullptr) return false;
    if (loc != nullptr) *loc = map.Find(key)->key_loc;
    if (v->kind == NodeKind::kBool) return v->bool_value;
    if (v->kind == NodeKind::kString && v->plain) {
      diags_.Error(v->loc, "WrongType",
                   fmt::format("'{}' must be true or false, found '{}'", key, v->text));
    } else {
      WrongType(*v, key, "true or false");
    }
    return false;
  }

  std::optional<int32_t> Int32(const DocNode& map, std::string_view key, std::string_view what,
                               SourceLoc* loc) {
    const DocNode* v = Get(map, key);
    if (v == nullptr) {
      Missing(map, key, what);
      return std::nullopt;
    }
    *loc = v->loc;
    if (v->kind != NodeKind::kInt) {
      WrongType(*v, key, "an integer");
      return std::nullopt;
    }
    if (v->int_overflow || v->big_unsigned || v->int_value < std::numeric_limits<int32_t>::min() ||
        v->int_value > std::numeric_limits<int32_t>::max()) {
      diags_.Error(v->loc, "IntegerOutOfRange",
                   fmt::format("'{}' value {} is outside the 32-bit signed integer range", key,
                               v->text.empty() ? std::to_string(v->int_value) : v->text));
      return std::nullopt;
    }
    return static_cast<int32_t>(v->int_value);
  }

  // The mapping items of list `key`; reports a non-list and non-mapping items.
  std::vector<const DocNode*> Items(const DocNode& map, std::string_view key,
                                    std::string_view item_what) {
    std::vector<const DocNode*> out;
    const DocNode* v = Get(map, key);
    if (v == nullptr) return out;
    if (v->kind != NodeKind::kSeq) {
      WrongType(*v, key, "a list");
      return out;
    }
    for (const DocNode* item : v->items) {
      if (item->kind != NodeKind::kMap) {
        diags_.Error(item->loc, "WrongType",
                     fmt::format("each entry of '{}' must be a mapping describing a {}, found {}",
                                 key, item_what, NodeKindName(item->kind)));
        continue;
      }
      out.push_back(item);
    }
    return out;
  }

  // True when list `key` is present but is not a list or holds non-mappings
  // (already reported by Items).
  static bool Malformed(const DocNode& map, std::string_view key) {
    const DocNode* v = Get(map, key);
    if (v == nullptr) return false;
    if (v->kind != NodeKind::kSeq) return true;
    return std::any_of(v->items.begin(), v->items.end(),
                       [](const DocNode* item) { return item->kind != NodeKind::kMap; });
  }

  const DocNode* MapValue(const DocNode& map, std::string_view key) {
    const DocNode* v = Get(map, key);
    if (v == nullptr) return nullptr;
    if (v->kind != NodeKind::kMap) {
      WrongType(*v, key, "a mapping");
      return nullptr;
    }
    return v;
  }

  // Parses the type string under `key`; a broken type comes back marked invalid.
  TypeRef Type(const DocNode& map, std::string_view key, std::string_view what) {
    TypeRef invalid;
    invalid.invalid = true;
    invalid.loc = map.loc;
    const DocEntry* e = map.Find(key);
    if (e == nullptr) {
      Missing(map, key, what);
      return invalid;
    }
    const DocNode& v = *e->value;
    invalid.loc = v.loc;
    if (v.kind == NodeKind::kSeq || v.kind == NodeKind::kMap) {
      diags_.Error(v.loc, "WrongType",
                   fmt::format("'{}' must be a type string, found {}; in YAML, quote types that "
                               "start with '[' or '{{' (\"[T]\", \"{{K:V}}\")",
                               key, NodeKindName(v.kind)));
      return invalid;
    }
    if (v.kind == NodeKind::kNull) {
      std::string hint;
      if (const SourceFile* f = diags_.sources().Get(v.loc.file)) {
        if (auto off = f->OffsetFromLoc(v.loc); off && *off < f->text().size() &&
                                                (f->text()[*off] == '&' || f->text()[*off] == '*')) {
          hint = "; in YAML, quote types that start with '&' (\"&str\", \"&[u8]\")";
        }
      }
      diags_.Error(v.loc, "MissingValue", fmt::format("'{}' of {} has no value{}", key, what, hint));
      return invalid;
    }
    if (v.kind != NodeKind::kString && !v.plain) {
      WrongType(v, key, "a type string");
      return invalid;
    }
    auto parsed = ParseTypeRef(v.text, [&v](size_t offset) { return v.LocAt(offset); }, diags_);
    if (!parsed) return invalid;
    return std::move(*parsed);
  }

  // --- IDL objects ------------------------------------------------------------

  bool ReadVersion(const DocNode& root, Api& api) {
    const DocEntry* e = root.Find("version");
    if (e == nullptr) {
      diags_.Error(root.loc, "MissingKey",
                   fmt::format("the document is missing required key 'version'; add version: "
                               "\"{}\"",
                               kCurrentSchemaVersion));
      api.version = std::string(kCurrentSchemaVersion);
      return true;
    }
    auto version = Str(root, "version", "the document", true);
    if (!version) return false;
    api.version = *version;
    api.version_loc = e->value->loc;
    if (*version == kCurrentSchemaVersion) return true;
    if (*version == kLegacySchemaVersion) {
      legacy_ = true;
      diags_.Warning(api.version_loc, "LegacySchemaVersion",
                     fmt::format("schema version '{}' is deprecated and read as {}: functions in the "
                                 "scope of an error domain are read as 'throws: true'; to upgrade, "
                                 "set version to \"{}\" and add 'throws: true' to the functions "
                                 "that report domain errors",
                                 kLegacySchemaVersion, kCurrentSchemaVersion,
                                 kCurrentSchemaVersion));
      return true;
    }
    diags_.Error(api.version_loc, "UnsupportedSchemaVersion",
                 fmt::format("unsupported schema version '{}'; supported versions: {}, {} "
                             "(deprecated)",
                             *version, kCurrentSchemaVersion, kLegacySchemaVersion));
    return false;
  }

  Package ReadPackage(const DocNode& node) {
    CheckKeys(node, kPackageKeys, "'package'");
    Package p;
    p.loc = node.loc;
    p.name = Str(node, "name", "'package'", true);
    p.version = Str(node, "version", "'package'", true);
    p.description = OptStr(node, "description");
    p.license = OptStr(node, "license");
    p.homepage = OptStr(node, "homepage");
    p.repository = OptStr(node, "repository");
    if (const DocNode* authors = Get(node, "authors")) {
      if (authors->kind != NodeKind::kSeq) {
        WrongType(*authors, "authors", "a list of strings");
      } else {
        for (const DocNode* a : authors->items) {
          if (a->kind == NodeKind::kString || (a->plain && a->kind != NodeKind::kNull)) {
            p.authors.push_back(a->text);
          } else {
            diags_.Error(a->loc, "WrongType",
                         fmt::format("each author must be a string, found {}", NodeKindName(a->kind)));
          }
        }
      }
    }
    return p;
  }

  void ReadModule(const DocNode& node, uint32_t parent, Api& api) {
    CheckKeys(node, kModuleKeys, "a module");
    auto name = Str(node, "name", "a module", true);
    if (!name) return;  // reported; the module and its contents are skipped
    if (name->empty()) {
      diags_.Error(Get(node, "name")->loc, "NoModuleName", "module has no name");
      return;
    }
    auto index = static_cast<uint32_t>(api.modules.size());
    Module m;
    m.name = *name;
    m.loc = Get(node, "name")->loc;
    m.doc = OptStr(node, "doc");
    m.parent = parent;
    if (parent != kNoModule) {
      m.path = api.modules[parent].path;
      m.error_scope = api.modules[parent].error_scope;
    } else {
      api.roots.push_back(index);
    }
    m.path.push_back(m.name);
    if (const DocNode* errors = MapValue(node, "errors")) {
      m.errors = ReadErrors(*errors);
      if (m.errors) m.error_scope = index;
    }
    for (const DocNode* f : Items(node, "functions", "function")) {
      if (auto fn = ReadFunction(*f, "a function", m.error_scope)) m.functions.push_back(std::move(*fn));
    }
    for (const DocNode* i : Items(node, "interfaces", "interface")) {
      if (auto iface = ReadInterface(*i, m.error_scope)) m.interfaces.push_back(std::move(*iface));
    }
    for (const DocNode* s : Items(node, "structs", "struct")) {
      if (auto st = ReadStruct(*s)) m.structs.push_back(std::move(*st));
    }
    for (const DocNode* e : Items(node, "enums", "enum")) {
      if (auto en = ReadEnum(*e)) m.enums.push_back(std::move(*en));
    }
    for (const DocNode* c : Items(node, "callbacks", "callback")) {
      if (auto cb = ReadCallback(*c)) m.callbacks.push_back(std::move(*cb));
    }
    for (const DocNode* l : Items(node, "listeners", "listener")) {
      if (auto li = ReadListener(*l)) m.listeners.push_back(std::move(*li));
    }
    api.modules.push_back(std::move(m));
    for (const DocNode* child : Items(node, "modules", "module")) {
      auto child_index = static_cast<uint32_t>(api.modules.size());
      size_t before = api.modules.size();
      ReadModule(*child, index, api);
      if (api.modules.size() > before) api.modules[index].children.push_back(child_index);
    }
  }

  std::optional<Function> ReadFunction(const DocNode& node, std::string_view what,
                                       uint32_t error_scope) {
    CheckKeys(node, kFunctionKeys, what);
    auto name = Name(node, what);
    if (!name) return std::nullopt;
    Function f;
    f.name = *name;
    f.loc = Get(node, "name")->loc;
    std::string where = fmt::format("function '{}'", f.name);
    for (const DocNode* p : Items(node, "params", "parameter")) {
      if (auto param = ReadParam(*p, where)) f.params.push_back(std::move(*param));
    }
    if (Get(node, "return") != nullptr) f.ret = Type(node, "return", where);
    f.doc = OptStr(node, "doc");
    f.throws = Bool(node, "throws", &f.throws_loc);
    f.is_async = Bool(node, "async", &f.async_loc);
    f.cancellable = Bool(node, "cancellable", &f.cancellable_loc);
    f.deprecated = OptStr(node, "deprecated");
    f.since = OptStr(node, "since");
    if (legacy_ && node.Find("throws") == nullptr && error_scope != kNoModule) f.throws = true;
    return f;
  }

  std::optional<Param> ReadParam(const DocNode& node, const std::string& where) {
    std::string what = "a parameter of " + where;
    CheckKeys(node, kParamKeys, "a parameter");
    auto name = Name(node, what);
    Param p;
    p.type = Type(node, "type", name ? fmt::format("parameter '{}'", *name) : what);
    if (!name) return std::nullopt;
    p.name = *name;
    p.loc = Get(node, "name")->loc;
    p.is_mutable = Bool(node, "mutable", &p.mutable_loc);
    p.doc = OptStr(node, "doc");
    return p;
  }

  std::optional<Field> ReadField(const DocNode& node, const std::string& where) {
    CheckKeys(node, kFieldKeys, "a field");
    auto name = Name(node, "a field of " + where);
    Field f;
    f.type = Type(node, "type", name ? fmt::format("field '{}'", *name) : "a field of " + where);
    if (!name) return std::nullopt;
    f.name = *name;
    f.loc = Get(node, "name")->loc;
    f.doc = OptStr(node, "doc");
    if (const DocEntry* d = node.Find("default")) f.default_value = ToValue(*d->value);
    return f;
  }

  std::optional<Struct> ReadStruct(const DocNode& node) {
    CheckKeys(node, kStructKeys, "a struct");
    auto name = Name(node, "a struct");
    if (!name) return std::nullopt;
    Struct s;
    s.name = *name;
    s.loc = Get(node, "name")->loc;
    s.doc = OptStr(node, "doc");
    s.builder = Bool(node, "builder");
    std::string where = fmt::format("struct '{}'", s.name);
    for (const DocNode* f : Items(node, "fields", "field")) {
      if (auto field = ReadField(*f, where)) {
        s.fields.push_back(std::move(*field));
      } else {
        s.partial = true;
      }
    }
    s.partial = s.partial || Malformed(node, "fields");
    return s;
  }

  std::optional<Enum> ReadEnum(const DocNode& node) {
    CheckKeys(node, kEnumKeys, "an enum");
    auto name = Name(node, "an enum");
    if (!name) return std::nullopt;
    Enum e;
    e.name = *name;
    e.loc = Get(node, "name")->loc;
    e.doc = OptStr(node, "doc");
    for (const DocNode* v : Items(node, "variants", "variant")) {
      CheckKeys(*v, kVariantKeys, "an enum variant");
      auto vname = Name(*v, "a variant of enum '" + e.name + "'");
      EnumVariant variant;
      auto value = Int32(*v, "value",
                         vname ? fmt::format("variant '{}'", *vname) : "a variant of enum '" + e.name + "'",
                         &variant.value_loc);
      if (!vname || !value) {
        e.partial = true;
        continue;
      }
      variant.name = *vname;
      variant.loc = Get(*v, "name")->loc;
      variant.value = *value;
      variant.doc = OptStr(*v, "doc");
      std::string where = fmt::format("variant '{}::{}'", e.name, variant.name);
      for (const DocNode* f : Items(*v, "fields", "field")) {
        if (auto field = ReadField(*f, where)) variant.fields.push_back(std::move(*field));
      }
      e.variants.push_back(std::move(variant));
    }
    e.partial = e.partial || Malformed(node, "variants");
    return e;
  }

  std::optional<Interface> ReadInterface(const DocNode& node, uint32_t error_scope) {
    CheckKeys(node, kInterfaceKeys, "an interface");
    auto name = Name(node, "an interface");
    if (!name) return std::nullopt;
    Interface i;
    i.name = *name;
    i.loc = Get(node, "name")->loc;
    i.doc = OptStr(node, "doc");
    auto members = [&](const char* key, const char* what, std::vector<Function>& out) {
      for (const DocNode* f : Items(node, key, what)) {
        if (auto fn = ReadFunction(*f, fmt::format("a {} of interface '{}'", what, i.name),
                                   error_scope)) {
          out.push_back(std::move(*fn));
        } else {
          i.partial = true;
        }
      }
      if (Malformed(node, key)) i.partial = true;
    };
    members("constructors", "constructor", i.constructors);
    members("methods", "method", i.methods);
    members("statics", "static", i.statics);
    return i;
  }

  std::optional<Callback> ReadCallback(const DocNode& node) {
    CheckKeys(node, kCallbackKeys, "a callback");
    auto name = Name(node, "a callback");
    if (!name) return std::nullopt;
    Callback c;
    c.name = *name;
    c.loc = Get(node, "name")->loc;
    c.doc = OptStr(node, "doc");
    if (node.Find("params") == nullptr) {
      diags_.Error(node.loc, "MissingKey",
                   fmt::format("callback '{}' is missing required key 'params' (use params: [] "
                               "for none)",
                               c.name));
    }
    std::string where = fmt::format("callback '{}'", c.name);
    for (const DocNode* p : Items(node, "params", "parameter")) {
      if (auto param = ReadParam(*p, where)) c.params.push_back(std::move(*param));
    }
    return c;
  }

  std::optional<Listener> ReadListener(const DocNode& node) {
    CheckKeys(node, kListenerKeys, "a listener");
    auto name = Name(node, "a listener");
    auto cb = Str(node, "event_callback", name ? "listener '" + *name + "'" : "a listener", true);
    if (!name || !cb) return std::nullopt;
    Listener l;
    l.name = *name;
    l.loc = Get(node, "name")->loc;
    l.doc = OptStr(node, "doc");
    l.event_callback = *cb;
    l.event_callback_loc = Get(node, "event_callback")->loc;
    return l;
  }

  std::optional<ErrorDomain> ReadErrors(const DocNode& node) {
    CheckKeys(node, kErrorsKeys, "an error domain");
    ErrorDomain d;
    d.loc = node.loc;
    auto name = Str(node, "name", "an error domain", true);
    if (!name) return std::nullopt;
    d.name = *name;
    if (const DocNode* n = Get(node, "name")) d.loc = n->loc;
    d.doc = OptStr(node, "doc");
    if (node.Find("codes") == nullptr) {
      diags_.Error(node.loc, "MissingKey",
                   fmt::format("error domain '{}' is missing required key 'codes'", d.name));
    }
    for (const DocNode* c : Items(node, "codes", "error code")) {
      CheckKeys(*c, kCodeKeys, "an error code");
      auto cname = Name(*c, "an error code");
      std::string what = cname ? fmt::format("error code '{}'", *cname) : "an error code";
      ErrorCode code;
      auto value = Int32(*c, "code", what, &code.code_loc);
      auto message = Str(*c, "message", what, true);
      if (!cname || !value || !message) {
        d.partial = true;
        continue;
      }
      code.name = *cname;
      code.loc = Get(*c, "name")->loc;
      code.code = *value;
      code.message = *message;
      code.doc = OptStr(*c, "doc");
      d.codes.push_back(std::move(code));
    }
    d.partial = d.partial || Malformed(node, "codes");
    return d;
  }

  // The kind of value each known generator setting takes; settings that seam has
  // no use for are said to be ignored (WeaveFFI's hooks and capability gate).
  void CheckSetting(std::string_view target, const DocEntry& s) {
    const DocNode& v = *s.value;
    if (v.kind == NodeKind::kNull || s.key == "prefix" || s.key == "c_prefix") return;
    std::string path = fmt::format("generators.{}.{}", target, s.key);
    if (s.key == "strip_module_prefix" || s.key == "emscripten" || s.key == "native_assets" ||
        s.key == "allow_unsupported" || s.key == "keep_implementation") {
      if (v.kind != NodeKind::kBool) WrongType(v, path, "true or false");
    } else if (s.key == "standard") {
      if (v.kind != NodeKind::kString && v.kind != NodeKind::kInt) {
        WrongType(v, path, "a C++ standard such as 17 or 20");
      }
    } else if (s.key == "prebuilt") {
      // Its platforms and digests are checked by the targets that ship them.
      if (v.kind != NodeKind::kMap) WrongType(v, path, "a mapping of platforms to SHA-256 digests");
    } else if (v.kind != NodeKind::kString) {
      WrongType(v, path, "a string");
    }
    if (s.key == "pre_generate" || s.key == "post_generate") {
      diags_.Warning(s.key_loc, "IgnoredSetting",
                     fmt::format("seam does not run generation hooks; '{}' is ignored (run the command "
                                 "{} 'seam generate' yourself)",
                                 s.key, s.key == "pre_generate" ? "before" : "after"));
    } else if (s.key == "allow_unsupported" && v.kind == NodeKind::kBool && v.bool_value) {
      diags_.Warning(s.key_loc, "IgnoredSetting",
                     "'allow_unsupported' has no effect in seam: a target generates every declaration "
                     "it can express and reports each one it cannot as an error");
    }
  }

  void ReadGenerators(const DocNode& node, Api& api) {
    const auto& schema = GeneratorSchema();
    Keys targets;
    for (const auto& [t, _] : schema) targets.push_back(t);
    for (const DocEntry& e : node.entries) {
      auto it = std::find_if(schema.begin(), schema.end(),
                             [&](const auto& s) { return s.first == e.key; });
      if (it == schema.end()) {
        diags_.Warning(e.key_loc, "UnknownKey",
                       fmt::format("unknown generator '{}' in 'generators'; it is ignored{}", e.key,
                                   DidYouMean(e.key, targets)));
        continue;
      }
      if (e.value->kind == NodeKind::kNull) continue;
      if (e.value->kind != NodeKind::kMap) {
        WrongType(*e.value, e.key, "a mapping of settings");
        continue;
      }
      Keys keys = it->second;
      keys.push_back("prefix");
      keys.push_back("allow_unsupported");
      CheckKeys(*e.value, keys, fmt::format("generator '{}'", e.key));
      GeneratorConfig config;
      config.target = e.key;
      config.loc = e.key_loc;
      for (const DocEntry& s : e.value->entries) {
        config.settings.emplace_back(s.key, ToValue(*s.value));
        if (std::find(keys.begin(), keys.end(), s.key) != keys.end()) CheckSetting(e.key, s);
        if (s.key == "prefix" || s.key == "c_prefix") {
          const DocNode& v = *s.value;
          if (v.kind != NodeKind::kString && !v.plain) {
            WrongType(v, s.key, "a string");
          } else if (!IsCIdentifier(v.text)) {
            diags_.Error(v.loc, "InvalidPrefix",
                         fmt::format("C prefix '{}' is not a valid C identifier", v.text));
          }
        }
      }
      api.generators.push_back(std::move(config));
    }
    // WeaveFFI lets a target's own `prefix` differ from the C prefix; seam
    // binds each of its targets to the header's one prefix.
    std::string c_prefix = api.CPrefix();
    for (const DocEntry& e : node.entries) {
      static const std::set<std::string_view> kSeamTargets = {"cpp",    "cpp-producer",  "dart",
                                                              "python", "rust-producer", "flutter-plugin"};
      if (!kSeamTargets.count(e.key) || e.value->kind != NodeKind::kMap) continue;
      const DocEntry* p = e.value->Find("prefix");
      if (p == nullptr || p->value->kind != NodeKind::kString || p->value->text == c_prefix) continue;
      diags_.Warning(p->key_loc, "IgnoredSetting",
                     fmt::format("'generators.{}.prefix' is ignored: every target binds to the C header's "
                                 "prefix, '{}' (set it with generators.global.c_prefix or "
                                 "generators.c.prefix)",
                                 e.key, c_prefix));
    }
  }

  Diagnostics& diags_;
  bool legacy_ = false;
};

}  // namespace

std::optional<Api> BuildApi(const Document& doc, Diagnostics& diags) {
  if (doc.root() == nullptr) return std::nullopt;
  return Builder(diags).Build(*doc.root());
}

}  // namespace seam::ir
