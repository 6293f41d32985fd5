// seam's packed results, an addition to the WeaveFFI ABI: a sync function
// whose result holds records (a record, a list or map of them, an optional
// one) also gets a twin `{symbol}_packed` that returns the whole result as
// one buffer, so a consumer reads it with memory loads instead of one call
// per field. Bindings fall back to the field-by-field symbols when a library
// lacks the twin (one built by WeaveFFI).
//
// The buffer is `uint8_t* {symbol}_packed(params..., size_t* out_len,
// err*)`, freed with the library's free_bytes(ptr, len). Offset 0 holds the
// result's fixed-size slot; variable-size parts follow it. All integers are
// in the machine's byte order, and every offset is from the buffer's start:
//   - integers, floats, handles: by value, size = alignment = their width;
//     bool is one byte (0 or 1); C-style enums are int32;
//   - string, bytes: (u32 offset, u32 length) of the UTF-8 or raw bytes;
//   - [T]: (u32 offset, u32 count) of `count` consecutive T slots, aligned
//     to T's alignment; {K: V}: the same over entries laid out as the record
//     {key: K, value: V};
//   - T?: a presence byte, then T at T's alignment;
//   - a record: its fields in declaration order, each at the next offset
//     aligned to it, the size rounded up to the largest alignment (C's rule).
// Types that cannot be packed (objects, interfaces, handles to them, rich
// enums, iterators) make their function keep only the ABI's own form.
#ifndef SEAM_ABI_PACKED_H_
#define SEAM_ABI_PACKED_H_

#include <cstdint>
#include <map>
#include <vector>

#include "ir/ir.h"

namespace seam::abi {

struct PackedLayout {
  uint32_t size = 0;
  uint32_t align = 1;
};

struct PackedRecord {
  PackedLayout layout;
  std::vector<uint32_t> offsets;  // one per field
};

// Whether `t` names a record anywhere in it: such a sync result may get a
// packed twin (validation claims its symbol on this test alone).
[[nodiscard]] bool HoldsRecord(const ir::TypeRef& t);

class Packing {
 public:
  explicit Packing(const ir::Api& api);

  // Whether values of `t` can cross in a packed buffer.
  [[nodiscard]] bool Packable(const ir::TypeRef& t) const;
  // Whether a result of type `t` gets a packed twin: packable, with a record in it.
  [[nodiscard]] bool PacksResult(const ir::TypeRef& t) const;
  [[nodiscard]] PackedLayout Layout(const ir::TypeRef& t) const;
  // A packable record's layout (nullptr when it cannot be packed).
  [[nodiscard]] const PackedRecord* Record(const ir::DeclRef& ref) const;
  // A map's entry, laid out as the record {key: K, value: V}: offsets
  // {0, value's} and the entry's size and alignment.
  [[nodiscard]] PackedRecord Entry(const ir::TypeRef& map) const;

 private:
  enum class State : uint8_t { kVisiting, kPackable, kNotPackable };
  bool Visit(const ir::TypeRef& t);
  bool VisitRecord(const ir::DeclRef& ref);
  // A list's or map's element, which lives apart from the slot.
  bool VisitApart(const ir::TypeRef& t);

  const ir::Api& api_;
  std::map<std::pair<uint32_t, uint32_t>, State> state_;
  std::map<std::pair<uint32_t, uint32_t>, PackedRecord> records_;
};

}  // namespace seam::abi

#endif  // SEAM_ABI_PACKED_H_
