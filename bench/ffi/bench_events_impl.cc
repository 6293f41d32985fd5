// The benchmark listener producer: tick() asks the worker thread to fire one
// event, as a library's own thread would.
#include "bench_events.hpp"
#include "worker.h"

namespace bench_events {

void tick(std::int32_t value) {
  bench_support::Worker::Get().Post([value] { emit_ticks(value); });
}

}  // namespace bench_events
