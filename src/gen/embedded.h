// Support sources that generated code ships verbatim (the runtime/ tree),
// compiled into seam at build time by cmake/embed.cmake.
#ifndef SEAM_GEN_EMBEDDED_H_
#define SEAM_GEN_EMBEDDED_H_

#include <string_view>
#include <vector>

namespace seam::gen {

struct EmbeddedFile {
  std::string_view path;  // relative to runtime/, e.g. "cpp-producer/seam/glue.hpp"
  std::string_view contents;
};

const std::vector<EmbeddedFile>& EmbeddedRuntime();

}  // namespace seam::gen

#endif  // SEAM_GEN_EMBEDDED_H_
