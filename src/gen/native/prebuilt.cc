// Reading and checking generators.<target>.prebuilt.
#include "gen/native/prebuilt.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "base/code_writer.h"
#include "gen/c_family.h"

namespace seam::gen {
namespace {

struct Platform {
  const char* name;
  const char* os;
  const char* arch;
};

// Every platform a Dart or Flutter app builds native code for, named as
// package:code_assets names the OS and architecture.
constexpr Platform kPlatforms[] = {
    {"android-arm", "android", "arm"},
    {"android-arm64", "android", "arm64"},
    {"android-ia32", "android", "ia32"},
    {"android-x64", "android", "x64"},
    {"ios-arm64", "ios", "arm64"},
    {"ios-arm64-simulator", "ios", "arm64"},
    {"ios-x64-simulator", "ios", "x64"},
    {"linux-arm", "linux", "arm"},
    {"linux-arm64", "linux", "arm64"},
    {"linux-ia32", "linux", "ia32"},
    {"linux-riscv64", "linux", "riscv64"},
    {"linux-x64", "linux", "x64"},
    {"macos-arm64", "macos", "arm64"},
    {"macos-x64", "macos", "x64"},
    {"windows-arm64", "windows", "arm64"},
    {"windows-ia32", "windows", "ia32"},
    {"windows-x64", "windows", "x64"},
};

std::string PlatformList() {
  std::string out;
  for (const Platform& p : kPlatforms) {
    if (!out.empty()) out += ", ";
    out += p.name;
  }
  return out;
}

}  // namespace

std::vector<PrebuiltLibrary> PrebuiltLibraries(const ir::Api& api, const std::string& target,
                                               const std::string& lib, bool static_apple, Diagnostics& diags) {
  std::vector<PrebuiltLibrary> out;
  const ir::Value* v = SettingValue(api, target, "prebuilt");
  if (!v) return out;
  std::string setting = "generators." + target + ".prebuilt";
  if (v->kind != ir::Value::Kind::kMap) {
    diags.Error(v->loc, "PrebuiltSetting",
                fmt::format("{} maps platforms to the SHA-256 of their library, e.g. {{ linux-x64: <64 hex "
                            "digits> }}",
                            setting));
    return out;
  }
  for (const ir::ValueEntry& e : v->entries) {
    const Platform* p = std::find_if(std::begin(kPlatforms), std::end(kPlatforms),
                                     [&](const Platform& q) { return e.key == q.name; });
    if (p == std::end(kPlatforms)) {
      diags.Error(e.value.loc, "PrebuiltPlatform",
                  fmt::format("{}: '{}' is not a platform; use one of {}", setting, e.key, PlatformList()));
      continue;
    }
    std::string os = p->os;
    // An unquoted digest of digits only reads as a number: its spelling counts.
    bool scalar = e.value.kind != ir::Value::Kind::kList && e.value.kind != ir::Value::Kind::kMap;
    std::string digest = scalar ? e.value.text : "";
    std::transform(digest.begin(), digest.end(), digest.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    bool hex = digest.size() == 64 && std::all_of(digest.begin(), digest.end(), [](unsigned char ch) {
                 return std::isdigit(ch) || (ch >= 'a' && ch <= 'f');
               });
    if (!hex) {
      diags.Error(e.value.loc, "PrebuiltDigest",
                  fmt::format("{}.{}: {} is not a SHA-256 digest (64 hexadecimal digits, as sha256sum prints)",
                              setting, e.key, scalar ? "'" + e.value.text + "'" : std::string("a list or mapping")));
      continue;
    }
    bool apple = os == "macos" || os == "ios";
    std::string file = os == "windows" ? lib + ".dll"
                       : apple         ? "lib" + lib + (static_apple ? ".a" : ".dylib")
                                       : "lib" + lib + ".so";
    out.push_back({p->name, os, p->arch, file, digest});
  }
  std::sort(out.begin(), out.end(),
            [](const PrebuiltLibrary& a, const PrebuiltLibrary& b) { return a.platform < b.platform; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const PrebuiltLibrary& a, const PrebuiltLibrary& b) { return a.platform == b.platform; }),
            out.end());
  return out;
}

std::string PrebuiltReadme(const std::string& target, const std::string& idl,
                           const std::vector<PrebuiltLibrary>& prebuilt) {
  if (prebuilt.empty()) return "";
  CodeWriter w('@');
  w.Emit(R"md(

    ## Prebuilt libraries

    These platforms bundle a library built elsewhere instead of compiling it
    (`generators.@target@.prebuilt` in `@idl@`), so an app builds for them with
    no C++ or Rust toolchain. Each build checks the file against its SHA-256
    first and fails, naming both digests, if it is missing or differs; the
    other platforms build from source as described above.

    | File | SHA-256 |
    |---|---|
    @list@

    Put each file in place before publishing (`sha256sum prebuilt/*/*` prints
    the digests to record in the IDL). A prebuilt library must be built from
    the same IDL as this package: the bindings check its contract symbol when
    they load it and name a mismatch.@apple@
  )md",
         {{"apple", target == "flutter-plugin" && std::any_of(prebuilt.begin(), prebuilt.end(),
                                                               [](const PrebuiltLibrary& l) {
                                                                 return l.os == "ios" || l.os == "macos";
                                                               })
                        ? "\n\nOn iOS and macOS the libraries are static (`libNAME.a`, one per platform\n"
                          "and architecture, simulator apart), combined by the podspec's script phase\n"
                          "(`prebuilt.sh`) and force-loaded through CocoaPods; such a platform has no\n"
                          "Swift package (Swift Package Manager pins only remote binaries by checksum),\n"
                          "so an app on Swift Package Manager builds the plugin through CocoaPods."
                        : ""},
          {"target", target},
          {"idl", idl},
          {"list", CodeWriter::Callback([&] {
             for (const PrebuiltLibrary& l : prebuilt) w.Line(fmt::format("| `{}` | `{}` |", l.Path(), l.sha256));
           })}});
  return w.Take();
}

std::string AndroidAbi(const std::string& arch) {
  if (arch == "arm") return "armeabi-v7a";
  if (arch == "arm64") return "arm64-v8a";
  if (arch == "ia32") return "x86";
  return "x86_64";
}

}  // namespace seam::gen
