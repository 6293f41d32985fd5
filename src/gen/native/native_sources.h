// The C++ producer's files laid out flat under src/, as Flutter's plugin_ffi
// template and Dart build hooks expect them: sources, headers and the stub
// side by side, so relative includes resolve without include paths. Shared by
// the flutter-plugin target and the Dart target's native-assets mode.
#ifndef SEAM_GEN_NATIVE_NATIVE_SOURCES_H_
#define SEAM_GEN_NATIVE_NATIVE_SOURCES_H_

#include <string>
#include <string_view>
#include <vector>

#include "gen/backend.h"

namespace seam::gen {

struct NativeSources {
  std::vector<OutputFile> files;     // paths under src/
  std::vector<std::string> sources;  // generated .cc files in src/ (not the stub), glue first
  std::string stub;                  // "<lib>_stub.cc"
  std::string c_header;              // "<prefix>.h"
  std::string prefix;                // the C symbols' prefix
  std::string crate;                 // RustCrate: the crate's name (lib<crate>.so, <crate>.dll)
};

// `api` with generators.<target>.<key> set to the string `text`.
ir::Api WithSetting(const ir::Api& api, std::string_view target, std::string_view key, const std::string& text);

// `api` with the Dart package and library name and the C++ producer's
// library all set to `name`, so the bindings load what the sources build.
ir::Api WithLibraryName(const ir::Api& api, const std::string& name);

// The C++ producer of `in` (already renamed) under src/.
NativeSources FlatCppProducer(const Input& in, Diagnostics& diags);

// The Rust producer of `api` (already renamed) as a crate under `dir`/, with
// keep_implementation set: `dir`/src/implementation.rs is the author's and
// the crate builds src/stub.rs until it exists. `sources` lists nothing;
// `c_header` and `prefix` are as for the C++ producer.
NativeSources RustCrate(const ir::Api& api, const std::string& dir, Diagnostics& diags);

// The linker version script's text that exports only the C ABI (`prefix`_*
// and the weaveffi_* runtime), as a CMake string literal's contents.
std::string ExportsScriptCMakeString(const std::string& prefix);

// The same for Apple's linker: "-exported_symbol,_weaveffi_*" per pattern,
// each after `flag_prefix` ("-Wl," on a command line, "LINKER:" in CMake),
// space-separated.
std::string AppleExportFlags(const std::string& prefix, const std::string& flag_prefix);

}  // namespace seam::gen

#endif  // SEAM_GEN_NATIVE_NATIVE_SOURCES_H_
