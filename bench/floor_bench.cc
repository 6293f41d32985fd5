// The physical floor, for context beside the binding figures: what a call
// through a function pointer and a copy of 1 MiB cost on this machine.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace {

__attribute__((noinline)) std::int32_t Add(std::int32_t a, std::int32_t b) { return a + b; }

void BM_FloorCallThroughPointer(benchmark::State& state) {
  std::int32_t (*volatile fn)(std::int32_t, std::int32_t) = Add;
  std::int32_t sum = 0;
  for (auto _ : state) {
    sum = fn(sum & 0xFF, 1);
    benchmark::DoNotOptimize(sum);
  }
}

void BM_FloorMemcpy1MiB(benchmark::State& state) {
  std::vector<std::uint8_t> from(1 << 20, 7), to(1 << 20);
  for (auto _ : state) {
    std::memcpy(to.data(), from.data(), from.size());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * (1 << 20));
}

BENCHMARK(BM_FloorCallThroughPointer);
BENCHMARK(BM_FloorMemcpy1MiB)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
