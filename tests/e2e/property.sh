#!/usr/bin/env bash
# Random-IDL property test: tests/e2e/random_idl.py makes COUNT valid IDLs
# (seeds FIRST..FIRST+COUNT-1, reproducible; each with its own C prefix and
# package name) and for every one:
#   - `seam generate --target all` succeeds;
#   - its C header compiles as C11 and as C++17, 64- and 32-bit, and its C++
#     bindings as C++17, 64- and 32-bit, all with -Wall -Wextra -Werror
#     -pedantic (25 IDLs per translation unit, which also proves that the
#     headers of several libraries can be included together);
#   - its Dart package compiles on the Dart VM (25 per program);
#   - its Python package passes mypy --strict (50 per run);
#   - its C++ producer scaffold builds with clang++ (25 IDLs per translation
#     unit and library, so each random IDL sets its own C++ namespace) and its
#     Rust producer crate builds as generated and is clean under clippy (25 per
#     cargo run, one workspace); both libraries export every symbol of the
#     header, and the Python package imports against each (every symbol it
#     binds exists and the contract fingerprints agree).
# For the first DEEP of them, the C++ producer is also built file by file
# with g++, as a user builds it.
# Usage: property.sh SEAM_BINARY WORK_DIR [COUNT [FIRST [DEEP]]]
set -uo pipefail
export LC_ALL=C
seam=$1; work=$2
count=${3:-200}; first=${4:-1}; deep=${5:-4}
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/symbols.sh"
dart=$("$root/scripts/install-dart.sh") || { echo "FAIL: the Dart VM is not available"; exit 1; }
py=$("$root/scripts/install-python.sh") || { echo "FAIL: pytest and mypy are not available"; exit 1; }
cargo=$("$root/scripts/install-rust.sh") || { echo "FAIL: cargo is not available"; exit 1; }
rm -rf "$work"; mkdir -p "$work"
fails=0
fail() { echo "FAIL seed $1: $2"; [ -f "$3" ] && head -40 "$3"; fails=1; }

stage() { echo "[$(date +%T)] $*"; }

# Generate every target for each IDL.
stage "generating $count IDLs and their bindings"
python3 "$root/tests/e2e/random_idl.py" --many "$first" "$count" "$work" || { echo "FAIL: the generator failed"; exit 1; }
seeds=()
for ((s = first; s < first + count; s++)); do
  d="$work/r$s"
  if ! "$seam" generate "$d/r$s.json" -o "$d/out" -t all > "$d/generate.log" 2>&1; then
    fail "$s" "seam generate --target all" "$d/generate.log"; continue
  fi
  seeds+=("$s")
done

# C and C++ (25 headers, then their 25 C++ bindings, per translation unit)
# and Dart (one program importing 25 packages), two batches at a time.
cxx_batch() {
  local work=$1 i=$2; shift 2
  local incs=() s mode bits
  : > "$work/c_$i.h"; : > "$work/cpp_$i.hpp"
  for s in "$@"; do
    incs+=("-I$work/r$s/out/c")
    echo "#include \"$work/r$s/out/c/r$s.h\"" >> "$work/c_$i.h"
    echo "#include \"$work/r$s/out/cpp/r$s.hpp\"" >> "$work/cpp_$i.hpp"
  done
  # The C++ bindings include the C headers, so these also compile as C++.
  for mode in "-std=c11" "-std=c11 -m32"; do
    gcc -x c $mode -Wall -Wextra -Werror -pedantic -fsyntax-only "$work/c_$i.h" > "$work/c_$i.log" 2>&1 ||
      { echo "FAIL seeds $*: the C headers do not compile with: gcc $mode"; head -40 "$work/c_$i.log"; return 1; }
  done
  for bits in 64 32; do
    g++ -x c++ -std=c++17 -m$bits -Wall -Wextra -Werror -pedantic "${incs[@]}" -fsyntax-only "$work/cpp_$i.hpp" \
      > "$work/cpp_$i.log" 2>&1 ||
      { echo "FAIL seeds $*: the C++ bindings do not compile ($bits-bit)"; head -40 "$work/cpp_$i.log"; return 1; }
  done
}
dart_batch() {
  local work=$1 dart=$2 i=$3; shift 3
  local main="$work/dart_$i.dart" s
  for s in "$@"; do echo "import 'file://$work/r$s/out/dart/lib/r$s.dart' as r$s;"; done > "$main"
  echo "void main() {}" >> "$main"
  "$dart" --snapshot-kind=kernel --snapshot="$work/dart_$i.dill" "$main" > "$work/dart_$i.log" 2>&1 ||
    { echo "FAIL seeds $*: the Dart packages do not compile"; head -40 "$work/dart_$i.log"; return 1; }
}
export -f cxx_batch dart_batch
batches() { for ((i = 0; i < ${#seeds[@]}; i += 25)); do echo "$i ${seeds[*]:i:25}"; done; }
stage "C and C++"
batches | xargs -P 2 -L 1 bash -c 'cxx_batch "$0" "$@"' "$work" || fails=1
stage "Dart"
batches | xargs -P 2 -L 1 bash -c 'dart_batch "$0" "$1" "${@:2}"' "$work" "$dart" || fails=1

# Python: mypy --strict over 50 packages at a time.
stage "Python"
for ((i = 0; i < ${#seeds[@]}; i += 50)); do
  pkgs=()
  for s in "${seeds[@]:i:50}"; do pkgs+=("$work/r$s/out/python/r$s"); done
  if ! "$py" -m mypy --strict --no-incremental --cache-dir=/dev/null "${pkgs[@]}" > "$work/mypy_$i.log" 2>&1; then
    fail "${seeds[*]:i:50}" "Python packages fail mypy --strict" "$work/mypy_$i.log"
  fi
done

# check_library WHAT LIB SEED...: the library LIB (where "%s" stands for the
# seed, each seed's own) exports every symbol of each seed's header, and each
# seed's Python package imports against it (every symbol it binds exists, and
# the contract fingerprints agree); one Python process for all seeds.
check_library() {
  local what=$1 pattern=$2 s lib missing; shift 2
  for s in "$@"; do
    lib=${pattern//%s/$s}
    missing=$(missing_exports "$work/r$s/out/c/r$s.h" "$lib")
    [ -z "$missing" ] || { echo "FAIL seed $s: not exported by the $what producer: $missing"; return 1; }
  done
  "$py" -W error - "$pattern" "$work" "$@" <<'PY' || { echo "FAIL seeds $*: a Python package does not import against the $what producer"; return 1; }
import importlib, os, sys
pattern, work, seeds = sys.argv[1], sys.argv[2], sys.argv[3:]
for s in seeds:
    os.environ["WEAVEFFI_LIBRARY"] = pattern.replace("%s", s)
    sys.path.insert(0, f"{work}/r{s}/out/python")
    try:
        importlib.import_module(f"r{s}")
    except Exception as e:
        sys.exit(f"seed {s}: {type(e).__name__}: {e}")
PY
}
# The C++ producers, 25 per library: one translation unit includes each IDL's
# glue, stub implementation and runtime (the random IDLs give each library
# its own C++ namespace, as two libraries linked together need).
# They build with clang++, the compiler of Flutter's Android, iOS and macOS
# builds (the file-by-file builds below and the other suites use g++).
cpp_producers() {
  local i=$1 s; shift
  local tu="$work/producers_$i.cc" lib="$work/libproducers_$i.so" incs=()
  : > "$tu"
  for s in "$@"; do
    incs+=("-I$work/r$s/out/cpp-producer/include")
    echo "#include \"$work/r$s/out/cpp-producer/src/r${s}_glue.cc\"" >> "$tu"
    echo "#include \"$work/r$s/out/cpp-producer/src/r${s}_stub.cc\"" >> "$tu"
    # Each library's runtime functions are its own; the weak WeaveFFI names
    # once per translation unit (as the linker would keep one).
    [ "$s" = "$1" ] || echo "#define SEAM_NO_WEAVEFFI_NAMES" >> "$tu"
    echo "#include \"$work/r$s/out/cpp-producer/src/seam_runtime.cc\"" >> "$tu"
    echo "#undef SEAM_NO_WEAVEFFI_NAMES" >> "$tu"
  done
  clang++ -std=c++20 -O0 -Wall -Wextra -Wshadow -Werror -fPIC -shared -fvisibility=hidden "${incs[@]}" "$tu" -o "$lib" \
    -lpthread > "$work/producers_$i.log" 2>&1 ||
    { echo "FAIL seeds $*: the C++ producers do not build"; head -40 "$work/producers_$i.log"; return 1; }
  check_library C++ "$lib" "$@"
}
export -f declared_symbols exported_symbols missing_exports check_library cpp_producers
export work py
stage "C++ producers"
batches | xargs -P 2 -L 1 bash -c 'cpp_producers "$@"' _ || fails=1

# The Rust producers: one workspace of every crate, built (as generated) and
# linted 25 crates per cargo run; the static libraries (each carries std) are
# removed after each batch.
stage "Rust producers"
if [ ${#seeds[@]} -gt 0 ]; then
  { echo "[workspace]"; echo 'resolver = "2"'; echo "members = ["
    for s in "${seeds[@]}"; do echo "  \"r$s/out/rust-producer\","; done; echo "]"; } > "$work/Cargo.toml"
  export CARGO_TARGET_DIR="$work/target" CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=0
  for ((i = 0; i < ${#seeds[@]}; i += 25)); do
    batch=("${seeds[@]:i:25}"); pkgs=()
    for s in "${batch[@]}"; do pkgs+=(-p "r$s"); done
    log="$work/rust_$i.log"
    if ! (cd "$work" && "$cargo" build --offline --quiet -j 2 "${pkgs[@]}" && "$cargo" clippy --offline --quiet -j 2 "${pkgs[@]}" -- -D warnings) > "$log" 2>&1; then
      fail "${batch[*]}" "the Rust producers do not build or fail clippy" "$log"; continue
    fi
    check_library Rust "$work/target/debug/libr%s.so" "${batch[@]}" || fails=1
    rm -f "$work"/target/debug/*.a "$work"/target/debug/deps/*.a
  done
fi

# The first DEEP IDLs also build their C++ producer as a user would, one
# translation unit per source file, two IDLs at a time.
stage "C++ producers, file by file"
deep_one() {
  local s=$1 p="$work/r$1/out/cpp-producer"
  g++ -std=c++20 -O0 -Wall -Wextra -Wshadow -Werror -fPIC -shared -fvisibility=hidden -I"$p/include" "$p"/src/*.cc \
    -o "$work/r$s/libr$s.so" -lpthread > "$work/r$s/deep.log" 2>&1 ||
    { echo "FAIL seed $s: the C++ producer does not build"; head -40 "$work/r$s/deep.log"; return 1; }
  check_library C++ "$work/r$s/libr$s.so" "$s"
}
export -f deep_one
if [ "$deep" -gt 0 ] && [ ${#seeds[@]} -gt 0 ] &&
    ! printf '%s\n' "${seeds[@]:0:deep}" | xargs -P 2 -I{} bash -c 'deep_one "$0"' {}; then
  fails=1
fi

if [ $fails -eq 0 ]; then
  n=$(( deep < ${#seeds[@]} ? deep : ${#seeds[@]} ))
  echo "PASS: $count random IDLs (seeds $first..$((first + count - 1))) generate every target; C, C++, Dart and" \
    "Python compile, the C++ and Rust producers build (Rust clean under clippy) and export their header, and" \
    "Python imports against both, for all; the C++ producer also builds file by file for $n"
fi
exit $fails
