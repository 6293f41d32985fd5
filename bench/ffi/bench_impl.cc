// The benchmark producer: the smallest honest body for each call, so the
// figures measure the binding rather than the work.
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>

#include "bench.hpp"
#include "worker.h"

namespace bench {
namespace {

// Buffers blob() hands out, reused once the caller frees them: a library
// serving large results it already holds, so neither side copies or touches
// the pages again.
class BlobPool {
 public:
  std::uint8_t* Take(std::size_t size) {
    std::lock_guard<std::mutex> lock(mu_);
    auto& free = free_[size];
    if (free.empty()) return new std::uint8_t[size];
    std::uint8_t* p = free.back();
    free.pop_back();
    return p;
  }
  void Give(std::uint8_t* p, std::size_t size) {
    std::lock_guard<std::mutex> lock(mu_);
    free_[size].push_back(p);
  }

 private:
  std::mutex mu_;
  std::map<std::size_t, std::vector<std::uint8_t*>> free_;
};

BlobPool& Pool() {
  static BlobPool* pool = new BlobPool();
  return *pool;
}

}  // namespace

void noop() {}

std::int32_t add(std::int32_t a, std::int32_t b) { return a + b; }

std::string echo(std::string s) { return s; }

seam::Bytes blob(std::int32_t size) {
  if (size < 16) throw std::invalid_argument("size must be at least 16");
  auto n = static_cast<std::size_t>(size);
  std::uint8_t* p = Pool().Take(n);
  for (std::size_t i = 0; i < 16; ++i) p[i] = static_cast<std::uint8_t>(i);
  return seam::Bytes::Adopt(p, n, [p, n] { Pool().Give(p, n); });
}

std::int64_t consume(std::span<const std::uint8_t> data) {
  return static_cast<std::int64_t>(data.size()) + (data.empty() ? 0 : data[0]);
}

std::vector<Sample> samples(std::int32_t n) {
  std::vector<Sample> out;
  out.reserve(static_cast<std::size_t>(n > 0 ? n : 0));
  for (std::int32_t i = 0; i < n; ++i) out.push_back(Sample{i, i * 0.5, i * 2.0});
  return out;
}

void compute(std::int32_t x, seam::Completion<std::int32_t> done) {
  auto completion = std::make_shared<seam::Completion<std::int32_t>>(std::move(done));
  bench_support::Worker::Get().Post([x, completion] { completion->complete(x + 1); });
}

}  // namespace bench
