// The producer's leak probe (an additive export of seam's C++ producers):
// every C++ end-to-end test program ends with nothing of the library alive.
#ifndef SEAM_E2E_CPP_LEAK_PROBE_HPP_
#define SEAM_E2E_CPP_LEAK_PROBE_HPP_

#include <gtest/gtest.h>

#include <cstdint>

extern "C" std::int64_t weaveffi_seam_live_allocations(void);

class LeakProbe : public ::testing::Environment {
 public:
  void TearDown() override {
    EXPECT_EQ(weaveffi_seam_live_allocations(), 0) << "objects and buffers of the library left alive";
  }
};

inline ::testing::Environment* const kLeakProbe = ::testing::AddGlobalTestEnvironment(new LeakProbe);

#endif  // SEAM_E2E_CPP_LEAK_PROBE_HPP_
