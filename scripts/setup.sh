#!/usr/bin/env bash
# One command on a fresh machine: install what is needed, build, and run the
# main job on a bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
scripts/demo.sh
