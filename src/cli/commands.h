// Subcommand entry points; main() parses arguments and dispatches here.
#ifndef SEAM_CLI_COMMANDS_H_
#define SEAM_CLI_COMMANDS_H_

#include <string>
#include <vector>

#include "gen/backend.h"

namespace seam {

// Exit codes of the tool.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInputErrors = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

struct ValidateOptions {
  std::string file;
  std::string format = "text";  // or "json"
};
int RunValidate(const ValidateOptions& options);

struct GenerateOptions {
  std::string file;
  std::string out_dir;
  std::vector<std::string> targets;
  bool dry_run = false;
};
int RunGenerate(const GenerateOptions& options, const gen::BackendList& backends);

}  // namespace seam

#endif  // SEAM_CLI_COMMANDS_H_
