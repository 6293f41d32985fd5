// `--target dart`: a Dart package over dart:ffi (only `dart:` libraries):
// pubspec.yaml, README.md and lib/<package>.dart.
#ifndef SEAM_GEN_DART_DART_BACKEND_H_
#define SEAM_GEN_DART_DART_BACKEND_H_

#include <string>
#include <string_view>
#include <vector>

#include "gen/backend.h"

namespace seam::gen {

// Whether `name` can name a pub package (and a Flutter plugin): lowercase
// letters, digits and underscores, not starting with a digit, not a word the
// generated Dart reserves.
bool IsDartPackageName(std::string_view name);

// The name of the Dart package the dart target renders for `api`.
std::string DartPackageName(const ir::Api& api);

class DartBackend : public Backend {
 public:
  std::string name() const override { return "dart"; }
  std::string description() const override { return "Dart package over dart:ffi (pubspec.yaml, lib/)"; }
  // With generators.dart.native_assets.
  std::vector<std::string> embeds() const override { return {"cpp-producer"}; }
  std::vector<OutputFile> Render(const Input& in, Diagnostics& diags) const override;
};

}  // namespace seam::gen

#endif  // SEAM_GEN_DART_DART_BACKEND_H_
