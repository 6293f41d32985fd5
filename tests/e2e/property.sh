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
#   - its Python package passes mypy --strict (50 per run).
# For the first DEEP of them, also: the C++ and Rust producer scaffolds build
# as generated (stub implementations; the Rust one clean under clippy) and
# export every symbol of their header, and the Python package imports against each library (every symbol
# it binds exists and the contract fingerprints agree).
# Usage: property.sh SEAM_BINARY WORK_DIR [COUNT [FIRST [DEEP]]]
set -uo pipefail
export LC_ALL=C
seam=$1; work=$2
count=${3:-200}; first=${4:-1}; deep=${5:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
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

# The deep checks, two IDLs at a time.
stage "producers"
deep_one() {
  local s=$1 work=$2 py=$3 cargo=$4
  local d="$work/r$s" out="$work/r$s/out"
  (
    local p="$out/cpp-producer"
    g++ -std=c++20 -O0 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -I"$p/include" "$p"/src/*.cc \
      -o "$d/libr$s.so" -lpthread || { echo "the C++ producer does not build"; exit 1; }
    grep -oE '^R[0-9]+_API [^;]*\b([A-Za-z0-9_]+)\(' "$out/c/r$s.h" | grep -oE '[A-Za-z0-9_]+\($' | tr -d '(' |
      sed -E "s/^r${s}_(error_clear|free_string|free_bytes|cancel_token_create|cancel_token_cancel|cancel_token_is_cancelled|cancel_token_destroy)$/weaveffi_\1/" |
      sort -u > "$d/declared.txt"
    nm -D --defined-only "$d/libr$s.so" | awk '{print $3}' | sort -u > "$d/exported.txt"
    local missing; missing=$(comm -23 "$d/declared.txt" "$d/exported.txt")
    [ -z "$missing" ] || { echo "not exported: $missing"; exit 1; }
    (cd "$out/python" && WEAVEFFI_LIBRARY="$d/libr$s.so" "$py" -c "import r$s") ||
      { echo "the Python package does not import against the producer"; exit 1; }
    (cd "$out/rust-producer" && CARGO_TARGET_DIR="$d/target" "$cargo" build --offline --quiet) ||
      { echo "the Rust producer does not build"; exit 1; }
    (cd "$out/rust-producer" && CARGO_TARGET_DIR="$d/target" "$cargo" clippy --offline --quiet -- -D warnings) ||
      { echo "cargo clippy finds problems in the Rust producer"; exit 1; }
    nm -D --defined-only "$d/target/debug/libr$s.so" | awk '{print $3}' | sort -u > "$d/exported_rust.txt"
    missing=$(comm -23 "$d/declared.txt" "$d/exported_rust.txt")
    [ -z "$missing" ] || { echo "not exported by the Rust producer: $missing"; exit 1; }
    (cd "$out/python" && WEAVEFFI_LIBRARY="$d/target/debug/libr$s.so" "$py" -W error -c "import r$s") ||
      { echo "the Python package does not import against the Rust producer"; exit 1; }
  ) > "$d/deep.log" 2>&1 || { echo "FAIL seed $s: deep checks"; head -40 "$d/deep.log"; return 1; }
}
export -f deep_one
if [ "$deep" -gt 0 ] && [ ${#seeds[@]} -gt 0 ] &&
    ! printf '%s\n' "${seeds[@]:0:deep}" | xargs -P 2 -I{} bash -c 'deep_one "$0" "$1" "$2" "$3"' {} "$work" "$py" "$cargo"; then
  fails=1
fi

if [ $fails -eq 0 ]; then
  n=$(( deep < ${#seeds[@]} ? deep : ${#seeds[@]} ))
  echo "PASS: $count random IDLs (seeds $first..$((first + count - 1))) generate every target; C, C++, Dart and" \
    "Python compile for all; the C++ and Rust producers build and export their header, and Python imports against" \
    "them, for $n"
fi
exit $fails
