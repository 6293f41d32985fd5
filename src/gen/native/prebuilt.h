// generators.<target>.prebuilt: native libraries built elsewhere and shipped
// inside the package, one per platform under prebuilt/<platform>/, each
// pinned by its SHA-256 in the IDL. The package's builds (the Flutter
// plugin's CMake and Gradle files, the Dart package's hook) check the file
// against the digest and bundle it instead of compiling the producer, so an
// app builds on machines with no C++ or Rust toolchain; a missing or
// different file fails the build with both digests.
#ifndef SEAM_GEN_NATIVE_PREBUILT_H_
#define SEAM_GEN_NATIVE_PREBUILT_H_

#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "ir/ir.h"

namespace seam::gen {

struct PrebuiltLibrary {
  std::string platform;  // "linux-x64": Dart's OS and Architecture names
  std::string os;        // "linux"
  std::string arch;      // "x64"
  std::string file;      // the library's file name: libNAME.so, NAME.dll, libNAME.dylib
  std::string sha256;    // 64 lowercase hex digits
  std::string Path() const { return "prebuilt/" + platform + "/" + file; }
};

// The prebuilt libraries generators.<target>.prebuilt lists for the library
// `lib`, in platform order; errors (located on the setting) for a value that
// is not a map of platform to digest, an unknown platform or a digest that is
// not SHA-256. With `static_apple` (the Flutter plugin, which links its
// library statically on iOS and macOS) the iOS and macOS libraries are static
// (libNAME.a), else shared (libNAME.dylib).
std::vector<PrebuiltLibrary> PrebuiltLibraries(const ir::Api& api, const std::string& target,
                                               const std::string& lib, bool static_apple, Diagnostics& diags);

// The README section on generators.<target>.prebuilt (empty without any):
// what the package's builds do with the files, and the files and digests.
std::string PrebuiltReadme(const std::string& target, const std::string& idl,
                           const std::vector<PrebuiltLibrary>& prebuilt);

// The Android ABI directory of a Dart architecture name ("arm64" -> "arm64-v8a").
std::string AndroidAbi(const std::string& arch);

}  // namespace seam::gen

#endif  // SEAM_GEN_NATIVE_PREBUILT_H_
