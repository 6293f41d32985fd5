#!/usr/bin/env bash
# Installs Zig's C/C++ cross compiler (PyPI `ziglang`, pinned) into
# .cache/zig/, for the cross-compilation tests (tests/e2e/cross.sh): one
# toolchain that builds Mach-O (macOS, iOS), PE (Windows) and AArch64 ELF
# binaries here. Idempotent: prints the path to the zig executable at once
# when it is ready.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.17.1
dest=.cache/zig
zig="$dest/ziglang/zig"
if [ -x "$zig" ] && [ "$(cat "$dest/.version" 2>/dev/null)" = "$version" ]; then
  echo "$PWD/$zig"
  exit 0
fi
mkdir -p .cache
exec 9> ".cache/.install-zig.lock"
flock 9
if [ -x "$zig" ] && [ "$(cat "$dest/.version" 2>/dev/null)" = "$version" ]; then
  echo "$PWD/$zig"
  exit 0
fi
py=$(scripts/install-python.sh)
rm -rf "$dest"
if ! "$py" -m pip install --quiet --disable-pip-version-check --target "$dest" "ziglang==$version" >&2; then
  echo "install-zig: pip could not install ziglang==$version from PyPI" >&2
  exit 1
fi
echo "$version" > "$dest/.version"
echo "$PWD/$zig"
