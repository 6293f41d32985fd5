// The backend interface: a target renders a validated API into files. Backends
// are pure (no I/O); the driver writes what they return.
#ifndef SEAM_GEN_BACKEND_H_
#define SEAM_GEN_BACKEND_H_

#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "ir/ir.h"

namespace seam::gen {

struct OutputFile {
  std::string path;  // relative to the target's output directory
  std::string contents;
};

class Backend {
 public:
  virtual ~Backend() = default;
  // The --target name, e.g. "c" or "dart".
  virtual std::string name() const = 0;
  // One line for --help.
  virtual std::string description() const = 0;
  // Renders `api`. Reports what the target cannot express to `diags` (as errors
  // naming the construct) instead of skipping it.
  virtual std::vector<OutputFile> Generate(const ir::Api& api, Diagnostics& diags) const = 0;
};

// A set of backends (see gen/registry.h for all of them).
using BackendList = std::vector<std::unique_ptr<Backend>>;

}  // namespace seam::gen

#endif  // SEAM_GEN_BACKEND_H_
