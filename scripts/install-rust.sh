#!/usr/bin/env bash
# Finds the Rust toolchain the rust-producer tests use (cargo and clippy from
# rustup; Rust 1.86 or newer) and adds what it lacks: the clippy component and
# the i686 target (32-bit producers for the Dart VM). Idempotent: prints the
# path to cargo at once when everything is present.
set -euo pipefail
PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"
if ! command -v cargo > /dev/null || ! command -v rustup > /dev/null; then
  echo "install-rust: cargo and rustup are missing; install Rust with rustup (https://rustup.rs)" >&2
  exit 1
fi
version=$(rustc --version | awk '{print $2}')
if [ "$(printf '%s\n1.86.0\n' "$version" | sort -V | head -1)" != "1.86.0" ]; then
  echo "install-rust: rustc $version is older than 1.86 (rustup update stable)" >&2
  exit 1
fi
if ! cargo clippy --version > /dev/null 2>&1; then rustup component add clippy >&2; fi
if ! rustup target list --installed | grep -qx i686-unknown-linux-gnu; then
  rustup target add i686-unknown-linux-gnu >&2 ||
    echo "install-rust: the i686 target is not available; 32-bit Rust producers cannot be built" >&2
fi
command -v cargo
