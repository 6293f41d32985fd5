// libFuzzer target for one IDL format (SEAM_FUZZ_FORMAT: 0 YAML, 1 JSON,
// 2 TOML): read the input, build the IR and validate it; when it is valid,
// render every target too. Any input must end in diagnostics, never in a
// crash, a hang, a leak or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/diagnostics.h"
#include "gen/registry.h"
#include "idl/reader.h"
#include "ir/builder.h"
#include "ir/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const seam::gen::BackendList backends = seam::gen::AllBackends();
  constexpr auto kFormat = static_cast<seam::IdlFormat>(SEAM_FUZZ_FORMAT);
  seam::SourceManager sources;
  seam::Diagnostics diags(sources);
  std::uint32_t id = sources.Add("fuzz", std::string(reinterpret_cast<const char*>(data), size));
  seam::Document doc;
  if (!seam::ParseDocument(kFormat, *sources.Get(id), id, doc, diags)) return 0;
  auto api = seam::ir::BuildApi(doc, diags);
  if (!api) return 0;
  seam::ir::Validate(*api, diags);
  // Rendering exercises the messages and locations of every diagnostic.
  (void)diags.RenderText();
  if (diags.has_errors()) return 0;
  for (const auto& backend : backends) (void)backend->Generate(*api, diags);
  return 0;
}
