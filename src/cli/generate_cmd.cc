// `seam generate FILE -o DIR --target LIST`: validates, renders every selected
// target in memory, and only then writes DIR/<target>/... (nothing is written
// when any target reports an error).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <thread>

#include "cli/commands.h"
#include "cli/files.h"
#include "cli/load.h"

namespace seam {
namespace {

// True when `path` already holds exactly `contents`. Such files are left
// alone, so their timestamps stay and build tools do not rebuild what
// depends on them when a regeneration changed nothing.
bool SameContents(const std::filesystem::path& path, std::string_view contents) {
  std::error_code ec;
  if (std::filesystem::file_size(path, ec) != contents.size() || ec) return false;
  std::ifstream in(path, std::ios::binary);
  std::array<char, 1 << 16> chunk;
  for (size_t done = 0; done < contents.size();) {
    size_t n = std::min(chunk.size(), contents.size() - done);
    if (!in.read(chunk.data(), static_cast<std::streamsize>(n)) ||
        std::memcmp(chunk.data(), contents.data() + done, n) != 0) {
      return false;
    }
    done += n;
  }
  return true;
}

}  // namespace

int RunGenerate(const GenerateOptions& options, const gen::BackendList& backends) {
  std::vector<const gen::Backend*> selected;
  for (const std::string& target : options.targets) {
    if (target == "all") {
      for (const auto& b : backends) {
        if (std::find(selected.begin(), selected.end(), b.get()) == selected.end()) selected.push_back(b.get());
      }
      continue;
    }
    auto it = std::find_if(backends.begin(), backends.end(),
                           [&](const auto& b) { return b->name() == target; });
    if (it == backends.end()) {
      std::string known;
      for (const auto& b : backends) known += (known.empty() ? "" : ", ") + b->name();
      std::cerr << fmt::format("seam: error: unknown target '{}'; known targets: {} (or all)\n", target,
                               known.empty() ? "(none yet)" : known);
      return kExitUsage;
    }
    if (std::find(selected.begin(), selected.end(), it->get()) == selected.end()) {
      selected.push_back(it->get());
    }
  }
  SourceManager sources;
  Diagnostics diags(sources);
  std::optional<ir::Api> api = LoadApi(options.file, sources, diags);
  if (!api || diags.has_errors()) {
    std::cerr << diags.RenderText();
    return kExitInputErrors;
  }
  // Targets render in parallel, each into its own diagnostics (backends only
  // read the API); results and diagnostics are then taken in target order, so
  // the output does not depend on scheduling. Targets that others embed start
  // first and the embedding ones last, so that no thread waits for a rendering
  // another thread is doing.
  size_t n = selected.size();
  const gen::Input input(*api);
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  auto rank = [&](size_t i) {
    for (const gen::Backend* other : selected) {
      std::vector<std::string> embedded = other->embeds();
      if (std::find(embedded.begin(), embedded.end(), selected[i]->name()) != embedded.end()) return 0;
    }
    return selected[i]->embeds().empty() ? 1 : 2;
  };
  std::vector<int> ranks(n);
  for (size_t i = 0; i < n; ++i) ranks[i] = rank(i);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ranks[a] < ranks[b]; });
  namespace fs = std::filesystem;
  auto path_of = [&](size_t i, const gen::OutputFile& file) {
    return fs::path(options.out_dir) / selected[i]->name() / file.path;
  };
  std::vector<std::vector<gen::OutputFile>> rendered(n);
  std::vector<std::vector<bool>> unchanged(n);  // the file on disk already holds it
  std::vector<Diagnostics> target_diags(n, Diagnostics(sources));
  std::vector<std::exception_ptr> failures(n);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t k = next++; k < n; k = next++) {
      size_t i = order[k];
      try {
        rendered[i] = selected[i]->Render(input, target_diags[i]);
        if (!options.dry_run && !target_diags[i].has_errors()) {
          for (const gen::OutputFile& file : rendered[i]) {
            unchanged[i].push_back(SameContents(path_of(i, file), file.contents));
          }
        }
      } catch (...) {
        failures[i] = std::current_exception();
      }
    }
  };
  {
    size_t workers = std::min<size_t>(n, std::max(1U, std::thread::hardware_concurrency()));
    std::vector<std::jthread> threads;
    for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
    work();
  }
  for (size_t i = 0; i < n; ++i) {
    if (failures[i]) std::rethrow_exception(failures[i]);
    diags.Merge(std::move(target_diags[i]));
  }
  std::cerr << diags.RenderText();
  if (diags.has_errors()) return kExitInputErrors;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < rendered[i].size(); ++j) {
      const gen::OutputFile& file = rendered[i][j];
      fs::path path = path_of(i, file);
      if (options.dry_run) {
        std::cout << path.string() << "\n";
        continue;
      }
      if (unchanged[i][j]) continue;
      if (std::error_code ec = WriteFile(path, file.contents)) {
        std::cerr << fmt::format("seam: error: cannot write '{}': {}\n", path.string(), ec.message());
        return kExitInputErrors;
      }
    }
  }
  return kExitOk;
}

}  // namespace seam
