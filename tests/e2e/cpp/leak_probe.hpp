// The producer's leak probe (an additive export of seam's C++ producers):
// every C++ end-to-end test program ends with nothing of the library alive.
#ifndef SEAM_E2E_CPP_LEAK_PROBE_HPP_
#define SEAM_E2E_CPP_LEAK_PROBE_HPP_

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <thread>

extern "C" std::int64_t weaveffi_seam_live_allocations(void);

class LeakProbe : public ::testing::Environment {
 public:
  // An async result is ready inside the completion callback, and the
  // library frees what it lent only after the callback returns: allow its
  // threads a moment (bounded) to finish.
  void TearDown() override {
    std::int64_t live = weaveffi_seam_live_allocations();
    for (int i = 0; i < 200 && live != 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      live = weaveffi_seam_live_allocations();
    }
    EXPECT_EQ(live, 0) << "objects and buffers of the library left alive";
  }
};

inline ::testing::Environment* const kLeakProbe = ::testing::AddGlobalTestEnvironment(new LeakProbe);

#endif  // SEAM_E2E_CPP_LEAK_PROBE_HPP_
