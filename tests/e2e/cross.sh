#!/usr/bin/env bash
# Cross-compilation proof of the Flutter plugin's producers for the platforms
# this machine cannot run, with real cross toolchains (Zig's C/C++ compiler
# from PyPI for C++; rustup's targets with Debian's cross linkers for Rust),
# checking every binary's export table rather than the build files' text:
#   macos    the C++ producer for aarch64-macos and x86_64-macos, compiled
#            with the podspec's settings: the objects' global symbols and the
#            dylib's export trie are exactly the C ABI.
#   swiftpm  the same sources compiled as Package.swift builds them and
#            linked statically into an app executable with -dead_strip (what
#            Xcode does under Swift Package Manager): the whole C ABI is still
#            in the app's export trie, where DynamicLibrary.process() looks.
#            For arm64 macOS: Zig ships macOS's libc headers but not the iOS
#            SDK's; the linker and its Mach-O dead-stripping rules are the
#            same for both. A control build without the package's <P>_BUILD define
#            loses it, so the check can fail.
#   windows  the plugin's windows/CMakeLists.txt, driven as Flutter's runner
#            drives it, with a toolchain file for x86_64-windows-gnu: the
#            DLL's export table is exactly the C ABI.
#   android  src/CMakeLists.txt for aarch64 Linux with Android's settings
#            (ANDROID set, libc++ linked statically): LOAD segments aligned to
#            16 KB, dynamic symbols exactly the C ABI.
#   rust     the Rust producer for x86_64-pc-windows-gnu and
#            aarch64-unknown-linux-gnu (cdylib, linked by Debian's MinGW and
#            by Zig) and for aarch64-apple-darwin (staticlib: no Apple linker
#            here): exports exactly the C ABI; the archive defines it all.
# Usage: cross.sh SEAM_BINARY WORK_DIR [PART...]
set -uo pipefail
export LC_ALL=C
seam=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); work=$2; shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/symbols.sh"
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(macos swiftpm prebuilt windows android rust)
fails=0
rm -rf "$work"
mkdir -p "$work/bin"
fail() { echo "FAIL $1"; [ -f "${2:-}" ] && tail -40 "$2"; fails=1; }

zig=$("$root/scripts/install-zig.sh") || { echo "FAIL: scripts/install-zig.sh failed"; exit 1; }
py=$("$root/scripts/install-python.sh") || { echo "FAIL: scripts/install-python.sh failed"; exit 1; }
for tool in llvm-nm llvm-objdump llvm-readobj; do
  command -v "$tool" > /dev/null || { echo "FAIL: $tool is missing (Debian package llvm; scripts/install-deps.sh)"; exit 1; }
done

# zig-TRIPLE-cc and zig-TRIPLE-c++ in $work/bin: compilers CMake can use.
wrap() {
  local triple=$1
  printf '#!/bin/sh\nexec "%s" cc -target %s "$@"\n' "$zig" "$triple" > "$work/bin/zig-$triple-cc"
  printf '#!/bin/sh\nexec "%s" c++ -target %s "$@"\n' "$zig" "$triple" > "$work/bin/zig-$triple-c++"
  chmod +x "$work/bin/zig-$triple-cc" "$work/bin/zig-$triple-c++"
}
for t in aarch64-macos x86_64-macos x86_64-windows-gnu aarch64-linux-gnu; do wrap "$t"; done
printf '#!/bin/sh\nexec "%s" ar "$@"\n' "$zig" > "$work/bin/zig-ar"
printf '#!/bin/sh\nexec "%s" ranlib "$@"\n' "$zig" > "$work/bin/zig-ranlib"
chmod +x "$work/bin/zig-ar" "$work/bin/zig-ranlib"

# toolchain FILE SYSTEM PROCESSOR TRIPLE [EXTRA]: a CMake toolchain file.
toolchain() {
  cat > "$1" <<CMAKE
set(CMAKE_SYSTEM_NAME $2)
set(CMAKE_SYSTEM_PROCESSOR $3)
set(CMAKE_C_COMPILER "$work/bin/zig-$4-cc")
set(CMAKE_CXX_COMPILER "$work/bin/zig-$4-c++")
set(CMAKE_AR "$work/bin/zig-ar")
set(CMAKE_RANLIB "$work/bin/zig-ranlib")
${5:-}
CMAKE
}
toolchain "$work/windows.cmake" Windows AMD64 x86_64-windows-gnu
toolchain "$work/android.cmake" Linux aarch64 aarch64-linux-gnu \
  'set(ANDROID TRUE)  # what the NDK toolchain file sets; src/CMakeLists.txt keys its Android settings on it'

# same_as DECLARED ACTUAL LOG WHAT: ACTUAL (a sorted name list) is the C ABI
# of DECLARED (the header's functions) and the seam-only `_owned` and
# `_packed` twins of some of them, which the header does not declare (seam's
# bindings call them); the differences go to LOG.
same_as() {
  local extra
  extra=$(comm -13 "$1" "$2" | while read -r sym; do
    case $sym in
      *_owned) grep -qx "${sym%_owned}" "$1" || echo "$sym" ;;
      *_packed) grep -qx "${sym%_packed}" "$1" || echo "$sym" ;;
      *) echo "$sym" ;;
    esac
  done)
  local missing; missing=$(comm -23 "$1" "$2")
  [ -z "$extra" ] && [ -z "$missing" ] && return 0
  { echo "$4 are not the header's C ABI:"
    [ -n "$missing" ] && echo "  declared but absent: $missing"
    [ -n "$extra" ] && echo "  present beyond it: $extra"; } >> "$3"
  return 1
}

# Mach-O names carry a leading underscore.
macho_exports() { llvm-objdump --macho --exports-trie "$1" | awk 'NR > 2 && $2 ~ /^_/ {print substr($2, 2)}' | sort -u; }
# The global (not private-extern) symbols the objects define.
macho_object_globals() {
  llvm-nm -m --defined-only "$@" | awk '$0 ~ / external / && $0 !~ /private external/ {print substr($NF, 2)}' | sort -u
}
# Symbols Zig's Mach-O linker synthesizes and exports (ld64 keeps them local).
linker_symbols='^_(_dso_handle|mh_dylib_header|mh_execute_header)$'
# libc++'s replaceable allocation functions: Zig links its own libc++ into
# the dylib and they are exported by design (Xcode links the system
# libc++.dylib, which holds them).
alloc_functions='^_Z(nw|na|dl|da)[jmPvS0-9_a-z]*$'

# The export tables do not depend on the example but on the build; three
# examples cover every kind of C symbol (types: every type in every
# position; events: listeners; calculator: the smallest) and keep the suite
# within a few minutes (each build compiles the C++ runtime for its target).
examples=("$root"/examples/{calculator,events,types}/*.yml)

# plugin N: generates example N's plugin with its implementation into
# $work/N/flutter-plugin; sets name, plugin, header, P (the macro prefix).
plugin() {
  local n=$1 out="$work/$1"
  if [ ! -d "$out/flutter-plugin" ]; then
    mkdir -p "$out"
    "$seam" generate "$root/examples/$n/$n.yml" -o "$out" -t flutter-plugin > "$out/generate.log" 2>&1 || return 1
  fi
  plugin="$out/flutter-plugin"
  name=$(sed -n 's/^name: //p' "$plugin/pubspec.yaml")
  cp "$root/examples/$n/${n}_impl.cc" "$plugin/src/${name}_impl.cc"
  header="$plugin/src/$(cd "$plugin/src" && ls ./*.h | head -1 | cut -c3-)"
  declared_symbols "$header" > "$out/declared"
  P=$(sed -n "s/.*'GCC_PREPROCESSOR_DEFINITIONS' => '\$(inherited) \([A-Z0-9_]*_BUILD\)=1'.*/\1/p" \
    "$plugin/macos/$name.podspec")
}

part_macos() {
  for yml in "${examples[@]}"; do
    local n; n=$(basename "$yml" .yml)
    plugin "$n" || { fail "$n (macos): generate" "$work/$n/generate.log"; continue; }
    [ -n "$P" ] || { fail "$n (macos): no <P>_BUILD in the podspec"; continue; }
    local ok=1
    for triple in aarch64-macos x86_64-macos; do
      local dir="$work/$n/$triple" log="$work/$n/$triple.log"
      mkdir -p "$dir"
      # The podspec's pod_target_xcconfig: C++20, hidden symbols and inlines,
      # the <P>_BUILD define; OTHER_LDFLAGS' -exported_symbol patterns.
      local objs=() s
      for s in "$plugin"/macos/Classes/*.cc; do
        objs+=("$dir/$(basename "$s" .cc).o")
        "$work/bin/zig-$triple-c++" -std=c++20 -fvisibility=hidden -fvisibility-inlines-hidden \
          -D"$P"=1 -Wall -Wextra -Werror -O2 -c "$s" -o "${objs[-1]}" >> "$log" 2>&1 ||
          { fail "$n ($triple): compile $(basename "$s")" "$log"; ok=0; break; }
      done
      [ $ok = 1 ] || break
      macho_object_globals "${objs[@]}" > "$dir/globals"
      same_as "$work/$n/declared" "$dir/globals" "$log" "the objects' global symbols" ||
        { fail "$n ($triple): object symbols" "$log"; ok=0; break; }
      "$work/bin/zig-$triple-c++" -shared -o "$dir/lib$name.dylib" "${objs[@]}" >> "$log" 2>&1 ||
        { fail "$n ($triple): link the dylib" "$log"; ok=0; break; }
      llvm-objdump --macho --private-header "$dir/lib$name.dylib" | grep -qw DYLIB ||
        { fail "$n ($triple): not a Mach-O dylib" "$log"; ok=0; break; }
      macho_exports "$dir/lib$name.dylib" | grep -Ev "$alloc_functions|$linker_symbols" > "$dir/exports"
      same_as "$work/$n/declared" "$dir/exports" "$log" "the dylib's exports" ||
        { fail "$n ($triple): dylib exports" "$log"; ok=0; break; }
    done
    [ $ok = 1 ] && echo "PASS $n (macos): arm64 and x86_64 dylibs export exactly the C ABI ($(wc -l < "$work/$n/declared") symbols)"
  done
}

part_swiftpm() {
  local control_done=0
  for yml in "${examples[@]}"; do
    local n; n=$(basename "$yml" .yml)
    plugin "$n" || { fail "$n (swiftpm): generate" "$work/$n/generate.log"; continue; }
    local swift="$plugin/ios/$name/Package.swift" dir="$work/$n/swiftpm" log="$work/$n/swiftpm.log"
    local define; define=$(grep -o '\.define("[A-Z0-9_]*_BUILD")' "$swift" | sed 's/.define("\(.*\)")/\1/')
    [ -n "$define" ] || { fail "$n (swiftpm): Package.swift defines no <P>_BUILD"; continue; }
    grep -q 'cxxLanguageStandard: .cxx20' "$swift" || { fail "$n (swiftpm): Package.swift is not C++20"; continue; }
    mkdir -p "$dir"
    echo 'int main(void) { return 0; }' > "$dir/main.c"
    # build VARIANT DEFINES...: the package's sources as SwiftPM compiles them
    # (no visibility flags), linked into an app that calls none of them.
    build() {
      local variant=$1 objs=() s; shift
      mkdir -p "$dir/$variant"
      for s in "$plugin/ios/$name/Sources/$name"/*.cc; do
        objs+=("$dir/$variant/$(basename "$s" .cc).o")
        "$work/bin/zig-aarch64-macos-c++" -std=c++20 "$@" -Wall -Wextra -Werror -O2 -c "$s" -o "${objs[-1]}" \
          >> "$log" 2>&1 || return 1
      done
      "$work/bin/zig-aarch64-macos-cc" -c "$dir/main.c" -o "$dir/$variant/main.o" >> "$log" 2>&1 &&
        "$work/bin/zig-aarch64-macos-c++" -Wl,-dead_strip -o "$dir/$variant/Runner" "$dir/$variant/main.o" "${objs[@]}" \
          >> "$log" 2>&1
    }
    build app -D"$define" || { fail "$n (swiftpm): compile and link the app" "$log"; continue; }
    macho_exports "$dir/app/Runner" > "$dir/exports"
    local missing; missing=$(comm -23 "$work/$n/declared" "$dir/exports")
    [ -z "$missing" ] || { fail "$n (swiftpm): dead-stripped from the app: $missing" "$log"; continue; }
    if [ $control_done = 0 ]; then
      control_done=1
      build control || { fail "$n (swiftpm): control build" "$log"; continue; }
      if [ -z "$(comm -23 "$work/$n/declared" <(macho_exports "$dir/control/Runner"))" ]; then
        fail "$n (swiftpm): the control build without $define kept the C ABI too, so this check proves nothing" "$log"
        continue
      fi
    fi
    echo "PASS $n (swiftpm): the whole C ABI survives -dead_strip in a statically linked arm64 app"
  done
}

# The calculator plugin with prebuilt macOS libraries
# (generators.flutter-plugin.prebuilt): static libraries built by Zig for
# arm64 and x86_64 from the plugin's sources; the podspec's script phase
# (macos/prebuilt.sh, with Xcode's settings in the environment) checks them
# and combines them into one universal library whose slices define exactly
# the C ABI; a changed library and an architecture without one are refused.
part_prebuilt() {
  local n=calculator out="$work/prebuilt" log="$work/prebuilt.log"
  mkdir -p "$out"
  plugin "$n" || { fail "$n (prebuilt): generate" "$work/$n/generate.log"; return; }
  local lipo="$work/bin/lipo" yml="$out/$n.yml" triple
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$py" "$root/tests/e2e/lipo.py" > "$lipo"
  chmod +x "$lipo"
  cp "$root/examples/$n/$n.yml" "$yml"
  printf 'generators:\n  flutter-plugin:\n    prebuilt:\n' >> "$yml"
  for triple in aarch64-macos x86_64-macos; do
    local dir="$out/$triple" objs=() s
    mkdir -p "$dir"
    for s in "$plugin"/macos/Classes/*.cc; do
      objs+=("$dir/$(basename "$s" .cc).o")
      "$work/bin/zig-$triple-c++" -std=c++20 -fvisibility=hidden -fvisibility-inlines-hidden -D"$P"=1 -O2 \
        -c "$s" -o "${objs[-1]}" >> "$log" 2>&1 || { fail "$n (prebuilt): compile $(basename "$s") for $triple" "$log"; return; }
    done
    "$work/bin/zig-ar" rcs "$dir/lib$name.a" "${objs[@]}" >> "$log" 2>&1 || { fail "$n (prebuilt): archive" "$log"; return; }
    local platform=macos-arm64; [ "$triple" = x86_64-macos ] && platform=macos-x64
    printf '      %s: %s\n' "$platform" "$(sha256sum "$dir/lib$name.a" | cut -d' ' -f1)" >> "$yml"
  done
  "$seam" generate "$yml" -o "$out" -t flutter-plugin >> "$log" 2>&1 || { fail "$n (prebuilt): generate with prebuilt" "$log"; return; }
  local pb="$out/flutter-plugin"
  if [ -e "$pb/macos/$name/Package.swift" ] || [ ! -f "$pb/ios/$name/Package.swift" ] ||
     ! grep -q "force_load \${BUILT_PRODUCTS_DIR}/lib${name}_prebuilt.a" "$pb/macos/$name.podspec" ||
     ! grep -q 'prebuilt.sh' "$pb/macos/$name.podspec" || ls "$pb"/macos/Classes/*.cc > /dev/null 2>&1; then
    fail "$n (prebuilt): macos/ is not laid out for prebuilt libraries (podspec, no Package.swift, no sources)" "$log"; return
  fi
  mkdir -p "$pb/prebuilt/macos-arm64" "$pb/prebuilt/macos-x64"
  cp "$out/aarch64-macos/lib$name.a" "$pb/prebuilt/macos-arm64/"
  cp "$out/x86_64-macos/lib$name.a" "$pb/prebuilt/macos-x64/"
  phase() { env PLATFORM_NAME="$1" ARCHS="$2" BUILT_PRODUCTS_DIR="$out/products" LIPO="$lipo" sh "$pb/macos/prebuilt.sh" >> "$log" 2>&1; }
  phase macosx "arm64 x86_64" || { fail "$n (prebuilt): macos/prebuilt.sh" "$log"; return; }
  local fat="$out/products/lib${name}_prebuilt.a" archs arch
  archs=$("$lipo" -archs "$fat" 2>> "$log")
  [ "$archs" = "arm64 x86_64" ] || { fail "$n (prebuilt): lib${name}_prebuilt.a has architectures '$archs'" "$log"; return; }
  for arch in arm64 x86_64; do
    "$lipo" "$fat" -thin "$arch" -output "$out/thin-$arch.a" >> "$log" 2>&1
    macho_object_globals "$out/thin-$arch.a" > "$out/globals-$arch"
    same_as "$work/$n/declared" "$out/globals-$arch" "$log" "the $arch slice's global symbols" ||
      { fail "$n (prebuilt): the $arch slice" "$log"; return; }
  done
  printf 'x' >> "$pb/prebuilt/macos-x64/lib$name.a"
  if phase macosx "arm64 x86_64" || ! grep -q "prebuilt/macos-x64/lib$name.a has SHA-256 .*, not " "$log"; then
    fail "$n (prebuilt): a changed library is not refused" "$log"; return
  fi
  if phase iphoneos arm64 || ! grep -q "no prebuilt library for arm64 on iphoneos" "$log"; then
    fail "$n (prebuilt): a platform without a prebuilt library is not refused" "$log"; return
  fi
  echo "PASS $n (prebuilt): macos/prebuilt.sh checks the arm64 and x86_64 libraries and links one universal library with exactly the C ABI; changed and unlisted ones refused"
}

part_windows() {
  for yml in "${examples[@]}"; do
    local n; n=$(basename "$yml" .yml)
    plugin "$n" || { fail "$n (windows): generate" "$work/$n/generate.log"; continue; }
    local dir="$work/$n/windows" log="$work/$n/windows.log"
    mkdir -p "$dir/runner"
    cat > "$dir/runner/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.14)
project(runner LANGUAGES CXX)
add_subdirectory("$plugin/windows" "plugins/$name")
list(APPEND PLUGIN_BUNDLED_LIBRARIES \${${name}_bundled_libraries})
install(FILES \${PLUGIN_BUNDLED_LIBRARIES} DESTINATION bin)
CMAKE
    if ! (cmake -S "$dir/runner" -B "$dir/build" -DCMAKE_TOOLCHAIN_FILE="$work/windows.cmake" \
          -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" &&
          cmake --build "$dir/build" -j2 && cmake --install "$dir/build" --prefix "$dir/bundle") >> "$log" 2>&1; then
      fail "$n (windows): CMake build" "$log"; continue
    fi
    # The name the Dart loader opens (Flutter's Windows builds use MSVC,
    # which has no lib prefix; a GNU toolchain must not add one either).
    local dll="$dir/bundle/bin/$name.dll"
    [ -f "$dll" ] || { fail "$n (windows): no $name.dll installed: $(ls "$dir/bundle/bin" 2>&1)" "$log"; continue; }
    llvm-readobj --file-headers "$dll" | grep -q 'IMAGE_FILE_MACHINE_AMD64' ||
      { fail "$n (windows): not an x86-64 PE image" "$log"; continue; }
    llvm-readobj --coff-exports "$dll" | awk '$1 == "Name:" {print $2}' | sort -u > "$dir/exports"
    same_as "$work/$n/declared" "$dir/exports" "$log" "the DLL's exports" || { fail "$n (windows): DLL exports" "$log"; continue; }
    echo "PASS $n (windows): $(basename "$dll") exports exactly the C ABI"
  done
}

part_android() {
  for yml in "${examples[@]}"; do
    local n; n=$(basename "$yml" .yml)
    plugin "$n" || { fail "$n (android): generate" "$work/$n/generate.log"; continue; }
    local dir="$work/$n/android" log="$work/$n/android.log"
    if ! (cmake -S "$plugin/src" -B "$dir/build" -DCMAKE_TOOLCHAIN_FILE="$work/android.cmake" \
          -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" &&
          cmake --build "$dir/build" -j2) >> "$log" 2>&1; then
      fail "$n (android): CMake build" "$log"; continue
    fi
    local so="$dir/build/lib$name.so"
    llvm-readobj --file-headers "$so" | grep -q 'EM_AARCH64' || { fail "$n (android): not an AArch64 ELF" "$log"; continue; }
    local aligns; aligns=$(llvm-readobj --program-headers "$so" |
      awk '/Type: PT_LOAD/ {load = 1} load && /Alignment:/ {print $2; load = 0}' | sort -u)
    if [ "$aligns" != 16384 ]; then
      echo "LOAD segment alignments: $aligns" >> "$log"; fail "$n (android): LOAD segments not 16 KB aligned" "$log"; continue
    fi
    llvm-nm -D --defined-only "$so" | awk '{print $3}' | sort -u > "$dir/exports"
    same_as "$work/$n/declared" "$dir/exports" "$log" "the library's dynamic symbols" ||
      { fail "$n (android): exports" "$log"; continue; }
    echo "PASS $n (android): aarch64 lib$name.so, 16 KB LOAD alignment, exports exactly the C ABI"
  done
}

part_rust() {
  local cargo
  cargo=$("$root/scripts/install-rust.sh") || { fail "rust: cargo is not available"; return; }
  local targets=(x86_64-pc-windows-gnu aarch64-unknown-linux-gnu aarch64-apple-darwin x86_64-apple-darwin) t
  for t in "${targets[@]}"; do
    if ! rustup target list --installed | grep -qx "$t" && ! rustup target add "$t" > "$work/rustup-$t.log" 2>&1; then
      fail "rust: rustup cannot add the $t target" "$work/rustup-$t.log"; return
    fi
  done
  command -v x86_64-w64-mingw32-gcc > /dev/null ||
    { fail "rust: x86_64-w64-mingw32-gcc is missing (Debian gcc-mingw-w64-x86-64; scripts/install-deps.sh)"; return; }
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
  # Zig links AArch64 Linux (Debian's gcc-aarch64-linux-gnu conflicts with
  # gcc-multilib, which the 32-bit Dart tests need).
  export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER="$work/bin/zig-aarch64-linux-gnu-cc"
  # What the plugin's Android build passes (16 KB pages).
  export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C link-arg=-Wl,-z,max-page-size=16384"
  export CARGO_TARGET_DIR="$work/rust-target"
  rust_plugin
  for n in calculator types; do
    local out="$work/$n/rust" log="$work/$n/rust.log"
    mkdir -p "$out"
    "$seam" generate "$root/examples/$n/$n.yml" -o "$out" -t rust-producer > "$log" 2>&1 ||
      { fail "$n (rust): generate" "$log"; continue; }
    local crate="$out/rust-producer" lib
    cp "$root/examples/$n/${n}_impl.rs" "$crate/src/implementation.rs"
    lib=$(sed -n 's/^name = "\(.*\)"/\1/p' "$crate/Cargo.toml" | head -1 | tr - _)
    declared_symbols "$crate"/include/*.h > "$out/declared"
    local ok=1
    for t in "${targets[@]}"; do
      # Apple: the static library only (no Apple linker here for the cdylib).
      local build=(build --offline --release --lib --target "$t")
      [[ "$t" == *apple* ]] && build=(rustc --offline --release --lib --crate-type staticlib --target "$t")
      if ! (cd "$crate" && "$cargo" "${build[@]}") >> "$log" 2>&1; then
        fail "$n (rust $t): cargo build" "$log"; ok=0; break
      fi
      local dir="$CARGO_TARGET_DIR/$t/release"
      case "$t" in
        *windows*)
          llvm-readobj --coff-exports "$dir/$lib.dll" | awk '$1 == "Name:" {print $2}' | sort -u > "$out/$t.exports" ;;
        *linux*)
          local aligns; aligns=$(llvm-readobj --program-headers "$dir/lib$lib.so" |
            awk '/Type: PT_LOAD/ {load = 1} load && /Alignment:/ {print $2; load = 0}' | sort -u)
          [ "$aligns" = 16384 ] || { fail "$n (rust $t): LOAD segments aligned to $aligns, not 16 KB" "$log"; ok=0; break; }
          llvm-nm -D --defined-only "$dir/lib$lib.so" | awk '{print $3}' | sort -u > "$out/$t.exports" ;;
        *apple*)
          # A staticlib carries the Rust standard library too: the crate's
          # own objects (members named after it) define the C ABI as their
          # unmangled global functions.
          llvm-nm --defined-only --extern-only "$dir/lib$lib.a" 2> /dev/null |
            awk -v crate="$lib-" '/\):$/ {own = index($0, "(" crate) > 0; next}
                                  own && $2 == "T" && $3 ~ /^_[A-Za-z]/ {print substr($3, 2)}' |
            grep -Ev '^(_ZN|_R)' | sort -u > "$out/$t.exports"
          [ -s "$out/$t.exports" ] || { fail "$n (rust $t): no C symbols in the crate's objects" "$log"; ok=0; break; } ;;
      esac
      same_as "$out/declared" "$out/$t.exports" "$log" "the $t exports" || { fail "$n (rust $t): exports" "$log"; ok=0; break; }
    done
    [ $ok = 1 ] && echo "PASS $n (rust): windows-gnu DLL, aarch64 Linux .so (16 KB pages), aarch64-apple-darwin staticlib export exactly the C ABI"
  done
}

# rust_plugin: the flutter-plugin of calculator with the Rust producer, built
# by its own files: rust/build_apple.sh as the podspec's script phase runs it
# for a universal macOS build (tests/e2e/lipo.py as lipo; both slices define the C
# ABI), and windows/CMakeLists.txt as Flutter's runner adds it (cargo for
# x86_64-pc-windows-gnu under the Zig toolchain file; <name>.dll exports
# exactly the C ABI).
rust_plugin() {
  local n=calculator out="$work/rust-plugin" log="$work/rust-plugin.log"
  mkdir -p "$out"
  "$py" - "$root/examples/$n/$n.yml" "$out/$n.yml" <<'PY' > "$log" 2>&1
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
doc["generators"] = doc.get("generators") or {}
doc["generators"].setdefault("flutter-plugin", {})["producer"] = "rust"
yaml.safe_dump(doc, open(sys.argv[2], "w"), sort_keys=False)
PY
  "$seam" generate "$out/$n.yml" -o "$out" -t flutter-plugin >> "$log" 2>&1 || { fail "rust plugin: generate" "$log"; return; }
  local plugin="$out/flutter-plugin" name
  name=$(sed -n 's/^name: //p' "$plugin/pubspec.yaml")
  cp "$root/examples/$n/${n}_impl.rs" "$plugin/rust/src/implementation.rs"
  declared_symbols "$plugin"/rust/include/*.h > "$out/declared"
  local rustup_bin; rustup_bin=$(dirname "$(command -v rustup)")
  # Apple's lipo, for static libraries (tests/e2e/lipo.py says why not LLVM's).
  local lipo="$work/bin/lipo"
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$py" "$root/tests/e2e/lipo.py" > "$lipo"
  chmod +x "$lipo"
  if ! PATH="$rustup_bin:$PATH" PLATFORM_NAME=macosx ARCHS="arm64 x86_64" CONFIGURATION=Release \
      BUILT_PRODUCTS_DIR="$out/apple" DERIVED_FILE_DIR="$out/apple-derived" LIPO="$lipo" \
      sh "$plugin/rust/build_apple.sh" >> "$log" 2>&1; then
    fail "rust plugin: build_apple.sh" "$log"; return
  fi
  local archs; archs=$("$lipo" -archs "$out/apple/lib$name.a" 2>> "$log")
  [ "$archs" = "x86_64 arm64" ] || [ "$archs" = "arm64 x86_64" ] ||
    { fail "rust plugin: lib$name.a has architectures '$archs', not arm64 and x86_64" "$log"; return; }
  # LLVM reads the universal header the way Apple's tools do.
  [ "$(llvm-objdump --macho --universal-headers "$out/apple/lib$name.a" 2> /dev/null | grep -c '^architecture ')" = 2 ] ||
    { fail "rust plugin: llvm-objdump does not read lib$name.a as a universal file of two slices" "$log"; return; }
  local arch
  for arch in arm64 x86_64; do
    "$lipo" "$out/apple/lib$name.a" -thin "$arch" -output "$out/apple/$arch.a" >> "$log" 2>&1
    llvm-nm --defined-only --extern-only "$out/apple/$arch.a" 2> /dev/null |
      awk -v crate="$name-" '/\):$/ {own = index($0, "(" crate) > 0; next}
                            own && $2 == "T" && $3 ~ /^_[A-Za-z]/ {print substr($3, 2)}' |
      grep -Ev '^(_ZN|_R)' | sort -u > "$out/apple-$arch.exports"
    same_as "$out/declared" "$out/apple-$arch.exports" "$log" "the $arch slice's C symbols" ||
      { fail "rust plugin: build_apple.sh's $arch slice" "$log"; return; }
  done
  mkdir -p "$out/runner"
  cat > "$out/runner/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.14)
project(runner LANGUAGES CXX)
add_subdirectory("$plugin/windows" "plugins/$name")
list(APPEND PLUGIN_BUNDLED_LIBRARIES \${${name}_bundled_libraries})
install(FILES \${PLUGIN_BUNDLED_LIBRARIES} DESTINATION bin)
CMAKE
  if ! (PATH="$rustup_bin:$PATH" cmake -S "$out/runner" -B "$out/runner/build" \
        -DCMAKE_TOOLCHAIN_FILE="$work/windows.cmake" -DCMAKE_BUILD_TYPE=Release &&
        PATH="$rustup_bin:$PATH" cmake --build "$out/runner/build" &&
        cmake --install "$out/runner/build" --prefix "$out/bundle") >> "$log" 2>&1; then
    fail "rust plugin: windows/CMakeLists.txt build" "$log"; return
  fi
  local dll="$out/bundle/bin/$name.dll"
  [ -f "$dll" ] || { fail "rust plugin: no $name.dll installed" "$log"; return; }
  llvm-readobj --coff-exports "$dll" | awk '$1 == "Name:" {print $2}' | sort -u > "$out/windows.exports"
  same_as "$out/declared" "$out/windows.exports" "$log" "the DLL's exports" || { fail "rust plugin: DLL exports" "$log"; return; }
  echo "PASS $n (rust plugin): build_apple.sh's universal lib$name.a and windows/CMakeLists.txt's $name.dll carry exactly the C ABI"
}

for part in "${parts[@]}"; do "part_$part"; done
exit $fails
