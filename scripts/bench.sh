#!/usr/bin/env bash
# Builds seam in Release (build-release/), runs every benchmark, and writes
# build/bench/results.json and docs/performance.md. Takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if [ ! -f build-release/build.ninja ]; then
  cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSEAM_BUILD_TESTS=OFF
fi
cmake --build build-release
bench/run.sh build-release build/bench --report docs/performance.md
echo "bench: wrote build/bench/results.json and docs/performance.md"
