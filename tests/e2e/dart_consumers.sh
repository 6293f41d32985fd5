#!/usr/bin/env bash
# End-to-end Dart suite: for every tests/e2e/dart/<name>_test.dart, generate
# the C++ producer and the Dart package of examples/<name>/<name>.yml, build
# the producer with -m32 (the Dart VM here is 32-bit), and run the program on
# the Dart VM against it. Usage: dart_consumers.sh SEAM_BINARY WORK_DIR [NAME...]
set -uo pipefail
export LC_ALL=C
seam=$1; work=$2; shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
dart=$("$root/scripts/install-dart.sh") || { echo "FAIL: the Dart VM is not available"; exit 1; }
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for t in "$root"/tests/e2e/dart/*_test.dart; do names+=("$(basename "$t" _test.dart)"); done
fi
fails=0
mkdir -p "$work"
for n in "${names[@]}"; do
  out="$work/$n"
  rm -rf "$out"
  mkdir -p "$out"
  if ! "$seam" generate "$root/examples/$n/$n.yml" -o "$out" -t cpp-producer,dart > "$out.log" 2>&1; then
    echo "FAIL $n: generate"; cat "$out.log"; fails=1; continue
  fi
  p="$out/cpp-producer"
  if ! g++ -m32 -std=c++20 -O1 -g -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden \
      -I"$p/include" "$p/src/${n}_glue.cc" "$p/src/seam_runtime.cc" "$root/examples/$n/${n}_impl.cc" \
      -o "$out/lib$n.so" -lpthread >> "$out.log" 2>&1; then
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
  if env "$env_var=$out/lib$n.so" SEAM_TEST_LIBRARY="$out/lib$n.so" timeout 600 "$dart" --enable-asserts --packages="$out/run/.dart_tool/package_config.json" \
      "$out/run/${n}_test.dart" >> "$out.log" 2>&1; then
    echo "PASS $n (dart): $(tail -1 "$out.log")"
  else
    echo "FAIL $n (dart): test"; cat "$out.log"; fails=1
  fi
  # <name>_foreign.dart: the same package against a producer without seam's
  # additive *_owned symbols (hidden by a version script), like WeaveFFI's.
  if [ -f "$root/tests/e2e/dart/${n}_foreign.dart" ]; then
    printf '{ local: *_owned; };\n' > "$out/hide-owned.map"
    g++ -m32 -std=c++20 -O1 -fPIC -shared -fvisibility=hidden -Wl,--version-script="$out/hide-owned.map" \
      -I"$p/include" "$p/src/${n}_glue.cc" "$p/src/seam_runtime.cc" "$root/examples/$n/${n}_impl.cc" \
      -o "$out/lib${n}_foreign.so" -lpthread >> "$out.log" 2>&1
    cp "$root/tests/e2e/dart/${n}_foreign.dart" "$out/run/"
    if env "$env_var=$out/lib${n}_foreign.so" SEAM_TEST_LIBRARY="$out/lib${n}_foreign.so" timeout 600 "$dart" \
        --packages="$out/run/.dart_tool/package_config.json" "$out/run/${n}_foreign.dart" >> "$out.log" 2>&1; then
      echo "PASS $n (dart, foreign producer): $(tail -1 "$out.log")"
    else
      echo "FAIL $n (dart, foreign producer)"; cat "$out.log"; fails=1
    fi
  fi
done
exit $fails
