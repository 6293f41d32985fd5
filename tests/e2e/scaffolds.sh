#!/usr/bin/env bash
# For every IDL given: generate the C header and the C++ producer, compile the
# header strictly (C11 and C++17, 64- and 32-bit), build the producer scaffold
# as generated (stub implementation, -Werror) and check that the library
# exports every function its header declares; generate the Dart package and
# compile it on the Dart VM (a full static check of the library; all packages
# in one program); generate the C++ bindings and compile them strictly (C++17,
# 64- and 32-bit) where the cpp target supports every construct of the IDL
# (the others must be refused with CppUnsupported errors only); generate the
# Python package, check it with
# mypy --strict (as many packages per run as their names allow) and import it
# against the stub producer (every symbol it binds must exist).
# Usage: scaffolds.sh SEAM_BINARY WORK_DIR IDL...
set -uo pipefail
export LC_ALL=C
seam=$1; work=$2; shift 2
rm -rf "$work"; mkdir -p "$work"
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/symbols.sh"
SEAM_DART=$("$root/scripts/install-dart.sh") || { echo "FAIL: the Dart VM is not available"; exit 1; }
export SEAM_DART
SEAM_PYTHON=$("$root/scripts/install-python.sh") || { echo "FAIL: pytest and mypy are not available"; exit 1; }
export SEAM_PYTHON

check_one() {
  local seam=$1 work=$2 idl=$3
  local name; name=$(basename "$idl"); name=${name%.*}
  local out="$work/$name" log="$work/$name.log"
  (
    "$seam" generate "$idl" -o "$out" -t c,cpp-producer,dart || { echo "generate failed"; exit 1; }
    local header; header=$(ls "$out"/c/*.h)
    for mode in "gcc -x c -std=c11" "gcc -x c -std=c11 -m32" "g++ -x c++ -std=c++17" "g++ -x c++ -std=c++17 -m32"; do
      echo "#include \"$header\"" | $mode -Wall -Wextra -Werror -pedantic -fsyntax-only - ||
        { echo "header does not compile with: $mode"; exit 1; }
    done
    local p="$out/cpp-producer"
    g++ -std=c++20 -O0 -Wall -Wextra -Wshadow -Werror -fPIC -shared -fvisibility=hidden -fvisibility-inlines-hidden \
      -I"$p/include" "$p"/src/*.cc -o "$out/libproducer.so" -lpthread || { echo "producer does not build"; exit 1; }
    local missing; missing=$(missing_exports "$header" "$out/libproducer.so")
    if [ -n "$missing" ]; then echo "not exported:"; echo "$missing"; exit 1; fi
    local cpp="cpp: not yet"
    if "$seam" generate "$idl" -o "$out" -t cpp > "$out/cpp.log" 2>&1; then
      for mode in "" "-m32"; do
        echo "#include \"$(ls "$out"/cpp/*.hpp)\"" |
          g++ -x c++ -std=c++17 $mode -Wall -Wextra -Werror -pedantic -I"$out/c" -fsyntax-only - ||
          { echo "the C++ bindings do not compile with: g++ -std=c++17 $mode"; exit 1; }
      done
      cpp="cpp"
    elif grep 'error:' "$out/cpp.log" | grep -qv '\[CppUnsupported\]$'; then
      echo "cpp generation failed other than with CppUnsupported:"; cat "$out/cpp.log"; exit 1
    fi
    local python="python: unsupported"
    if "$seam" generate "$idl" -o "$out" -t python > "$out/python.log" 2>&1; then
      local pkg; pkg=$(basename "$(dirname "$(ls "$out"/python/*/__init__.py)")")
      (cd "$out/python" && WEAVEFFI_LIBRARY="$out/libproducer.so" "$SEAM_PYTHON" -c "import $pkg") ||
        { echo "the Python package does not import against the producer"; exit 1; }
      python="python"
    elif grep 'error:' "$out/python.log" | grep -qv '\[PythonUnsupported\]$'; then
      echo "python generation failed other than with PythonUnsupported:"; cat "$out/python.log"; exit 1
    fi
    echo "ok: $(declared_symbols "$header" | wc -l) symbols, $cpp, $python"
  ) > "$log" 2>&1
  local rc=$?
  if [ $rc -eq 0 ]; then echo "PASS $name ($(tail -1 "$log"))"; else echo "FAIL $name"; cat "$log"; fi
  return $rc
}
export -f check_one declared_symbols exported_symbols missing_exports

fails=0
printf '%s\n' "$@" | xargs -P 2 -I{} bash -c 'check_one "$0" "$1" "$2"' "$seam" "$work" {} || fails=1

# The Dart packages, all in one program (a full static check of each library).
main="$work/all_dart.dart"
n=0
for lib in "$work"/*/dart/lib/*.dart; do
  [ -f "$lib" ] || continue
  n=$((n + 1)); echo "import 'file://$lib' as l$n;"
done > "$main"
echo "void main() {}" >> "$main"
if "$SEAM_DART" --snapshot-kind=kernel --snapshot="$work/all_dart.dill" "$main" > "$work/dart.log" 2>&1; then
  echo "PASS the Dart packages compile ($(grep -c '^import' "$main"))"
else
  echo "FAIL the Dart packages do not compile:"; head -60 "$work/dart.log"; fails=1
fi

# The Python packages under mypy --strict, as few runs as their names allow
# (two IDLs may name the same package).
groups=()
for init in "$work"/*/python/*/__init__.py; do
  [ -f "$init" ] || continue
  pkg=$(dirname "$init"); name=$(basename "$pkg"); placed=0
  for i in "${!groups[@]}"; do
    case " ${groups[i]} " in *"/$name "*) ;; *) groups[i]+=" $pkg"; placed=1; break ;; esac
  done
  [ $placed -eq 1 ] || groups+=("$pkg")
done
for i in "${!groups[@]}"; do
  # shellcheck disable=SC2086  # a group is a list of directories without spaces
  if "$SEAM_PYTHON" -m mypy --strict --no-incremental --cache-dir=/dev/null ${groups[i]} > "$work/mypy_$i.log" 2>&1; then
    echo "PASS mypy --strict: $(echo ${groups[i]} | wc -w) Python packages"
  else
    echo "FAIL mypy --strict:"; head -60 "$work/mypy_$i.log"; fails=1
  fi
done
exit $fails
