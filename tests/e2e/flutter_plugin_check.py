"""Checks that a generated Flutter plugin follows the conventions of Flutter's
plugin_ffi template (`flutter create --template=plugin_ffi`).

Usage: flutter_plugin_check.py PLUGIN_DIR NAME
Prints one line per problem and exits 1 if there is any.
"""

import re
import sys
from pathlib import Path

import yaml

PLATFORMS = ("android", "ios", "linux", "macos", "windows")


def check_cpp(root: Path, name: str, text, need) -> None:
    """The C++ producer: sources in src/, podspecs and Swift packages forwarding to them."""
    # Native sources and their CMake project in src/.
    src_cmake = text("src/CMakeLists.txt")
    need(re.search(rf"add_library\({name} SHARED", src_cmake) is not None,
         "src/CMakeLists.txt: no add_library(<name> SHARED ...)")
    need("max-page-size=16384" in src_cmake, "src/CMakeLists.txt: no 16 KB page alignment for Android")
    need('OUTPUT_NAME "' + name + '"' in src_cmake, "src/CMakeLists.txt: OUTPUT_NAME is not the plugin name")
    need("CXX_VISIBILITY_PRESET hidden" in src_cmake, "src/CMakeLists.txt: symbols are not hidden by default")
    sources = sorted(p.name for p in (root / "src").glob("*.cc"))
    for s in sources:
        need(f'"{s}"' in src_cmake or s.endswith(("_stub.cc", "_impl.cc")),
             f"src/CMakeLists.txt does not build src/{s}")

    # Linux and Windows: the runner adds the directory and bundles <name>_bundled_libraries.
    for p in ("linux", "windows"):
        c = text(f"{p}/CMakeLists.txt")
        need('add_subdirectory("${CMAKE_CURRENT_SOURCE_DIR}/../src"' in c,
             f"{p}/CMakeLists.txt does not add ../src")
        need(re.search(rf"set\({name}_bundled_libraries\s+\$<TARGET_FILE:{name}>\s+PARENT_SCOPE\)", c) is not None,
             f"{p}/CMakeLists.txt does not set {name}_bundled_libraries")

    # Android: Gradle hands the build to src/CMakeLists.txt.
    gradle = text("android/build.gradle")
    need('path = "../src/CMakeLists.txt"' in gradle, "android/build.gradle does not build ../src/CMakeLists.txt")
    need("com.android.library" in gradle, "android/build.gradle is not an Android library")
    need(re.search(r"namespace\s*=", gradle) is not None, "android/build.gradle has no namespace")
    text("android/settings.gradle")
    text("android/src/main/AndroidManifest.xml")

    # iOS and macOS: podspecs whose Classes/ forward to ../src.
    for p, dep in (("ios", "Flutter"), ("macos", "FlutterMacOS")):
        spec = text(f"{p}/{name}.podspec")
        need(f"s.name             = '{name}'" in spec, f"{p}/{name}.podspec: s.name is not {name!r}")
        need("s.source_files     = 'Classes/**/*'" in spec, f"{p}/{name}.podspec: source_files is not Classes/**/*")
        need(f"s.dependency '{dep}'" in spec, f"{p}/{name}.podspec: no dependency on {dep}")
        need("s.license          = { :file => '../LICENSE' }" in spec and (root / "LICENSE").is_file(),
             f"{p}/{name}.podspec: license file ../LICENSE")
        classes = sorted(q.name for q in (root / p / "Classes").glob("*"))
        expected = sorted({s for s in sources if not s.endswith("_stub.cc")} | {f"{name}_impl.cc"})
        need(classes == expected, f"{p}/Classes has {classes}, expected {expected}")
        for c in classes:
            body = (root / p / "Classes" / c).read_text()
            targets = re.findall(r'#include "\.\./\.\./src/([^"]+)"', body)
            need(bool(targets), f"{p}/Classes/{c} does not forward to ../../src")
            for t in targets:
                need((root / "src" / t).is_file() or t == f"{name}_impl.cc",
                     f"{p}/Classes/{c} forwards to a missing src/{t}")

    # iOS and macOS under Swift Package Manager: <platform>/<name>/Package.swift
    # (Flutter's layout: product <name> with dashes, target <name> whose
    # sources are in Sources/<name>/), forwarding to ../../../../src like
    # Classes/ does, built with C++20 and the C ABI marked exported and used.
    for p, platform in (("ios", '.iOS("12.0")'), ("macos", '.macOS("10.14")')):
        swift = text(f"{p}/{name}/Package.swift")
        tools = re.match(r"// swift-tools-version: ?(\d+)\.(\d+)", swift)
        need(tools is not None and (int(tools[1]), int(tools[2])) >= (5, 9),
             f"{p}/{name}/Package.swift: swift-tools-version is not 5.9 or later (Flutter needs 5.9)")
        need(re.search(rf'Package\(\s*name: "{name}"', swift) is not None,
             f"{p}/{name}/Package.swift: the package is not named {name!r}")
        product = name.replace("_", "-")
        need(f'.library(name: "{product}", targets: ["{name}"])' in swift,
             f"{p}/{name}/Package.swift: no library product {product!r} of target {name!r}")
        need(re.search(rf'\.target\(\s*name: "{name}"', swift) is not None,
             f"{p}/{name}/Package.swift: no target {name!r}")
        need(platform in swift, f"{p}/{name}/Package.swift: platforms do not include {platform}")
        need("cxxLanguageStandard: .cxx20" in swift, f"{p}/{name}/Package.swift: not C++20")
        need(re.search(r'\.define\("[A-Z0-9_]+_BUILD"\)', swift) is not None,
             f"{p}/{name}/Package.swift: the C ABI is not built as exported (<P>_BUILD)")
        need("unsafeFlags" not in swift, f"{p}/{name}/Package.swift: unsafeFlags are refused for dependencies")
        src_dir = root / p / name / "Sources" / name
        found = sorted(q.name for q in src_dir.glob("*")) if src_dir.is_dir() else []
        expected = sorted({s for s in sources if not s.endswith("_stub.cc")} | {f"{name}_impl.cc"})
        need(found == expected, f"{p}/{name}/Sources/{name} has {found}, expected {expected}")
        for c in found:
            body = (src_dir / c).read_text()
            targets = re.findall(r'#include "\.\./\.\./\.\./\.\./src/([^"]+)"', body)
            need(bool(targets), f"{p}/{name}/Sources/{name}/{c} does not forward to ../../../../src")
            for t in targets:
                need((root / "src" / t).is_file() or t == f"{name}_impl.cc",
                     f"{p}/{name}/Sources/{name}/{c} forwards to a missing src/{t}")



def check_rust(root: Path, name: str, text, need) -> None:
    """The Rust producer: the crate in rust/, built by cargo from each platform's build."""
    cargo = text("rust/Cargo.toml")
    need(re.search(r'crate-type = \[[^]]*"cdylib"[^]]*"staticlib"', cargo) is not None,
         "rust/Cargo.toml: the crate is not both a cdylib and a staticlib")
    for f in ("build.rs", "src/lib.rs", "src/api.rs", "src/glue.rs", "src/seam.rs", "src/stub.rs", "build_apple.sh"):
        text(f"rust/{f}")
    lib = text("rust/src/lib.rs")
    need('#[cfg_attr(seam_implementation, path = "implementation.rs")]' in lib and
         '#[cfg_attr(not(seam_implementation), path = "stub.rs")]' in lib,
         "rust/src/lib.rs does not build src/implementation.rs once it exists, src/stub.rs until then")
    cmake = text("rust/CMakeLists.txt")
    need(re.search(rf"add_custom_target\({name}_cargo ALL", cmake) is not None, "rust/CMakeLists.txt does not run cargo")
    need(re.search(rf"add_library\({name} SHARED IMPORTED GLOBAL\)", cmake) is not None,
         f"rust/CMakeLists.txt has no imported library {name!r} for the runner to bundle")
    need("rustup target add" in cmake, "rust/CMakeLists.txt does not name the missing Rust target")

    for p in ("linux", "windows"):
        c = text(f"{p}/CMakeLists.txt")
        need('add_subdirectory("${CMAKE_CURRENT_SOURCE_DIR}/../rust"' in c, f"{p}/CMakeLists.txt does not add ../rust")
        need(re.search(rf"set\({name}_bundled_libraries\s+\$<TARGET_FILE:{name}>\s+PARENT_SCOPE\)", c) is not None,
             f"{p}/CMakeLists.txt does not set {name}_bundled_libraries")

    gradle = text("android/build.gradle")
    need("com.android.library" in gradle, "android/build.gradle is not an Android library")
    need(re.search(r"namespace\s*=", gradle) is not None, "android/build.gradle has no namespace")
    need('"cargo", "build"' in gradle and "max-page-size=16384" in gradle and "jniLibs" in gradle,
         "android/build.gradle does not build with cargo into jniLibs with 16 KB pages")
    need("android.ndkDirectory" in gradle, "android/build.gradle does not link with the NDK")
    text("android/settings.gradle")
    text("android/src/main/AndroidManifest.xml")

    for p, dep in (("ios", "Flutter"), ("macos", "FlutterMacOS")):
        spec = text(f"{p}/{name}.podspec")
        need(f"s.name             = '{name}'" in spec, f"{p}/{name}.podspec: s.name is not {name!r}")
        need(f"s.dependency '{dep}'" in spec, f"{p}/{name}.podspec: no dependency on {dep}")
        need("s.script_phase" in spec and "build_apple.sh" in spec and ":before_compile" in spec,
             f"{p}/{name}.podspec: no script phase running ../rust/build_apple.sh before compiling")
        need("-force_load" in spec, f"{p}/{name}.podspec: the Rust static library is not force-loaded")
        classes = sorted(q.name for q in (root / p / "Classes").glob("*"))
        need(classes == [f"{name}.c"], f"{p}/Classes has {classes}, expected [{name}.c]")
        need(not (root / p / name / "Package.swift").exists(),
             f"{p}/{name}/Package.swift: a Rust plugin is built through CocoaPods")


def check(root: Path, name: str) -> list[str]:
    problems: list[str] = []

    def need(cond: bool, what: str) -> None:
        if not cond:
            problems.append(what)

    def text(rel: str) -> str:
        path = root / rel
        if not path.is_file():
            problems.append(f"missing {rel}")
            return ""
        return path.read_text()

    pubspec = yaml.safe_load(text("pubspec.yaml") or "{}")
    need(pubspec.get("name") == name, f"pubspec.yaml: name is {pubspec.get('name')!r}, not {name!r}")
    need(re.fullmatch(r"[a-z][a-z0-9_]*", name) is not None, f"{name!r} is not a valid package name")
    need(pubspec.get("dependencies", {}).get("flutter") == {"sdk": "flutter"},
         "pubspec.yaml: dependencies.flutter must be the Flutter SDK")
    platforms = (pubspec.get("flutter") or {}).get("plugin", {}).get("platforms", {})
    for p in PLATFORMS:
        need((platforms.get(p) or {}).get("ffiPlugin") is True, f"pubspec.yaml: {p} is not an ffiPlugin")
        need(set((platforms.get(p) or {})) == {"ffiPlugin"},
             f"pubspec.yaml: {p} has more than ffiPlugin (an FFI plugin has no platform channel class)")
    need("sdk" in pubspec.get("environment", {}) and "flutter" in pubspec.get("environment", {}),
         "pubspec.yaml: environment needs sdk and flutter constraints")

    # Dart: lib/<name>.dart, using only dart: libraries.
    dart = text(f"lib/{name}.dart")
    for imp in re.findall(r"^import '([^']+)'", dart, re.M):
        need(imp.startswith("dart:"), f"lib/{name}.dart imports {imp}")

    rust = (root / "rust" / "Cargo.toml").is_file()
    if rust:
        check_rust(root, name, text, need)
    else:
        check_cpp(root, name, text, need)

    # The example app depends on the plugin by path.
    example = yaml.safe_load(text("example/pubspec.yaml") or "{}")
    need((example.get("dependencies") or {}).get(name) == {"path": "../"},
         "example/pubspec.yaml does not depend on the plugin by path")
    need(f"import 'package:{name}/{name}.dart'" in text("example/lib/main.dart"),
         "example/lib/main.dart does not import the plugin")
    for f in ("README.md", "CHANGELOG.md", "example/README.md"):
        text(f)

    # Nothing outside the template's layout.
    top = {p.name for p in root.iterdir()}
    allowed = {"pubspec.yaml", "README.md", "CHANGELOG.md", "LICENSE", "lib", "rust" if rust else "src", "example",
               *PLATFORMS}
    need(top <= allowed, f"unexpected top-level entries: {sorted(top - allowed)}")
    return problems


def main() -> int:
    root, name = Path(sys.argv[1]), sys.argv[2]
    problems = check(root, name)
    for p in problems:
        print(f"{root}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
