// C++ consumer of the events example: listener subscriptions as move-only
// RAII handles taking any callable, delivery from other threads, cancelling
// (also from inside the handler), and iter<T> as a lazy range.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "leak_probe.hpp"
#include "weaveffi.hpp"

namespace ev = events::events;

TEST(Events, ListenersFromAnyThread) {
  std::mutex mu;
  std::vector<std::string> seen_a;
  std::atomic<int> count_b{0};
  ev::send_message("before");  // nobody listens yet
  {
    events::Subscription a = ev::register_message_listener([&](std::string m) {
      std::lock_guard<std::mutex> lock(mu);
      seen_a.push_back(std::move(m));
    });
    events::Subscription b = ev::register_message_listener([&](const std::string&) { ++count_b; });
    EXPECT_NE(a.id(), b.id());
    ev::send_message("hello");
    std::vector<std::thread> senders;
    for (int i = 0; i < 4; ++i) {
      senders.emplace_back([] {
        for (int j = 0; j < 50; ++j) ev::send_message("from thread");
      });
    }
    for (auto& t : senders) t.join();
    EXPECT_EQ(count_b.load(), 201);
    a.cancel();
    a.cancel();  // idempotent
    ev::send_message("only b");
    EXPECT_EQ(count_b.load(), 202);
    events::Subscription moved = std::move(b);
    EXPECT_FALSE(static_cast<bool>(b));  // NOLINT(bugprone-use-after-move)
    ev::send_message("moved");
    EXPECT_EQ(count_b.load(), 203);
  }  // the moved subscription ends here
  ev::send_message("after");
  EXPECT_EQ(count_b.load(), 203);
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(seen_a.size(), 201u);
  EXPECT_EQ(seen_a.front(), "hello");
  EXPECT_EQ(seen_a.back(), "from thread");
}

TEST(Events, CancelFromInsideTheHandler) {
  int calls = 0;
  events::Subscription sub;
  sub = ev::register_message_listener([&](const std::string&) {
    ++calls;
    sub.cancel();  // the running handler finishes; no later calls
  });
  ev::send_message("one");
  ev::send_message("two");
  EXPECT_EQ(calls, 1);
}

TEST(Events, IteratorIsALazyRange) {
  std::vector<std::string> all;
  for (const std::string& m : ev::get_messages()) all.push_back(m);
  ASSERT_GE(all.size(), 3u);
  EXPECT_EQ(all[0], "before");
  EXPECT_EQ(all[1], "hello");
  events::Iter<std::string> it = ev::get_messages();
  EXPECT_EQ(it.next(), std::optional<std::string>("before"));
  EXPECT_EQ(it.next(), std::optional<std::string>("hello"));
  // Dropped half-way: the native iterator is destroyed (the leak probe checks).
  events::Iter<std::string> moved = std::move(it);
  EXPECT_EQ(moved.next(), std::optional<std::string>("from thread"));
  std::size_t n = 0;
  for (auto m = ev::get_messages().next(); m; m = std::nullopt) ++n;
  EXPECT_EQ(n, 1u);
}
