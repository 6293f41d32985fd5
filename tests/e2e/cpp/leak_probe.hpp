// The producer's leak probe (an additive export of seam's C++ producers):
// every C++ end-to-end test program ends with nothing of the library alive.
#ifndef SEAM_E2E_CPP_LEAK_PROBE_HPP_
#define SEAM_E2E_CPP_LEAK_PROBE_HPP_

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <thread>

// The probe's name starts with the library's runtime prefix
// (SEAM_RUNTIME_PREFIX, given on the command line).
#define SEAM_CAT_(a, b) a##b
#define SEAM_CAT(a, b) SEAM_CAT_(a, b)
#define SEAM_LIVE_ALLOCATIONS SEAM_CAT(SEAM_RUNTIME_PREFIX, _seam_live_allocations)
extern "C" std::int64_t SEAM_LIVE_ALLOCATIONS(void);

class LeakProbe : public ::testing::Environment {
 public:
  // An async result is ready inside the completion callback, and the
  // library frees what it lent only after the callback returns: allow its
  // threads a moment (bounded) to finish.
  void TearDown() override {
    std::int64_t live = SEAM_LIVE_ALLOCATIONS();
    for (int i = 0; i < 200 && live != 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      live = SEAM_LIVE_ALLOCATIONS();
    }
    EXPECT_EQ(live, 0) << "objects and buffers of the library left alive";
  }
};

inline ::testing::Environment* const kLeakProbe = ::testing::AddGlobalTestEnvironment(new LeakProbe);

#endif  // SEAM_E2E_CPP_LEAK_PROBE_HPP_
