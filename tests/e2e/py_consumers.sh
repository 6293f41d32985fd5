#!/usr/bin/env bash
# End-to-end Python consumer suite: for every tests/e2e/python/<name>_test.py,
# generate the Python package and the producer (C++, or Rust with
# SEAM_PRODUCER=rust; see producers.sh) of examples/<name>/<name>.yml,
# build the producer under ASan+UBSan, check the package with mypy --strict,
# and run the tests with pytest (the interpreter preloads the ASan runtime;
# leaks are checked by the producer's live-allocation probe after each test).
# Usage: py_consumers.sh SEAM_BINARY WORK_DIR [NAME...]
set -uo pipefail
export LC_ALL=C
seam=$1; work=$2; shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
# pytest and mypy come from a virtual environment scripts/install-python.sh
# makes (PYTHON overrides it).
if [ -n "${PYTHON:-}" ]; then
  py=$PYTHON
elif ! py=$("$root/scripts/install-python.sh"); then
  echo "FAIL python: scripts/install-python.sh could not install pytest and mypy"; exit 1
fi
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for t in "$root"/tests/e2e/python/*_test.py; do names+=("$(basename "$t" _test.py)"); done
fi
for mod in pytest mypy; do
  if ! "$py" -c "import $mod" 2>/dev/null; then
    echo "FAIL python: $py has no $mod"; exit 1
  fi
done
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# The interpreter is not instrumented: preload the ASan runtime, and the C++
# runtime with it so ASan can intercept exceptions thrown in the producer.
asan_rt=$(g++ -print-file-name=libasan.so)
cxx_rt=$(g++ -print-file-name=libstdc++.so)
fails=0
mkdir -p "$work"
source "$root/tests/e2e/producers.sh"
# The default list starts where the other suites sharing these producers do
# not (see staggered in producers.sh).
[ $# -gt 0 ] || mapfile -t names < <(staggered 2 "${names[@]}")
for n in "${names[@]}"; do
  out="$work/$n"
  rm -rf "$out"
  if ! "$seam" generate "$root/examples/$n/$n.yml" -o "$out" -t python,$producer-producer > "$out.log" 2>&1; then
    echo "FAIL $n (python): generate"; cat "$out.log"; fails=1; continue
  fi
  if ! build_producer "$n" "$out" 64 "$san" >> "$out.log" 2>&1; then
    echo "FAIL $n (python): $producer producer build"; cat "$out.log"; fails=1; continue
  fi
  if ! (cd "$out/python" && "$py" -m mypy --strict --no-incremental . >> "$out.log" 2>&1); then
    echo "FAIL $n (python): mypy --strict"; cat "$out.log"; fails=1; continue
  fi
  if (cd "$root/tests/e2e/python" && PYTHONPATH="$out/python" WEAVEFFI_LIBRARY="$out/lib$n.so" \
      LD_PRELOAD="$asan_rt $cxx_rt" ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
      PYTHONDONTWRITEBYTECODE=1 "$py" -m pytest -q -p no:cacheprovider "${n}_test.py" >> "$out.log" 2>&1); then
    echo "PASS $n (python): $(grep -Eo '[0-9]+ passed' "$out.log" | tail -1)"
  else
    echo "FAIL $n (python): pytest"; cat "$out.log"; fails=1
  fi
done
exit $fails
