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

struct LinkCheckOptions {
  std::vector<std::string> files;
};
// Errors where the libraries of the IDLs would define a C symbol in common;
// warnings where their bindings could not be used together.
int RunLinkCheck(const LinkCheckOptions& options);

struct GenerateOptions {
  std::string file;
  std::string out_dir;
  std::vector<std::string> targets;
  bool dry_run = false;
};
int RunGenerate(const GenerateOptions& options, const gen::BackendList& backends);

struct NewOptions {
  std::string name;
  std::string producer = "cpp";  // or "rust"
  std::string dir;               // default: ./NAME
  std::string seam_path;         // this binary, for the project's script
  bool flutter = false;          // a Flutter plugin project (generated in place)
};
int RunNew(const NewOptions& options, const gen::BackendList& backends);

}  // namespace seam

#endif  // SEAM_CLI_COMMANDS_H_
