// `seam generate FILE -o DIR --target LIST`: validates, renders every selected
// target in memory, and only then writes DIR/<target>/... (nothing is written
// when any target reports an error).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/load.h"

namespace seam {

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
  std::vector<std::pair<const gen::Backend*, std::vector<gen::OutputFile>>> outputs;
  for (const gen::Backend* backend : selected) {
    size_t before = diags.size();
    outputs.emplace_back(backend, backend->Generate(*api, diags));
    diags.DropRepeatsSince(before);
  }
  std::cerr << diags.RenderText();
  if (diags.has_errors()) return kExitInputErrors;
  namespace fs = std::filesystem;
  for (const auto& [backend, files] : outputs) {
    for (const gen::OutputFile& file : files) {
      fs::path path = fs::path(options.out_dir) / backend->name() / file.path;
      if (options.dry_run) {
        std::cout << path.string() << "\n";
        continue;
      }
      std::error_code ec;
      fs::create_directories(path.parent_path(), ec);
      std::ofstream out(path, std::ios::binary);
      out << file.contents;
      if (ec || !out) {
        std::cerr << fmt::format("seam: error: cannot write '{}'\n", path.string());
        return kExitInputErrors;
      }
    }
  }
  return kExitOk;
}

}  // namespace seam
