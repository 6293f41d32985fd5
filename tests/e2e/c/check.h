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

/* seam producers export a leak probe under the library's runtime prefix
   (SEAM_RUNTIME_PREFIX, given on the command line): objects and buffers
   handed out and not yet released. Every test must end at zero. They also
   export a one-argument free for returned buffers (what a finalizer can
   call). The header declares both. The tests call everything else by its
   WeaveFFI name (weaveffi_free_string...), as consumers written for WeaveFFI
   do. */
#define SEAM_CAT_(a, b) a##b
#define SEAM_CAT(a, b) SEAM_CAT_(a, b)
#define seam_live_allocations SEAM_CAT(SEAM_RUNTIME_PREFIX, _seam_live_allocations)
#define seam_release_bytes SEAM_CAT(SEAM_RUNTIME_PREFIX, _seam_release_bytes)

static int Finish(void) {
  int64_t live = seam_live_allocations();
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
