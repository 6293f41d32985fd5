// C++ consumer of the async_demo example: async calls as std::future and as
// callbacks, completed from the producer's threads; results that are records
// and lists of records; typed errors of a launch and of a completion; a
// completion the producer abandons still arrives exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "leak_probe.hpp"
#include "weaveffi.hpp"

namespace tasks = async_demo::tasks;

namespace {

void WaitIdle() {
  for (int i = 0; i < 1000 && tasks::active_callbacks() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(tasks::active_callbacks(), 0);
}

}  // namespace

TEST(AsyncDemo, FutureResults) {
  tasks::TaskResult r = tasks::run_task("alpha").get();
  EXPECT_EQ(r.value, "done: alpha");
  EXPECT_TRUE(r.success);
  std::vector<tasks::TaskResult> batch = tasks::run_batch({"a", "b", "c"}).get();
  ASSERT_EQ(batch.size(), 3u);
  EXPECT_EQ(batch[2].value, "done: c");
  EXPECT_EQ(batch[0].id + 1, batch[1].id);
  EXPECT_TRUE(tasks::run_batch({}).get().empty());
  EXPECT_EQ(tasks::run_n_tasks(8).get(), 8);
  WaitIdle();
}

TEST(AsyncDemo, Errors) {
  try {
    tasks::run_task("").get();
    FAIL() << "nothing was thrown";
  } catch (const tasks::TaskError::InvalidName& e) {
    EXPECT_STREQ(e.what(), "task name must not be empty");
  }
  EXPECT_THROW(tasks::run_batch({"x", ""}).get(), tasks::TaskError::InvalidName);
  try {
    tasks::run_n_tasks(-1).get();
    FAIL() << "nothing was thrown";
  } catch (const async_demo::Error& e) {
    EXPECT_EQ(e.code(), -1);
    EXPECT_STREQ(e.what(), "n must not be negative");
  }
  // "drop": the producer abandons its completion; the call still ends once.
  EXPECT_THROW(tasks::run_task("drop").get(), async_demo::Error);
  WaitIdle();
}

TEST(AsyncDemo, Callbacks) {
  std::promise<std::string> got;
  std::atomic<int> calls{0};
  tasks::run_task("cb", [&](std::future<tasks::TaskResult> result) {
    ++calls;
    got.set_value(result.get().value);
  });
  EXPECT_EQ(got.get_future().get(), "done: cb");
  std::promise<int> failed;
  tasks::run_task("", [&](std::future<tasks::TaskResult> result) {
    ++calls;
    try {
      result.get();
      failed.set_value(0);
    } catch (const tasks::TaskError& e) {
      failed.set_value(e.code());
    }
  });
  EXPECT_EQ(failed.get_future().get(), 1);
  WaitIdle();
  EXPECT_EQ(calls.load(), 2);
}

TEST(AsyncDemo, HeldTaskReleasedByCancelTask) {
  std::future<tasks::TaskResult> held = tasks::run_task("hold on");
  // Ids are assigned in launch order; the held task registers on its own
  // thread, so look for it until it has.
  std::int64_t id = 0;
  for (int round = 0; round < 500 && id == 0; ++round) {
    for (std::int64_t probe = 1; probe < 1000 && id == 0; ++probe) {
      if (tasks::cancel_task(probe)) id = probe;
    }
    if (id == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_NE(id, 0);
  tasks::TaskResult r = held.get();
  EXPECT_EQ(r.id, id);
  EXPECT_EQ(r.value, "cancelled");
  EXPECT_FALSE(r.success);
  WaitIdle();
}
