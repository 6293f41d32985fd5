// The C++ benchmarks: the generated C++ bindings against the same work
// hand-written in C over the bare C ABI (raw.c), same producer, same run,
// alternating batches; medians per operation. Prints a JSON array of
// {name, seam_ns, baseline, baseline_ns}. --quick: one short batch each.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "weaveffi.hpp"

extern "C" {
std::int32_t raw_add(std::int32_t a, std::int32_t b);
char* raw_echo(const char* s);
struct RawSample;
RawSample* raw_samples(std::int32_t n, std::size_t* out_len);
}

namespace {

bool g_quick = false;
volatile std::int64_t g_sink = 0;

double TimeBatch(const std::function<void()>& op, long n) {
  auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i) op();
  std::chrono::duration<double, std::nano> d = std::chrono::steady_clock::now() - start;
  return d.count() / static_cast<double>(n);
}

long Pick(const std::function<void()>& op) {
  for (long n = 1;; n *= 2) {
    auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < n; ++i) op();
    std::chrono::duration<double, std::milli> d = std::chrono::steady_clock::now() - start;
    if (g_quick || d.count() > 20 || n >= (1L << 28)) return n;
  }
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

std::string g_json = "[";

void Compare(const char* name, const char* baseline, const std::function<void()>& seam_op,
             const std::function<void()>& raw_op) {
  long n = Pick(seam_op), m = Pick(raw_op);
  std::vector<double> s, r;
  int rounds = g_quick ? 1 : 15;
  for (int i = 0; i < rounds; ++i) {
    s.push_back(TimeBatch(seam_op, n));
    r.push_back(TimeBatch(raw_op, m));
  }
  double sm = Median(s), rm = Median(r);
  std::fprintf(stderr, "%-24s seam %10.1f ns   baseline %10.1f ns   x%.2f\n", name, sm, rm, sm / rm);
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s{\"name\": \"%s\", \"seam_ns\": %.3f, \"baseline\": \"%s\", \"baseline_ns\": %.3f}",
                g_json.size() > 1 ? ", " : "", name, sm, baseline, rm);
  g_json += buf;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) g_quick = g_quick || std::strcmp(argv[i], "--quick") == 0;
  namespace b = bench::bench;
  Compare(
      "cpp.add_i32", "the bare C ABI called from C",
      [] { g_sink = g_sink + b::add(static_cast<std::int32_t>(g_sink & 0xFF), 1); },
      [] { g_sink = g_sink + raw_add(static_cast<std::int32_t>(g_sink & 0xFF), 1); });
  const std::string text = "sixteen bytes ok";
  Compare(
      "cpp.echo_string_16", "hand-written C over the C ABI (call, copy out, free)",
      [&] { g_sink = g_sink + static_cast<std::int64_t>(b::echo(text).size()); },
      [&] {
        char* r = raw_echo(text.c_str());
        g_sink = g_sink + static_cast<std::int64_t>(std::strlen(r));
        std::free(r);
      });
  Compare(
      "cpp.list_structs_10k", "hand-written C over the C ABI (getters into a C array)",
      [] { g_sink = g_sink + static_cast<std::int64_t>(b::samples(10000).size()); },
      [] {
        std::size_t n = 0;
        RawSample* s = raw_samples(10000, &n);
        g_sink = g_sink + static_cast<std::int64_t>(n);
        std::free(s);
      });
  std::printf("%s]\n", g_json.c_str());
  return 0;
}
