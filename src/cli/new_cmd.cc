// `seam new NAME --producer cpp|rust [--flutter]`: a starter project whose
// library is written in C++ or Rust and tested from Dart, or with --flutter a
// Flutter FFI plugin of it. It builds and passes its test as created
// (tool/test.sh), and shows each kind of declaration once: plain functions, a
// typed error, a record and an interface.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "abi/symbols.h"
#include "base/code_writer.h"
#include "cli/commands.h"
#include "cli/files.h"
#include "gen/cpp_producer/cpp_types.h"
#include "gen/dart/dart_backend.h"
#include "gen/rust_producer/rust_names.h"

namespace seam {
namespace {

namespace fs = std::filesystem;

constexpr const char* kIdl = R"yaml(
  # The interface of @name@. Edit it and run tool/test.sh: seam regenerates
  # the bindings and the producer's declarations from it.
  version: "0.5.0"
  package:
    name: @name@
    version: "0.1.0"
    description: The @name@ native library.
  modules:
    - name: @name@
      errors:
        name: @Name@Error
        codes:
          - { name: EmptyName, code: 1, message: "the name is empty" }
      structs:
        - name: TextStats
          doc: What stats() counted
          fields:
            - { name: chars, type: i32, doc: Unicode code points }
            - { name: words, type: i32, doc: Runs of non-space characters }
      interfaces:
        - name: Counter
          doc: A counter that lives in native memory
          constructors:
            - name: new
              params:
                - { name: start, type: i64 }
          methods:
            - name: increment
              doc: Adds one and returns the new value
              return: i64
            - name: value
              doc: The current value
              return: i64
      functions:
        - name: add
          doc: Adds two integers, wrapping on overflow
          params:
            - { name: a, type: i32 }
            - { name: b, type: i32 }
          return: i32
        - name: greet
          doc: Greets someone by name; an empty name is an error
          params:
            - { name: name, type: string }
          return: string
          throws: true
        - name: stats
          doc: Counts the characters and words of a text
          params:
            - { name: text, type: string }
          return: TextStats
)yaml";

constexpr const char* kCppImpl = R"cc(
  // The @name@ library in plain C++. seam generates everything around it from
  // @name@.yml: the declarations in @name@.hpp and the C ABI glue.
  #include <atomic>
  #include <cstdint>
  #include <memory>
  #include <string>

  #include "@name@.hpp"

  namespace @name@ {

  std::int32_t add(std::int32_t a, std::int32_t b) {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b));
  }

  std::string greet(std::string name) {
    if (name.empty()) throw @Name@Error::EmptyName();
    return "Hello, " + name + "!";
  }

  TextStats stats(std::string text) {
    TextStats result;
    bool in_word = false;
    for (unsigned char c : text) {
      if ((c & 0xC0) != 0x80) ++result.chars;  // a UTF-8 lead byte starts a code point
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (!space && !in_word) ++result.words;
      in_word = !space;
    }
    return result;
  }

  namespace {

  class AtomicCounter final : public Counter {
   public:
    explicit AtomicCounter(std::int64_t start) : value_(start) {}
    std::int64_t increment() override { return ++value_; }
    std::int64_t value() override { return value_.load(); }

   private:
    std::atomic<std::int64_t> value_;
  };

  }  // namespace

  std::unique_ptr<Counter> Counter::new_(std::int64_t start) { return std::make_unique<AtomicCounter>(start); }

  }  // namespace @name@
)cc";

constexpr const char* kRustImpl = R"rs(
  //! The @name@ library in safe Rust. seam generates everything around it
  //! from @name@.yml; tool/test.sh puts this file into the generated crate as
  //! its src/implementation.rs.

  pub mod @name@ {
      use crate::api::@name@::*;
      use crate::seam;

      pub fn add(a: i32, b: i32) -> seam::Result<i32> {
          Ok(a.wrapping_add(b))
      }

      pub fn greet(name: String) -> seam::Result<String> {
          if name.is_empty() {
              return Err(@Name@Error::EmptyName.into());
          }
          Ok(format!("Hello, {name}!"))
      }

      pub fn stats(text: String) -> seam::Result<TextStats> {
          Ok(TextStats {
              chars: text.chars().count() as i32,
              words: text.split_whitespace().count() as i32,
          })
      }

      pub mod counter {
          use crate::api::@name@::*;
          use crate::seam;
          use std::sync::atomic::{AtomicI64, Ordering};
          use std::sync::Arc;

          struct AtomicCounter(AtomicI64);

          impl Counter for AtomicCounter {
              fn increment(&self) -> seam::Result<i64> {
                  Ok(self.0.fetch_add(1, Ordering::SeqCst) + 1)
              }

              fn value(&self) -> seam::Result<i64> {
                  Ok(self.0.load(Ordering::SeqCst))
              }
          }

          pub fn new(start: i64) -> seam::Result<Arc<dyn Counter>> {
              Ok(Arc::new(AtomicCounter(AtomicI64::new(start))))
          }
      }
  }
)rs";

constexpr const char* kDartTest = R"dart(
  // Tests of the @name@ library through its generated Dart bindings. A plain
  // program, so it needs no packages; tool/test.sh runs it.
  import 'dart:io';

  import 'package:@name@/@name@.dart';

  var _passed = 0;
  var _failed = 0;

  void check(bool ok, String what) {
    if (ok) {
      _passed++;
    } else {
      _failed++;
      stderr.writeln('FAILED: $what');
    }
  }

  void main() {
    NativeLibrary.load(); // fails here if the library is missing or stale
    check(add(2, 3) == 5, 'add');
    check(add(2147483647, 1) == -2147483648, 'add wraps');
    check(greet('Ada') == 'Hello, Ada!', 'greet');
    try {
      greet('');
      check(false, 'greet("") throws');
    } on @Name@ErrorEmptyName catch (e) {
      check(e.message == 'the name is empty', 'greet("") throws EmptyName with its message');
    }
    final s = stats('héllo, wörld');
    check(s.chars == 12 && s.words == 2, 'stats counts code points and words: $s');
    final counter = Counter(41);
    check(counter.increment() == 42, 'Counter.increment');
    check(counter.value() == 42, 'Counter.value');
    counter.dispose();
    counter.dispose(); // idempotent
    print('$_passed passed, $_failed failed');
    if (_failed > 0) exitCode = 1;
  }
)dart";

constexpr const char* kTestScript = R"sh(
  #!/usr/bin/env bash
  # Regenerates the bindings from @name@.yml, builds the @producer@ producer and
  # runs test/@name@_test.dart on the Dart VM against it.
  #   SEAM   the seam binary (default: the one that created this project, then
  #          seam on PATH)
  #   DART   the Dart VM (default: dart on PATH)
  #   CARGO  cargo, for a Rust producer (default: cargo on PATH)
  set -euo pipefail
  cd "$(dirname "$0")/.."
  seam=${SEAM:-@seam@}
  [ -x "$seam" ] || seam=seam
  dart=${DART:-dart}

  rm -rf generated
  "$seam" generate @name@.yml -o generated --target @producer@-producer,dart

  # The library must match the Dart VM's word size.
  bits=64
  case "$("$dart" --version 2>&1)" in *_ia32\"* | *_arm\"*) bits=32 ;; esac
  ext=so
  [ "$(uname)" = Darwin ] && ext=dylib
  @build@
  mkdir -p .dart_tool
  cat > .dart_tool/package_config.json <<JSON
  {"configVersion": 2, "packages": [
    {"name": "@name@", "rootUri": "../generated/dart", "packageUri": "lib/", "languageVersion": "3.3"}
  ]}
  JSON
  @NAME@_LIBRARY="$lib" "$dart" --enable-asserts --packages=.dart_tool/package_config.json test/@name@_test.dart
)sh";

constexpr const char* kCppBuild = R"sh(
  flags="-Wall -Wextra -Werror"
  [ $bits = 32 ] && flags="$flags -m32"
  cmake -S generated/cpp-producer -B build -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="$flags" \
    -D@NAME@_SOURCES="$PWD/producer/@name@_impl.cc" > /dev/null
  cmake --build build
  lib="$PWD/build/lib@name@.$ext"
)sh";

constexpr const char* kRustBuild = R"sh(
  cargo=${CARGO:-cargo}
  cp producer/@name@_impl.rs generated/rust-producer/src/implementation.rs
  target=""
  dir=debug
  if [ $bits = 32 ]; then
    case "$(uname -m)" in
      x86_64 | i?86) target=i686-unknown-linux-gnu ;;
      *) target=armv7-unknown-linux-gnueabihf ;;
    esac
    dir=$target/debug
  fi
  CARGO_TARGET_DIR="$PWD/build" "$cargo" build --offline --manifest-path generated/rust-producer/Cargo.toml \
    ${target:+--target "$target"}
  lib="$PWD/build/$dir/lib@name@.$ext"
)sh";

constexpr const char* kReadme = R"md(
  # @name@

  A native library written in @language@ and called from Dart, created by
  `seam new`. seam generates the unsafe parts (the C ABI, the glue, the Dart
  bindings) from `@name@.yml`; you write `producer/@impl@` and Dart code.

  | Path | What it is |
  |---|---|
  | `@name@.yml` | The interface: functions, a typed error, a record, an interface |
  | `producer/@impl@` | The library, in ordinary @language@ |
  | `test/@name@_test.dart` | Tests, through the generated Dart package |
  | `tool/test.sh` | Regenerates, builds, runs the tests |
  | `generated/` | What seam generates (not edited, not committed) |

  ```sh
  tool/test.sh
  ```

  It needs seam, @needs@ and a Dart SDK (`dart` on PATH, or `DART=...`).
  The library is built for the Dart VM's word size.

  Change the interface in `@name@.yml`, run `tool/test.sh`, and let the
  compiler show what to implement: @hint@

  Next steps: `seam generate @name@.yml -o out --target flutter-plugin` makes a
  Flutter plugin of the C++ producer; `--target python` and `--target cpp` add
  Python and C++ bindings for the same library.
)md";

constexpr const char* kFlutterTestScript = R"sh(
  #!/usr/bin/env bash
  # Regenerates the Flutter plugin in flutter-plugin/ from @name@.yml (your
  # implementation, flutter-plugin/@impl_path@, is never overwritten), builds
  # the plugin's Linux library the way a Flutter app's runner does (CMake adds
  # flutter-plugin/linux and bundles what it lists) and runs
  # test/@name@_test.dart on the Dart VM against that library.
  #   SEAM   the seam binary (default: the one that created this project, then
  #          seam on PATH)
  #   DART   the Dart VM (default: dart on PATH)
  #   CARGO  cargo, for a Rust producer (default: cargo on PATH or in ~/.cargo/bin)
  set -euo pipefail
  cd "$(dirname "$0")/.."
  seam=${SEAM:-@seam@}
  [ -x "$seam" ] || seam=seam
  dart=${DART:-dart}
  if [ "$(uname)" != Linux ]; then
    echo "tool/test.sh builds the plugin for Linux; on $(uname), run it in a Flutter app (flutter run)" >&2
    exit 1
  fi

  "$seam" generate @name@.yml -o . --target flutter-plugin

  # The library must match the Dart VM's word size.
  flags="@flags@"
  case "$("$dart" --version 2>&1)" in *_ia32\"* | *_arm\"*) flags="$flags -m32" ;; esac
  cargo_option=""
  @cargo@
  mkdir -p build/runner
  cat > build/runner/CMakeLists.txt <<CMAKE
  cmake_minimum_required(VERSION 3.14)
  project(runner LANGUAGES C CXX)
  add_subdirectory("$PWD/flutter-plugin/linux" plugins/@name@)
  install(FILES \${@name@_bundled_libraries} DESTINATION lib)
  CMAKE
  cmake -S build/runner -B build/runner/build -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS="$flags" \
    -DCMAKE_CXX_FLAGS="$flags" ${cargo_option:+"$cargo_option"} > /dev/null
  cmake --build build/runner/build
  cmake --install build/runner/build --prefix build/bundle > /dev/null

  mkdir -p .dart_tool
  cat > .dart_tool/package_config.json <<JSON
  {"configVersion": 2, "packages": [
    {"name": "@name@", "rootUri": "../flutter-plugin", "packageUri": "lib/", "languageVersion": "3.3"}
  ]}
  JSON
  LD_LIBRARY_PATH="$PWD/build/bundle/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    "$dart" --enable-asserts --packages=.dart_tool/package_config.json test/@name@_test.dart
)sh";

constexpr const char* kFlutterReadme = R"md(
  # @name@

  A Flutter FFI plugin whose native library is written in @language@, created
  by `seam new --flutter`. seam generates the plugin in `flutter-plugin/` (the
  C ABI, the glue, the Dart bindings, and the build files of Android, iOS,
  macOS, Linux and Windows) from `@name@.yml`; you write
  `flutter-plugin/@impl_path@` and Dart code.

  | Path | What it is |
  |---|---|
  | `@name@.yml` | The interface: functions, a typed error, a record, an interface |
  | `flutter-plugin/` | The plugin package `@name@`, regenerated from `@name@.yml` |
  | `flutter-plugin/@impl_path@` | **The library**, in ordinary @language@ (seam never overwrites it) |
  | `test/@name@_test.dart` | Tests, through the plugin's Dart API |
  | `tool/test.sh` | Regenerates, builds the plugin for Linux as a Flutter app would, runs the tests |

  ```sh
  tool/test.sh
  ```

  It needs seam, @needs@, CMake and a Dart SDK (`dart` on PATH, or
  `DART=...`); the library is built for the Dart VM's word size.

  To use the plugin in an app, add it to the app's `pubspec.yaml`:

  ```yaml
  dependencies:
    @name@:
      path: ../@name@/flutter-plugin
  ```

  and `import 'package:@name@/@name@.dart';`. `flutter run` then builds the
  library for the device. `flutter-plugin/README.md` lists what each platform
  needs installed@platforms@.

  Change the interface in `@name@.yml`, run `tool/test.sh`, and let the
  compiler show what to implement: @hint@
)md";

// Why NAME cannot name a project, or "" if it can: it becomes the package,
// the library, the module, the C++ namespace and the Rust module.
std::string NameProblem(const std::string& name) {
  if (name.empty() || name.size() > 64) return "use 1 to 64 characters";
  if (!gen::IsDartPackageName(name)) {
    return "use lowercase letters, digits and underscores, starting with a letter (it names a Dart package)";
  }
  ir::Api api;
  ir::Module module;
  module.path = {name};
  if (gen::cpp::Names(api, "").Namespace(module) != name) return "it is reserved in C or C++";
  if (gen::rust::IsRustReserved(name)) return "it is reserved in Rust";
  if (name.starts_with("weaveffi")) return "names starting with 'weaveffi' are the runtime's";
  return "";
}

// `text` as one shell word.
std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char ch : text) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::string Render(const char* tmpl, const CodeWriter::Vars& vars, char delim = '@') {
  CodeWriter w(delim);
  w.Emit(tmpl, vars);
  return w.str();
}

}  // namespace

int RunNew(const NewOptions& options, const gen::BackendList& backends) {
  const std::string& name = options.name;
  if (std::string problem = NameProblem(name); !problem.empty()) {
    std::cerr << fmt::format("seam: error: '{}' cannot name a project: {}\n", name, problem);
    return kExitUsage;
  }
  fs::path dir = options.dir.empty() ? fs::path(name) : fs::path(options.dir);
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    std::cerr << fmt::format("seam: error: '{}' already exists; choose another directory with -o\n", dir.string());
    return kExitUsage;
  }
  bool rust = options.producer == "rust";
  std::string impl = name + (rust ? "_impl.rs" : "_impl.cc");
  // In a Flutter project the implementation lives in the plugin, where its
  // platform builds compile it.
  std::string impl_path = rust ? "rust/src/implementation.rs" : "src/" + name + "_impl.cc";
  CodeWriter::Vars vars = {{"name", name},
                           {"Name", abi::UpperCamel(name)},
                           {"NAME", [&] {
                              std::string upper = name;
                              for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
                              return upper;
                            }()},
                           {"producer", options.producer},
                           {"seam", ShellQuote(options.seam_path)},
                           {"impl", impl},
                           {"language", rust ? "Rust" : "C++"},
                           {"needs", rust ? "cargo (Rust 1.86 or later)" : "CMake and a C++20 compiler"},
                           {"impl_path", impl_path},
                           {"hint", rust ? "the trait and function signatures are in `generated/rust-producer/src/api.rs` "
                                           "and `implementation.rs`."
                                         : "the declarations are in `generated/cpp-producer/include/" + name + ".hpp`."}};
  if (options.flutter) {
    vars["hint"] = rust ? "the trait and function signatures are in `flutter-plugin/rust/src/api.rs`."
                        : "the declarations are in `flutter-plugin/src/" + name + ".hpp`.";
    vars["needs"] = rust ? "cargo (Rust 1.86 or later, with the `rustup target` of each platform you build for)"
                         : "a C++20 compiler";
    vars["platforms"] = rust ? " (the Rust targets, with the `rustup target add` commands)" : "";
  }
  CodeWriter::Vars script_vars = vars;
  std::vector<std::pair<std::string, std::string>> files;
  if (options.flutter) {
    script_vars["flags"] = rust ? "" : "-Wall -Wextra -Werror";
    script_vars["cargo"] =
        rust ? Render("[ -z \"${CARGO:-}\" ] || cargo_option=\"-D@NAME@_CARGO=$(command -v \"$CARGO\")\"", vars)
             : "";
    files = {
        {name + ".yml", Render(kIdl, vars) + fmt::format("generators:\n  flutter-plugin:\n    producer: {}\n",
                                                          options.producer)},
        {"flutter-plugin/" + impl_path, Render(rust ? kRustImpl : kCppImpl, vars)},
        {"test/" + name + "_test.dart", Render(kDartTest, vars)},
        {"tool/test.sh", Render(kFlutterTestScript, script_vars)},
        {"README.md", Render(kFlutterReadme, vars)},
        {".gitignore", "build/\n.dart_tool/\n"},
    };
  } else {
    script_vars["build"] = Render(rust ? kRustBuild : kCppBuild, vars);
    files = {
        {name + ".yml", Render(kIdl, vars)},
        {"producer/" + impl, Render(rust ? kRustImpl : kCppImpl, vars)},
        {"test/" + name + "_test.dart", Render(kDartTest, vars)},
        {"tool/test.sh", Render(kTestScript, script_vars)},
        {"README.md", Render(kReadme, vars)},
        {"pubspec.yaml", fmt::format("name: {}_project\npublish_to: none\n\nenvironment:\n  sdk: '>=3.3.0 <4.0.0'\n\n"
                                     "dependencies:\n  {}:\n    path: generated/dart\n",
                                     name, name)},
        {".gitignore", "build/\ngenerated/\n.dart_tool/\n"},
    };
  }
  for (const auto& [path, contents] : files) {
    fs::path p = dir / path;
    if (std::error_code write_ec = WriteFile(p, contents)) {
      std::cerr << fmt::format("seam: error: cannot write '{}': {}\n", p.string(), write_ec.message());
      return kExitInputErrors;
    }
  }
  fs::permissions(dir / "tool/test.sh", fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                  fs::perm_options::add, ec);
  if (options.flutter) {
    // The plugin exists as created: generated next to the IDL, as
    // tool/test.sh regenerates it.
    GenerateOptions generate;
    generate.file = (dir / (name + ".yml")).string();
    generate.out_dir = dir.string();
    generate.targets = {"flutter-plugin"};
    if (int code = RunGenerate(generate, backends); code != kExitOk) return code;
  }
  std::cout << fmt::format("Created {} ({} producer{}). Next:\n  cd {} && tool/test.sh\n", dir.string(),
                           rust ? "Rust" : "C++", options.flutter ? ", Flutter plugin in flutter-plugin/" : "",
                           dir.string());
  return kExitOk;
}

}  // namespace seam
