// `--target cpp-producer`: scaffolding for a native library written in C++.
// The author implements ordinary C++ declarations (include/<lib>.hpp); the
// generated glue (src/<lib>_glue.cc) exports every symbol of the C header,
// marshals values per the ownership rules and turns exceptions into error
// codes. A stub (src/<lib>_stub.cc) makes the fresh scaffold build and link.
#ifndef SEAM_GEN_CPP_PRODUCER_CPP_PRODUCER_H_
#define SEAM_GEN_CPP_PRODUCER_CPP_PRODUCER_H_

#include "gen/backend.h"

namespace seam::gen {

class CppProducerBackend : public Backend {
 public:
  std::string name() const override { return "cpp-producer"; }
  std::string description() const override {
    return "C++ producer: declarations to implement, extern \"C\" glue, CMake, stub";
  }
  std::vector<OutputFile> Render(const Input& in, Diagnostics& diags) const override;
};

}  // namespace seam::gen

#endif  // SEAM_GEN_CPP_PRODUCER_CPP_PRODUCER_H_
