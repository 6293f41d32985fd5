#include "cli/heap.h"

#include <cstdint>
#include <cstdlib>  // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace seam {

void TuneHeap() {
#if defined(__GLIBC__) && defined(__linux__)
  constexpr int kMiB = 1 << 20;
  // Growing the heap reserves address space only; pages are backed when
  // first touched, so the pad costs memory only as far as it is used.
  constexpr int kPad = 32 * kMiB;
  mallopt(M_ARENA_MAX, 1);
  // The largest threshold glibc accepts (its DEFAULT_MMAP_THRESHOLD_MAX).
  mallopt(M_MMAP_THRESHOLD, 4 * kMiB * static_cast<int>(sizeof(long)));
  mallopt(M_TRIM_THRESHOLD, 1024 * kMiB);
  mallopt(M_TOP_PAD, kPad);
  // Make the heap grow now, by the pad, so that the advice below covers what
  // the run will use. Under a replacement allocator (a sanitizer, valgrind)
  // the block does not come from the heap, and the advice does not apply.
  void* block = std::malloc(kMiB);
  if (block == nullptr) return;
  auto start = reinterpret_cast<std::uintptr_t>(block);
  std::free(block);
#ifdef MADV_HUGEPAGE
  auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  start &= ~(page - 1);
  if (end > start && end - start <= 2 * static_cast<std::uintptr_t>(kPad)) {
    madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);  // advice: failure is harmless
  }
#endif
#endif
}

}  // namespace seam
