/* The baseline of the C++ benchmarks: the same work done by hand in C over
   the bare C ABI, as a careful C caller writes it. */
#include <stdlib.h>
#include <string.h>

#include "weaveffi.h"

int32_t raw_add(int32_t a, int32_t b) {
  weaveffi_error err = {0, NULL};
  int32_t r = weaveffi_bench_add(a, b, &err);
  if (err.code != 0) abort();
  return r;
}

/* Echoes `s`; returns a malloc'd copy the caller frees. */
char* raw_echo(const char* s) {
  weaveffi_error err = {0, NULL};
  const char* r = weaveffi_bench_echo(s, &err);
  if (err.code != 0) abort();
  size_t n = strlen(r);
  char* copy = malloc(n + 1);
  memcpy(copy, r, n + 1);
  weaveffi_free_string(r);
  return copy;
}

typedef struct RawSample {
  int32_t id;
  double x, y;
} RawSample;

/* n samples read into a malloc'd array the caller frees. */
RawSample* raw_samples(int32_t n, size_t* out_len) {
  weaveffi_error err = {0, NULL};
  size_t len = 0;
  weaveffi_bench_Sample** arr = weaveffi_bench_samples(n, &len, &err);
  if (err.code != 0) abort();
  RawSample* out = malloc((len ? len : 1) * sizeof *out);
  for (size_t i = 0; i < len; ++i) {
    out[i].id = weaveffi_bench_Sample_get_id(arr[i]);
    out[i].x = weaveffi_bench_Sample_get_x(arr[i]);
    out[i].y = weaveffi_bench_Sample_get_y(arr[i]);
    weaveffi_bench_Sample_destroy(arr[i]);
  }
  weaveffi_free_bytes((uint8_t*)arr, len * sizeof *arr);
  *out_len = len;
  return out;
}
