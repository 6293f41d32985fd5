// The events library: send_message stores a message and notifies listeners
// synchronously; get_messages iterates over a snapshot of what was sent;
// storm fires events from several threads at once.
#include <algorithm>
#include <mutex>
#include <thread>

#include "events.hpp"

namespace events {
namespace {

std::mutex g_mu;
std::vector<std::string> g_messages;

}  // namespace

void send_message(std::string text) {
  {
    std::lock_guard<std::mutex> lock(g_mu);
    g_messages.push_back(text);
  }
  emit_message_listener(text);
}

std::unique_ptr<seam::Iterator<std::string>> get_messages() {
  std::lock_guard<std::mutex> lock(g_mu);
  return seam::iterate(g_messages);
}

void storm(std::int32_t threads, std::int32_t per_thread, seam::Completion<std::int32_t> done) {
  // Negative counts send nothing.
  std::int32_t n = std::max(threads, 0), each = std::max(per_thread, 0);
  std::thread([n, each, done = std::move(done)]() mutable {
    std::vector<std::thread> senders;
    for (std::int32_t t = 0; t < n; ++t) {
      senders.emplace_back([t, each] {
        for (std::int32_t i = 0; i < each; ++i) {
          emit_message_listener("t" + std::to_string(t) + ":" + std::to_string(i));
        }
      });
    }
    for (std::thread& s : senders) s.join();
    done.complete(n * each);
  }).detach();
}

std::int32_t listener_count() { return static_cast<std::int32_t>(message_listener_subscriber_count()); }

}  // namespace events
