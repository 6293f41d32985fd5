#include "gen/native/native_sources.h"

#include <algorithm>
#include <utility>

#include "gen/cpp_producer/cpp_producer.h"
#include "gen/rust_producer/rust_producer.h"

namespace seam::gen {

namespace {

// Sets generators.<target>.<key> of `api` to `value`.
void SetValue(ir::Api& api, std::string_view target, std::string_view key, const ir::Value& value) {
  auto it = std::find_if(api.generators.begin(), api.generators.end(),
                         [&](const ir::GeneratorConfig& g) { return g.target == target; });
  if (it == api.generators.end()) {
    api.generators.push_back(ir::GeneratorConfig{std::string(target), {}, {}});
    it = api.generators.end() - 1;
  }
  std::erase_if(it->settings, [&](const auto& s) { return s.first == key; });
  it->settings.emplace_back(std::string(key), value);
}

void SetSetting(ir::Api& api, std::string_view target, std::string_view key, const std::string& text) {
  ir::Value value;
  value.kind = ir::Value::Kind::kString;
  value.text = text;
  SetValue(api, target, key, value);
}

}  // namespace

ir::Api WithSetting(const ir::Api& api, std::string_view target, std::string_view key, const std::string& text) {
  ir::Api copy = api;
  SetSetting(copy, target, key, text);
  return copy;
}

ir::Api WithLibraryName(const ir::Api& api, const std::string& name) {
  ir::Api copy = api;
  SetSetting(copy, "dart", "package_name", name);
  SetSetting(copy, "dart", "library_name", name);
  SetSetting(copy, "cpp-producer", "library_name", name);
  SetSetting(copy, "rust-producer", "library_name", name);
  return copy;
}

NativeSources RustCrate(const ir::Api& api, const std::string& dir, Diagnostics& diags) {
  ir::Api keep = api;
  ir::Value yes;
  yes.kind = ir::Value::Kind::kBool;
  yes.bool_value = true;
  SetValue(keep, "rust-producer", "keep_implementation", yes);
  Input in(keep);
  NativeSources out;
  for (OutputFile& f : RustProducerBackend().Render(in, diags)) {
    if (f.path.starts_with("include/") && f.path.ends_with(".h")) {
      out.c_header = f.path.substr(8);
      out.prefix = out.c_header.substr(0, out.c_header.size() - 2);
    }
    if (f.path == "Cargo.toml") {
      size_t at = f.contents.find("\nname = \"");
      if (at != std::string::npos) out.crate = f.contents.substr(at + 9, f.contents.find('"', at + 9) - at - 9);
    }
    out.files.push_back({dir + "/" + f.path, std::move(f.contents)});
  }
  out.stub = "stub.rs";
  return out;
}

NativeSources FlatCppProducer(const Input& in, Diagnostics& diags) {
  NativeSources out;
  for (OutputFile& f : CppProducerBackend().Render(in, diags)) {
    std::string path = f.path;
    if (path.starts_with("include/")) {
      path = "src/" + path.substr(8);
      if (path.ends_with(".h")) {
        out.c_header = path.substr(4);
        out.prefix = out.c_header.substr(0, out.c_header.size() - 2);
      }
    } else if (path.starts_with("src/")) {
      std::string name = path.substr(4);
      if (name.ends_with("_stub.cc")) {
        out.stub = name;
      } else {
        out.sources.push_back(name);
      }
    } else {
      continue;  // the producer's own CMakeLists.txt and README
    }
    out.files.push_back({path, std::move(f.contents)});
  }
  std::sort(out.sources.begin(), out.sources.end(), [](const std::string& a, const std::string& b) {
    return std::make_pair(a.starts_with("seam_"), a) < std::make_pair(b.starts_with("seam_"), b);
  });
  return out;
}

std::vector<std::string> ExportedPatterns(const std::string& prefix) {
  if (prefix == "weaveffi") return {"weaveffi_*"};
  return {"weaveffi_*", prefix + "_*"};
}

std::string ExportsScriptCMakeString(const std::string& prefix) {
  std::string text = "{\\n  global:\\n";
  for (const std::string& p : ExportedPatterns(prefix)) text += "    " + p + ";\\n";
  return text + "  local:\\n    *;\\n};\\n";
}

std::string AppleExportFlags(const std::string& prefix, const std::string& flag_prefix) {
  std::string flags;
  for (const std::string& p : ExportedPatterns(prefix)) {
    flags += (flags.empty() ? "" : " ") + flag_prefix + "-exported_symbol,_" + p;
  }
  return flags;
}

}  // namespace seam::gen
