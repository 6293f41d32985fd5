// `--target rust-producer`: scaffolding for a native library written in Rust
// (std only). The author implements ordinary Rust declarations (the traits
// and types of src/api.rs, the functions of src/implementation.rs); the
// generated glue (src/glue.rs) exports every symbol of the C header, marshals
// values per the ownership rules and turns errors and panics into error codes.
// The generated implementation is a stub, so the crate builds as generated.
#ifndef SEAM_GEN_RUST_PRODUCER_RUST_PRODUCER_H_
#define SEAM_GEN_RUST_PRODUCER_RUST_PRODUCER_H_

#include "gen/backend.h"

namespace seam::gen {

class RustProducerBackend : public Backend {
 public:
  std::string name() const override { return "rust-producer"; }
  std::string description() const override {
    return "Rust producer: a std-only crate with traits to implement, extern \"C\" glue and a stub";
  }
  std::vector<OutputFile> Render(const Input& in, Diagnostics& diags) const override;
};

}  // namespace seam::gen

#endif  // SEAM_GEN_RUST_PRODUCER_RUST_PRODUCER_H_
