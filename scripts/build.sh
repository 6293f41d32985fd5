#!/usr/bin/env bash
# Configures and builds seam into build/ (the CLI lands at build/seam).
set -euo pipefail
cd "$(dirname "$0")/.."
# Optimized as released (-O2), with line tables only (-g1): backtraces keep
# file and line, and full debug info would add a third to the build time.
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
fi
cmake --build build
