#!/usr/bin/env bash
# The main job on the bundled example: generate the C header and the C++
# producer for examples/calculator, build the library from its C++
# implementation, run a C consumer, then show a located diagnostic for a
# broken IDL.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/demo
rm -rf "$out"
echo "== seam generate examples/calculator/calculator.yml -o $out -t c,cpp-producer"
build/seam generate examples/calculator/calculator.yml -o "$out" -t c,cpp-producer
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
echo "== seam validate examples/broken/typo.yml (a deliberately broken IDL)"
build/seam validate examples/broken/typo.yml || echo "(exit code $?: errors in the input)"
