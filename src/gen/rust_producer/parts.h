// Internal: what the Rust producer's renderers share.
#ifndef SEAM_GEN_RUST_PRODUCER_PARTS_H_
#define SEAM_GEN_RUST_PRODUCER_PARTS_H_

#include <optional>
#include <string>
#include <string_view>

#include "abi/model.h"
#include "base/code_writer.h"
#include "base/diagnostics.h"
#include "gen/rust_producer/rust_names.h"

namespace seam::gen::rust {

struct Context {
  const ir::Api& api;
  const abi::Model& model;
  abi::Lowering lowering;
  Names names;
  std::string lib;       // crate and library name, e.g. "kvstore"
  std::string c_header;  // "{prefix}.h"
  const std::string& contract;  // abi::ContractText of the model
};

// A Rust string literal (with quotes) for arbitrary UTF-8 text.
std::string RustString(std::string_view text);
// `///` (or `//!` with `inner`) lines for a doc text; nothing when absent.
void WriteDoc(CodeWriter& w, const std::optional<std::string>& doc, bool inner = false);
// The two-line `//` prelude of every generated Rust file.
void WriteRustPrelude(CodeWriter& w, const ir::Api& api);

// generators.rust-producer.keep_implementation: src/implementation.rs is the
// author's (never written by seam; the crate builds src/stub.rs until it
// exists), as the C++ producer's <lib>_impl.cc is.
bool KeepsImplementation(const ir::Api& api);

// Reports what Rust cannot express (recursive value types, optional enum
// elements, mutable parameters without a writable view).
void CheckExpressible(const Context& ctx, Diagnostics& diags);

std::string RenderApi(const Context& ctx);
std::string RenderImplementation(const Context& ctx);
std::string RenderGlue(const Context& ctx);

}  // namespace seam::gen::rust

#endif  // SEAM_GEN_RUST_PRODUCER_PARTS_H_
