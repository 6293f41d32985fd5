#include "test_util.h"

#include <fmt/format.h>

#include "ir/builder.h"
#include "ir/validate.h"

namespace seam::testing {

std::vector<std::string> Run::Codes() const {
  std::vector<std::string> out;
  for (const Diagnostic& d : Sorted()) {
    out.push_back(fmt::format("{}@{}:{}", d.code, d.loc.line, d.loc.column));
  }
  return out;
}

std::unique_ptr<Run> RunFrontEnd(const std::string& text, IdlFormat format) {
  auto run = std::make_unique<Run>();
  const char* ext = format == IdlFormat::kYaml ? "yml" : format == IdlFormat::kJson ? "json" : "toml";
  uint32_t id = run->sources.Add(fmt::format("test.{}", ext), text);
  run->diags = std::make_unique<Diagnostics>(run->sources);
  if (!ParseDocument(format, *run->sources.Get(id), id, run->doc, *run->diags)) return run;
  run->api = ir::BuildApi(run->doc, *run->diags);
  if (run->api) ir::Validate(*run->api, *run->diags);
  return run;
}

}  // namespace seam::testing
