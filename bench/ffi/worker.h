// One long-lived worker thread for the benchmark producers: async
// completions and listener events come from it, as they would from a real
// library's I/O or compute thread (a thread per call would measure thread
// creation instead).
#ifndef SEAM_BENCH_WORKER_H_
#define SEAM_BENCH_WORKER_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace bench_support {

class Worker {
 public:
  // The process-wide worker, started on first use and never stopped (the
  // library may be unloaded only at exit).
  static Worker& Get() {
    static Worker* worker = new Worker();
    return *worker;
  }

  void Post(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
  }

 private:
  Worker() {
    std::thread([this] { Run(); }).detach();
  }

  void Run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return !jobs_.empty(); });
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
};

}  // namespace bench_support

#endif  // SEAM_BENCH_WORKER_H_
