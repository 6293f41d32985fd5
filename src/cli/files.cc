#include "cli/files.h"

#include <cerrno>
#include <fstream>

namespace seam {

std::error_code WriteFile(const std::filesystem::path& path, std::string_view contents) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return ec;
  errno = 0;
  std::ofstream out(path, std::ios::binary);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  // The streams report failure without a reason; errno holds the system's.
  if (!out) return {errno != 0 ? errno : EIO, std::generic_category()};
  return {};
}

}  // namespace seam
