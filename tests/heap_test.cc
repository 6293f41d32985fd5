// TuneHeap: the rendering threads allocate from the one heap, and that heap
// is advised for transparent huge pages. Each check runs in a child process
// (a death test), since the settings are process-wide: a re-executed one
// ("threadsafe" style), whose heap no earlier test of this binary has used.
#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "cli/heap.h"

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kReplacedMalloc = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kReplacedMalloc = true;
#else
constexpr bool kReplacedMalloc = false;
#endif
#else
constexpr bool kReplacedMalloc = false;
#endif

struct Mapping {
  std::uintptr_t begin = 0, end = 0;
  std::string flags;  // VmFlags
};

// The mapping of /proc/self/smaps that holds `address`.
Mapping MappingOf(std::uintptr_t address) {
  std::ifstream smaps("/proc/self/smaps");
  Mapping found, current;
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    std::uintptr_t b = 0, e = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> b >> dash >> e && dash == '-') {
      current = {b, e, ""};
      inside = b <= address && address < e;
    } else if (inside && line.starts_with("VmFlags:")) {
      current.flags = line.substr(8) + " ";
      found = current;
    }
  }
  return found;
}

std::uintptr_t Address(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

TEST(TuneHeap, ThreadsAllocateFromTheMainHeap) {
  if (kReplacedMalloc) GTEST_SKIP() << "a sanitizer replaces malloc";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        seam::TuneHeap();
        void* main_block = std::malloc(1 << 16);
        void* thread_block = nullptr;
        std::thread([&] { thread_block = std::malloc(1 << 16); }).join();
        Mapping heap = MappingOf(Address(main_block));
        bool same = heap.begin <= Address(thread_block) && Address(thread_block) < heap.end;
        std::free(thread_block);
        std::free(main_block);
        std::exit(same ? 0 : 1);
      },
      testing::ExitedWithCode(0), "");
}

TEST(TuneHeap, AdvisesTheHeapForHugePages) {
  if (kReplacedMalloc) GTEST_SKIP() << "a sanitizer replaces malloc";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled")) {
    GTEST_SKIP() << "this kernel has no transparent huge pages";
  }
  EXPECT_EXIT(
      {
        seam::TuneHeap();
        void* block = std::malloc(1 << 20);
        bool advised = MappingOf(Address(block)).flags.find(" hg ") != std::string::npos;
        std::free(block);
        std::exit(advised ? 0 : 1);
      },
      testing::ExitedWithCode(0), "");
}

}  // namespace
