#!/usr/bin/env bash
# Stale-binding protection: bindings generated from tests/e2e/idl/contract.yml
# are loaded against
#   - a library built from a changed copy of it (a record field and a
#     parameter retyped, a function removed): Python's import, the first Dart
#     call and a C++ program's start fail with a message naming exactly the
#     changed and the missing declarations;
#   - the library built from the same file: everything loads silently;
#   - that library with its contract symbol hidden (as a library built by
#     WeaveFFI): everything works, with a warning SEAM_NO_CONTRACT_WARNING=1
#     silences.
# Usage: contract.sh SEAM_BINARY WORK_DIR
set -uo pipefail
export LC_ALL=C
seam=$1; work=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
dart=$("$root/scripts/install-dart.sh") || { echo "FAIL: the Dart VM is not available"; exit 1; }
py=$("$root/scripts/install-python.sh") || { echo "FAIL: pytest and mypy are not available"; exit 1; }
rm -rf "$work"; mkdir -p "$work"
fails=0
fail() { echo "FAIL: $1"; [ -f "${2:-}" ] && cat "$2"; fails=1; }

# v1: the bindings' IDL; v2: the changed one the stale library is built from.
cp "$root/tests/e2e/idl/contract.yml" "$work/v1.yml"
python3 - "$work/v1.yml" "$work/v2.yml" <<'PY'
import re, sys
out, skip = [], None
for line in open(sys.argv[1]):
    indent = len(line) - len(line.lstrip())
    if skip is not None and (indent > skip or not line.strip()):
        continue
    skip = None
    if "# contract-remove" in line:
        skip = indent
        continue
    m = re.search(r"# contract-change: (\S+)", line)
    if m:
        line = re.sub(r"type: \S+", "type: " + m.group(1), line)
    out.append(line)
open(sys.argv[2], "w").write("".join(out))
PY
for v in v1 v2; do
  "$seam" generate "$work/$v.yml" -o "$work/$v" -t c,cpp,cpp-producer,python,dart > "$work/$v.log" 2>&1 ||
    { fail "seam generate $v" "$work/$v.log"; exit 1; }
done
# build V BITS NAME [FLAGS...]: V's C++ producer (stub implementation).
build() {
  local v=$1 bits=$2 name=$3; shift 3
  local p="$work/$v/cpp-producer"
  g++ -m"$bits" -std=c++20 -O0 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden "$@" -I"$p/include" \
    "$p"/src/*.cc -o "$work/$name" -lpthread >> "$work/build.log" 2>&1 || { fail "producer $name" "$work/build.log"; exit 1; }
}
printf '{ local: *_seam_contract; };\n' > "$work/hide.map"
build v1 64 libsame64.so
build v1 32 libsame32.so
build v2 64 libstale64.so
build v2 32 libstale32.so
build v1 64 libforeign64.so -Wl,--version-script="$work/hide.map"
build v1 32 libforeign32.so -Wl,--version-script="$work/hide.map"
if nm -D --defined-only "$work/libforeign64.so" | grep -q "_seam_contract$"; then fail "the version script left the contract"; fi

expected="changed: record shop.Item, function shop.label; missing from the library: function shop.count"
# expect NAME LOG: the log names exactly the changed and missing declarations.
expect_mismatch() {
  if grep -qF "$expected" "$2" && grep -qF "built from a different interface definition" "$2"; then
    echo "PASS $1: stale library refused: $(grep -oF "$expected" "$2" | head -1)"
  else
    fail "$1: the stale library was not refused with '$expected'" "$2"
  fi
}
expect_warning() {  # NAME LOG
  if grep -qF "has no seam contract (weaveffi_seam_contract_seam_contract)" "$2"; then echo "PASS $1: warned"; else fail "$1: no warning" "$2"; fi
}
expect_silent() {  # NAME LOG
  if [ -s "$2" ]; then fail "$1: unexpected output" "$2"; else echo "PASS $1: silent"; fi
}

# ---- Python ----
pyrun() {  # LIBRARY LOG [ENV...]: imports the package, calls label(7)
  local lib=$1 log=$2; shift 2
  (cd "$work/v1/python" && env "$@" CONTRACT_LIBRARY="$work/$lib" "$py" -c '
import contract
try:
    contract.label(7)
except contract.NativeError:
    pass
') > "$log" 2>&1
}
pyrun libstale64.so "$work/py-stale.log" && fail "python: importing against the stale library succeeded"
expect_mismatch "python" "$work/py-stale.log"
grep -q "ImportError" "$work/py-stale.log" || fail "python: not an ImportError" "$work/py-stale.log"
pyrun libsame64.so "$work/py-same.log" || fail "python: same library" "$work/py-same.log"
expect_silent "python, same library" "$work/py-same.log"
pyrun libforeign64.so "$work/py-foreign.log" || fail "python: foreign library" "$work/py-foreign.log"
expect_warning "python, library without a contract" "$work/py-foreign.log"
grep -q RuntimeWarning "$work/py-foreign.log" || fail "python: not a RuntimeWarning" "$work/py-foreign.log"
pyrun libforeign64.so "$work/py-quiet.log" SEAM_NO_CONTRACT_WARNING=1 || fail "python: quiet" "$work/py-quiet.log"
expect_silent "python, SEAM_NO_CONTRACT_WARNING=1" "$work/py-quiet.log"

# ---- Dart ----
mkdir -p "$work/dart/.dart_tool"
cat > "$work/dart/.dart_tool/package_config.json" <<JSON
{"configVersion": 2, "packages": [
  {"name": "contract", "rootUri": "file://$work/v1/dart", "packageUri": "lib/", "languageVersion": "3.3"}
]}
JSON
cat > "$work/dart/main.dart" <<'DART'
import 'dart:io';
import 'package:contract/contract.dart';

void main() {
  // Every call fails the same way while the library does not match.
  for (var i = 0; i < 2; i++) {
    try {
      label(7);
    } on StateError catch (e) {
      print(e.message);
      exitCode = 3;
      continue;
    } on NativeException {
      // the stub's "not implemented": the library loaded
    }
  }
}
DART
dartrun() {  # LIBRARY LOG [ENV...]
  local lib=$1 log=$2; shift 2
  env "$@" CONTRACT_LIBRARY="$work/$lib" timeout 300 "$dart" \
    --packages="$work/dart/.dart_tool/package_config.json" "$work/dart/main.dart" > "$log" 2>&1
}
dartrun libstale32.so "$work/dart-stale.log"
[ $? -eq 3 ] || fail "dart: the stale library was not refused by a StateError" "$work/dart-stale.log"
expect_mismatch "dart" "$work/dart-stale.log"
[ "$(grep -cF "$expected" "$work/dart-stale.log")" = 2 ] || fail "dart: the second call was not refused too" "$work/dart-stale.log"
dartrun libsame32.so "$work/dart-same.log" || fail "dart: same library" "$work/dart-same.log"
expect_silent "dart, same library" "$work/dart-same.log"
dartrun libforeign32.so "$work/dart-foreign.log" || fail "dart: foreign library" "$work/dart-foreign.log"
expect_warning "dart, library without a contract" "$work/dart-foreign.log"
dartrun libforeign32.so "$work/dart-quiet.log" SEAM_NO_CONTRACT_WARNING=1 || fail "dart: quiet" "$work/dart-quiet.log"
expect_silent "dart, SEAM_NO_CONTRACT_WARNING=1" "$work/dart-quiet.log"

# ---- C++ ----
cat > "$work/main.cc" <<'CC'
#include <cstdio>

#include "weaveffi.hpp"

int main() {
  try {
    contract::shop::label(7);
  } catch (const contract::Error&) {
    // the stub's "not implemented": the library loaded
  }
  std::puts("main ran");
  return 0;
}
CC
# Built and linked against the matching library, then run against each.
for lib in same stale foreign; do mkdir -p "$work/$lib"; cp "$work/lib${lib}64.so" "$work/$lib/libcontract.so"; done
g++ -std=c++17 -Wall -Wextra -Werror -pedantic -I"$work/v1/c" -I"$work/v1/cpp" "$work/main.cc" \
  -L"$work/same" -lcontract -o "$work/main" > "$work/cpp-build.log" 2>&1 || fail "c++: consumer build" "$work/cpp-build.log"
cpprun() { LD_LIBRARY_PATH="$work/$1" "${@:3}" "$work/main" > "$2" 2>&1; }
cpprun stale "$work/cpp-stale.log" && fail "c++: the stale library was not refused"
grep -q "main ran" "$work/cpp-stale.log" && fail "c++: main ran against the stale library" "$work/cpp-stale.log"
expect_mismatch "c++" "$work/cpp-stale.log"
cpprun same "$work/cpp-same.log" || fail "c++: same library" "$work/cpp-same.log"
[ "$(cat "$work/cpp-same.log")" = "main ran" ] && echo "PASS c++, same library: silent" ||
  fail "c++, same library: unexpected output" "$work/cpp-same.log"
cpprun foreign "$work/cpp-foreign.log" || fail "c++: foreign library" "$work/cpp-foreign.log"
expect_warning "c++, library without a contract" "$work/cpp-foreign.log"
cpprun foreign "$work/cpp-quiet.log" env SEAM_NO_CONTRACT_WARNING=1 || fail "c++: quiet" "$work/cpp-quiet.log"
[ "$(cat "$work/cpp-quiet.log")" = "main ran" ] && echo "PASS c++, SEAM_NO_CONTRACT_WARNING=1: silent" ||
  fail "c++, SEAM_NO_CONTRACT_WARNING=1: unexpected output" "$work/cpp-quiet.log"

[ $fails -eq 0 ] && echo "PASS: stale libraries are refused by name in Python, Dart and C++"
exit $fails
