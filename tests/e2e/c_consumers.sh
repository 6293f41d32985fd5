#!/usr/bin/env bash
# End-to-end C consumer suite: for every example with a C test
# (tests/e2e/c/<name>_test.c), generate the header and the producer, build
# the example's implementation (examples/<name>/<name>_impl.cc, or _impl.rs
# with SEAM_PRODUCER=rust) and the test under ASan+UBSan (a Rust producer is
# not instrumented, but its allocations go through the sanitizer's malloc),
# and run the test. Usage: c_consumers.sh SEAM_BINARY WORK_DIR BITS(64|32) [NAME...]
set -uo pipefail
export LC_ALL=C
seam=$1; work=$2; bits=$3; shift 3
root=$(cd "$(dirname "$0")/../.." && pwd)
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for t in "$root"/tests/e2e/c/*_test.c; do n=$(basename "$t" _test.c); names+=("$n"); done
fi
arch=-m$bits
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1
if [ "$bits" = 32 ]; then export ASAN_OPTIONS=detect_leaks=0; fi  # LeakSanitizer has no i386 port
# SEAM_E2E_SANITIZER=thread: ThreadSanitizer instead (64-bit only).
if [ "${SEAM_E2E_SANITIZER:-address}" = thread ]; then
  san="-fsanitize=thread -fno-omit-frame-pointer"
  export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
fi
fails=0
mkdir -p "$work"
source "$root/tests/e2e/producers.sh"
for n in "${names[@]}"; do
  out="$work/$n-$bits"
  rm -rf "$out"
  idl="$root/examples/$n/$n.yml"
  if ! "$seam" generate "$idl" -o "$out" -t c,$producer-producer > "$out.log" 2>&1; then
    echo "FAIL $n ($bits-bit): generate"; cat "$out.log"; fails=1; continue
  fi
  if ! build_producer "$n" "$out" "$bits" "$san" >> "$out.log" 2>&1; then
    echo "FAIL $n ($bits-bit): $producer producer build"; cat "$out.log"; fails=1; continue
  fi
  if ! gcc $arch -std=c11 -g1 $san -Wall -Wextra -Werror -I"$out/c" -I"$root/tests/e2e/c" \
      -DSEAM_RUNTIME_PREFIX="weaveffi_seam_$n" "$root/tests/e2e/c/${n}_test.c" -o "$out/${n}_test" -L"$out" -l"$n" -lpthread >> "$out.log" 2>&1; then
    echo "FAIL $n ($bits-bit): consumer build"; cat "$out.log"; fails=1; continue
  fi
  if LD_LIBRARY_PATH="$out" "$out/${n}_test" >> "$out.log" 2>&1; then
    echo "PASS $n ($bits-bit): $(tail -1 "$out.log")"
  else
    echo "FAIL $n ($bits-bit): test"; cat "$out.log"; fails=1
  fi
done
exit $fails
