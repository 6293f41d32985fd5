// Small helpers on IR values.
#include "ir/ir.h"

#include <algorithm>
#include <cctype>

namespace seam::ir {

const char* PrimitiveName(Primitive p) {
  switch (p) {
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
    case Primitive::kString: return "string";
    case Primitive::kBytes: return "bytes";
    case Primitive::kHandle: return "handle";
    case Primitive::kBorrowedStr: return "&str";
    case Primitive::kBorrowedBytes: return "&[u8]";
  }
  return "?";
}

bool IsScalar(Primitive p) { return p <= Primitive::kBool; }

namespace {
void AppendSpelling(const TypeRef& t, std::string& out) {
  switch (t.kind) {
    case TypeKind::kPrimitive:
      out += PrimitiveName(t.primitive);
      return;
    case TypeKind::kNamed:
      out += t.name;
      return;
    case TypeKind::kTypedHandle:
      out.append("handle<").append(t.name).push_back('>');
      return;
    case TypeKind::kOptional:
      AppendSpelling(t.args[0], out);
      out.push_back('?');
      return;
    case TypeKind::kList:
      out.push_back('[');
      AppendSpelling(t.args[0], out);
      out.push_back(']');
      return;
    case TypeKind::kMap:
      out.push_back('{');
      AppendSpelling(t.args[0], out);
      out.push_back(':');
      AppendSpelling(t.args[1], out);
      out.push_back('}');
      return;
    case TypeKind::kIterator:
      out.append("iter<");
      AppendSpelling(t.args[0], out);
      out.push_back('>');
      return;
  }
}
}  // namespace

std::string Spell(const TypeRef& t) {
  std::string out;
  AppendSpelling(t, out);
  return out;
}

bool Enum::rich() const {
  return std::any_of(variants.begin(), variants.end(),
                     [](const EnumVariant& v) { return !v.fields.empty(); });
}

namespace {
std::string Join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}
}  // namespace

std::string Module::CPath() const { return Join(path, '_'); }
std::string Module::DottedPath() const { return Join(path, '.'); }

const Value* GeneratorConfig::Find(std::string_view key) const {
  for (const auto& [k, v] : settings) {
    if (k == key) return &v;
  }
  return nullptr;
}

const GeneratorConfig* Api::Generator(std::string_view target) const {
  for (const GeneratorConfig& g : generators) {
    if (g.target == target) return &g;
  }
  return nullptr;
}

std::string Api::CPrefix() const {
  for (const char* section : {"global", "weaveffi"}) {
    if (const GeneratorConfig* g = Generator(section)) {
      const Value* v = g->Find("c_prefix");
      if (v != nullptr && v->kind == Value::Kind::kString && !v->text.empty()) return v->text;
    }
  }
  if (const GeneratorConfig* g = Generator("c")) {
    const Value* v = g->Find("prefix");
    if (v != nullptr && v->kind == Value::Kind::kString && !v->text.empty()) return v->text;
  }
  return "weaveffi";
}

std::string Api::LibraryId() const {
  std::string name;
  if (package && package->name) {
    name = *package->name;
  } else {
    size_t slash = idl_path.find_last_of("/\\");
    name = slash == std::string::npos ? idl_path : idl_path.substr(slash + 1);
    name = name.substr(0, name.find('.'));
  }
  std::string id;
  bool pending = false;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) && c < 0x80) {
      if (pending && !id.empty()) id += '_';
      pending = false;
      id += static_cast<char>(std::tolower(c));
    } else {
      pending = true;
    }
  }
  return id.empty() ? "weaveffi" : id;
}

std::string Api::RuntimePrefix() const {
  std::string prefix = CPrefix();
  return prefix == "weaveffi" ? "weaveffi_seam_" + LibraryId() : prefix;
}

}  // namespace seam::ir
