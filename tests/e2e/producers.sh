# Sourced by the consumer suites: builds an example's producer library from
# the generated scaffold in $out and the example's implementation.
# SEAM_PRODUCER selects it: cpp (default; the C++ producer,
# examples/<name>/<name>_impl.cc) or rust (the Rust producer crate with
# examples/<name>/<name>_impl.rs as its implementation).
#
# With SEAM_PRODUCER_CACHE set to a directory (ctest sets one for the whole
# build tree), a C++ producer is compiled once per distinct input and the
# suites that need the same library share it. The cache key hashes the
# compiler, the flags (and the files they name, such as a version script),
# every generated producer file and the implementation, so a library is
# reused only when it would be built from the same bytes.
# Usage: build_producer NAME OUT BITS(64|32) SANITIZER_FLAGS [SO_PATH [EXTRA_FLAGS...]]
# (SO_PATH defaults to $out/lib<name>.so.)
producer=${SEAM_PRODUCER:-cpp}
case "$producer" in
  cpp) ;;
  rust) SEAM_CARGO=$("$root/scripts/install-rust.sh") || { echo "FAIL: cargo is not available"; exit 1; } ;;
  *) echo "FAIL: SEAM_PRODUCER must be cpp or rust, not '$producer'"; exit 1 ;;
esac

build_producer() {
  local n=$1 out=$2 bits=$3 san=$4 so=${5:-$2/lib$1.so}
  shift $(($# < 5 ? $# : 5))
  if [ "$producer" = rust ]; then
    local crate="$out/rust-producer" target=()
    [ "$bits" = 32 ] && target=(--target i686-unknown-linux-gnu)
    cp "$root/examples/$n/${n}_impl.rs" "$crate/src/implementation.rs" || return 1
    (cd "$crate" && CARGO_TARGET_DIR="$out/target" "$SEAM_CARGO" build --offline --quiet "${target[@]}") || return 1
    cp "$(ls "$out"/target/*/lib"$n".so "$out"/target/*/*/lib"$n".so 2>/dev/null | head -1)" "$so"
    return
  fi
  local p="$out/cpp-producer" impl="$root/examples/$n/${n}_impl.cc"
  # -g1: line tables, all the sanitizers' reports use (full -g takes half as
  # long again to compile).
  # shellcheck disable=SC2206  # the sanitizer flags are a word list
  local flags=(-m"$bits" -std=c++20 -g1 -O1 $san -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden "$@")
  compile_producer() {
    g++ "${flags[@]}" -I"$p/include" "$p/src/${n}_glue.cc" "$p/src/seam_runtime.cc" "$impl" -o "$1" -lpthread
  }
  if [ -z "${SEAM_PRODUCER_CACHE:-}" ]; then
    compile_producer "$so"
    return
  fi
  local cache=$SEAM_PRODUCER_CACHE key
  mkdir -p "$cache" || return 1
  key=$({ g++ --version | head -1; printf '%s\n' "$n" "${flags[@]}"
          (cd "$p" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); sha256sum < "$impl"
          local f; for f in "$@"; do [ -f "${f#*=}" ] && sha256sum < "${f#*=}"; done; } |
        sha256sum | cut -c1-32)
  # One build per key: a second suite wanting the same library waits for the
  # first (flock), then copies it. A failed build leaves no entry, so each
  # suite then reports the compiler's errors itself.
  (
    flock 9
    [ -f "$cache/$key.so" ] && { touch "$cache/$key.so"; exit 0; }
    compile_producer "$cache/$key.tmp.so" && mv "$cache/$key.tmp.so" "$cache/$key.so"
  ) 9> "$cache/$key.lock" || return 1
  cp "$cache/$key.so" "$so" || return 1
  # Entries unused for a day were built from sources that have since changed.
  find "$cache" -maxdepth 1 \( -name '*.so' -o -name '*.lock' \) -mmin +1440 -delete 2>/dev/null
  return 0
}

# staggered SHARE NAME...: the names, one per line, rotated by SHARE thirds of
# their count. Suites that share producer libraries start at different
# examples (SHARE 0, 1 or 2), so that with the cache they build different
# libraries at the same time instead of one waiting for the other's build.
staggered() {
  local share=$1; shift
  local k=$(($# * share / 3)) i
  for ((i = 0; i < $#; i++)); do
    local j=$(((i + k) % $# + 1))
    echo "${!j}"
  done
}
