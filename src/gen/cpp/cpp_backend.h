// `--target cpp`: C++17 consumer bindings over the C ABI. One header,
// DIR/cpp/<prefix>.hpp (or generators.cpp.header_name), used with the C
// header: `-I DIR/c -I DIR/cpp`. Records are value types, enums `enum class`,
// interfaces move-only RAII classes, error domains exception classes (one per
// code) under `<ns>::Error`; the namespace is generators.cpp.namespace, else
// the C prefix, else (at the default prefix) the library's name, with one
// nested namespace per module.
#ifndef SEAM_GEN_CPP_CPP_BACKEND_H_
#define SEAM_GEN_CPP_CPP_BACKEND_H_

#include "gen/backend.h"

namespace seam::gen {

class CppBackend : public Backend {
 public:
  std::string name() const override { return "cpp"; }
  std::string description() const override {
    return "C++17 consumer header over the C ABI (with the c target: -I DIR/c -I DIR/cpp)";
  }
  std::vector<OutputFile> Render(const Input& in, Diagnostics& diags) const override;
};

// The root namespace of the bindings (see above).
std::string CppNamespace(const ir::Api& api);

}  // namespace seam::gen

#endif  // SEAM_GEN_CPP_CPP_BACKEND_H_
