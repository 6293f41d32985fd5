#!/usr/bin/env bash
# For every IDL given: generate the Rust producer crate and build it offline
# as generated (stub implementation), check that the library exports every
# function its C header declares, that `cargo clippy` finds nothing, and that
# the generated Python package imports against it (every symbol it binds
# exists, and the contract fingerprints of the two generators agree). IDLs the
# target cannot express must be refused with RustProducerUnsupported or
# RustRecursiveValueType errors only. Then a producer that panics everywhere
# is called from C: every panic reaches the caller as code -2.
# Usage: rust_scaffolds.sh SEAM_BINARY WORK_DIR IDL...
set -uo pipefail
export LC_ALL=C
seam=$1; work=$2; shift 2
rm -rf "$work"; mkdir -p "$work"
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/symbols.sh"
SEAM_CARGO=$("$root/scripts/install-rust.sh") || { echo "FAIL: cargo is not available"; exit 1; }
export SEAM_CARGO
SEAM_PYTHON=$("$root/scripts/install-python.sh") || { echo "FAIL: pytest and mypy are not available"; exit 1; }
export SEAM_PYTHON

check_one() {
  local seam=$1 work=$2 idl=$3
  local name; name=$(basename "$idl"); name=${name%.*}
  local out="$work/$name" log="$work/$name.log"
  (
    if ! "$seam" generate "$idl" -o "$out" -t rust-producer,python > "$out.gen.log" 2>&1; then
      if grep 'error:' "$out.gen.log" | grep -qvE '\[(RustProducerUnsupported|RustRecursiveValueType|PythonUnsupported)\]$'; then
        echo "generation failed:"; cat "$out.gen.log"; exit 1
      fi
      "$seam" generate "$idl" -o "$out" -t rust-producer > "$out.gen.log" 2>&1 && {
        echo "python refused it"; exit 1; }
      echo "refused: $(grep -c 'error:' "$out.gen.log") unsupported construct(s)"; exit 0
    fi
    local crate="$out/rust-producer"
    export CARGO_TARGET_DIR="$out/target"
    (cd "$crate" && "$SEAM_CARGO" build --offline --quiet) || { echo "the crate does not build"; exit 1; }
    (cd "$crate" && "$SEAM_CARGO" clippy --offline --quiet -- -D warnings) || { echo "clippy finds problems"; exit 1; }
    local lib; lib=$(ls "$CARGO_TARGET_DIR"/debug/lib*.so)
    local header; header=$(ls "$crate"/include/*.h)
    local missing; missing=$(missing_exports "$header" "$lib")
    if [ -n "$missing" ]; then echo "not exported:"; echo "$missing"; exit 1; fi
    local pkg; pkg=$(basename "$(dirname "$(ls "$out"/python/*/__init__.py)")")
    (cd "$out/python" && WEAVEFFI_LIBRARY="$lib" "$SEAM_PYTHON" -W error -c "import $pkg") ||
      { echo "the Python package does not import against the Rust producer"; exit 1; }
    echo "ok: $(declared_symbols "$header" | wc -l) symbols, clippy clean, python imports"
  ) > "$log" 2>&1
  local rc=$?
  if [ $rc -eq 0 ]; then echo "PASS $name ($(tail -1 "$log"))"; else echo "FAIL $name"; cat "$log"; fi
  return $rc
}
export -f check_one declared_symbols exported_symbols missing_exports

fails=0
printf '%s\n' "$@" | xargs -P 2 -I{} bash -c 'check_one "$0" "$1" "$2"' "$seam" "$work" {} || fails=1

# Panics: a producer that panics everywhere it can (tests/e2e/rust/), called
# from C under ASan+UBSan: each panic is code -2 "producer panicked: ...".
out="$work/panics"
if "$seam" generate "$root/tests/e2e/rust/panics.yml" -o "$out" -t c,rust-producer > "$out.log" 2>&1 &&
    cp "$root/tests/e2e/rust/panics_impl.rs" "$out/rust-producer/src/implementation.rs" &&
    (cd "$out/rust-producer" && CARGO_TARGET_DIR="$out/target" "$SEAM_CARGO" build --offline --quiet) >> "$out.log" 2>&1 &&
    gcc -std=c11 -g1 -fsanitize=address,undefined -fno-sanitize-recover=all -Wall -Wextra -Werror \
      -I"$out/c" -I"$root/tests/e2e/c" -DSEAM_RUNTIME_PREFIX=weaveffi_seam_panics "$root/tests/e2e/rust/panics_test.c" \
      -o "$out/panics_test" \
      -L"$out/target/debug" -lpanics -lpthread >> "$out.log" 2>&1 &&
    LD_LIBRARY_PATH="$out/target/debug" ASAN_OPTIONS=detect_leaks=1 "$out/panics_test" >> "$out.log" 2>&1; then
  echo "PASS panics (c against the Rust producer): $(tail -1 "$out.log")"
else
  echo "FAIL panics"; cat "$out.log"; fails=1
fi
exit $fails
