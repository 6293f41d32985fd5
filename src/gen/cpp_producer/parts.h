// Internal: what the C++ producer's renderers share.
#ifndef SEAM_GEN_CPP_PRODUCER_PARTS_H_
#define SEAM_GEN_CPP_PRODUCER_PARTS_H_

#include <string>

#include "abi/model.h"
#include "base/diagnostics.h"
#include "gen/cpp_producer/cpp_types.h"

namespace seam::gen::cpp {

struct Context {
  const ir::Api& api;
  const abi::Model& model;
  abi::Lowering lowering;
  Names names;
  std::string lib;       // library name, e.g. "kvstore"
  std::string guard;     // include guard of the API header
  std::string c_header;  // "{prefix}.h"
  const std::string& contract;  // abi::ContractText of the model
};

// The struct name of a rich-enum variant inside its enum's class.
std::string VariantId(const ir::Enum& e, std::string_view name);
// The class name of an error code inside its domain class.
std::string CodeId(const ir::ErrorDomain& d, const ir::ErrorCode& c);

std::string RenderApiHeader(const Context& ctx, Diagnostics& diags);
std::string RenderGlue(const Context& ctx, Diagnostics& diags);

}  // namespace seam::gen::cpp

#endif  // SEAM_GEN_CPP_PRODUCER_PARTS_H_
