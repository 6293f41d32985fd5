// `--target c`: the C header of the ABI contract, `{prefix}.h`, declaring the
// same symbols with the same C types as WeaveFFI v0.17 (reference §3).
#ifndef SEAM_GEN_C_C_BACKEND_H_
#define SEAM_GEN_C_C_BACKEND_H_

#include <string>

#include "abi/model.h"
#include "gen/backend.h"

namespace seam::gen {

// The header text for a lowered API.
std::string RenderCHeader(const abi::Model& model);

class CBackend : public Backend {
 public:
  std::string name() const override { return "c"; }
  std::string description() const override { return "C header of the ABI contract ({prefix}.h)"; }
  std::vector<OutputFile> Render(const Input& in, Diagnostics& diags) const override;
};

}  // namespace seam::gen

#endif  // SEAM_GEN_C_C_BACKEND_H_
