// The events library: send_message stores a message and notifies listeners
// synchronously; get_messages iterates over a snapshot of what was sent.
#include <mutex>

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

}  // namespace events
