// Layouts of seam's packed results (see packed.h).
#include "abi/packed.h"

#include <algorithm>

#include "abi/model.h"
#include "base/diagnostics.h"

namespace seam::abi {
namespace {

using ir::Primitive;
using ir::TypeKind;

uint32_t AlignUp(uint32_t n, uint32_t a) { return (n + a - 1) / a * a; }

uint32_t ScalarWidth(Primitive p) {
  switch (p) {
    case Primitive::kI8:
    case Primitive::kU8:
    case Primitive::kBool: return 1;
    case Primitive::kI16:
    case Primitive::kU16: return 2;
    case Primitive::kI32:
    case Primitive::kU32:
    case Primitive::kF32: return 4;
    case Primitive::kI64:
    case Primitive::kU64:
    case Primitive::kF64:
    case Primitive::kHandle: return 8;
    default: return 0;  // strings and bytes
  }
}

// A record of fields with these layouts, by C's rule.
PackedRecord Lay(const std::vector<PackedLayout>& fields) {
  PackedRecord r;
  uint32_t at = 0;
  for (const PackedLayout& f : fields) {
    at = AlignUp(at, f.align);
    r.offsets.push_back(at);
    at += f.size;
    r.layout.align = std::max(r.layout.align, f.align);
  }
  r.layout.size = AlignUp(at, r.layout.align);
  return r;
}

}  // namespace

Packing::Packing(const ir::Api& api) : api_(api) {
  for (uint32_t m = 0; m < api.modules.size(); ++m) {
    for (uint32_t s = 0; s < api.modules[m].structs.size(); ++s) {
      VisitRecord(ir::DeclRef{ir::DeclKind::kStruct, m, s});
    }
  }
  // A record that lists one still being visited was taken on trust; drop it
  // if that one turned out not packable, until nothing changes.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto it = records_.begin(); it != records_.end();) {
      const ir::Struct& s = api_.modules[it->first.first].structs[it->first.second];
      bool ok = std::all_of(s.fields.begin(), s.fields.end(),
                            [&](const ir::Field& f) { return Packable(f.type); });
      if (ok) {
        ++it;
      } else {
        state_[it->first] = State::kNotPackable;
        it = records_.erase(it);
        changed = true;
      }
    }
  }
}

bool Packing::VisitRecord(const ir::DeclRef& ref) {
  auto key = std::pair{ref.module, ref.index};
  if (auto it = state_.find(key); it != state_.end()) {
    // A record inside itself by value (directly or through an optional)
    // has no finite slot.
    return it->second == State::kPackable;
  }
  state_[key] = State::kVisiting;
  const ir::Struct& s = api_.modules.at(ref.module).structs.at(ref.index);
  bool ok = true;
  for (const ir::Field& f : s.fields) ok = Visit(f.type) && ok;
  if (!ok) {
    state_[key] = State::kNotPackable;
    return false;
  }
  // Records held by value are laid out already; lists and maps have fixed slots.
  std::vector<PackedLayout> fields;
  for (const ir::Field& f : s.fields) fields.push_back(Layout(f.type));
  records_[key] = Lay(fields);
  state_[key] = State::kPackable;
  return true;
}

bool Packing::VisitApart(const ir::TypeRef& t) {
  // Elements live apart from the slot, so a record may list itself.
  if (t.kind == TypeKind::kNamed && t.decl.kind == ir::DeclKind::kStruct) {
    auto it = state_.find({t.decl.module, t.decl.index});
    if (it != state_.end() && it->second == State::kVisiting) return true;
  }
  return Visit(t);
}

bool Packing::Visit(const ir::TypeRef& t) {
  switch (t.kind) {
    case TypeKind::kPrimitive:
      return t.primitive != Primitive::kBorrowedStr && t.primitive != Primitive::kBorrowedBytes;
    case TypeKind::kNamed:
      if (t.decl.kind == ir::DeclKind::kEnum) return true;
      if (t.decl.kind != ir::DeclKind::kStruct) return false;
      return VisitRecord(t.decl);
    case TypeKind::kOptional: return Visit(t.args[0]);
    case TypeKind::kList: return VisitApart(t.args[0]);
    case TypeKind::kMap: return VisitApart(t.args[0]) && VisitApart(t.args[1]);
    case TypeKind::kTypedHandle:
    case TypeKind::kIterator: return false;
  }
  return false;
}

bool Packing::Packable(const ir::TypeRef& t) const {
  switch (t.kind) {
    case TypeKind::kPrimitive:
      return t.primitive != Primitive::kBorrowedStr && t.primitive != Primitive::kBorrowedBytes;
    case TypeKind::kNamed:
      return t.decl.kind == ir::DeclKind::kEnum || Record(t.decl) != nullptr;
    case TypeKind::kOptional:
    case TypeKind::kList: return Packable(t.args[0]);
    case TypeKind::kMap: return Packable(t.args[0]) && Packable(t.args[1]);
    default: return false;
  }
}

bool HoldsRecord(const ir::TypeRef& t) {
  if (t.kind == TypeKind::kNamed) return t.decl.kind == ir::DeclKind::kStruct;
  for (const ir::TypeRef& a : t.args) {
    if (HoldsRecord(a)) return true;
  }
  return false;
}

bool Packing::PacksResult(const ir::TypeRef& t) const { return HoldsRecord(t) && Packable(t); }

const PackedRecord* Packing::Record(const ir::DeclRef& ref) const {
  if (ref.kind != ir::DeclKind::kStruct) return nullptr;
  auto it = records_.find({ref.module, ref.index});
  return it == records_.end() ? nullptr : &it->second;
}

PackedLayout Packing::Layout(const ir::TypeRef& t) const {
  switch (t.kind) {
    case TypeKind::kPrimitive: {
      uint32_t w = ScalarWidth(t.primitive);
      return w != 0 ? PackedLayout{w, w} : PackedLayout{8, 4};
    }
    case TypeKind::kNamed:
      if (t.decl.kind == ir::DeclKind::kEnum) return {4, 4};
      if (const PackedRecord* r = Record(t.decl)) return r->layout;
      break;
    case TypeKind::kOptional: {
      PackedLayout inner = Layout(StripOptional(t));  // T?? is T?
      return {AlignUp(inner.align + inner.size, inner.align), inner.align};
    }
    case TypeKind::kList:
    case TypeKind::kMap: return {8, 4};
    default: break;
  }
  throw InternalError("a type that cannot be packed reached the packed layout");
}

PackedRecord Packing::Entry(const ir::TypeRef& map) const { return Lay({Layout(map.args[0]), Layout(map.args[1])}); }

}  // namespace seam::abi
