// `seam validate FILE [--format json]`.
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/load.h"

namespace seam {
namespace {

struct Counts {
  size_t modules = 0, functions = 0, interfaces = 0, structs = 0, enums = 0, callbacks = 0,
         listeners = 0;
};

Counts CountApi(const ir::Api& api) {
  Counts c;
  c.modules = api.modules.size();
  for (const ir::Module& m : api.modules) {
    c.functions += m.functions.size();
    c.interfaces += m.interfaces.size();
    c.structs += m.structs.size();
    c.enums += m.enums.size();
    c.callbacks += m.callbacks.size();
    c.listeners += m.listeners.size();
  }
  return c;
}

}  // namespace

int RunValidate(const ValidateOptions& options) {
  SourceManager sources;
  Diagnostics diags(sources);
  std::optional<ir::Api> api = LoadApi(options.file, sources, diags);
  bool ok = api.has_value() && !diags.has_errors();
  if (options.format == "json") {
    nlohmann::ordered_json out;
    out["ok"] = ok;
    if (ok) {
      Counts c = CountApi(*api);
      out["modules"] = c.modules;
      out["functions"] = c.functions;
      out["interfaces"] = c.interfaces;
      out["structs"] = c.structs;
      out["enums"] = c.enums;
      out["callbacks"] = c.callbacks;
      out["listeners"] = c.listeners;
    }
    out["errors"] = diags.ToJson(Severity::kError);
    out["warnings"] = diags.ToJson(Severity::kWarning);
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return ok ? kExitOk : kExitInputErrors;
  }
  std::cerr << diags.RenderText();
  if (!ok) return kExitInputErrors;
  Counts c = CountApi(*api);
  std::cout << fmt::format(
      "{}: ok ({} modules, {} functions, {} interfaces, {} structs, {} enums, {} callbacks, {} "
      "listeners)\n",
      options.file, c.modules, c.functions, c.interfaces, c.structs, c.enums, c.callbacks,
      c.listeners);
  return kExitOk;
}

}  // namespace seam
