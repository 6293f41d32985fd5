// Every IDL that must be accepted unchanged: WeaveFFI's samples and fixtures
// (from ../shared/data), seam's examples, and the seed's 0.4.0 document.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "cli/load.h"

namespace seam {
namespace {

namespace fs = std::filesystem;

fs::path SharedDir() {
  if (const char* env = std::getenv("SEAM_SHARED_DIR")) return env;
  for (fs::path candidate : {fs::path(SEAM_SHARED_DIR), fs::path("/work/shared")}) {
    if (fs::exists(candidate / "data")) return candidate;
  }
  return {};
}

std::vector<fs::path> Files(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ".yml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void ExpectClean(const fs::path& file, size_t expected_warnings) {
  SourceManager sources;
  Diagnostics diags(sources);
  auto api = LoadApi(file.string(), sources, diags);
  EXPECT_TRUE(api.has_value()) << file;
  EXPECT_EQ(diags.error_count(), 0u) << diags.RenderText();
  EXPECT_EQ(diags.warning_count(), expected_warnings) << diags.RenderText();
}

TEST(Samples, WeaveFfiSamplesAndFixturesValidateWithoutWarnings) {
  fs::path shared = SharedDir();
  ASSERT_FALSE(shared.empty()) << "the shared data directory was not found; set SEAM_SHARED_DIR";
  auto samples = Files(shared / "data" / "weaveffi-samples");
  auto fixtures = Files(shared / "data" / "weaveffi-fixtures");
  EXPECT_EQ(samples.size(), 7u);
  EXPECT_EQ(fixtures.size(), 10u);
  for (const auto& f : samples) ExpectClean(f, 0);
  for (const auto& f : fixtures) ExpectClean(f, 0);
}

TEST(Samples, ExamplesValidate) {
  fs::path examples = fs::path(SEAM_SOURCE_DIR) / "examples";
  for (const auto& f : Files(examples)) {
    if (f.string().find("/broken/") != std::string::npos) continue;
    ExpectClean(f, f.string().find("/legacy/") != std::string::npos ? 1 : 0);
  }
}

}  // namespace
}  // namespace seam
