// The fixed part of every generated C++ consumer header: the error base
// class and the conversions between C++ values and the C ABI. Template
// variables use '$' (CodeWriter): $ns$ (root namespace), $p$ (C prefix),
// $r$ (the library's runtime prefix).
#ifndef SEAM_GEN_CPP_CPP_RUNTIME_H_
#define SEAM_GEN_CPP_CPP_RUNTIME_H_

namespace seam::gen::cpp_consumer {

inline constexpr const char* kRuntime = R"cc(
namespace $ns$ {

// Base of every exception the library reports: the error code and message
// the native call returned. Error domains of the IDL derive from it, and each
// code from its domain.
class Error : public std::runtime_error {
 public:
  Error(std::int32_t code, const std::string& message) : std::runtime_error(message), code_(code) {}
  std::int32_t code() const noexcept { return code_; }

 private:
  std::int32_t code_;
};

namespace detail {

// ---- packed results (seam's `_packed` symbols) ----
// One buffer per result: each value's fixed-size slot by value, strings,
// bytes, lists and maps as (u32 offset, u32 count) into the same buffer.
// Unpack<T>::Read(buffer, offset); records are specialized below with the
// offsets seam computed. Read as a library WeaveFFI built would send it
// unless SEAM_WEAVEFFI_RUNTIME_NAMES is defined (such a library has none).
template <class T, class Enable = void>
struct Unpack;

template <class T>
inline T Load(const std::uint8_t* b, std::size_t at) noexcept {
  T v;
  std::memcpy(&v, b + at, sizeof v);
  return v;
}

template <class T>
struct Unpack<T, std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>>> {
  static constexpr std::size_t kSize = sizeof(T), kAlign = sizeof(T);
  static T Read(const std::uint8_t* b, std::size_t at) noexcept { return Load<T>(b, at); }
};
template <>
struct Unpack<bool> {
  static constexpr std::size_t kSize = 1, kAlign = 1;
  static bool Read(const std::uint8_t* b, std::size_t at) noexcept { return b[at] != 0; }
};
template <class T>
struct Unpack<T, std::enable_if_t<std::is_enum_v<T>>> {
  static constexpr std::size_t kSize = 4, kAlign = 4;
  static T Read(const std::uint8_t* b, std::size_t at) noexcept { return static_cast<T>(Load<std::int32_t>(b, at)); }
};
template <>
struct Unpack<std::string> {
  static constexpr std::size_t kSize = 8, kAlign = 4;
  static std::string Read(const std::uint8_t* b, std::size_t at) {
    return std::string(reinterpret_cast<const char*>(b) + Load<std::uint32_t>(b, at), Load<std::uint32_t>(b, at + 4));
  }
};
template <class T>
struct Unpack<std::optional<T>> {
  static constexpr std::size_t kAlign = Unpack<T>::kAlign;
  static constexpr std::size_t kSize = (kAlign + Unpack<T>::kSize + kAlign - 1) / kAlign * kAlign;
  static std::optional<T> Read(const std::uint8_t* b, std::size_t at) {
    if (b[at] == 0) return std::nullopt;
    return Unpack<T>::Read(b, at + kAlign);
  }
};
template <class T>
struct Unpack<std::vector<T>> {
  static constexpr std::size_t kSize = 8, kAlign = 4;
  static std::vector<T> Read(const std::uint8_t* b, std::size_t at) {
    const std::size_t to = Load<std::uint32_t>(b, at), n = Load<std::uint32_t>(b, at + 4);
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      std::vector<T> out(n);
      if (n != 0) std::memcpy(out.data(), b + to, n * sizeof(T));
      return out;
    } else {
      std::vector<T> out;
      out.reserve(n);
      for (std::size_t i = 0; i < n; ++i) out.push_back(Unpack<T>::Read(b, to + i * Unpack<T>::kSize));
      return out;
    }
  }
};
template <class K, class V>
struct Unpack<std::map<K, V>> {
  static constexpr std::size_t kSize = 8, kAlign = 4;
  static constexpr std::size_t kValueAt = (Unpack<K>::kSize + Unpack<V>::kAlign - 1) / Unpack<V>::kAlign * Unpack<V>::kAlign;
  static constexpr std::size_t kEntryAlign = Unpack<K>::kAlign > Unpack<V>::kAlign ? Unpack<K>::kAlign : Unpack<V>::kAlign;
  static constexpr std::size_t kEntry = (kValueAt + Unpack<V>::kSize + kEntryAlign - 1) / kEntryAlign * kEntryAlign;
  static std::map<K, V> Read(const std::uint8_t* b, std::size_t at) {
    const std::size_t to = Load<std::uint32_t>(b, at), n = Load<std::uint32_t>(b, at + 4);
    std::map<K, V> out;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t e = to + i * kEntry;
      out.emplace_hint(out.end(), Unpack<K>::Read(b, e), Unpack<V>::Read(b, e + kValueAt));
    }
    return out;
  }
};

// A record's field: a template, so that records may hold records defined
// after them (it is instantiated where every Unpack is complete).
template <class T>
T UnpackAt(const std::uint8_t* b, std::size_t at) {
  return Unpack<T>::Read(b, at);
}

// A packed result, read and then freed.
template <class T>
T Unpacked(std::uint8_t* p, std::size_t n) {
  struct Release {
    std::uint8_t* p;
    std::size_t n;
    ~Release() { $r$_free_bytes(p, n); }
  } release{p, n};
  return Unpack<T>::Read(p, 0);
}

// Throws the domain's class for a code; returns for codes it does not know.
using Thrower = void (*)(std::int32_t code, const std::string& message);

[[noreturn]] inline void Raise($p$_error& err, Thrower domain) {
  std::int32_t code = err.code;
  std::string message = err.message ? err.message : "";
  $r$_error_clear(&err);
  if (domain) domain(code, message);
  throw Error(code, message);
}

// The error slot of one call: checked right after it.
struct ErrorSlot {
  $p$_error err{0, nullptr};
  void Check(Thrower domain = nullptr) {
    if (err.code != 0) Raise(err, domain);
  }
};

// What a call lends the library: objects and arrays built for its arguments,
// released (in reverse order) when the call returns or throws.
class Keep {
 public:
  Keep() = default;
  Keep(const Keep&) = delete;
  Keep& operator=(const Keep&) = delete;
  ~Keep() {
    for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) it->first(it->second);
  }
  void Defer(void (*release)(void*), void* p) {
    try {
      undo_.emplace_back(release, p);
    } catch (...) {
      release(p);
      throw;
    }
  }
  template <class E>
  E* Array(std::size_t n) {
    E* a = new E[n == 0 ? 1 : n]();
    Defer([](void* p) { delete[] static_cast<E*>(p); }, a);
    return a;
  }
  template <class V>
  V* Box(V value) {
    V* b = new V(value);
    Defer([](void* p) { delete static_cast<V*>(p); }, b);
    return b;
  }

 private:
  std::vector<std::pair<void (*)(void*), void*>> undo_;
};

// The C string of an optional string argument (NULL when absent). Not
// inlined by GCC, whose -Wmaybe-uninitialized misreads the inlined form
// (a false positive with optimisation and sanitizers).
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((noinline))
#endif
inline const char* CStr(const std::optional<std::string>& v) noexcept {
  if (!v.has_value()) return nullptr;
  return v->c_str();
}

// Writable memory of a mutable buffer or list, non-null even when empty.
template <class E>
E* MutData(std::vector<E>& v) noexcept {
  static thread_local E empty{};
  return v.empty() ? &empty : v.data();
}

// A non-null pointer for a present buffer, even an empty one (NULL means
// absent to the library).
template <class E>
const E* Data(const std::vector<E>& v) noexcept {
  static const E kEmpty{};
  return v.empty() ? &kEmpty : v.data();
}

// A C array lent for the call: each element lent by `lend`.
template <class E, class Range, class Lend>
E* LendArray(const Range& items, Keep& keep, Lend lend) {
  using M = std::remove_const_t<E>;
  M* arr = keep.template Array<M>(items.size());
  std::size_t i = 0;
  for (const auto& item : items) arr[i++] = lend(item);
  return arr;
}

// Owned results: copied into C++ values, then released.
inline std::string TakeString(const char* p) {
  if (!p) return std::string();
  struct Release {
    const char* p;
    ~Release() { $r$_free_string(p); }
  } release{p};
  return std::string(p);
}

inline std::vector<std::uint8_t> TakeBytes(const std::uint8_t* p, std::size_t n) {
  if (!p) return {};
  struct Release {
    const std::uint8_t* p;
    std::size_t n;
    ~Release() { $r$_free_bytes(const_cast<std::uint8_t*>(p), n); }
  } release{p, n};
  return std::vector<std::uint8_t>(p, p + n);
}

template <class V>
std::optional<V> TakeBox(V* p) {
  if (!p) return std::nullopt;
  V v = *p;
  $r$_free_bytes(reinterpret_cast<std::uint8_t*>(p), sizeof(V));
  return v;
}

// A C array: every element is taken by `take` (which releases what it owns),
// then the array is freed when it is ours (`owned`; async results lend it);
// elements not reached after a failure are released by `drop`.
template <class T, class E, class Take, class Drop>
std::vector<T> TakeArray(E* arr, std::size_t n, Take take, Drop drop, bool owned = true) {
  std::vector<T> out;
  if (!arr) return out;
  struct Release {
    E* arr;
    std::size_t n;
    bool owned;
    ~Release() {
      if (owned) $r$_free_bytes(static_cast<std::uint8_t*>(const_cast<void*>(static_cast<const void*>(arr))), n * sizeof(E));
    }
  } release{arr, n, owned};
  std::size_t i = 0;
  try {
    out.reserve(n);
    for (; i < n; ++i) out.push_back(take(arr[i]));
  } catch (...) {
    for (++i; i < n; ++i) drop(arr[i]);
    throw;
  }
  return out;
}

template <class K, class V, class KE, class VE, class TakeK, class TakeV, class DropK, class DropV>
std::map<K, V> TakeMap(KE* keys, VE* values, std::size_t n, TakeK take_key, TakeV take_value, DropK drop_key,
                       DropV drop_value, bool owned = true) {
  std::vector<K> ks;
  try {
    ks = TakeArray<K>(keys, n, take_key, drop_key, owned);
  } catch (...) {
    if (values) {
      for (std::size_t i = 0; i < n; ++i) drop_value(values[i]);
      if (owned) $r$_free_bytes(static_cast<std::uint8_t*>(const_cast<void*>(static_cast<const void*>(values))), n * sizeof(VE));
    }
    throw;
  }
  std::vector<V> vs = TakeArray<V>(values, n, take_value, drop_value, owned);
  std::map<K, V> out;
  for (std::size_t i = 0; i < ks.size() && i < vs.size(); ++i) out.emplace(std::move(ks[i]), std::move(vs[i]));
  return out;
}

// An async completion: the exception of a failure, as the domain throws it.
inline std::exception_ptr ErrorOf(std::int32_t code, const std::string& message, Thrower domain) {
  try {
    if (domain) domain(code, message);
    throw Error(code, message);
  } catch (...) {
    return std::current_exception();
  }
}

// One async call in flight: completed exactly once from the library's
// thread, into the future or the callback. Keeps the cancellation token
// alive until then.
template <class R>
struct Pending {
  std::promise<R> promise;
  std::function<void(std::future<R>)> callback;
  std::shared_ptr<$p$_cancel_token> token;

  void Fail(std::exception_ptr error) noexcept {
    promise.set_exception(std::move(error));
    Deliver();
  }
  template <class... V>
  void Succeed(V&&... value) noexcept {
    promise.set_value(std::forward<V>(value)...);
    Deliver();
  }
  void Deliver() noexcept {
    // A callback's exception has nobody to reach: like std::thread, it ends
    // the program (noexcept).
    if (callback) callback(promise.get_future());
  }
};

// The handler of one listener subscription. The library calls one
// subscriber at a time and never again once unregistering returns, except
// when unregistering from inside the handler's own call, which then finishes
// first: the state is released after it.
template <class Sig>
struct ListenerState {
  std::function<Sig> handler;
  bool in_call = false;
  bool dropped = false;
};

template <class Sig>
void ReleaseListener(void* p) noexcept {
  auto* state = static_cast<ListenerState<Sig>*>(p);
  if (state->in_call) {
    state->dropped = true;
  } else {
    delete state;
  }
}

// Runs the handler for one event (on the library's thread). An exception
// from the handler has nobody to reach: the caller is noexcept.
template <class Sig, class... A>
void Deliver(void* context, A&&... args) {
  auto* state = static_cast<ListenerState<Sig>*>(context);
  state->in_call = true;
  state->handler(std::forward<A>(args)...);
  state->in_call = false;
  if (state->dropped) delete state;
}

// Records and other generated types: Take (owned C object to value, which
// releases it) and Lend (value to a C object alive for the call).
template <class T>
struct Conv;

// Interfaces adopt the object they are built from.
struct AdoptTag {};
inline constexpr AdoptTag kAdopt{};

}  // namespace detail

// handle<T>: an opaque token for a T the library keeps, handed out and taken
// back by the library; never dereferenced or released here.
template <class T>
struct Handle {
  void* raw = nullptr;
  explicit operator bool() const noexcept { return raw != nullptr; }
  friend bool operator==(Handle a, Handle b) noexcept { return a.raw == b.raw; }
  friend bool operator!=(Handle a, Handle b) noexcept { return a.raw != b.raw; }
};

// A listener registration: events reach the handler until cancel() or the
// destruction of this object, on whatever thread the library fires them.
// Move-only.
class Subscription {
 public:
  using Unregister = void (*)(std::uint64_t id);
  using Release = void (*)(void* state);
  Subscription() = default;
  Subscription(std::uint64_t id, Unregister unregister, Release release, void* state) noexcept
      : id_(id), unregister_(unregister), release_(release), state_(state) {}
  Subscription(Subscription&& other) noexcept
      : id_(std::exchange(other.id_, 0)),
        unregister_(other.unregister_),
        release_(other.release_),
        state_(std::exchange(other.state_, nullptr)) {}
  Subscription& operator=(Subscription&& other) noexcept {
    if (this != &other) {
      cancel();
      id_ = std::exchange(other.id_, 0);
      unregister_ = other.unregister_;
      release_ = other.release_;
      state_ = std::exchange(other.state_, nullptr);
    }
    return *this;
  }
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription() { cancel(); }

  // Stops the events; once it returns the handler is not called again
  // (called from inside the handler, that call finishes first). Idempotent.
  void cancel() noexcept {
    if (!id_) return;
    unregister_(std::exchange(id_, 0));
    release_(std::exchange(state_, nullptr));
  }
  std::uint64_t id() const noexcept { return id_; }
  explicit operator bool() const noexcept { return id_ != 0; }

 private:
  std::uint64_t id_ = 0;
  Unregister unregister_ = nullptr;
  Release release_ = nullptr;
  void* state_ = nullptr;
};

// A lazy, single-pass sequence over a native iterator (an IDL `iter<T>`):
// each step asks the library for one element, never more, and the native
// iterator is destroyed at the end or when the sequence is dropped.
// Move-only; use it in a range-for, or call next() until it is empty.
template <class T>
class Iter {
 public:
  using Step = bool (*)(void* native, std::optional<T>& out);  // false at the end; throws on errors
  using Destroy = void (*)(void* native);

  Iter(void* native, Step step, Destroy destroy) noexcept : native_(native), step_(step), destroy_(destroy) {}
  Iter(Iter&& other) noexcept
      : native_(std::exchange(other.native_, nullptr)),
        step_(other.step_),
        destroy_(other.destroy_),
        current_(std::move(other.current_)) {}
  Iter& operator=(Iter&& other) noexcept {
    if (this != &other) {
      Close();
      native_ = std::exchange(other.native_, nullptr);
      step_ = other.step_;
      destroy_ = other.destroy_;
      current_ = std::move(other.current_);
    }
    return *this;
  }
  Iter(const Iter&) = delete;
  Iter& operator=(const Iter&) = delete;
  ~Iter() { Close(); }

  // The next element, or nullopt at the end.
  std::optional<T> next() {
    Advance();
    return std::exchange(current_, std::nullopt);
  }

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = T*;
    using reference = T&;
    iterator() = default;
    explicit iterator(Iter* owner) : owner_(owner) { ++*this; }
    T& operator*() const { return *owner_->current_; }
    T* operator->() const { return &*owner_->current_; }
    iterator& operator++() {
      if (!owner_->Advance()) owner_ = nullptr;
      return *this;
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.owner_ == b.owner_; }
    friend bool operator!=(const iterator& a, const iterator& b) { return a.owner_ != b.owner_; }

   private:
    Iter* owner_ = nullptr;
  };
  iterator begin() { return iterator(this); }
  iterator end() { return iterator(); }

 private:
  bool Advance() {
    current_.reset();
    if (!native_) return false;
    bool more = false;
    try {
      more = step_(native_, current_);
    } catch (...) {
      Close();
      throw;
    }
    if (!more) Close();
    return more;
  }
  void Close() noexcept {
    if (native_) destroy_(std::exchange(native_, nullptr));
  }

  void* native_ = nullptr;
  Step step_ = nullptr;
  Destroy destroy_ = nullptr;
  std::optional<T> current_;
};

// A cancellation flag for async calls that accept one: pass it to the call,
// then cancel() from any thread; the library sees it and may end the call
// early (with an error). A default-constructed token is no token.
class CancelToken {
 public:
  CancelToken() = default;
  static CancelToken create() {
    CancelToken t;
    $p$_cancel_token* raw = $r$_cancel_token_create();
    if (!raw) throw std::bad_alloc();
    t.token_ = std::shared_ptr<$p$_cancel_token>(raw, [](auto* p) { $r$_cancel_token_destroy(p); });
    return t;
  }
  void cancel() const noexcept {
    if (token_) $r$_cancel_token_cancel(token_.get());
  }
  bool is_cancelled() const noexcept { return token_ && $r$_cancel_token_is_cancelled(token_.get()); }
  explicit operator bool() const noexcept { return token_ != nullptr; }
  const std::shared_ptr<$p$_cancel_token>& native() const noexcept { return token_; }

 private:
  std::shared_ptr<$p$_cancel_token> token_;
};

}  // namespace $ns$
)cc";

}  // namespace seam::gen::cpp_consumer

#endif  // SEAM_GEN_CPP_CPP_RUNTIME_H_
