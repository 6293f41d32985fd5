#!/usr/bin/env bash
# The main job on the bundled example: generate the C header, the C++
# producer and the Dart package for examples/calculator, build the library
# from its C++ implementation, run a C consumer and a Dart consumer, then show
# a located diagnostic for a broken IDL.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/demo
rm -rf "$out"
echo "== seam generate examples/calculator/calculator.yml -o $out -t c,cpp-producer,dart"
build/seam generate examples/calculator/calculator.yml -o "$out" -t c,cpp-producer,dart
echo
echo "== build the producer (generated glue + examples/calculator/calculator_impl.cc)"
cmake -S "$out/cpp-producer" -B "$out/producer-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCALCULATOR_SOURCES="$PWD/examples/calculator/calculator_impl.cc" > /dev/null
cmake --build "$out/producer-build" > /dev/null
echo "built $out/producer-build/libcalculator.so"
echo
echo "== run a C consumer (examples/calculator/main.c)"
gcc -std=c11 -Wall -Wextra -Werror -I"$out/c" examples/calculator/main.c \
  -L"$out/producer-build" -lcalculator -Wl,-rpath,"$PWD/$out/producer-build" -o "$out/calculator_demo"
"$out/calculator_demo"
echo
echo "== run a Dart consumer (examples/calculator/main.dart) on the 32-bit Dart VM"
dart=$(scripts/install-dart.sh)
g++ -m32 -std=c++20 -O2 -fPIC -shared -fvisibility=hidden -I"$out/cpp-producer/include" \
  "$out/cpp-producer/src/calculator_glue.cc" "$out/cpp-producer/src/seam_runtime.cc" \
  examples/calculator/calculator_impl.cc -o "$out/libcalculator32.so"
mkdir -p "$out/dart-run/.dart_tool"
cat > "$out/dart-run/.dart_tool/package_config.json" <<JSON
{"configVersion": 2, "packages": [
  {"name": "calculator", "rootUri": "file://$PWD/$out/dart", "packageUri": "lib/", "languageVersion": "3.3"}
]}
JSON
CALCULATOR_LIBRARY="$PWD/$out/libcalculator32.so" "$dart" \
  --packages="$out/dart-run/.dart_tool/package_config.json" examples/calculator/main.dart
echo
echo "== seam validate examples/broken/typo.yml (a deliberately broken IDL)"
build/seam validate examples/broken/typo.yml || echo "(exit code $?: errors in the input)"
