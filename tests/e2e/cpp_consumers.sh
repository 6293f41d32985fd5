#!/usr/bin/env bash
# End-to-end C++ consumer suite: for every tests/e2e/cpp/<name>_test.cc,
# generate the C header, the C++ bindings and the producer (C++, or Rust with
# SEAM_PRODUCER=rust; see producers.sh) of
# examples/<name>/<name>.yml, build the producer and the GoogleTest program
# under ASan+UBSan (the bindings as C++17, -Wall -Wextra -Werror), and run it.
# Usage: cpp_consumers.sh SEAM_BINARY WORK_DIR [NAME...]
set -uo pipefail
export LC_ALL=C
seam=$1; work=$2; shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for t in "$root"/tests/e2e/cpp/*_test.cc; do names+=("$(basename "$t" _test.cc)"); done
fi
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1
# SEAM_E2E_SANITIZER=thread: ThreadSanitizer instead.
if [ "${SEAM_E2E_SANITIZER:-address}" = thread ]; then
  san="-fsanitize=thread -fno-omit-frame-pointer"
  export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
fi
fails=0
mkdir -p "$work"
source "$root/tests/e2e/producers.sh"
# The default list starts where the other suites sharing these producers do
# not (see staggered in producers.sh).
[ $# -gt 0 ] || mapfile -t names < <(staggered 1 "${names[@]}")
for n in "${names[@]}"; do
  out="$work/$n"
  rm -rf "$out"
  if ! "$seam" generate "$root/examples/$n/$n.yml" -o "$out" -t c,cpp,$producer-producer > "$out.log" 2>&1; then
    echo "FAIL $n (c++): generate"; cat "$out.log"; fails=1; continue
  fi
  if ! build_producer "$n" "$out" 64 "$san" >> "$out.log" 2>&1; then
    echo "FAIL $n (c++): $producer producer build"; cat "$out.log"; fails=1; continue
  fi
  if ! g++ -std=c++17 -g1 -O1 $san -Wall -Wextra -Werror -I"$out/c" -I"$out/cpp" -I"$root/tests/e2e/cpp" \
      -DSEAM_RUNTIME_PREFIX="weaveffi_seam_$n" "$root/tests/e2e/cpp/${n}_test.cc" -o "$out/${n}_test" -L"$out" -l"$n" -lgtest -lgtest_main -lpthread \
      >> "$out.log" 2>&1; then
    echo "FAIL $n (c++): consumer build"; cat "$out.log"; fails=1; continue
  fi
  if LD_LIBRARY_PATH="$out" "$out/${n}_test" >> "$out.log" 2>&1; then
    echo "PASS $n (c++): $(grep -c '^\[       OK \]' "$out.log") tests"
  else
    echo "FAIL $n (c++): test"; cat "$out.log"; fails=1
  fi
done
exit $fails
