// seam C++ producer glue support: conversions between the C ABI and C++
// values, error reporting, listener registries and async plumbing, used by the
// generated glue only (not by library authors). Include after the C header.
//
// Ownership follows the WeaveFFI contract: inputs are borrowed; sync results
// are handed to the caller (strings freed with the library's free_string,
// buffers and arrays with its free_bytes, objects with their _destroy); async
// buffers are borrowed for the callback and objects adopted.
#ifndef SEAM_GLUE_HPP_
#define SEAM_GLUE_HPP_

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "producer.hpp"

namespace seam::inline @abi@::glue {

// A bad argument from the caller (null or invalid input): code 1.
class ArgError : public Error {
 public:
  explicit ArgError(const std::string& message) : Error(1, message) {}
};

// Objects and buffers this library has handed out and not had back yet:
// what {prefix}_seam_live_allocations() reports, so leak tests can end at zero.
inline std::atomic<std::int64_t> g_live{0};

inline void* RawAlloc(std::size_t n) noexcept {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p) g_live.fetch_add(1, std::memory_order_relaxed);
  return p;
}
inline void Free(const void* p) noexcept {
  if (!p) return;
  g_live.fetch_sub(1, std::memory_order_relaxed);
  std::free(const_cast<void*>(p));
}
inline void* Malloc(std::size_t n) {
  void* p = RawAlloc(n);
  if (!p) throw std::bad_alloc();
  return p;
}

// A member that counts the C objects (records, interfaces, iterators,
// builders) alive in g_live.
struct Live {
  Live() noexcept { g_live.fetch_add(1, std::memory_order_relaxed); }
  Live(const Live&) noexcept { g_live.fetch_add(1, std::memory_order_relaxed); }
  Live& operator=(const Live&) noexcept { return *this; }
  ~Live() { g_live.fetch_sub(1, std::memory_order_relaxed); }
};

inline char* DupString(std::string_view s) {
  auto* p = static_cast<char*>(Malloc(s.size() + 1));
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

// Never throws: a message that cannot be allocated is left NULL.
inline void SetError(weaveffi_error* err, std::int32_t code, std::string_view message) noexcept {
  if (!err) return;
  Free(err->message);
  err->code = code;
  char* m = static_cast<char*>(RawAlloc(message.size() + 1));
  if (m) {
    std::size_t n = 0;
    for (char c : message) {
      if (c != '\0') m[n++] = c;  // interior NULs would truncate the message
    }
    m[n] = '\0';
  }
  err->message = m;
}

inline void SetOk(weaveffi_error* err) noexcept {
  if (!err) return;
  Free(err->message);
  err->code = 0;
  err->message = nullptr;
}

// The code and message an in-flight exception stands for.
inline std::pair<std::int32_t, std::string> Describe(std::exception_ptr e) noexcept {
  try {
    try {
      std::rethrow_exception(e);
    } catch (const Error& x) {
      return {x.code(), x.what()};
    } catch (const std::exception& x) {
      return {-1, x.what()};
    } catch (...) {
      return {-1, "unknown exception (not derived from std::exception)"};
    }
  } catch (...) {
    return {-1, "out of memory"};
  }
}

// Runs `body` and reports its outcome in `err`. Exceptions never escape: on
// failure the result is the zero value of R (NULL, 0, false).
template <class R, class F>
R Guard(weaveffi_error* err, F&& body) noexcept {
  try {
    if constexpr (std::is_void_v<R>) {
      body();
      SetOk(err);
      return;
    } else {
      R r = body();
      SetOk(err);
      return r;
    }
  } catch (...) {
    auto [code, message] = Describe(std::current_exception());
    SetError(err, code, message);
    if constexpr (!std::is_void_v<R>) return R{};
  }
}

// Runs `body` where no error can be reported (getters, setters): failures
// give the zero value.
template <class R, class F>
R Quiet(F&& body) noexcept {
  try {
    return body();
  } catch (...) {
    if constexpr (!std::is_void_v<R>) return R{};
  }
}

template <class T>
T Zero() {
  return T{};
}

inline bool ValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n;
    std::uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

inline std::string_view StrViewIn(const char* s, const char* what) {
  if (!s) throw ArgError(std::string(what) + " is null or invalid");
  std::string_view v(s);
  if (!ValidUtf8(v)) throw ArgError(std::string(what) + " is null or invalid");
  return v;
}
inline std::string StrIn(const char* s, const char* what) { return std::string(StrViewIn(s, what)); }

inline std::span<const std::uint8_t> SpanIn(const std::uint8_t* p, std::size_t n, const char* what) {
  if (!p && n != 0) throw ArgError(std::string(what) + " is null but its length is not 0");
  if (!p) return {};
  return {p, n};
}
// Mutable parameters: writable views of the caller's memory, for the call.
inline std::span<char> MutStrIn(char* s, const char* what) {
  std::string_view v = StrViewIn(s, what);
  return {s, v.size()};
}
template <class T>
std::span<T> MutSpanIn(T* p, std::size_t n, const char* what) {
  if (!p && n != 0) throw ArgError(std::string(what) + " is null but its length is not 0");
  if (!p) return {};
  return {p, n};
}
inline std::vector<std::uint8_t> BytesIn(const std::uint8_t* p, std::size_t n, const char* what) {
  std::span<const std::uint8_t> s = SpanIn(p, n, what);
  return {s.begin(), s.end()};
}

inline const char* StrOut(std::string_view s) { return DupString(s); }

// NULL and 0 for empty buffers (reference convention).
// Empty buffers, lists and maps come back as NULL with length 0, except a
// present value of an optional (`present`), which is a non-NULL pointer with
// length 0 so that it differs from an absent one.
inline const std::uint8_t* BytesOut(std::span<const std::uint8_t> b, std::size_t* out_len, bool present = false) {
  if (out_len) *out_len = 0;
  if (b.empty()) return present ? static_cast<std::uint8_t*>(Malloc(1)) : nullptr;
  auto* p = static_cast<std::uint8_t*>(Malloc(b.size()));
  std::memcpy(p, b.data(), b.size());
  if (out_len) *out_len = b.size();
  return p;
}

// ---- buffers handed over without a copy ----
// A bytes result the caller receives in place (seam::Bytes::Adopt, or a large
// std::vector moved into a holder): its release function, keyed by the
// address the caller frees. FreeBuffer checks here before free() only while
// such buffers are out, so other frees pay one relaxed load.
struct AdoptedBuffers {
  std::mutex mu;
  std::unordered_map<const void*, std::function<void()>> release;
};
inline AdoptedBuffers& Adopted() {
  static AdoptedBuffers* buffers = new AdoptedBuffers();  // never destroyed: frees may come during exit
  return *buffers;
}
inline std::atomic<std::size_t> g_adopted{0};

// Vectors at least this large are handed over instead of copied.
inline constexpr std::size_t kAdoptVectorBytes = 64 * 1024;

// Frees any buffer this library handed out (its free_bytes and the
// one-argument seam_release_bytes).
inline void FreeBuffer(const void* p) noexcept {
  if (!p) return;
  if (g_adopted.load(std::memory_order_acquire) != 0) {
    std::function<void()> release;
    {
      AdoptedBuffers& a = Adopted();
      std::lock_guard<std::mutex> lock(a.mu);
      auto it = a.release.find(p);
      if (it != a.release.end()) {
        release = std::move(it->second);
        a.release.erase(it);
        g_adopted.fetch_sub(1, std::memory_order_release);
      }
    }
    if (release) {
      g_live.fetch_sub(1, std::memory_order_relaxed);
      try {
        release();
      } catch (...) {  // nobody to report to
      }
      return;
    }
  }
  Free(p);
}

struct BytesAccess {
  // The C result of a seam::Bytes: adopted in place when it is external or a
  // large vector, otherwise copied into a buffer of our own.
  static const std::uint8_t* Out(Bytes&& b, std::size_t* out_len) {
    if (out_len) *out_len = 0;
    if (b.empty()) return nullptr;  // b releases its memory as it goes
    const std::uint8_t* data = b.data();
    std::size_t size = b.size();
    std::function<void()> release;
    if (b.ext_) {
      release = std::exchange(b.release_, nullptr);
      if (!release) release = [] {};
    } else if (size >= kAdoptVectorBytes) {
      auto holder = std::make_shared<std::vector<std::uint8_t>>(std::move(b.vec_));
      data = holder->data();
      release = [holder]() mutable { holder.reset(); };
    } else {
      return BytesOut(b.view(), out_len);
    }
    AdoptedBuffers& a = Adopted();
    {
      std::lock_guard<std::mutex> lock(a.mu);
      if (!a.release.emplace(data, std::move(release)).second) {
        throw std::logic_error("seam::Bytes::Adopt: this memory is already handed out and not yet released");
      }
      g_adopted.fetch_add(1, std::memory_order_release);
    }
    g_live.fetch_add(1, std::memory_order_relaxed);
    b.ext_ = nullptr;
    if (out_len) *out_len = size;
    return data;
  }
};

// ---- element conversions: Ffi<T> ----
// In(c, what): a borrowed C element to the C++ value.
// Out(value): the C++ value to an owned C element.
// Free(c): releases an owned C element completely.
// kAdopted: async callers adopt such elements (objects) instead of borrowing.
template <class T, class Enable = void>
struct Ffi;

template <class T>
struct Ffi<T, std::enable_if_t<std::is_arithmetic_v<T>>> {
  using C = T;
  static constexpr bool kAdopted = false;
  static T In(T c, const char*) { return c; }
  static T Out(T v) { return v; }
  static void Free(T) {}
};

template <>
struct Ffi<std::string> {
  using C = const char*;
  static constexpr bool kAdopted = false;
  static std::string In(const char* c, const char* what) { return StrIn(c, what); }
  static const char* Out(std::string_view v) { return StrOut(v); }
  static void Free(const char* c) { glue::Free(c); }
};

template <>
struct Ffi<std::string_view> {
  using C = const char*;
  static constexpr bool kAdopted = false;
  static std::string_view In(const char* c, const char* what) { return StrViewIn(c, what); }
  static const char* Out(std::string_view v) { return StrOut(v); }
  static void Free(const char* c) { glue::Free(c); }
};

// Structs and rich enums: the C object holds the C++ value.
template <class T, class Tag>
struct ObjectFfi {
  using C = Tag*;
  static constexpr bool kAdopted = true;
  static const T& In(const Tag* c, const char* what) {
    if (!c) throw ArgError(std::string(what) + " is null");
    return c->value;
  }
  static T& InMut(Tag* c, const char* what) {
    if (!c) throw ArgError(std::string(what) + " is null");
    return c->value;
  }
  static Tag* Out(T v) { return new Tag{std::move(v)}; }
  static void Free(const Tag* c) { delete c; }
};

// C-style enums: by value, checked against the declared values.
template <class T, class Tag, bool (*Valid)(std::int32_t)>
struct EnumFfi {
  using C = Tag;
  static constexpr bool kAdopted = false;
  // Takes the C value by reference and reads its bytes: a C caller may pass
  // any int, and loading an out-of-range value as the C++ enum type would be
  // undefined behaviour before it could be rejected.
  static T In(const Tag& c, const char* what) {
    static_assert(sizeof(Tag) == sizeof(std::int32_t), "C enums are 32-bit");
    std::int32_t raw;
    std::memcpy(&raw, &c, sizeof raw);
    if (!Valid(raw)) throw ArgError(std::string(what) + " is not a valid value: " + std::to_string(raw));
    return static_cast<T>(raw);
  }
  static Tag Out(T v) { return static_cast<Tag>(v); }
  static void Free(Tag) {}
};

// Interfaces: the C object owns the producer's object.
template <class T, class Tag>
struct InterfaceFfi {
  using C = Tag*;
  static constexpr bool kAdopted = true;
  static T& In(const Tag* c, const char* what) {
    if (!c || !c->obj) throw ArgError(std::string(what) + " is null");
    return *c->obj;
  }
  static T* InOpt(const Tag* c) { return c ? c->obj.get() : nullptr; }
  static Tag* Out(std::unique_ptr<T> v, const char* what) {
    if (!v) throw Error(-1, std::string(what) + " returned a null object");
    return new Tag{std::move(v)};
  }
  static Tag* OutOpt(std::unique_ptr<T> v) { return v ? new Tag{std::move(v)} : nullptr; }
  static void Free(const Tag* c) { delete c; }
};

// handle<T>: `Target` is the C type the handle points to.
template <class T, class Target>
struct HandleFfi {
  using C = Target*;
  static constexpr bool kAdopted = false;
  static TypedHandle<T> In(const Target* c, const char*) {
    return TypedHandle<T>{reinterpret_cast<std::uintptr_t>(c)};
  }
  static Target* Out(TypedHandle<T> v) { return reinterpret_cast<Target*>(v.value); }
  static void Free(const Target*) {}
};

// Optional elements of pointer kinds: NULL is absent.
template <class T>
struct Ffi<std::optional<T>> {
  using C = typename Ffi<T>::C;
  static constexpr bool kAdopted = Ffi<T>::kAdopted;
  template <class P>
  static std::optional<T> In(P c, const char* what) {
    if (c == nullptr) return std::nullopt;
    return std::optional<T>(Ffi<T>::In(c, what));
  }
  static C Out(const std::optional<T>& v) { return v ? Ffi<T>::Out(*v) : nullptr; }
  static void Free(C c) {
    if (c != nullptr) Ffi<T>::Free(c);
  }
};

// A value-kind optional parameter (`const T*`, NULL = absent).
template <class T, class P>
std::optional<T> OptIn(P p, const char* what) {
  if (p == nullptr) return std::nullopt;
  return std::optional<T>(Ffi<T>::In(*p, what));
}

// A value-kind optional result: a boxed copy, freed with the library's free_bytes.
template <class C, class T>
C* BoxOut(const std::optional<T>& v) {
  if (!v) return nullptr;
  auto* p = static_cast<C*>(Malloc(sizeof(C)));
  *p = Ffi<T>::Out(*v);
  return p;
}

inline std::string ElemName(const char* what, std::size_t i) {
  return std::string(what) + "[" + std::to_string(i) + "]";
}

template <class T, class P>
std::vector<T> ListIn(P arr, std::size_t n, const char* what) {
  std::vector<T> out;
  if (n == 0) return out;
  if (!arr) throw ArgError(std::string(what) + " is null but its length is not 0");
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(Ffi<T>::In(arr[i], ElemName(what, i).c_str()));
  return out;
}

template <class K, class V, class PK, class PV>
std::map<K, V> MapIn(PK keys, PV values, std::size_t n, const char* what) {
  std::map<K, V> out;
  if (n == 0) return out;
  if (!keys || !values) throw ArgError(std::string(what) + " is null but its length is not 0");
  for (std::size_t i = 0; i < n; ++i) {
    out.insert_or_assign(Ffi<K>::In(keys[i], ElemName(what, i).c_str()),
                         Ffi<V>::In(values[i], ElemName(what, i).c_str()));
  }
  return out;
}

// Frees the first `n` elements of an owned array and the array itself.
template <class T, class E>
void FreeArray(E* arr, std::size_t n, bool keep_adopted) noexcept {
  if (!arr) return;
  if (!(keep_adopted && Ffi<T>::kAdopted)) {
    for (std::size_t i = 0; i < n; ++i) Ffi<T>::Free(arr[i]);
  }
  Free(arr);
}

// An owned array of converted elements; NULL for an empty range unless
// `present` (see BytesOut).
template <class E, class T, class Range>
E* ArrayOut(const Range& items, std::size_t n, bool present = false) {
  if (n == 0) return present ? static_cast<E*>(Malloc(sizeof(E))) : nullptr;
  auto* arr = static_cast<E*>(Malloc(n * sizeof(E)));
  std::size_t i = 0;
  try {
    for (const auto& item : items) arr[i++] = Ffi<T>::Out(item);
  } catch (...) {
    FreeArray<T>(arr, i, false);  // the failed element was never stored
    throw;
  }
  return arr;
}

template <class E, class T>
E* ListOut(const std::vector<T>& v, std::size_t* out_len, bool present = false) {
  if (out_len) *out_len = 0;
  E* arr = ArrayOut<E, T>(v, v.size(), present);
  if (out_len) *out_len = v.size();
  return arr;
}

template <class KE, class VE, class K, class V>
void MapOut(const std::map<K, V>& m, KE** out_keys, VE** out_values, std::size_t* out_len, bool present = false) {
  if (out_keys) *out_keys = nullptr;
  if (out_values) *out_values = nullptr;
  if (out_len) *out_len = 0;
  std::vector<K> keys;
  std::vector<V> values;
  keys.reserve(m.size());
  values.reserve(m.size());
  for (const auto& [k, v] : m) {
    keys.push_back(k);
    values.push_back(v);
  }
  KE* ka = ArrayOut<KE, K>(keys, keys.size(), present);
  VE* va;
  try {
    va = ArrayOut<VE, V>(values, values.size(), present);
  } catch (...) {
    FreeArray<K>(ka, keys.size(), false);
    throw;
  }
  *out_keys = ka;
  *out_values = va;
  *out_len = m.size();
}

// ---- packed results (seam's addition to the ABI) ----
// A result that holds records also leaves through `{symbol}_packed` as one
// buffer: each value's fixed-size slot by value, strings, bytes, lists and
// maps as (u32 offset, u32 count) into the same buffer (the layout is
// described with the `_packed` declarations in the generated glue).
// The buffer of the last large packed result its caller freed, kept for the
// next one. Such results tend to be large and asked for again and again;
// freed, malloc handed their pages back to the system and the next call
// paid a page fault for every 4 KiB (10,000 three-field records: 170 us a
// call instead of 25 on the benchmark machine).
struct SpareBuffer {
  std::mutex mu;
  std::uint8_t* p = nullptr;
  std::size_t cap = 0;
};
inline SpareBuffer& Spare() {
  static SpareBuffer* spare = new SpareBuffer();  // never destroyed: frees may come during exit
  return *spare;
}
inline constexpr std::size_t kSpareMaxBytes = std::size_t{16} << 20;
// Keeps `p` (not counted in g_live) as the spare, or frees it if one is kept.
inline void KeepSpare(std::uint8_t* p, std::size_t cap) noexcept {
  SpareBuffer& spare = Spare();
  {
    std::lock_guard<std::mutex> lock(spare.mu);
    if (spare.p == nullptr) {
      spare.p = p;
      spare.cap = cap;
      return;
    }
  }
  std::free(p);
}

class PackWriter {
 public:
  explicit PackWriter(std::size_t fixed) {
    SpareBuffer& spare = Spare();
    {
      std::lock_guard<std::mutex> lock(spare.mu);
      buf_ = std::exchange(spare.p, nullptr);
      cap_ = std::exchange(spare.cap, 0);
    }
    if (buf_ != nullptr) g_live.fetch_add(1, std::memory_order_relaxed);  // ours again
    Reserve(fixed, 1);
  }
  ~PackWriter() { Free(buf_); }
  PackWriter(const PackWriter&) = delete;
  PackWriter& operator=(const PackWriter&) = delete;

  // Appends `size` zero bytes at `align`; returns their offset.
  std::size_t Reserve(std::size_t size, std::size_t align) {
    std::size_t at = (size_ + align - 1) / align * align;
    if (size > kMaxSize || at > kMaxSize - size) throw Error(-1, "the packed result is larger than 4 GiB");
    if (at + size > cap_ || buf_ == nullptr) Grow(at + size);
    std::memset(buf_ + size_, 0, at + size - size_);
    size_ = at + size;
    return at;
  }
  template <class T>
  void Put(std::size_t at, T v) noexcept {
    std::memcpy(buf_ + at, &v, sizeof v);
  }
  // Copies `n` bytes into the buffer and writes (offset, n) at `at`.
  void Span(std::size_t at, const void* data, std::size_t n) {
    std::size_t to = Reserve(n, 1);
    if (n != 0) std::memcpy(buf_ + to, data, n);
    Ref(at, to, n);
  }
  void Ref(std::size_t at, std::size_t to, std::size_t n) noexcept {
    Put<std::uint32_t>(at, static_cast<std::uint32_t>(to));
    Put<std::uint32_t>(at + 4, static_cast<std::uint32_t>(n));
  }
  // The buffer, owned by the caller (freed with the library's free_bytes). A
  // large one comes back as the spare when the caller frees it; a small
  // result in a large buffer is copied out, and the buffer stays the spare.
  std::uint8_t* Release(std::size_t* out_len) {
    if (cap_ >= kAdoptVectorBytes && size_ < kAdoptVectorBytes && cap_ <= kSpareMaxBytes) {
      auto* p = static_cast<std::uint8_t*>(Malloc(size_));
      std::memcpy(p, buf_, size_);
      g_live.fetch_sub(1, std::memory_order_relaxed);  // the spare is not counted
      KeepSpare(std::exchange(buf_, nullptr), cap_);
      if (out_len) *out_len = size_;
      return p;
    }
    if (size_ >= kAdoptVectorBytes && cap_ <= kSpareMaxBytes) {
      AdoptedBuffers& a = Adopted();
      std::lock_guard<std::mutex> lock(a.mu);
      a.release.emplace(buf_, [p = buf_, cap = cap_] { KeepSpare(p, cap); });
      g_adopted.fetch_add(1, std::memory_order_release);
    }
    if (out_len) *out_len = size_;
    return std::exchange(buf_, nullptr);
  }

 private:
  static constexpr std::size_t kMaxSize = 0xFFFFFFFFu;
  void Grow(std::size_t need) {
    std::size_t cap = std::max<std::size_t>(need, cap_ * 2);
    if (buf_ == nullptr) {
      buf_ = static_cast<std::uint8_t*>(Malloc(cap));
    } else {
      auto* p = static_cast<std::uint8_t*>(std::realloc(buf_, cap));
      if (p == nullptr) throw std::bad_alloc();
      buf_ = p;
    }
    cap_ = cap;
  }
  std::uint8_t* buf_ = nullptr;
  std::size_t size_ = 0, cap_ = 0;
};

// Pack<T>: kSize and kAlign of T's slot, and Write(w, at, value). Records
// are specialized by the generated glue with the offsets seam computed.
template <class T, class Enable = void>
struct Pack;

template <class T>
struct Pack<T, std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>>> {
  static constexpr std::size_t kSize = sizeof(T), kAlign = sizeof(T);
  static void Write(PackWriter& w, std::size_t at, T v) { w.Put(at, v); }
};
template <>
struct Pack<bool> {
  static constexpr std::size_t kSize = 1, kAlign = 1;
  static void Write(PackWriter& w, std::size_t at, bool v) { w.Put<std::uint8_t>(at, v ? 1 : 0); }
};
template <class T>
struct Pack<T, std::enable_if_t<std::is_enum_v<T>>> {
  static constexpr std::size_t kSize = 4, kAlign = 4;
  static void Write(PackWriter& w, std::size_t at, T v) { w.Put(at, static_cast<std::int32_t>(v)); }
};
template <>
struct Pack<std::string> {
  static constexpr std::size_t kSize = 8, kAlign = 4;
  static void Write(PackWriter& w, std::size_t at, const std::string& v) { w.Span(at, v.data(), v.size()); }
};
template <class T>
struct Pack<std::optional<T>> {
  static constexpr std::size_t kAlign = Pack<T>::kAlign;
  static constexpr std::size_t kSize = (kAlign + Pack<T>::kSize + kAlign - 1) / kAlign * kAlign;
  static void Write(PackWriter& w, std::size_t at, const std::optional<T>& v) {
    if (!v) return;
    w.Put<std::uint8_t>(at, 1);
    Pack<T>::Write(w, at + kAlign, *v);
  }
};
template <class T>
struct Pack<std::vector<T>> {
  static constexpr std::size_t kSize = 8, kAlign = 4;
  static void Write(PackWriter& w, std::size_t at, const std::vector<T>& v) {
    if constexpr (std::is_same_v<T, std::uint8_t>) {
      w.Span(at, v.data(), v.size());  // bytes and [u8] alike
    } else {
      std::size_t to = w.Reserve(v.size() * Pack<T>::kSize, Pack<T>::kAlign);
      for (std::size_t i = 0; i < v.size(); ++i) Pack<T>::Write(w, to + i * Pack<T>::kSize, v[i]);
      w.Ref(at, to, v.size());
    }
  }
};
template <class K, class V>
struct Pack<std::map<K, V>> {
  static constexpr std::size_t kSize = 8, kAlign = 4;
  static constexpr std::size_t kValueAt = (Pack<K>::kSize + Pack<V>::kAlign - 1) / Pack<V>::kAlign * Pack<V>::kAlign;
  static constexpr std::size_t kEntryAlign = std::max(Pack<K>::kAlign, Pack<V>::kAlign);
  static constexpr std::size_t kEntry = (kValueAt + Pack<V>::kSize + kEntryAlign - 1) / kEntryAlign * kEntryAlign;
  static void Write(PackWriter& w, std::size_t at, const std::map<K, V>& m) {
    std::size_t to = w.Reserve(m.size() * kEntry, kEntryAlign), i = 0;
    for (const auto& [k, v] : m) {
      Pack<K>::Write(w, to + i * kEntry, k);
      Pack<V>::Write(w, to + i * kEntry + kValueAt, v);
      ++i;
    }
    w.Ref(at, to, m.size());
  }
};

// A field of a record (the generated Pack<Record> specializations).
template <class T>
void PackField(PackWriter& w, std::size_t at, const T& v) {
  Pack<T>::Write(w, at, v);
}

// The packed buffer of a result.
template <class T>
std::uint8_t* PackOut(const T& v, std::size_t* out_len) {
  PackWriter w(Pack<T>::kSize);
  Pack<T>::Write(w, 0, v);
  return w.Release(out_len);
}

// ---- listeners ----

// Subscribers of one listener. Ids start at 1. emit() calls every subscriber
// synchronously on the emitting thread; calls to one subscriber never overlap,
// and once unregister() returns the subscriber is never called again (unless
// unregister runs inside that subscriber's own call, which it then finishes).
// An `owned` subscriber (seam's additive `_owned` registration) receives
// arguments it owns and must free; unregistering it reports how many events
// it was sent, so a consumer that delivers them later knows when all arrived.
template <class Fn>
class ListenerRegistry {
 public:
  std::uint64_t Register(Fn fn, void* context, bool owned = false) {
    std::lock_guard<std::mutex> lock(mu_);
    auto entry = std::make_shared<Entry>();
    entry->fn = fn;
    entry->context = context;
    entry->owned = owned;
    entry->id = next_id_++;
    entries_.push_back(entry);
    return entry->id;
  }
  // Returns the number of events the subscriber was sent (0 for unknown ids).
  std::uint64_t Unregister(std::uint64_t id) {
    std::shared_ptr<Entry> entry;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if ((*it)->id == id) {
          entry = *it;
          entries_.erase(it);
          break;
        }
      }
    }
    if (!entry) return 0;
    std::lock_guard<std::recursive_mutex> call_lock(entry->call_mu);
    entry->active = false;
    return entry->delivered;
  }
  // Calls invoke(fn, context, owned) for every active subscriber.
  template <class Invoke>
  void Emit(Invoke&& invoke) {
    std::vector<std::shared_ptr<Entry>> snapshot;
    {
      std::lock_guard<std::mutex> lock(mu_);
      snapshot = entries_;
    }
    for (const auto& e : snapshot) {
      std::lock_guard<std::recursive_mutex> call_lock(e->call_mu);
      if (!e->active) continue;
      ++e->delivered;
      invoke(e->fn, e->context, e->owned);
    }
  }
  std::size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return entries_.size();
  }

 private:
  struct Entry {
    Fn fn = nullptr;
    void* context = nullptr;
    std::uint64_t id = 0;
    bool active = true;
    bool owned = false;
    std::uint64_t delivered = 0;
    std::recursive_mutex call_mu;
  };
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<Entry>> entries_;
  std::uint64_t next_id_ = 1;
};

// ---- async ----

// Sets up the completion of one async call and runs `body(Completion<R>)`.
// `deliver` converts and hands a result to the C callback; `fail` reports an
// error. A throwing body, or one that drops its Completion, fails the call.
template <class R, class Deliver, class Fail, class Body>
void RunAsync(const weaveffi_cancel_token* token, Deliver deliver, Fail fail, Body&& body) noexcept {
  std::shared_ptr<detail::CompletionState<R>> state;
  try {
    state = std::make_shared<detail::CompletionState<R>>();
    state->token = CancelToken(token);
    state->fail = fail;
    if constexpr (std::is_void_v<R>) {
      state->deliver = [deliver, fail]() noexcept {
        try {
          deliver();
        } catch (...) {
          auto [code, message] = Describe(std::current_exception());
          fail(code, message);
        }
      };
    } else {
      state->deliver = [deliver, fail](R&& value) noexcept {
        try {
          deliver(std::move(value));
        } catch (...) {
          auto [code, message] = Describe(std::current_exception());
          fail(code, message);
        }
      };
    }
  } catch (...) {
    fail(-1, "out of memory");
    return;
  }
  try {
    body(Completion<R>(state));
  } catch (...) {
    if (!state->done.exchange(true)) {
      auto [code, message] = Describe(std::current_exception());
      fail(code, message);
    }
  }
}

// Calls `callback(err, zero results...)` with a transient error struct.
template <class Call>
void FailWith(std::int32_t code, const std::string& message, Call&& call) noexcept {
  weaveffi_error err{0, nullptr};
  SetError(&err, code, message);
  call(&err);
  SetOk(&err);
}

// The same with an error struct the callee owns (seam's `_owned` launchers):
// it releases it with the library's error_clear and then its free_bytes.
template <class Call>
void FailWithOwned(std::int32_t code, const std::string& message, Call&& call) noexcept {
  auto* err = static_cast<weaveffi_error*>(RawAlloc(sizeof(weaveffi_error)));
  if (!err) {
    FailWith(code, message, std::forward<Call>(call));
    return;
  }
  err->code = 0;
  err->message = nullptr;
  SetError(err, code, message);
  call(err);
}

}  // namespace seam::inline @abi@::glue

#endif  // SEAM_GLUE_HPP_
