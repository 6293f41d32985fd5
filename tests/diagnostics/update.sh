#!/usr/bin/env bash
# Rewrites every diagnostic golden (<case>.<ext>.stderr) from the current build.
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --build build --target seam_tests
SEAM_UPDATE_GOLDENS=1 build/tests/seam_tests --gtest_filter='Diagnostics/*' > /dev/null
git status --short tests/diagnostics
