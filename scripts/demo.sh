#!/usr/bin/env bash
# The main job on the bundled example: validate the calculator IDL and show
# what seam reports, then show a located diagnostic for a broken IDL.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== seam validate examples/calculator/calculator.yml"
build/seam validate examples/calculator/calculator.yml
echo
echo "== seam validate examples/broken/typo.yml (a deliberately broken IDL)"
build/seam validate examples/broken/typo.yml || echo "(exit code $?: errors in the input)"
