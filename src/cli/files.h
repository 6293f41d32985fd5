// Writing the files the subcommands produce.
#ifndef SEAM_CLI_FILES_H_
#define SEAM_CLI_FILES_H_

#include <filesystem>
#include <string_view>
#include <system_error>

namespace seam {

// Writes `contents` to `path`, creating the directories above it. Returns the
// system's reason when that fails (e.g. "Not a directory"), and no error
// otherwise.
std::error_code WriteFile(const std::filesystem::path& path, std::string_view contents);

}  // namespace seam

#endif  // SEAM_CLI_FILES_H_
