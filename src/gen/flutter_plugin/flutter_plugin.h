// `--target flutter-plugin`: a Flutter FFI plugin package around the C++
// producer, laid out like Flutter's `plugin_ffi` template: the Dart bindings
// in lib/, the producer's sources and their CMakeLists.txt in src/, and the
// per-platform build files (CMake for Android, Linux and Windows; CocoaPods
// podspecs whose Classes/ forward to src/ for iOS and macOS), plus an example
// app. The plugin, its Dart package and its native library share one name.
#ifndef SEAM_GEN_FLUTTER_PLUGIN_FLUTTER_PLUGIN_H_
#define SEAM_GEN_FLUTTER_PLUGIN_FLUTTER_PLUGIN_H_

#include "gen/backend.h"

namespace seam::gen {

class FlutterPluginBackend : public Backend {
 public:
  std::string name() const override { return "flutter-plugin"; }
  std::string description() const override {
    return "Flutter FFI plugin: Dart bindings and the C++ producer, built by each platform's tool";
  }
  std::vector<std::string> embeds() const override { return {"dart", "cpp-producer"}; }
  std::vector<OutputFile> Render(const Input& in, Diagnostics& diags) const override;
};

}  // namespace seam::gen

#endif  // SEAM_GEN_FLUTTER_PLUGIN_FLUTTER_PLUGIN_H_
