// The types library: echoes for every optional and container type, in-place
// edits of mutable parameters, handle registries, iterators, async results
// of every shape from worker threads, a listener fired from other threads,
// and a Counter interface whose live instances are counted.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

#include "types.hpp"

namespace types {
namespace {

std::atomic<std::int64_t> g_live_counters{0};

class SimpleCounter final : public Counter {
 public:
  explicit SimpleCounter(std::int64_t start) : start_(start), value_(start) { ++g_live_counters; }
  ~SimpleCounter() override { --g_live_counters; }
  SimpleCounter(const SimpleCounter&) = delete;
  SimpleCounter& operator=(const SimpleCounter&) = delete;

  std::int64_t next() override { return ++value_; }
  std::int64_t add_all(std::vector<std::int64_t> values) override {
    return value_ += std::accumulate(values.begin(), values.end(), std::int64_t{0});
  }
  std::unique_ptr<seam::Iterator<std::int64_t>> values() override {
    std::vector<std::int64_t> out;
    for (std::int64_t v = start_; v <= value_.load(); ++v) out.push_back(v);
    return seam::iterate(out);
  }
  std::unique_ptr<Counter> fork() override { return std::make_unique<SimpleCounter>(value_.load()); }
  void slow_next(std::int32_t delay_ms, seam::Completion<std::int64_t> done) override {
    if (delay_ms < 0) throw TypesError::Invalid("delay_ms must not be negative");
    // The consumer keeps this counter alive until the completion has fired.
    std::thread([this, delay_ms, done = std::move(done)]() mutable {
      auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms);
      while (std::chrono::steady_clock::now() < deadline) {
        if (done.is_cancelled()) {
          done.fail(TypesError::Invalid::kCode, "cancelled");
          return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      done.complete(next());
    }).detach();
  }

 private:
  std::int64_t start_;
  std::atomic<std::int64_t> value_;
};

std::mutex g_mu;
std::map<std::uintptr_t, std::unique_ptr<Point>> g_points;  // keyed by address
std::map<std::uint64_t, std::string> g_sessions;
std::uint64_t g_next_session = 1;

Value SampleValue(std::int32_t seq) {
  switch (seq % 3) {
    case 0: return Value::Number{seq};
    case 1: return Value::Text{"sample " + std::to_string(seq)};
    default: return Value::Pair{Point{1, 2}, std::nullopt};
  }
}

void Emit(std::int32_t seq) {
  std::uint8_t data[3] = {static_cast<std::uint8_t>(seq), 1, 2};
  std::map<std::string, std::string> tags{{"seq", std::to_string(seq)}, {"thread", "worker"}};
  std::optional<Level> level;
  if (seq % 2 == 0) level = Level::High;
  std::optional<std::string> note;
  if (seq % 2 == 1) note = "odd";
  emit_samples(seq, Point{double(seq), -double(seq)}, data, tags, level, SampleValue(seq), note);
}

template <class Body>
void Later(Body body) {
  std::thread(std::move(body)).detach();
}

}  // namespace

std::unique_ptr<Counter> Counter::new_(std::int64_t start) { return std::make_unique<SimpleCounter>(start); }
std::int64_t Counter::live() { return g_live_counters.load(); }

std::optional<std::int32_t> echo_opt_i32(std::optional<std::int32_t> v) { return v; }
std::optional<bool> echo_opt_bool(std::optional<bool> v) { return v; }
std::optional<double> echo_opt_f64(std::optional<double> v) { return v; }
std::optional<std::string> echo_opt_string(std::optional<std::string> v) { return v; }
std::optional<std::vector<std::uint8_t>> echo_opt_bytes(std::optional<std::vector<std::uint8_t>> v) { return v; }
namespace {
std::atomic<std::int32_t> g_adopted_releases{0};
}  // namespace

seam::Bytes make_bytes(std::int32_t size, std::int32_t mode) {
  if (size < 0) throw std::invalid_argument("size must not be negative");
  std::vector<std::uint8_t> v(static_cast<std::size_t>(size));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::uint8_t>(i);
  if (mode == 0) return v;
  auto* held = new std::vector<std::uint8_t>(std::move(v));
  return seam::Bytes::Adopt(held->data(), held->size(), [held] {
    delete held;
    ++g_adopted_releases;
  });
}

std::int32_t adopted_releases() { return g_adopted_releases.load(); }

std::optional<Point> echo_opt_point(std::optional<Point> v) { return v; }
std::optional<Level> echo_opt_level(std::optional<Level> v) { return v; }
std::optional<Value> echo_opt_value(std::optional<Value> v) { return v; }
std::optional<std::vector<std::int32_t>> echo_opt_list(std::optional<std::vector<std::int32_t>> v) { return v; }
std::optional<std::map<std::string, std::int64_t>> echo_opt_map(std::optional<std::map<std::string, std::int64_t>> v) {
  return v;
}
std::optional<std::int64_t> echo_opt_counter(Counter* v) {
  if (!v) return std::nullopt;
  auto values = v->values();
  std::optional<std::int64_t> last;
  while (auto x = values->next()) last = x;
  return last;
}
Bag echo_bag(const Bag& v) { return v; }
Row echo_row(const Row& v) { return v; }
std::vector<Row> echo_rows(std::vector<Row> v) { return v; }
std::optional<Row> echo_opt_row(std::optional<Row> v) { return v; }
std::vector<Level> echo_levels(std::vector<Level> v) { return v; }
std::vector<std::optional<Point>> echo_points(std::vector<std::optional<Point>> v) { return v; }
std::vector<Value> echo_values(std::vector<Value> v) { return v; }
std::map<std::string, double> echo_map(std::map<std::string, double> v) { return v; }
std::map<std::int64_t, std::string> echo_names(std::map<std::int64_t, std::string> v) { return v; }

std::string concat(std::vector<std::string_view> parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::uint32_t checksum(std::span<const std::uint8_t> data) {
  return std::accumulate(data.begin(), data.end(), std::uint32_t{0});
}

void shout(std::span<char> text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
}
void invert(std::span<std::uint8_t> data) {
  for (auto& b : data) b = static_cast<std::uint8_t>(~b);
}
void double_all(std::span<std::int32_t> values) {
  for (auto& v : values) v *= 2;
}
void shift(Point& p, double dx, double dy) {
  p.x += dx;
  p.y += dy;
}

seam::TypedHandle<Point> store_point(const Point& p) {
  auto owned = std::make_unique<Point>(p);
  auto key = reinterpret_cast<std::uintptr_t>(owned.get());
  std::lock_guard<std::mutex> lock(g_mu);
  g_points[key] = std::move(owned);
  return {key};
}
Point load_point(seam::TypedHandle<Point> h) {
  std::lock_guard<std::mutex> lock(g_mu);
  auto it = g_points.find(h.value);
  if (it == g_points.end()) throw TypesError::Unknown();
  return *it->second;
}
bool drop_point(seam::TypedHandle<Point> h) {
  std::lock_guard<std::mutex> lock(g_mu);
  return g_points.erase(h.value) == 1;
}
std::int64_t stored_points() {
  std::lock_guard<std::mutex> lock(g_mu);
  return static_cast<std::int64_t>(g_points.size());
}

std::uint64_t open_session(std::string name) {
  std::lock_guard<std::mutex> lock(g_mu);
  g_sessions[g_next_session] = std::move(name);
  return g_next_session++;
}
std::optional<std::string> session_name(std::uint64_t h) {
  std::lock_guard<std::mutex> lock(g_mu);
  auto it = g_sessions.find(h);
  if (it == g_sessions.end()) return std::nullopt;
  return it->second;
}
bool close_session(std::uint64_t h) {
  std::lock_guard<std::mutex> lock(g_mu);
  return g_sessions.erase(h) == 1;
}

std::unique_ptr<seam::Iterator<Point>> points_between(std::int32_t from, std::int32_t to) {
  if (to < from) throw TypesError::Invalid("empty range: " + std::to_string(from) + ".." + std::to_string(to));
  // A lazy iterator: each step computes one point.
  class Range final : public seam::Iterator<Point> {
   public:
    Range(std::int32_t from, std::int32_t to) : at_(from), to_(to) {}
    std::optional<Point> next() override {
      if (at_ >= to_) return std::nullopt;
      double v = at_++;
      return Point{v, v};
    }

   private:
    std::int32_t at_, to_;
  };
  return std::make_unique<Range>(from, to);
}

std::unique_ptr<seam::Iterator<std::optional<Point>>> maybe_points(std::int32_t n) {
  std::vector<std::optional<Point>> out;
  for (std::int32_t i = 0; i < n; ++i) {
    if (i % 2 == 0) {
      out.push_back(Point{double(i), 0});
    } else {
      out.push_back(std::nullopt);
    }
  }
  return seam::iterate(out);
}

Level parse_level(std::string_view text) {
  if (text == "low") return Level::Low;
  if (text == "mid") return Level::Mid;
  if (text == "high") return Level::High;
  throw TypesError::Invalid("unknown level '" + std::string(text) + "'");
}

void fire_samples(std::int32_t n, seam::Completion<std::int32_t> done) {
  if (n < 0) throw TypesError::Invalid("n must not be negative");
  Later([n, done = std::move(done)]() mutable {
    for (std::int32_t i = 0; i < n; ++i) Emit(i);
    done.complete(n);
  });
}

void fire_sample_here(std::int32_t seq) { Emit(seq); }

void async_text(std::vector<std::string> parts, std::optional<std::vector<std::uint8_t>> data,
                std::map<std::string, std::int32_t> tally, std::optional<std::int64_t> maybe, std::optional<Point> p,
                seam::Completion<std::string> done) {
  Later([=, done = std::move(done)]() mutable {
    if (parts.empty()) {
      done.fail(TypesError::Invalid::kCode, "parts must not be empty");
      return;
    }
    std::string out = concat(std::vector<std::string_view>(parts.begin(), parts.end()), "+");
    out += data ? " data=" + std::to_string(data->size()) : " data=none";
    for (const auto& [k, v] : tally) out += " " + k + "=" + std::to_string(v);
    out += maybe ? " maybe=" + std::to_string(*maybe) : " maybe=none";
    out += p ? " p=" + std::to_string(int(p->x)) + "," + std::to_string(int(p->y)) : " p=none";
    done.complete(out);
  });
}

void async_bytes(std::int32_t n, seam::Completion<std::vector<std::uint8_t>> done) {
  Later([n, done = std::move(done)]() mutable {
    std::vector<std::uint8_t> out(static_cast<std::size_t>(std::max(n, 0)));
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(i * 7);
    done.complete(std::move(out));
  });
}

void async_opt(std::optional<std::int32_t> v, seam::Completion<std::optional<std::int32_t>> done) {
  Later([v, done = std::move(done)]() mutable {
    done.complete(v ? std::optional<std::int32_t>(*v * 10) : std::nullopt);
  });
}

void async_point(double x, seam::Completion<std::optional<Point>> done) {
  Later([x, done = std::move(done)]() mutable {
    done.complete(x < 0 ? std::nullopt : std::optional<Point>(Point{x, x / 2}));
  });
}

void async_value(std::int64_t n, seam::Completion<Value> done) {
  Later([n, done = std::move(done)]() mutable {
    done.complete(Value::Blob{std::vector<std::uint8_t>(static_cast<std::size_t>(n % 16), 0xAB),
                              {"n=" + std::to_string(n)}});
  });
}

void async_map(std::int32_t n, seam::Completion<std::map<std::string, std::int32_t>> done) {
  Later([n, done = std::move(done)]() mutable {
    std::map<std::string, std::int32_t> out;
    for (std::int32_t i = 0; i < n; ++i) out["k" + std::to_string(i)] = i * i;
    done.complete(std::move(out));
  });
}

void async_points(std::int32_t n, seam::Completion<std::vector<Point>> done) {
  Later([n, done = std::move(done)]() mutable {
    std::vector<Point> out;
    for (std::int32_t i = 0; i < n; ++i) out.push_back(Point{double(i), double(-i)});
    done.complete(std::move(out));
  });
}

void async_counter(std::int64_t start, seam::Completion<std::unique_ptr<Counter>> done) {
  Later([start, done = std::move(done)]() mutable { done.complete(Counter::new_(start)); });
}

void async_level(Level v, seam::Completion<Level> done) {
  Later([v, done = std::move(done)]() mutable { done.complete(v == Level::High ? Level::Low : Level::High); });
}

void async_void(bool fail, seam::Completion<void> done) {
  Later([fail, done = std::move(done)]() mutable {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (done.is_cancelled()) {
      done.fail(TypesError::Invalid::kCode, "cancelled");
    } else if (fail) {
      done.fail(std::make_exception_ptr(TypesError::Invalid("asked to fail")));
    } else {
      done.complete();
    }
  });
}

void async_fail(std::int32_t code, seam::Completion<std::vector<std::string>> done) {
  Later([code, done = std::move(done)]() mutable {
    if (code == 0) {
      done.complete({"a", "b"});
    } else {
      done.fail(code, "failed with " + std::to_string(code));
    }
  });
}

}  // namespace types
