#!/usr/bin/env bash
# Runs every libFuzzer target of BUILD_DIR (configured with -DSEAM_FUZZ=ON)
# for SECONDS each, from seed corpora made of the project's IDL files and
# diagnostic cases, and reports the executions. Fails on any crash, leak,
# timeout or out-of-memory; the reproducer is left in WORK_DIR.
#   fuzz/run.sh BUILD_DIR WORK_DIR SECONDS
set -euo pipefail
build=$(cd "$1" && pwd); mkdir -p "$2"; work=$(cd "$2" && pwd); seconds=$3
root=$(cd "$(dirname "$0")/.." && pwd)
# The shared samples and fixtures join the seeds when present (as in tests/).
sources=("$root/tests/diagnostics" "$root/examples" "$root/tests/e2e/idl" "$root/bench/ffi")
for shared in "${SEAM_SHARED_DIR:-}" "$root/../shared" /work/shared; do
  if [ -n "$shared" ] && [ -d "$shared/data" ]; then sources+=("$shared/data"); break; fi
done

seeds() {  # seeds TARGET_DIR EXTENSION...: copies matching IDL files
  local dir=$1; shift
  mkdir -p "$dir"
  for ext in "$@"; do
    find "${sources[@]}" -name "*.$ext" -type f | while read -r f; do
      cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-16).$ext"
    done
  done
}
rm -rf "$work/seeds"
seeds "$work/seeds/yaml" yml yaml
seeds "$work/seeds/json" json
seeds "$work/seeds/toml" toml
mkdir -p "$work/seeds/type_parser"
for t in 'i32' '[string]' '{string:[Contact?]}' 'iter<handle<Store>>' '&[u8]' '[[[i32]]]?' '{i64:{string:f64}}' \
         'handle<' '[i32' '{string}' 'Point??'; do
  printf '%s' "$t" > "$work/seeds/type_parser/$(printf '%s' "$t" | md5sum | cut -c1-16)"
done

# Two targets at a time (SEAM_FUZZ_JOBS), each on one core.
fuzz_one() {
  local target=$1 corpus="$work/corpus/$1" log="$work/$1.log" runs
  mkdir -p "$corpus" "$work/artifacts"
  # -timeout: one input must finish within 2 s; -rss_limit_mb bounds memory.
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "$build/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=2 -rss_limit_mb=2048 \
      -dict="$root/fuzz/idl.dict" -artifact_prefix="$work/artifacts/$target-" -print_final_stats=1 \
      "$corpus" "$work/seeds/$target" > "$log" 2>&1; then
    echo "FAIL fuzz_$target: see $log"; tail -40 "$log"; return 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "PASS fuzz_$target: ${runs:-0} executions in ${seconds}s, corpus $(ls "$corpus" | wc -l) inputs"
}
export -f fuzz_one
export build work root seconds
printf '%s\n' yaml json toml type_parser | xargs -P "${SEAM_FUZZ_JOBS:-2}" -I{} bash -c 'fuzz_one {}' || exit 1
total=0
for target in yaml json toml type_parser; do
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$target.log")
  total=$((total + ${runs:-0}))
done
echo "fuzz: $total executions in total, no crash, leak or timeout"
