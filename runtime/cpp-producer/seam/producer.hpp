// seam C++ producer runtime: the types a library author uses next to the
// generated declarations. Exceptions thrown by your code never cross the C
// boundary: the generated glue turns them into error codes and messages.
//
//   seam::Error           base of every error the glue reports with its own code
//   seam::NotImplemented  thrown by generated stubs
//   seam::Completion<R>   completes an async function, once, from any thread
//   seam::CancelToken     the caller's cancellation flag for an async call
//   seam::Iterator<T>     what a function returning iter<T> hands back
//   seam::TypedHandle<T>  an opaque handle<T> value
//   seam::Bytes           what a function returning bytes hands back
#ifndef SEAM_PRODUCER_HPP_
#define SEAM_PRODUCER_HPP_

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <initializer_list>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

extern "C" {
struct weaveffi_cancel_token;  // never defined: a detail::CancelState
}

// Everything below lives in an inline namespace named after this library
// (seam::Error is seam::@abi@::Error): each library has its own copy
// of this runtime, so libraries built by different seam versions can be
// linked into one program without two definitions of one C++ name.
namespace seam::inline @abi@ {

// An error with an explicit code. Throw a generated domain error class (which
// derives from this) for codes declared in the IDL; any other std::exception
// is reported as code -1 with its what().
class Error : public std::runtime_error {
 public:
  Error(std::int32_t code, const std::string& message) : std::runtime_error(message), code_(code) {}
  [[nodiscard]] std::int32_t code() const noexcept { return code_; }

 private:
  std::int32_t code_;
};

// Thrown by the generated stubs for functions you have not implemented yet.
class NotImplemented : public Error {
 public:
  explicit NotImplemented(const std::string& what) : Error(-1, "not implemented: " + what) {}
};

namespace detail {

// What this library's cancel_token_create hands out as a
// weaveffi_cancel_token*.
struct CancelState {
  std::atomic<bool> cancelled{false};
};

inline const CancelState* StateOf(const weaveffi_cancel_token* token) noexcept {
  return reinterpret_cast<const CancelState*>(token);
}

}  // namespace detail

// The caller's cancellation token (may be absent). Cancellation is
// cooperative: poll it and complete early, usually with an error.
class CancelToken {
 public:
  CancelToken() = default;
  explicit CancelToken(const weaveffi_cancel_token* token) : token_(token) {}
  [[nodiscard]] bool is_cancelled() const {
    return token_ && detail::StateOf(token_)->cancelled.load(std::memory_order_acquire);
  }
  [[nodiscard]] bool present() const { return token_ != nullptr; }

 private:
  const weaveffi_cancel_token* token_ = nullptr;
};

namespace detail {

// The shared state of one async call. The glue installs the delivery
// functions; whoever holds the last reference completes the call with an
// error if nobody did, so a call can never be left hanging.
template <class R>
struct CompletionState {
  using Deliver = std::conditional_t<std::is_void_v<R>, std::function<void()>,
                                     std::function<void(std::conditional_t<std::is_void_v<R>, int, R>&&)>>;
  std::atomic<bool> done{false};
  Deliver deliver;
  std::function<void(std::int32_t, const std::string&)> fail;
  CancelToken token;

  CompletionState() = default;
  CompletionState(const CompletionState&) = delete;
  CompletionState& operator=(const CompletionState&) = delete;
  ~CompletionState() {
    if (!done.exchange(true) && fail) fail(-1, "async operation was dropped without completing");
  }
};

}  // namespace detail

// Completes one async call. Move it wherever the work runs and call
// complete() or fail() exactly once, from any thread. Calls after the first
// are ignored and return false. If every Completion for a call is destroyed
// without completing, the caller receives error -1.
template <class R>
class Completion {
 public:
  explicit Completion(std::shared_ptr<detail::CompletionState<R>> state) : state_(std::move(state)) {}
  Completion(Completion&&) noexcept = default;
  Completion& operator=(Completion&&) noexcept = default;
  Completion(const Completion&) = delete;
  Completion& operator=(const Completion&) = delete;

  // Delivers the result. Returns false if the call was already completed.
  template <class T = R, class = std::enable_if_t<!std::is_void_v<T>>>
  bool complete(T value) {
    if (!Claim()) return false;
    state_->deliver(std::move(value));
    return true;
  }
  template <class T = R, class = std::enable_if_t<std::is_void_v<T>>>
  bool complete() {
    if (!Claim()) return false;
    state_->deliver();
    return true;
  }
  // Delivers an error with an explicit code.
  bool fail(std::int32_t code, const std::string& message) {
    if (!Claim()) return false;
    state_->fail(code, message);
    return true;
  }
  // Delivers the error an exception describes, as the glue reports thrown
  // exceptions: seam::Error keeps its code, other exceptions become -1.
  bool fail(std::exception_ptr error);

  [[nodiscard]] bool is_cancelled() const { return state_ && state_->token.is_cancelled(); }
  [[nodiscard]] CancelToken token() const { return state_ ? state_->token : CancelToken(); }

 private:
  bool Claim() { return state_ && !state_->done.exchange(true); }
  std::shared_ptr<detail::CompletionState<R>> state_;
};

template <class R>
bool Completion<R>::fail(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    return fail(e.code(), e.what());
  } catch (const std::exception& e) {
    return fail(-1, e.what());
  } catch (...) {
    return fail(-1, "unknown exception");
  }
}

// A lazily produced sequence: next() returns the following element, or
// nullopt at the end. The glue calls it from the consumer's thread, one
// element per step, and destroys the iterator when the consumer does.
template <class T>
class Iterator {
 public:
  virtual ~Iterator() = default;
  virtual std::optional<T> next() = 0;
};

// An iterator over a vector it owns.
template <class T>
class VectorIterator final : public Iterator<T> {
 public:
  explicit VectorIterator(std::vector<T> items) : items_(std::move(items)) {}
  std::optional<T> next() override {
    if (pos_ >= items_.size()) return std::nullopt;
    return std::move(items_[pos_++]);
  }

 private:
  std::vector<T> items_;
  std::size_t pos_ = 0;
};

template <class T>
std::unique_ptr<Iterator<T>> iterate(std::vector<T> items) {
  return std::make_unique<VectorIterator<T>>(std::move(items));
}

namespace glue {
struct BytesAccess;
}

// What a function returning `bytes` hands back: the buffer the caller
// receives. Large buffers reach the caller without a copy:
//   return std::vector<std::uint8_t>{...};   // moved; copied only when small
//   return seam::Bytes::Adopt(data, size, [=] { pool.give_back(data); });
// Adopt hands over memory your library manages (a pool, a mapped file, a
// buffer it already holds): the caller reads it in place, and `release` runs
// exactly once, on whatever thread the caller frees it from, when it does.
// Until then the memory must stay valid and unchanged.
class Bytes {
 public:
  Bytes() = default;
  Bytes(std::vector<std::uint8_t> data) noexcept : vec_(std::move(data)) {}  // NOLINT: implicit on purpose
  Bytes(std::initializer_list<std::uint8_t> data) : vec_(data) {}
  static Bytes Copy(std::span<const std::uint8_t> data) { return Bytes(std::vector<std::uint8_t>(data.begin(), data.end())); }
  static Bytes Adopt(const std::uint8_t* data, std::size_t size, std::function<void()> release) {
    Bytes b;
    b.ext_ = data;
    b.ext_size_ = size;
    b.release_ = std::move(release);
    return b;
  }

  Bytes(Bytes&& other) noexcept
      : vec_(std::move(other.vec_)),
        ext_(std::exchange(other.ext_, nullptr)),
        ext_size_(std::exchange(other.ext_size_, 0)),
        release_(std::exchange(other.release_, nullptr)) {}
  Bytes& operator=(Bytes&& other) noexcept {
    if (this != &other) {
      Reset();
      vec_ = std::move(other.vec_);
      ext_ = std::exchange(other.ext_, nullptr);
      ext_size_ = std::exchange(other.ext_size_, 0);
      release_ = std::exchange(other.release_, nullptr);
    }
    return *this;
  }
  Bytes(const Bytes&) = delete;
  Bytes& operator=(const Bytes&) = delete;
  ~Bytes() { Reset(); }

  [[nodiscard]] const std::uint8_t* data() const noexcept { return ext_ ? ext_ : vec_.data(); }
  [[nodiscard]] std::size_t size() const noexcept { return ext_ ? ext_size_ : vec_.size(); }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  [[nodiscard]] std::span<const std::uint8_t> view() const noexcept { return {data(), size()}; }

 private:
  friend struct glue::BytesAccess;
  void Reset() noexcept {
    if (auto release = std::exchange(release_, nullptr)) {
      try {
        release();
      } catch (...) {  // a release function has nobody to report to
      }
    }
    ext_ = nullptr;
    ext_size_ = 0;
    vec_.clear();
  }

  std::vector<std::uint8_t> vec_;
  const std::uint8_t* ext_ = nullptr;
  std::size_t ext_size_ = 0;
  std::function<void()> release_;
};

// handle<T>: an opaque, pointer-sized value the producer hands out and later
// recognises. Consumers never dereference or free it.
template <class T>
struct TypedHandle {
  std::uintptr_t value = 0;
  friend bool operator==(const TypedHandle&, const TypedHandle&) = default;
};

}  // namespace seam::inline @abi@

#endif  // SEAM_PRODUCER_HPP_
