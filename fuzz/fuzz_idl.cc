// libFuzzer target for one IDL format (SEAM_FUZZ_FORMAT: 0 YAML, 1 JSON,
// 2 TOML): read the input, build the IR and validate it; when it is valid,
// render every target too. Any input must end in diagnostics, never in a
// crash, a hang, a leak or undefined behaviour, and every location a
// diagnostic or its notes give must lie inside the text: on one of its lines,
// at most one column past that line's last character.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/diagnostics.h"
#include "gen/registry.h"
#include "idl/reader.h"
#include "ir/builder.h"
#include "ir/validate.h"

namespace {

// Aborts (a finding) when `loc` is known but names no file or lies outside
// its file's text.
void CheckInside(const seam::SourceManager& sources, const seam::SourceLoc& loc) {
  if (!loc.known()) return;
  const seam::SourceFile* source = sources.Get(loc.file);
  if (source == nullptr) std::abort();
  const seam::SourceFile& file = *source;
  if (loc.line > file.line_count() || loc.column == 0) std::abort();
  std::string_view line = file.Line(loc.line);
  std::uint32_t end_column = 1;
  for (char c : line) end_column += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  if (loc.column > end_column) std::abort();
}

void CheckLocations(const seam::Diagnostics& diags) {
  for (const seam::Diagnostic& d : diags.Sorted()) {
    CheckInside(diags.sources(), d.loc);
    for (const seam::DiagnosticNote& note : d.notes) CheckInside(diags.sources(), note.loc);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const seam::gen::BackendList backends = seam::gen::AllBackends();
  constexpr auto kFormat = static_cast<seam::IdlFormat>(SEAM_FUZZ_FORMAT);
  seam::SourceManager sources;
  seam::Diagnostics diags(sources);
  std::uint32_t id = sources.Add("fuzz", std::string(reinterpret_cast<const char*>(data), size));
  seam::Document doc;
  const seam::SourceFile& file = *sources.Get(id);
  if (!seam::ParseDocument(kFormat, file, id, doc, diags)) {
    CheckLocations(diags);
    return 0;
  }
  auto api = seam::ir::BuildApi(doc, diags);
  if (!api) {
    CheckLocations(diags);
    return 0;
  }
  seam::ir::Validate(*api, diags);
  // Rendering exercises the messages and locations of every diagnostic.
  (void)diags.RenderText();
  CheckLocations(diags);
  if (diags.has_errors()) return 0;
  for (const auto& backend : backends) (void)backend->Generate(*api, diags);
  return 0;
}
