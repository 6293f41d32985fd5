# Sourced by the consumer suites: builds an example's producer library,
# $out/lib<name>.so, from the generated scaffold in $out and the example's
# implementation. SEAM_PRODUCER selects it: cpp (default; the C++ producer,
# examples/<name>/<name>_impl.cc) or rust (the Rust producer crate with
# examples/<name>/<name>_impl.rs as its implementation).
# Usage: build_producer NAME OUT BITS(64|32) SANITIZER_FLAGS
producer=${SEAM_PRODUCER:-cpp}
case "$producer" in
  cpp) ;;
  rust) SEAM_CARGO=$("$root/scripts/install-rust.sh") || { echo "FAIL: cargo is not available"; exit 1; } ;;
  *) echo "FAIL: SEAM_PRODUCER must be cpp or rust, not '$producer'"; exit 1 ;;
esac

build_producer() {
  local n=$1 out=$2 bits=$3 san=$4
  if [ "$producer" = rust ]; then
    local crate="$out/rust-producer" target=()
    [ "$bits" = 32 ] && target=(--target i686-unknown-linux-gnu)
    cp "$root/examples/$n/${n}_impl.rs" "$crate/src/implementation.rs" || return 1
    (cd "$crate" && CARGO_TARGET_DIR="$out/target" "$SEAM_CARGO" build --offline --quiet "${target[@]}") || return 1
    cp "$(ls "$out"/target/*/lib"$n".so "$out"/target/*/*/lib"$n".so 2>/dev/null | head -1)" "$out/lib$n.so"
    return
  fi
  local p="$out/cpp-producer"
  g++ -m"$bits" -std=c++20 -g -O1 $san -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden \
    -I"$p/include" "$p/src/${n}_glue.cc" "$p/src/seam_runtime.cc" "$root/examples/$n/${n}_impl.cc" \
    -o "$out/lib$n.so" -lpthread
}
