#!/usr/bin/env bash
# End-to-end packaging suite:
#   flutter  the flutter-plugin target for every example follows the plugin_ffi
#            template's conventions (flutter_plugin_check.py) and its Dart code
#            compiles on the VM; for a few examples the plugin's Linux CMake
#            build, driven the way Flutter's Linux runner drives it (add
#            linux/, install <name>_bundled_libraries), produces a library
#            exporting exactly the C ABI, which the example's Dart test uses,
#            found by its plain name like an app bundle would.
#   hooks    the Dart package with generators.dart.native_assets (see
#            part_hooks).
#   cmake    the C++ producer installs as a CMake package: a fresh project
#            find_package()s it, links and runs the example's C program.
#   wheel    the Python package with the library bundled builds a
#            platform wheel with the standard frontend (python -m build),
#            which installs into a fresh virtual environment where the
#            example's pytest suite passes against the bundled library; without
#            a library the wheel is pure.
#   new      `seam new` projects (C++ and Rust producers) build and pass
#            their own test with the project's own script.
# Usage: packaging.sh SEAM_BINARY WORK_DIR [PART...]
set -uo pipefail
export LC_ALL=C
seam=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); work=$2; shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/symbols.sh"
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(flutter hooks cmake wheel new)
py=$("$root/scripts/install-python.sh") || { echo "FAIL: scripts/install-python.sh failed"; exit 1; }
fails=0
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL $1"; [ -f "${2:-}" ] && cat "$2"; fails=1; }

# The symbols a seam producer may export: the header's and the additive ones.
check_exports() {
  local so=$1 header=$2 log=$3
  exported_symbols "$so" | grep -Ev '^(_init|_fini|_edata|_end|__bss_start)$' > "$log.exports"
  grep -Eo '\b[A-Za-z_][A-Za-z0-9_]*\(' "$header" | tr -d '(' | sort -u > "$log.declared"
  local extra
  extra=$(comm -23 "$log.exports" "$log.declared" | grep -Ev '_owned$|_packed$|_seam_(live_allocations|release_bytes|contract)$')
  if [ -n "$extra" ]; then
    echo "exports beyond the C ABI: $extra" >> "$log"; return 1
  fi
  local missing; missing=$(missing_exports "$header" "$so")
  if [ -n "$missing" ]; then
    echo "declared but not exported: $missing" >> "$log"; return 1
  fi
}

# package_config RUN_DIR NAME ROOT: RUN_DIR's package config, resolving
# package:NAME to ROOT/lib.
package_config() {
  mkdir -p "$1/.dart_tool"
  cat > "$1/.dart_tool/package_config.json" <<JSON
{"configVersion": 2, "packages": [
  {"name": "$2", "rootUri": "file://$3", "packageUri": "lib/", "languageVersion": "3.3"}
]}
JSON
}

# example_test DART N RUN_DIR LOG VAR=VALUE...: runs example N's Dart test
# (tests/e2e/dart) from RUN_DIR on the VM, with no library override in the
# environment but the given variables (the ASan runtimes preloaded by the
# caller), appending to LOG.
example_test() {
  local dart=$1 n=$2 run=$3 log=$4; shift 4
  cp "$root"/tests/e2e/dart/check*.dart "$root/tests/e2e/dart/${n}_test.dart" "$run/"
  timeout 600 env -u "$(echo "$n" | tr '[:lower:]' '[:upper:]')_LIBRARY" -u WEAVEFFI_LIBRARY "$@" \
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 "$dart" --enable-asserts \
    --packages="$run/.dart_tool/package_config.json" "$run/${n}_test.dart" >> "$log" 2>&1
}

part_flutter() {
  local dart
  dart=$("$root/scripts/install-dart.sh") || { fail "flutter: the Dart VM is not available"; return; }
  local asan_rt
  asan_rt="$(g++ -m32 -print-file-name=libasan.so) $(g++ -m32 -print-file-name=libubsan.so)"
  for yml in "$root"/examples/*/*.yml; do
    local n out log
    n=$(basename "$yml" .yml); out="$work/flutter/$n"; log="$out.log"
    [ "$(basename "$(dirname "$yml")")" = broken ] && continue
    mkdir -p "$out"
    if ! "$seam" generate "$yml" -o "$out" -t flutter-plugin > "$log" 2>&1; then
      fail "$n (flutter-plugin): generate" "$log"; continue
    fi
    local plugin="$out/flutter-plugin" name
    name=$(sed -n 's/^name: //p' "$plugin/pubspec.yaml")
    if ! "$py" "$root/tests/e2e/flutter_plugin_check.py" "$plugin" "$name" >> "$log" 2>&1; then
      fail "$n (flutter-plugin): template conventions" "$log"; continue
    fi
    package_config "$out/run" "$name" "$plugin"
    printf "import 'package:%s/%s.dart';\n\nvoid main() => NativeLibrary.load();\n" "$name" "$name" > "$out/run/compile.dart"
    if ! "$dart" --packages="$out/run/.dart_tool/package_config.json" --snapshot-kind=kernel \
        --snapshot="$out/run/compile.dill" "$out/run/compile.dart" >> "$log" 2>&1; then
      fail "$n (flutter-plugin): Dart compile" "$log"; continue
    fi
    # The full build and run for examples with listeners, async and errors.
    case "$n" in
      calculator | events | async_demo) ;;
      *)
        echo "PASS $n (flutter-plugin): conventions, Dart compiles"
        flutter_rust "$dart" "$n" "$yml" layout
        continue ;;
    esac
    cp "$root/examples/$n/${n}_impl.cc" "$plugin/src/${name}_impl.cc"
    mkdir -p "$out/runner"
    # What Flutter's generated_plugins.cmake and the runner's install step do.
    cat > "$out/runner/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.14)
project(runner LANGUAGES CXX)
add_subdirectory("$plugin/linux" "plugins/$name")
list(APPEND PLUGIN_BUNDLED_LIBRARIES \${${name}_bundled_libraries})
install(FILES \${PLUGIN_BUNDLED_LIBRARIES} DESTINATION lib)
CMAKE
    if ! (cmake -S "$out/runner" -B "$out/runner/build" -DCMAKE_BUILD_TYPE=Debug \
          -DCMAKE_CXX_FLAGS="-m32 -Wall -Wextra -Werror -fsanitize=address,undefined -fno-sanitize-recover=all" \
          -DCMAKE_SHARED_LINKER_FLAGS="-m32 -fsanitize=address,undefined" &&
          cmake --build "$out/runner/build" -j2 &&
          cmake --install "$out/runner/build" --prefix "$out/bundle") >> "$log" 2>&1; then
      fail "$n (flutter-plugin): Linux CMake build" "$log"; continue
    fi
    local so="$out/bundle/lib/lib$name.so"
    if [ ! -f "$so" ] || ! check_exports "$so" "$plugin/src/weaveffi.h" "$log"; then
      fail "$n (flutter-plugin): bundled library and its exports" "$log"; continue
    fi
    if example_test "$dart" "$n" "$out/run" "$log" \
        LD_LIBRARY_PATH="$out/bundle/lib" SEAM_TEST_LIBRARY="$so" LD_PRELOAD="$asan_rt"; then
      echo "PASS $n (flutter-plugin): conventions, Linux build, exports, Dart test: $(tail -1 "$log")"
    else
      fail "$n (flutter-plugin): Dart test against the bundled library" "$log"
    fi
    flutter_rust "$dart" "$n" "$yml"
  done
  flutter_prebuilt "$dart"
}

# flutter_rust DART N YML: the plugin of example N with
# generators.flutter-plugin.producer: rust, built for Linux the way Flutter's
# runner drives it (cargo through rust/CMakeLists.txt; i686 for the 32-bit
# VM), its Dart test passing against the bundled library with the example's
# implementation.rs, and before that, with none, the stub built and loading.
# With a fourth argument `layout`, only the template conventions.
flutter_rust() {
  local dart=$1 n=$2 yml=$3 out="$work/flutter-rust/$2" log="$work/flutter-rust/$2.log" only=${4:-}
  local cargo
  cargo=$("$root/scripts/install-rust.sh") || { fail "$n (flutter-plugin, rust): cargo is not available"; return; }
  mkdir -p "$out"
  "$py" - "$yml" "$out/$n.yml" <<'PY' > "$log" 2>&1
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
doc["generators"] = doc.get("generators") or {}
doc["generators"].setdefault("flutter-plugin", {})["producer"] = "rust"
yaml.safe_dump(doc, open(sys.argv[2], "w"), sort_keys=False)
PY
  if ! "$seam" generate "$out/$n.yml" -o "$out" -t flutter-plugin >> "$log" 2>&1; then
    fail "$n (flutter-plugin, rust): generate" "$log"; return
  fi
  local plugin="$out/flutter-plugin" name
  name=$(sed -n 's/^name: //p' "$plugin/pubspec.yaml")
  if ! "$py" "$root/tests/e2e/flutter_plugin_check.py" "$plugin" "$name" >> "$log" 2>&1; then
    fail "$n (flutter-plugin, rust): template conventions" "$log"; return
  fi
  if [ "$only" = layout ]; then echo "PASS $n (flutter-plugin, rust): conventions"; return; fi
  mkdir -p "$out/runner"
  cat > "$out/runner/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.14)
project(runner LANGUAGES CXX)
add_subdirectory("$plugin/linux" "plugins/$name")
list(APPEND PLUGIN_BUNDLED_LIBRARIES \${${name}_bundled_libraries})
install(FILES \${PLUGIN_BUNDLED_LIBRARIES} DESTINATION lib)
CMAKE
  build() {
    PATH="$(dirname "$cargo"):$PATH" cmake --build "$out/runner/build" -j2 >> "$log" 2>&1 &&
      cmake --install "$out/runner/build" --prefix "$out/bundle" >> "$log" 2>&1
  }
  if ! PATH="$(dirname "$cargo"):$PATH" cmake -S "$out/runner" -B "$out/runner/build" -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_C_FLAGS=-m32 -DCMAKE_CXX_FLAGS=-m32 >> "$log" 2>&1 || ! build; then
    fail "$n (flutter-plugin, rust): Linux CMake build (the stub)" "$log"; return
  fi
  local so="$out/bundle/lib/lib$name.so"
  if ! file "$so" | grep -q "ELF 32-bit" || ! check_exports "$so" "$plugin/rust/include/weaveffi.h" "$log"; then
    fail "$n (flutter-plugin, rust): the stub library and its exports" "$log"; return
  fi
  package_config "$out/run" "$name" "$plugin"
  cp "$root"/tests/e2e/dart/check*.dart "$out/run/"
  printf "import 'package:%s/%s.dart';\n\nvoid main() {\n  NativeLibrary.load();\n%s\n}\n" "$name" "$name" \
    "  print('loaded');" > "$out/run/stub.dart"
  if ! SEAM_TEST_LIBRARY="$so" LD_LIBRARY_PATH="$out/bundle/lib" "$dart" \
      --packages="$out/run/.dart_tool/package_config.json" "$out/run/stub.dart" >> "$log" 2>&1; then
    fail "$n (flutter-plugin, rust): the stub library does not load" "$log"; return
  fi
  # The author's implementation appears: the next build uses it.
  cp "$root/examples/$n/${n}_impl.rs" "$plugin/rust/src/implementation.rs"
  build || { fail "$n (flutter-plugin, rust): Linux CMake build (implementation.rs)" "$log"; return; }
  if example_test "$dart" "$n" "$out/run" "$log" LD_LIBRARY_PATH="$out/bundle/lib" SEAM_TEST_LIBRARY="$so"; then
    echo "PASS $n (flutter-plugin, rust): conventions, Linux build with cargo (stub, then implementation.rs), exports, Dart test: $(tail -1 "$log")"
  else
    fail "$n (flutter-plugin, rust): Dart test against the bundled library" "$log"
  fi
}

# flutter_prebuilt DART: the calculator plugin with a prebuilt Linux library
# (generators.flutter-plugin.prebuilt): the runner's build bundles exactly
# that file, the Dart test passes against it, and a changed or missing file
# fails the build naming the digests.
flutter_prebuilt() {
  local dart=$1 n=calculator out="$work/flutter-prebuilt" log="$work/flutter-prebuilt.log"
  mkdir -p "$out"
  if ! "$seam" generate "$root/examples/$n/$n.yml" -o "$out/gen" -t flutter-plugin > "$log" 2>&1; then
    fail "$n (flutter-plugin, prebuilt): generate" "$log"; return
  fi
  local src="$out/gen/flutter-plugin/src"
  cp "$root/examples/$n/${n}_impl.cc" "$src/${n}_impl.cc"
  # Built elsewhere: here, straight from the plugin's sources.
  if ! g++ -m32 -std=c++20 -O1 -fPIC -shared -fvisibility=hidden -DWEAVEFFI_BUILD -I"$src" "$src/${n}_glue.cc" \
      "$src/seam_runtime.cc" "$src/${n}_impl.cc" -o "$out/lib$n.so" -lpthread >> "$log" 2>&1; then
    fail "$n (flutter-plugin, prebuilt): build the library" "$log"; return
  fi
  local digest; digest=$(sha256sum "$out/lib$n.so" | cut -d' ' -f1)
  { cat "$root/examples/$n/$n.yml"; printf 'generators:\n  flutter-plugin:\n    prebuilt:\n      linux-ia32: %s\n' "$digest"; } > "$out/$n.yml"
  if ! "$seam" generate "$out/$n.yml" -o "$out" -t flutter-plugin >> "$log" 2>&1; then
    fail "$n (flutter-plugin, prebuilt): generate with prebuilt" "$log"; return
  fi
  local plugin="$out/flutter-plugin"
  if ! grep -q "set(${n}_prebuilt_ia32 \"$digest\")" "$plugin/linux/CMakeLists.txt" ||
     ! grep -q "prebuilt/linux-ia32/lib$n.so" "$plugin/README.md"; then
    fail "$n (flutter-plugin, prebuilt): linux/CMakeLists.txt or README.md lacks the digest" "$log"; return
  fi
  mkdir -p "$plugin/prebuilt/linux-ia32" "$out/runner"
  cp "$out/lib$n.so" "$plugin/prebuilt/linux-ia32/"
  cat > "$out/runner/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.14)
project(runner LANGUAGES CXX)
add_subdirectory("$plugin/linux" "plugins/$n")
install(FILES \${${n}_bundled_libraries} DESTINATION lib)
CMAKE
  runner() {
    rm -rf "$out/runner/build" "$out/bundle"
    cmake -S "$out/runner" -B "$out/runner/build" -DCMAKE_CXX_FLAGS=-m32 >> "$log" 2>&1 &&
      cmake --build "$out/runner/build" >> "$log" 2>&1 && cmake --install "$out/runner/build" --prefix "$out/bundle" >> "$log" 2>&1
  }
  if ! runner || ! cmp -s "$out/lib$n.so" "$out/bundle/lib/lib$n.so" || [ -d "$out/runner/build/plugins/$n/shared" ]; then
    fail "$n (flutter-plugin, prebuilt): the runner does not bundle the prebuilt library as it is" "$log"; return
  fi
  package_config "$out/run" "$n" "$plugin"
  if ! example_test "$dart" "$n" "$out/run" "$log" LD_LIBRARY_PATH="$out/bundle/lib" SEAM_TEST_LIBRARY="$out/bundle/lib/lib$n.so"; then
    fail "$n (flutter-plugin, prebuilt): Dart test against the prebuilt library" "$log"; return
  fi
  local passed; passed=$(tail -1 "$log")
  printf 'x' >> "$plugin/prebuilt/linux-ia32/lib$n.so"
  local changed; changed=$(sha256sum "$plugin/prebuilt/linux-ia32/lib$n.so" | cut -d' ' -f1)
  # CMake wraps its messages: they are read as one line.
  if runner || ! tr -s ' \n' ' ' < "$log" | grep -q "prebuilt/linux-ia32/lib$n.so has SHA-256 $changed, not $digest as generators"; then
    fail "$n (flutter-plugin, prebuilt): a changed library is not refused with both digests" "$log"; return
  fi
  rm "$plugin/prebuilt/linux-ia32/lib$n.so"
  if runner || ! tr -s ' \n' ' ' < "$log" | grep -q "prebuilt/linux-ia32/lib$n.so is missing"; then
    fail "$n (flutter-plugin, prebuilt): a missing library is not refused" "$log"; return
  fi
  echo "PASS $n (flutter-plugin, prebuilt): the runner bundles the prebuilt library checked by SHA-256, Dart test: $passed; changed and missing files refused"
}

# The Dart package with generators.dart.native_assets: hook/build.dart needs
# pub packages (not reachable here), so this checks what can be checked: the
# hook lists every generated source, the package's Dart compiles, and the
# loader finds the library through its code asset. Without a native-assets
# build the VM resolves the asset's symbol in the process, so the library is
# preloaded under a name the plain loader would never open: the tests pass
# only if the asset path (symbol, then the file holding it) works.
part_hooks() {
  local dart asan_rt
  dart=$("$root/scripts/install-dart.sh") || { fail "hooks: the Dart VM is not available"; return; }
  asan_rt="$(g++ -m32 -print-file-name=libasan.so) $(g++ -m32 -print-file-name=libubsan.so)"
  for n in calculator events; do
    local out="$work/hooks/$n" log="$work/hooks/$n.log"
    mkdir -p "$out"
    { cat "$root/examples/$n/$n.yml"; printf 'generators:\n  dart:\n    native_assets: true\n'; } > "$out/$n.yml"
    if ! "$seam" generate "$out/$n.yml" -o "$out" -t dart > "$log" 2>&1; then
      fail "$n (hooks): generate" "$log"; continue
    fi
    local pkg="$out/dart" missing=""
    for f in "$pkg"/src/*.cc; do
      case "$f" in *_stub.cc) grep -q "'src/$(basename "$f")'" "$pkg/hook/build.dart" || missing+=" $f" ;;
                   *) grep -q "'src/$(basename "$f")'," "$pkg/hook/build.dart" || missing+=" $f" ;; esac
    done
    if [ -n "$missing" ] || ! grep -q "assetName: '$n.dart'" "$pkg/hook/build.dart" ||
       ! grep -q '^  hooks: ' "$pkg/pubspec.yaml" || ! grep -q '^  native_toolchain_c: ' "$pkg/pubspec.yaml"; then
      echo "hook/build.dart or pubspec.yaml incomplete:$missing" >> "$log"; fail "$n (hooks): package files" "$log"; continue
    fi
    cp "$root/examples/$n/${n}_impl.cc" "$pkg/src/${n}_impl.cc"
    if ! g++ -m32 -std=c++20 -O1 -g1 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -DWEAVEFFI_BUILD \
        -fsanitize=address,undefined -fno-sanitize-recover=all -I"$pkg/src" "$pkg/src/${n}_glue.cc" \
        "$pkg/src/seam_runtime.cc" "$pkg/src/${n}_impl.cc" -o "$out/asset_$n.so" -lpthread >> "$log" 2>&1; then
      fail "$n (hooks): build src/" "$log"; continue
    fi
    package_config "$out/run" "$n" "$pkg"
    if example_test "$dart" "$n" "$out/run" "$log" \
        LD_PRELOAD="$asan_rt $out/asset_$n.so" SEAM_TEST_LIBRARY="$out/asset_$n.so" SEAM_TEST_RUNTIME_PREFIX="weaveffi_seam_$n"; then
      echo "PASS $n (hooks): hook lists every source, library found through its code asset: $(tail -1 "$log")"
    else
      fail "$n (hooks): Dart test through the code asset" "$log"
    fi
  done
  for n in calculator events; do hooks_rust "$dart" "$n" "$asan_rt"; done
}

# hooks_rust DART N ASAN_RT: the native-assets package of example N with
# generators.dart.producer: rust. The hook names the crate's library as the
# code asset and cargo's inputs as dependencies; the crate in rust/ builds
# with the same cargo command the hook runs (i686 for the 32-bit VM), and the
# example's Dart test passes through the code asset.
hooks_rust() {
  local dart=$1 n=$2 asan_rt=$3 out="$work/hooks-rust/$2" log="$work/hooks-rust/$2.log" cargo
  cargo=$("$root/scripts/install-rust.sh") || { fail "$n (hooks, rust): cargo is not available"; return; }
  mkdir -p "$out"
  { cat "$root/examples/$n/$n.yml"; printf 'generators:\n  dart:\n    native_assets: true\n    producer: rust\n'; } > "$out/$n.yml"
  if ! "$seam" generate "$out/$n.yml" -o "$out" -t dart > "$log" 2>&1; then
    fail "$n (hooks, rust): generate" "$log"; return
  fi
  local pkg="$out/dart" crate
  crate=$(sed -n 's/^name = "\(.*\)"/\1/p' "$pkg/rust/Cargo.toml" | head -1)
  if [ -z "$crate" ] || ! grep -q "dylibFileName('$crate')" "$pkg/hook/build.dart" ||
     ! grep -q "name: '$n.dart'" "$pkg/hook/build.dart" || ! grep -q "'cargo'" "$pkg/hook/build.dart" ||
     ! grep -q '^  hooks: ' "$pkg/pubspec.yaml" || grep -q 'native_toolchain_c' "$pkg/pubspec.yaml" ||
     [ ! -f "$pkg/rust/src/stub.rs" ] || [ ! -f "$pkg/rust/build.rs" ] || [ -e "$pkg/src" ]; then
    echo "hook/build.dart, pubspec.yaml or rust/ incomplete" >> "$log"; fail "$n (hooks, rust): package files" "$log"; return
  fi
  cp "$root/examples/$n/${n}_impl.rs" "$pkg/rust/src/implementation.rs"
  # The hook's cargo invocation, for the VM's target.
  if ! PATH="$(dirname "$cargo"):$PATH" cargo build --lib --release --offline --target i686-unknown-linux-gnu \
      --manifest-path "$pkg/rust/Cargo.toml" --target-dir "$out/cargo" >> "$log" 2>&1; then
    fail "$n (hooks, rust): cargo build of rust/" "$log"; return
  fi
  local so="$out/cargo/i686-unknown-linux-gnu/release/lib$crate.so"
  if ! check_exports "$so" "$pkg/rust/include/weaveffi.h" "$log"; then
    fail "$n (hooks, rust): the library exports more or less than the C ABI" "$log"; return
  fi
  cp "$so" "$out/asset_$n.so"
  package_config "$out/run" "$n" "$pkg"
  if example_test "$dart" "$n" "$out/run" "$log" \
      LD_PRELOAD="$out/asset_$n.so" SEAM_TEST_LIBRARY="$out/asset_$n.so" SEAM_TEST_RUNTIME_PREFIX="weaveffi_seam_$n"; then
    echo "PASS $n (hooks, rust): hook runs cargo and names the crate's library, exports, Dart test through the code asset: $(tail -1 "$log")"
  else
    fail "$n (hooks, rust): Dart test through the code asset" "$log"
  fi
}

part_cmake() {
  local n=calculator out="$work/cmake" log="$work/cmake.log"
  mkdir -p "$out"
  if ! "$seam" generate "$root/examples/$n/$n.yml" -o "$out" -t cpp-producer > "$log" 2>&1; then
    fail "cmake: generate" "$log"; return
  fi
  if ! (cmake -S "$out/cpp-producer" -B "$out/build" -DCMAKE_BUILD_TYPE=Release \
        -DCALCULATOR_SOURCES="$root/examples/$n/${n}_impl.cc" &&
        cmake --build "$out/build" -j2 && cmake --install "$out/build" --prefix "$out/prefix") >> "$log" 2>&1; then
    fail "cmake: producer build and install" "$log"; return
  fi
  if ! check_exports "$out/build/lib$n.so" "$out/cpp-producer/include/weaveffi.h" "$log"; then
    fail "cmake: the library exports more or less than the C ABI" "$log"; return
  fi
  mkdir -p "$out/app"
  cat > "$out/app/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(app LANGUAGES C)
find_package($n 1.0 REQUIRED)
add_executable(app "$root/examples/$n/main.c")
target_compile_options(app PRIVATE -Wall -Wextra -Werror)
target_link_libraries(app PRIVATE $n::$n)
CMAKE
  if ! (cmake -S "$out/app" -B "$out/app/build" -DCMAKE_PREFIX_PATH="$out/prefix" &&
        cmake --build "$out/app/build") >> "$log" 2>&1; then
    fail "cmake: find_package from a fresh project" "$log"; return
  fi
  # A version the package does not satisfy is refused.
  sed -i "s/find_package($n 1.0 REQUIRED)/find_package($n 2.0 REQUIRED)/" "$out/app/CMakeLists.txt"
  if cmake -S "$out/app" -B "$out/app/build2" -DCMAKE_PREFIX_PATH="$out/prefix" >> "$log" 2>&1; then
    fail "cmake: find_package($n 2.0) accepted version 1.0.0" "$log"; return
  fi
  "$out/app/build/app" > "$out/app.out" 2>> "$log"
  if grep -qx 'add(2, 3) = 5' "$out/app.out" && grep -qx 'div(1, 0) -> error 1: division by zero' "$out/app.out" &&
     [ -f "$out/prefix/include/$n/weaveffi.h" ]; then
    echo "PASS cmake: exports, install, find_package($n), link $n::$n, run"
  else
    cat "$out/app.out" >> "$log"; fail "cmake: the consumer's output" "$log"
  fi
}

part_wheel() {
  local n=kvstore out="$work/wheel" log="$work/wheel.log"
  mkdir -p "$out"
  if ! "$seam" generate "$root/examples/$n/$n.yml" -o "$out" -t python,cpp-producer > "$log" 2>&1; then
    fail "wheel: generate" "$log"; return
  fi
  local pkg="$out/python"
  # Without a library: a pure wheel.
  if ! (cd "$pkg" && "$py" -m build --wheel --no-isolation --outdir "$out/pure") >> "$log" 2>&1 ||
     ! ls "$out"/pure/"$n"-*-py3-none-any.whl > /dev/null 2>&1; then
    fail "wheel: pure wheel" "$log"; return
  fi
  local p="$out/cpp-producer"
  if ! g++ -std=c++20 -O1 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -I"$p/include" \
      "$p/src/${n}_glue.cc" "$p/src/seam_runtime.cc" "$root/examples/$n/${n}_impl.cc" \
      -o "$pkg/$n/lib$n.so" -lpthread >> "$log" 2>&1; then
    fail "wheel: producer build" "$log"; return
  fi
  if ! (cd "$pkg" && "$py" -m build --wheel --no-isolation --outdir "$out/dist") >> "$log" 2>&1; then
    fail "wheel: python -m build" "$log"; return
  fi
  local plat whl
  plat=$("$py" -c 'import sysconfig; print(sysconfig.get_platform().replace("-", "_").replace(".", "_"))')
  whl=$(ls "$out"/dist/"$n"-*-py3-none-"$plat".whl 2>/dev/null | head -1)
  if [ -z "$whl" ]; then
    ls "$out/dist" >> "$log"; fail "wheel: no py3-none-$plat wheel" "$log"; return
  fi
  # A fresh environment: the wheel and pytest (from pip's cache or PyPI).
  local venv="$out/venv"
  if ! (${PYTHON3:-python3} -m venv "$venv" &&
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$whl" pytest==9.2.0) >> "$log" 2>&1; then
    fail "wheel: install into a fresh virtual environment" "$log"; return
  fi
  # Found by the package itself (no environment variable), from site-packages.
  local site
  site=$(cd / && env -u WEAVEFFI_LIBRARY "$venv/bin/python" -c \
    "import $n, os; print(os.path.dirname($n.__file__)); print($n._lib._name)" 2>> "$log")
  local dir lib
  dir=$(echo "$site" | head -1); lib=$(echo "$site" | tail -1)
  if [ "$lib" != "$dir/lib$n.so" ] || [[ "$dir" != "$venv"/* ]]; then
    echo "loaded: $site" >> "$log"; fail "wheel: the installed package does not load its bundled library" "$log"; return
  fi
  if (cd "$root/tests/e2e/python" && WEAVEFFI_LIBRARY="$lib" PYTHONDONTWRITEBYTECODE=1 \
      "$venv/bin/python" -m pytest -q -p no:cacheprovider "${n}_test.py" >> "$log" 2>&1); then
    echo "PASS wheel: $(basename "$whl"), pure wheel without a library, fresh venv: $(grep -Eo '[0-9]+ passed' "$log" | tail -1)"
  else
    fail "wheel: pytest in the fresh environment" "$log"
  fi
}

part_new() {
  local producer dart cargo
  dart=$("$root/scripts/install-dart.sh") || { fail "new: the Dart VM is not available"; return; }
  cargo=$("$root/scripts/install-rust.sh") || { fail "new: cargo is not available"; return; }
  for producer in cpp rust; do
    local out="$work/new-$producer" log="$work/new-$producer.log"
    mkdir -p "$out"
    if ! (cd "$out" && "$seam" new hello_app --producer "$producer") > "$log" 2>&1; then
      fail "new --producer $producer: create" "$log"; continue
    fi
    if ! (cd "$out/hello_app" && SEAM="$seam" DART="$dart" CARGO="$cargo" ./tool/test.sh) >> "$log" 2>&1 ||
       ! grep -qx '7 passed, 0 failed' "$log"; then
      fail "new --producer $producer: tool/test.sh" "$log"; continue
    fi
    if [ "$producer" = rust ] && ! (cd "$out/hello_app/generated/rust-producer" &&
        CARGO_TARGET_DIR="$out/hello_app/build" "$cargo" clippy --offline --quiet -- -D warnings) >> "$log" 2>&1; then
      fail "new --producer rust: clippy" "$log"; continue
    fi
    echo "PASS new --producer $producer: tool/test.sh: $(grep -E 'passed' "$log" | tail -1)"
  done
  # Flutter plugin projects: the plugin is there as created, its Linux build
  # (as Flutter's runner drives it) passes the project's test, and a second
  # run regenerates the plugin around the author's file.
  for producer in cpp rust; do
    local out="$work/new-flutter-$producer" log="$work/new-flutter-$producer.log"
    mkdir -p "$out"
    if ! (cd "$out" && "$seam" new hello_app --producer "$producer" --flutter) > "$log" 2>&1 ||
       [ ! -f "$out/hello_app/flutter-plugin/pubspec.yaml" ] ||
       ! "$py" "$root/tests/e2e/flutter_plugin_check.py" "$out/hello_app/flutter-plugin" hello_app >> "$log" 2>&1; then
      fail "new --producer $producer --flutter: create" "$log"; continue
    fi
    local impl=src/hello_app_impl.cc
    [ "$producer" = rust ] && impl=rust/src/implementation.rs
    cp "$out/hello_app/flutter-plugin/$impl" "$out/impl.before"
    if ! (cd "$out/hello_app" && SEAM="$seam" DART="$dart" CARGO="$cargo" ./tool/test.sh &&
          SEAM="$seam" DART="$dart" CARGO="$cargo" ./tool/test.sh) >> "$log" 2>&1 ||
       [ "$(grep -cx '7 passed, 0 failed' "$log")" != 2 ] || ! cmp -s "$out/impl.before" "$out/hello_app/flutter-plugin/$impl"; then
      fail "new --producer $producer --flutter: tool/test.sh" "$log"; continue
    fi
    if [ "$producer" = rust ] && ! (cd "$out/hello_app/flutter-plugin/rust" &&
        CARGO_TARGET_DIR="$out/hello_app/build/clippy" "$cargo" clippy --offline --quiet -- -D warnings) >> "$log" 2>&1; then
      fail "new --producer rust --flutter: clippy" "$log"; continue
    fi
    echo "PASS new --producer $producer --flutter: plugin as created, tool/test.sh twice: $(grep -E 'passed' "$log" | tail -1)"
  done
  # An existing directory is never overwritten.
  if (cd "$work/new-cpp" && "$seam" new hello_app --producer cpp) >> "$work/new-cpp.log" 2>&1; then
    fail "new: overwrote an existing directory" "$work/new-cpp.log"
  fi
}

for part in "${parts[@]}"; do
  case "$part" in
    flutter | hooks | cmake | wheel | new) "part_$part" ;;
    *) echo "FAIL: unknown part '$part'"; fails=1 ;;
  esac
done
exit $fails
