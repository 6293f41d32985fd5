// The async-demo library. Every async body runs on its own thread and
// completes from there; active_callbacks() counts bodies still running.
// Tasks get ids from 1 in launch order. A task whose name starts with
// "hold" waits until cancel_task(id) releases it and then reports
// success=false with value "cancelled"; a task named "drop" abandons its
// completion (the caller still hears back exactly once, with an error).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "async_demo.hpp"

namespace tasks {
namespace {

std::atomic<std::int64_t> g_active{0};
std::atomic<std::int64_t> g_next_id{1};

std::mutex g_mu;
std::condition_variable g_cv;
std::set<std::int64_t> g_held;       // ids of "hold" tasks still waiting
std::set<std::int64_t> g_cancelled;  // ids released by cancel_task

// Runs `body` on a new detached thread, counted by active_callbacks().
template <class Body>
void Spawn(Body body) {
  ++g_active;
  std::thread([body = std::move(body)]() mutable {
    body();
    --g_active;
  }).detach();
}

// Runs one named task to its result on the calling thread.
TaskResult Run(const std::string& name) {
  std::int64_t id = g_next_id++;
  if (name.rfind("hold", 0) == 0) {
    std::unique_lock<std::mutex> lock(g_mu);
    g_held.insert(id);
    g_cv.wait(lock, [id] { return g_cancelled.count(id) != 0; });
    g_cancelled.erase(id);
    return TaskResult{id, "cancelled", false};
  }
  return TaskResult{id, "done: " + name, true};
}

}  // namespace

void run_task(std::string name, seam::Completion<TaskResult> done) {
  if (name.empty()) throw TaskError::InvalidName();
  if (name == "drop") {
    Spawn([done = std::move(done)]() mutable { seam::Completion<TaskResult> gone = std::move(done); });
    return;
  }
  Spawn([name = std::move(name), done = std::move(done)]() mutable { done.complete(Run(name)); });
}

void run_batch(std::vector<std::string> names, seam::Completion<std::vector<TaskResult>> done) {
  Spawn([names = std::move(names), done = std::move(done)]() mutable {
    std::vector<TaskResult> results;
    for (const auto& name : names) {
      if (name.empty()) {
        done.fail(TaskError::InvalidName::kCode, "task name must not be empty");
        return;
      }
      results.push_back(Run(name));
    }
    done.complete(std::move(results));
  });
}

bool cancel_task(std::int64_t id) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_held.erase(id) == 0) return false;
  g_cancelled.insert(id);
  g_cv.notify_all();
  return true;
}

void run_n_tasks(std::int32_t n, seam::Completion<std::int32_t> done) {
  if (n < 0) throw std::invalid_argument("n must not be negative");
  Spawn([n, done = std::move(done)]() mutable {
    std::atomic<std::int32_t> succeeded{0};
    std::vector<std::thread> workers;
    for (std::int32_t i = 0; i < n; ++i) {
      workers.emplace_back([i, &succeeded] {
        if (Run("task " + std::to_string(i)).success) ++succeeded;
      });
    }
    for (auto& worker : workers) worker.join();
    done.complete(succeeded.load());
  });
}

std::int64_t active_callbacks() { return g_active.load(); }

}  // namespace tasks
