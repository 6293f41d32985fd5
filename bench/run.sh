#!/usr/bin/env bash
# Runs every benchmark with the binaries of BUILD_DIR and writes
# OUT_DIR/results.json (and, with --report FILE, the Markdown report).
#   bench/run.sh BUILD_DIR OUT_DIR [--quick] [--report FILE]
# --quick runs each benchmark once, briefly: the test suite's check that the
# benchmarks still work. Its figures mean nothing.
set -euo pipefail
export LC_ALL=C
build=$(cd "$1" && pwd); mkdir -p "$2"; out=$(cd "$2" && pwd); shift 2
quick=""; report=()
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=--quick ;;
    --report) report=(--report "$2"); shift ;;
    *) echo "bench/run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
root=$(cd "$(dirname "$0")/.." && pwd)
dart=$("$root/scripts/install-dart.sh") || { echo "bench: the Dart VM is not available" >&2; exit 1; }
seam="$build/seam"

# Native: the front end, libyaml alone on the code generation benchmark's
# IDL (the synthetic API bench/report.py times `seam generate` on), and the
# physical floors.
python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import report; open(sys.argv[2], "w").write(report.synthetic_api())' \
  "$root/bench" "$out/synthetic_500fn.yml"
native_args=(--benchmark_format=json --benchmark_out="$out/native.json" --benchmark_out_format=json)
[ -n "$quick" ] && native_args+=(--benchmark_min_time=0.001)
SEAM_BENCH_CODEGEN_YAML="$out/synthetic_500fn.yml" "$build/bench/seam_bench" "${native_args[@]}" > /dev/null

# Dart: the two producer libraries (32-bit, like the VM) and the program.
gen="$out/gen"
rm -rf "$gen"; mkdir -p "$gen/run/.dart_tool"
config=""
for n in bench bench_events; do
  "$seam" generate "$root/bench/ffi/$n.yml" -o "$gen/$n" -t cpp-producer,dart > /dev/null
  p="$gen/$n/cpp-producer"
  g++ -m32 -std=c++20 -O2 -DNDEBUG -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden \
    -I"$p/include" -I"$root/bench/ffi" "$p/src/${n}_glue.cc" "$p/src/seam_runtime.cc" \
    "$root/bench/ffi/${n}_impl.cc" -o "$gen/lib$n.so" -lpthread
  config+="${config:+,}{\"name\": \"$n\", \"rootUri\": \"file://$gen/$n/dart\", \"packageUri\": \"lib/\", \"languageVersion\": \"3.3\"}"
done
echo "{\"configVersion\": 2, \"packages\": [$config]}" > "$gen/run/.dart_tool/package_config.json"
cp "$root/bench/dart/bench.dart" "$gen/run/"
BENCH_LIBRARY="$gen/libbench.so" BENCH_EVENTS_LIBRARY="$gen/libbench_events.so" \
  timeout 900 "$dart" --packages="$gen/run/.dart_tool/package_config.json" "$gen/run/bench.dart" $quick \
  > "$out/dart.json"

# The same over @Native bindings: both packages generated as native-assets
# packages, the libraries preloaded so that @Native resolves by process
# lookup (there is no native-assets build here).
native="$gen/native"
mkdir -p "$native/run/.dart_tool"
config=""
for n in bench bench_events; do
  { cat "$root/bench/ffi/$n.yml"; printf 'generators:\n  dart: { native_assets: true }\n'; } > "$native/$n.yml"
  "$seam" generate "$native/$n.yml" -o "$native/$n" -t dart > /dev/null
  config+="${config:+,}{\"name\": \"$n\", \"rootUri\": \"file://$native/$n/dart\", \"packageUri\": \"lib/\", \"languageVersion\": \"3.3\"}"
done
echo "{\"configVersion\": 2, \"packages\": [$config]}" > "$native/run/.dart_tool/package_config.json"
cp "$root/bench/dart/bench.dart" "$native/run/"
LD_PRELOAD="$gen/libbench.so $gen/libbench_events.so" BENCH_LIBRARY="$gen/libbench.so" \
  BENCH_EVENTS_LIBRARY="$gen/libbench_events.so" timeout 900 "$dart" \
  --packages="$native/run/.dart_tool/package_config.json" "$native/run/bench.dart" $quick --native \
  > "$out/dart_native.json"
python3 -c 'import json, sys; a, b = (json.load(open(p)) for p in sys.argv[1:3]); json.dump(a + b, open(sys.argv[1], "w"))' \
  "$out/dart.json" "$out/dart_native.json"

# C++: the generated bindings against hand-written C, over the same producer
# (64-bit).
"$seam" generate "$root/bench/ffi/bench.yml" -o "$gen/cpp64" -t c,cpp,cpp-producer > /dev/null
p="$gen/cpp64/cpp-producer"
g++ -std=c++20 -O2 -DNDEBUG -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -I"$p/include" \
  -I"$root/bench/ffi" "$p/src/bench_glue.cc" "$p/src/seam_runtime.cc" "$root/bench/ffi/bench_impl.cc" \
  -o "$gen/cpp64/libbench.so" -lpthread
gcc -std=c11 -O2 -Wall -Wextra -Werror -I"$gen/cpp64/c" -c "$root/bench/cpp/raw.c" -o "$gen/cpp64/raw.o"
g++ -std=c++17 -O2 -DNDEBUG -Wall -Wextra -Werror -I"$gen/cpp64/c" -I"$gen/cpp64/cpp" "$root/bench/cpp/bench.cc" \
  "$gen/cpp64/raw.o" -o "$gen/cpp64/bench_cpp" -L"$gen/cpp64" -lbench -Wl,-rpath,"$gen/cpp64"
"$gen/cpp64/bench_cpp" $quick > "$out/cpp.json"

# Python: the generated package against raw ctypes, over the same producer
# (64-bit, the interpreter's).
py=$("$root/scripts/install-python.sh") || { echo "bench: Python is not available" >&2; exit 1; }
"$seam" generate "$root/bench/ffi/bench.yml" -o "$gen/py64" -t python > /dev/null
BENCH_LIBRARY="$gen/cpp64/libbench.so" WEAVEFFI_LIBRARY="$gen/cpp64/libbench.so" PYTHONPATH="$gen/py64/python" \
  "$py" "$root/bench/python/measure.py" $quick > "$out/python.json"

# Code generation, and the report.
python3 "$root/bench/report.py" --seam "$seam" --native "$out/native.json" --dart "$out/dart.json" \
  --cpp "$out/cpp.json" --python "$out/python.json" \
  --out "$out/results.json" $quick "${report[@]}"
