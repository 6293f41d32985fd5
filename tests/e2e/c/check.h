/* A tiny assertion harness for the C consumer tests: counts checks and
   failures and prints "N passed, N failed". */
#ifndef SEAM_E2E_CHECK_H_
#define SEAM_E2E_CHECK_H_

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int g_passed, g_failed;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (cond) {                                                            \
      ++g_passed;                                                          \
    } else {                                                               \
      ++g_failed;                                                          \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                      \
  } while (0)

#define CHECK_STR(actual, expected) CHECK((actual) != NULL && strcmp((actual), (expected)) == 0)

/* seam producers export a leak probe: objects and buffers handed out and
   not yet released. Every test must end at zero. They also export a
   one-argument free for returned buffers (what a finalizer can call). */
int64_t weaveffi_seam_live_allocations(void);
void weaveffi_seam_release_bytes(void* ptr);

static int Finish(void) {
  int64_t live = weaveffi_seam_live_allocations();
  if (live != 0) {
    ++g_failed;
    fprintf(stderr, "%lld objects or buffers of the library are still alive\n", (long long)live);
  } else {
    ++g_passed;
  }
  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}

#endif
