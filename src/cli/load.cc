// Read -> build -> validate.
#include "cli/load.h"

#include "idl/reader.h"
#include "ir/builder.h"
#include "ir/validate.h"

namespace seam {

std::optional<ir::Api> LoadApi(const std::string& path, SourceManager& sources,
                               Diagnostics& diags) {
  Document doc;
  if (!ReadIdlFile(path, sources, doc, diags)) return std::nullopt;
  std::optional<ir::Api> api = ir::BuildApi(doc, diags);
  if (!api) return std::nullopt;
  api->idl_path = path;
  ir::Validate(*api, diags);
  return api;
}

}  // namespace seam
