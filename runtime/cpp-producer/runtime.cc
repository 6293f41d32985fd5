// seam C++ producer runtime: the runtime symbols every producer library
// exports (reference §3.16). They are always linked as weaveffi_*, whatever
// the C prefix, so consumers of WeaveFFI and seam find them.
#include <atomic>
#include <cstdlib>

#include "seam/glue.hpp"

struct weaveffi_cancel_token {
  std::atomic<bool> cancelled{false};
};

extern "C" {

void weaveffi_error_clear(weaveffi_error* err) { seam::glue::SetOk(err); }

void weaveffi_free_string(const char* ptr) { seam::glue::Free(ptr); }

// Frees any buffer the library hands out: bytes, arrays and boxed optionals.
void weaveffi_free_bytes(uint8_t* ptr, size_t /*len*/) { seam::glue::FreeBuffer(ptr); }

weaveffi_cancel_token* weaveffi_cancel_token_create(void) {
  return new (std::nothrow) weaveffi_cancel_token();
}

void weaveffi_cancel_token_cancel(weaveffi_cancel_token* token) {
  if (token) token->cancelled.store(true, std::memory_order_release);
}

bool weaveffi_cancel_token_is_cancelled(const weaveffi_cancel_token* token) {
  return token && token->cancelled.load(std::memory_order_acquire);
}

void weaveffi_cancel_token_destroy(weaveffi_cancel_token* token) { delete token; }

}  // extern "C"
