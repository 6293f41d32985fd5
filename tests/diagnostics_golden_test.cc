// Diagnostic goldens: every tests/diagnostics/<case>.<ext> is read, built and
// validated, and the rendered diagnostics must equal <case>.<ext>.stderr byte for
// byte. Set SEAM_UPDATE_GOLDENS=1 (tests/diagnostics/update.sh) to rewrite them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/load.h"

namespace seam {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(SEAM_SOURCE_DIR) / "tests" / "diagnostics";

std::vector<std::string> Cases() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kDir)) {
    std::string ext = entry.path().extension().string();
    if (ext == ".yml" || ext == ".yaml" || ext == ".json" || ext == ".toml") {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, StderrMatches) {
  const std::string name = GetParam();
  fs::path cwd = fs::current_path();
  fs::current_path(kDir);
  SourceManager sources;
  Diagnostics diags(sources);
  (void)LoadApi(name, sources, diags);
  std::string text = diags.RenderText();
  fs::current_path(cwd);
  fs::path golden = kDir / (name + ".stderr");
  if (std::getenv("SEAM_UPDATE_GOLDENS") != nullptr) {
    std::ofstream(golden, std::ios::binary) << text;
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << "missing " << golden << "; run tests/diagnostics/update.sh";
  EXPECT_EQ(text, ReadFile(golden));
  EXPECT_FALSE(text.empty()) << "a diagnostic case must report something";
}

INSTANTIATE_TEST_SUITE_P(Diagnostics, GoldenTest, ::testing::ValuesIn(Cases()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

TEST(GoldenSuite, HasAtLeastSixtyCasesInEveryFormat) {
  auto cases = Cases();
  EXPECT_GE(cases.size(), 60u);
  for (const char* ext : {".yml", ".json", ".toml"}) {
    EXPECT_TRUE(std::any_of(cases.begin(), cases.end(),
                            [&](const std::string& c) { return c.ends_with(ext); }))
        << ext;
  }
}

}  // namespace
}  // namespace seam
