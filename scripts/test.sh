#!/usr/bin/env bash
# The full test suite: installs what is needed, builds, runs every test (the
# tool's own tests plus the same under AddressSanitizer/UBSan), then fuzzes
# each IDL reader and the type parser for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
# The suite leaves about 4.7 GB in build/ and build-san/ (most of it the Rust
# end-to-end crates), and the compilers' temporary files go to $TMPDIR. A
# full disk would show up only minutes later, as unrelated-looking failures
# ("No space left on device" in the middle of a test), so it is checked here.
need_gib=6
have_kib=$( (du -sk build build-san 2> /dev/null || true) | awk '{ s += $1 } END { print s + 0 }')
for dir in . "${TMPDIR:-/tmp}"; do
  [ -d "$dir" ] || continue
  avail_kib=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
  if (( avail_kib + have_kib < need_gib * 1024 * 1024 )); then
    echo "test.sh: the suite needs about $need_gib GiB of free disk space (counting what build/ and" \
         "build-san/ already hold); $(df -Ph "$dir" | awk 'NR == 2 { print $6 }') has $((avail_kib / 1024)) MiB free" >&2
    exit 1
  fi
done
scripts/install-deps.sh
scripts/build.sh
# The toolchains the end-to-end tests use (each is also fetched on demand).
scripts/install-python.sh > /dev/null
scripts/install-dart.sh > /dev/null
scripts/install-rust.sh > /dev/null
# The same tests under ASan+UBSan, and fuzzing (libFuzzer, 45 s per target
# from the seed corpora), come from one clang build: the library at -O1 with
# line tables (what the sanitizers' reports need; -O2 and full debug info
# would add a third to the build time), the CLI and the unit tests at -O0.
if [ ! -f build-san/build.ninja ]; then
  cmake -S . -B build-san -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" -DSEAM_DRIVER_FLAGS=-O0 \
    -DSEAM_SANITIZE=ON -DSEAM_FUZZ=ON -DSEAM_BUILD_BENCH=OFF > /dev/null
fi
# It compiles at the lowest priority while the end-to-end tests run: it takes
# the CPU time they leave idle (waiting on the Dart VM, on linkers, on each
# other) and little else. It gets a process group of its own, so that it can
# be stopped as a whole, but stays in this session: the kernel's autogroup
# scheduling shares the CPU fairly between sessions, whatever their nice.
python3 -c 'import os, sys; os.setpgid(0, 0); os.execvp(sys.argv[1], sys.argv[1:])' \
  nice -n 19 cmake --build build-san -j2 > build-san/build.log 2>&1 &
san_build=$!
trap 'kill -- -$san_build 2> /dev/null || true' EXIT
ctest --test-dir build --output-on-failure -j2
if ! wait $san_build; then
  cat build-san/build.log; echo "test.sh: the sanitizer build failed" >&2; exit 1
fi
trap - EXIT
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-san --output-on-failure -j2
fuzz/run.sh build-san build-san/run "${SEAM_FUZZ_SECONDS:-45}"
