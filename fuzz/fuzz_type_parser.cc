// libFuzzer target for the IDL type-string parser ("[Contact?]",
// "{string:i32}", "iter<T>", ...): any string ends in a type or a located
// InvalidTypeRef error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/diagnostics.h"
#include "ir/type_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  seam::SourceManager sources;
  seam::Diagnostics diags(sources);
  std::uint32_t id = sources.Add("fuzz", text);
  auto loc_at = [id, size](std::size_t offset) {
    return seam::SourceLoc{id, 1, static_cast<std::uint32_t>((offset > size ? size : offset) + 1)};
  };
  auto type = seam::ir::ParseTypeRef(text, loc_at, diags);
  if (!type && !diags.has_errors()) __builtin_trap();  // a failure must say why
  (void)diags.RenderText();
  return 0;
}
