#!/usr/bin/env bash
# End-to-end Dart suite: for every tests/e2e/dart/<name>_test.dart, generate
# the producer (C++, or Rust with SEAM_PRODUCER=rust) and the Dart package of
# examples/<name>/<name>.yml, build
# the producer with -m32 (the Dart VM here is 32-bit) under ASan+UBSan, and
# run the program on the Dart VM against it. Usage: dart_consumers.sh SEAM_BINARY WORK_DIR [NAME...]
set -uo pipefail
export LC_ALL=C
seam=$1; work=$2; shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
dart=$("$root/scripts/install-dart.sh") || { echo "FAIL: the Dart VM is not available"; exit 1; }
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for t in "$root"/tests/e2e/dart/*_test.dart; do names+=("$(basename "$t" _test.dart)"); done
fi
# The example's producer as a 32-bit shared library (see producers.sh): the
# C++ producer under AddressSanitizer and UBSan (the runtimes are preloaded
# into the Dart VM; any finding aborts the run), or with SEAM_PRODUCER=rust
# the Rust producer built for i686 (not instrumented; its allocations still
# go through the preloaded sanitizer).
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
source "$root/tests/e2e/producers.sh"
# The default list starts where the other suites sharing these producers do
# not (see staggered in producers.sh).
[ $# -gt 0 ] || mapfile -t names < <(staggered 1 "${names[@]}")
# run_dart OUT_DIR LIBRARY PROGRAM: a Dart program against LIBRARY. Leak
# detection is off (the VM's own allocations are not ours); the programs end
# with the producer's leak probe at zero instead.
asan_rt="$(g++ -m32 -print-file-name=libasan.so) $(g++ -m32 -print-file-name=libubsan.so)"
run_dart() {
  local out=$1 lib=$2 program=$3
  timeout 600 env "$env_var=$lib" SEAM_TEST_LIBRARY="$lib" SEAM_TEST_RUNTIME_PREFIX="weaveffi_seam_$n" LD_PRELOAD="$asan_rt" \
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 "$dart" --enable-asserts \
    --packages="$out/run/.dart_tool/package_config.json" "$program" >> "$out.log" 2>&1
}
fails=0
mkdir -p "$work"
for n in "${names[@]}"; do
  out="$work/$n"
  rm -rf "$out"
  mkdir -p "$out"
  if ! "$seam" generate "$root/examples/$n/$n.yml" -o "$out" -t $producer-producer,dart > "$out.log" 2>&1; then
    echo "FAIL $n: generate"; cat "$out.log"; fails=1; continue
  fi
  if ! build_producer "$n" "$out" 32 "$san" >> "$out.log" 2>&1; then
    echo "FAIL $n: producer build"; cat "$out.log"; fails=1; continue
  fi
  pkg=$(sed -n 's/^name: //p' "$out/dart/pubspec.yaml")
  mkdir -p "$out/run/.dart_tool"
  cat > "$out/run/.dart_tool/package_config.json" <<JSON
{"configVersion": 2, "packages": [
  {"name": "$pkg", "rootUri": "file://$out/dart", "packageUri": "lib/", "languageVersion": "3.3"}
]}
JSON
  cp "$root"/tests/e2e/dart/check*.dart "$root/tests/e2e/dart/${n}_test.dart" "$out/run/"
  env_var=$(echo "$n" | tr '[:lower:]' '[:upper:]')_LIBRARY
  if run_dart "$out" "$out/lib$n.so" "$out/run/${n}_test.dart"; then
    echo "PASS $n (dart): $(tail -1 "$out.log")"
  else
    echo "FAIL $n (dart): test"; cat "$out.log"; fails=1
  fi
  # The same test over @Native bindings (generators.dart.native_assets:
  # true): with no native-assets build here, @Native symbols resolve by
  # process lookup, so the library is loaded globally (LD_PRELOAD) and the
  # loader finds it there (no <LIB>_LIBRARY).
  native="$out/native"
  mkdir -p "$native/run/.dart_tool"
  if grep -q '^  dart:$' "$root/examples/$n/$n.yml"; then
    sed 's/^  dart:$/  dart:\n    native_assets: true/' "$root/examples/$n/$n.yml" > "$native/$n.yml"
  elif grep -q '^generators:' "$root/examples/$n/$n.yml"; then
    sed 's/^generators:$/generators:\n  dart: { native_assets: true }/' "$root/examples/$n/$n.yml" > "$native/$n.yml"
  else
    { cat "$root/examples/$n/$n.yml"; printf 'generators:\n  dart: { native_assets: true }\n'; } > "$native/$n.yml"
  fi
  sed "s|file://$out/dart|file://$native/dart|" "$out/run/.dart_tool/package_config.json" \
    > "$native/run/.dart_tool/package_config.json"
  cp "$out/run/"*.dart "$native/run/"
  if "$seam" generate "$native/$n.yml" -o "$native" -t dart >> "$out.log" 2>&1 &&
      grep -q '^@Native' "$native/dart/lib/$pkg.dart" &&
      asan_rt="$asan_rt $out/lib$n.so" env_var=SEAM_UNSET_LIBRARY run_dart "$native" "$out/lib$n.so" \
        "$native/run/${n}_test.dart"; then
    echo "PASS $n (dart, @Native): $(tail -1 "$out.log")"
  else
    echo "FAIL $n (dart, @Native)"; cat "$out.log"; fails=1
  fi
  # <name>_foreign.dart: the same package against a producer without seam's
  # additive symbols (hidden by a version script; the leak probe stays), like
  # WeaveFFI's.
  # (The C++ producer only: what it tests is the bindings' fallback.)
  if [ "$producer" = cpp ] && [ -f "$root/tests/e2e/dart/${n}_foreign.dart" ]; then
    printf '{ local: *_owned; *_packed; *_seam_release_bytes; *_seam_contract; };\n' > "$out/hide-owned.map"
    cp "$root/tests/e2e/dart/${n}_foreign.dart" "$out/run/"
    if build_producer "$n" "$out" 32 "$san" "$out/lib${n}_foreign.so" -Wl,--version-script="$out/hide-owned.map" \
          >> "$out.log" 2>&1 &&
        run_dart "$out" "$out/lib${n}_foreign.so" "$out/run/${n}_foreign.dart"; then
      echo "PASS $n (dart, foreign producer): $(tail -1 "$out.log")"
    else
      echo "FAIL $n (dart, foreign producer)"; cat "$out.log"; fails=1
    fi
  fi
done
exit $fails
