#!/usr/bin/env bash
# Several seam libraries in one program. Three examples: calculator and events
# (C++ producers, left at the default C prefix) and async_demo (the Rust
# producer, with the C prefix set to "tasks" in a copy of its IDL).
#   - static: the three producers as static archives linked with
#     --whole-archive into one executable, called from C (all three C headers
#     in one translation unit) and from the C++ bindings (all three C++
#     headers in one translation unit), under ASan+UBSan; each library's live
#     allocations end at zero;
#   - nm: no two libraries define a symbol in common except the WeaveFFI names
#     of the runtime functions, which are weak;
#   - dynamic: the three shared libraries in one Python process and in one
#     Dart VM process (opened by path, and found in the process through
#     DynamicLibrary.process() when loaded globally), with async calls and
#     listeners on all of them at once; the contract check tells them apart.
# Usage: many_libraries.sh SEAM WORKDIR
set -uo pipefail
export LC_ALL=C
seam=$1; work=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
cargo=$("$root/scripts/install-rust.sh") || { echo "FAIL: cargo is not available"; exit 1; }
py=$("$root/scripts/install-python.sh") || { echo "FAIL: python is not available"; exit 1; }
dart=$("$root/scripts/install-dart.sh") || { echo "FAIL: the Dart VM is not available"; exit 1; }
fails=0
fail() { echo "FAIL $1"; [ -n "${2:-}" ] && [ -f "$2" ] && cat "$2"; fails=1; }
rm -rf "$work"; mkdir -p "$work"
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1

cp "$root/examples/calculator/calculator.yml" "$root/examples/events/events.yml" "$work/"
cp "$root/examples/async_demo/async_demo.yml" "$work/"
printf 'generators:\n  c:\n    prefix: tasks\n' >> "$work/async_demo.yml"
for n in calculator events async_demo; do
  "$seam" generate "$work/$n.yml" -o "$work/$n" -t c,cpp,cpp-producer,rust-producer,python,dart \
    > "$work/$n.log" 2>&1 || { fail "$n: generate" "$work/$n.log"; exit 1; }
done
# seam link-check agrees that they can share a program.
"$seam" link-check "$work/calculator.yml" "$work/events.yml" "$work/async_demo.yml" > "$work/link-check.log" 2>&1 &&
  grep -qx "ok: the 3 libraries can be linked into one program" "$work/link-check.log" &&
  echo "PASS seam link-check: $(cat "$work/link-check.log")" || fail "seam link-check" "$work/link-check.log"
# The runtime prefixes: unique per library.
for pair in calculator:weaveffi_seam_calculator events:weaveffi_seam_events async_demo:tasks; do
  n=${pair%%:*} rt=${pair#*:} h=$(ls "$work/${pair%%:*}"/c/*.h)
  grep -q "^[A-Z_]*_API int64_t ${rt}_seam_live_allocations(void);" "$h" ||
    fail "$n: the header does not declare ${rt}_seam_live_allocations"
done

# ---- the producers, static and shared ----
cxx_objects() {  # NAME BITS FLAGS...: the C++ producer's objects in $work/NAME/objBITS
  local n=$1 bits=$2; shift 2
  local p="$work/$n/cpp-producer" o="$work/$n/obj$bits"
  mkdir -p "$o"
  for src in "$p/src/${n}_glue.cc" "$p/src/seam_runtime.cc" "$root/examples/$n/${n}_impl.cc"; do
    g++ -m"$bits" -std=c++20 -g1 -O1 -Wall -Wextra -Werror -fPIC -fvisibility=hidden "$@" -I"$p/include" \
      -c "$src" -o "$o/$(basename "$src" .cc).o" || return 1
  done
}
for n in calculator events; do
  { cxx_objects $n 64 $san && ar rcs "$work/lib$n.a" "$work/$n"/obj64/*.o; } > "$work/$n-static.log" 2>&1 ||
    fail "$n: static archive" "$work/$n-static.log"
done
cp "$root/examples/async_demo/async_demo_impl.rs" "$work/async_demo/rust-producer/src/implementation.rs"
(cd "$work/async_demo/rust-producer" && CARGO_TARGET_DIR="$work/target" "$cargo" build --offline --quiet --release) \
  > "$work/async_demo-rust.log" 2>&1 || fail "async_demo: Rust producer" "$work/async_demo-rust.log"
cp "$work/target/release/libasync_demo.a" "$work/libasync_demo.a"
mkdir -p "$work/so64" "$work/so32"
cp "$work/target/release/libasync_demo.so" "$work/so64/"
for n in calculator events; do
  g++ -shared -m64 $san "$work/$n"/obj64/*.o -o "$work/so64/lib$n.so" -lpthread > "$work/$n-so.log" 2>&1 ||
    fail "$n: shared library" "$work/$n-so.log"
done
# The Dart VM here is 32-bit: the three as i686 C++ producers (the Rust
# suites cover the i686 Rust producer).
for n in calculator events async_demo; do
  { cxx_objects $n 32 && g++ -shared -m32 "$work/$n"/obj32/*.o -o "$work/so32/lib$n.so" -lpthread; } \
    > "$work/$n-so32.log" 2>&1 || fail "$n: 32-bit shared library" "$work/$n-so32.log"
done

# ---- nm: what two libraries define in common ----
compat="weaveffi_alloc weaveffi_cancel_token_cancel weaveffi_cancel_token_create weaveffi_cancel_token_destroy
weaveffi_cancel_token_is_cancelled weaveffi_dealloc weaveffi_error_clear weaveffi_free_bytes weaveffi_free_string"
# Global definitions of an archive or shared library, as "TYPE NAME". C++
# standard-library instantiations (weak, identical in every program) are not
# the libraries' own.
definitions() {
  nm $2 --defined-only "$1" 2>/dev/null | awk 'NF == 3 && $2 ~ /^[A-Z]$/ { print $2, $3 }' |
    grep -vE ' (_ZNSt|_ZNKSt|_ZSt|_ZNSa|_ZNKSa|_ZTISt|_ZTSSt|_ZTVSt|_ZN9__gnu_cxx|_ZNK9__gnu_cxx|_ZGVZNSt|DW\.ref\._ZTISt|DW\.ref\.__gxx)' |
    sort -u -k2
}
check_shared() {  # LIB_A LIB_B NM_FLAGS
  local common
  common=$(join -j 2 <(definitions "$1" "$3") <(definitions "$2" "$3"))
  local bad
  bad=$(echo "$common" | awk -v ok="$compat" 'BEGIN { n = split(ok, a, /[ \n]+/); for (i = 1; i <= n; i++) w[a[i]] = 1 }
    NF == 3 && !($1 in w && $2 == "W" && $3 == "W") { print }')
  if [ -n "$bad" ]; then
    fail "nm: $(basename "$1") and $(basename "$2") both define (name, types):"; echo "$bad" | head -20
  else
    echo "PASS nm: $(basename "$1") and $(basename "$2") share only the weak WeaveFFI names ($(echo "$common" | grep -c W) of them)"
  fi
}
check_shared "$work/libcalculator.a" "$work/libevents.a" ""
check_shared "$work/libcalculator.a" "$work/libasync_demo.a" ""
check_shared "$work/libevents.a" "$work/libasync_demo.a" ""
check_shared "$work/so64/libcalculator.so" "$work/so64/libevents.so" -D
check_shared "$work/so64/libcalculator.so" "$work/so64/libasync_demo.so" -D
check_shared "$work/so64/libevents.so" "$work/so64/libasync_demo.so" -D

# ---- static: one executable, C ----
cat > "$work/main.c" <<'C'
/* Three seam libraries in one program and one translation unit. */
#define _DEFAULT_SOURCE /* usleep */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "calculator/c/weaveffi.h"
#include "events/c/weaveffi.h"
#include "async_demo/c/tasks.h"

static int failed;
#define CHECK(c) do { if (!(c)) { failed = 1; fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); } } while (0)

static atomic_int heard;
static void on_message(const char* message, void* context) {
  (void)context;
  if (strcmp(message, "hello") == 0) atomic_fetch_add(&heard, 1);
}

static atomic_int done;
static char task_value[64];
static void on_task(void* context, tasks_error* err, tasks_tasks_TaskResult* result) {
  (void)context;
  if ((!err || err->code == 0) && result) {
    const char* v = tasks_tasks_TaskResult_get_value(result);
    snprintf(task_value, sizeof task_value, "%s", v ? v : "");
    tasks_free_string(v);
    tasks_tasks_TaskResult_destroy(result);
  }
  atomic_store(&done, 1);
}

int main(void) {
  weaveffi_error err = {0, NULL};
  CHECK(weaveffi_calculator_add(2, 3, &err) == 5 && err.code == 0);
  const char* echoed = weaveffi_calculator_echo("one program", &err);
  CHECK(echoed && strcmp(echoed, "one program") == 0);
  weaveffi_seam_calculator_free_string(echoed);
  weaveffi_calculator_div(1, 0, &err);
  CHECK(err.code == 1 && err.message && strcmp(err.message, "division by zero") == 0);
  weaveffi_seam_calculator_error_clear(&err);

  uint64_t id = weaveffi_events_register_message_listener(on_message, NULL);
  CHECK(id != 0);
  weaveffi_events_send_message("hello", &err);
  CHECK(err.code == 0);

  tasks_tasks_run_task_async("alpha", on_task, NULL);
  for (int i = 0; i < 5000 && !atomic_load(&done); ++i) usleep(1000);
  CHECK(atomic_load(&done) == 1);
  CHECK(strstr(task_value, "alpha") != NULL);
  tasks_cancel_token* token = tasks_cancel_token_create();
  CHECK(token && !tasks_cancel_token_is_cancelled(token));
  tasks_cancel_token_cancel(token);
  CHECK(tasks_cancel_token_is_cancelled(token));
  tasks_cancel_token_destroy(token);

  for (int i = 0; i < 5000 && atomic_load(&heard) == 0; ++i) usleep(1000);
  CHECK(atomic_load(&heard) == 1);
  weaveffi_events_unregister_message_listener(id);

  /* Each library counts its own allocations. */
  for (int i = 0; i < 200 && tasks_seam_live_allocations() != 0; ++i) usleep(10000);
  CHECK(weaveffi_seam_calculator_seam_live_allocations() == 0);
  CHECK(weaveffi_seam_events_seam_live_allocations() == 0);
  CHECK(tasks_seam_live_allocations() == 0);
  CHECK(strcmp(weaveffi_seam_calculator_seam_contract(), weaveffi_seam_events_seam_contract()) != 0);
  printf("%s\n", failed ? "failed" : "three libraries, one program: ok");
  return failed;
}
C
rust_libs="-lpthread -ldl -lm"
if gcc -std=c11 -g1 $san -Wall -Wextra -Werror -pedantic -I"$work" -c "$work/main.c" -o "$work/main-c.o" \
     > "$work/static-c.log" 2>&1 &&
   g++ $san "$work/main-c.o" -Wl,--whole-archive "$work/libcalculator.a" "$work/libevents.a" "$work/libasync_demo.a" \
     -Wl,--no-whole-archive $rust_libs -o "$work/static-c" >> "$work/static-c.log" 2>&1; then
  if "$work/static-c" >> "$work/static-c.log" 2>&1; then
    echo "PASS static, C: $(tail -1 "$work/static-c.log")"
  else
    fail "static, C: run" "$work/static-c.log"
  fi
else
  fail "static, C: build" "$work/static-c.log"
fi

# ---- static: one executable, the C++ bindings ----
cat > "$work/main.cc" <<'CC'
// Three seam libraries' C++ bindings in one translation unit.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "calculator/cpp/weaveffi.hpp"
#include "events/cpp/weaveffi.hpp"
#include "async_demo/cpp/tasks.hpp"

static int failed = 0;
#define CHECK(c) do { if (!(c)) { failed = 1; std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); } } while (0)

int main() {
  CHECK(calculator::calculator::add(20, 22) == 42);
  CHECK(calculator::calculator::echo("bindings") == "bindings");
  try {
    calculator::calculator::div(1, 0);
    CHECK(false);
  } catch (const calculator::Error& e) {
    CHECK(e.code() == 1);
  }
  std::atomic<int> heard{0};
  {
    events::Subscription sub = events::events::register_message_listener([&](const std::string& m) {
      if (m == "ping") ++heard;
    });
    auto result = tasks::tasks::run_task("beta");
    events::events::send_message("ping");
    CHECK(result.get().value.find("beta") != std::string::npos);
    for (int i = 0; i < 5000 && heard.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    CHECK(heard.load() == 1);
  }
  for (int i = 0; i < 200 && tasks_seam_live_allocations() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(weaveffi_seam_calculator_seam_live_allocations() == 0);
  CHECK(weaveffi_seam_events_seam_live_allocations() == 0);
  CHECK(tasks_seam_live_allocations() == 0);
  std::puts(failed ? "failed" : "three libraries' C++ bindings, one program: ok");
  return failed;
}
CC
if g++ -std=c++17 -g1 $san -Wall -Wextra -Werror -pedantic -I"$work" -c "$work/main.cc" -o "$work/main-cc.o" \
     > "$work/static-cc.log" 2>&1 &&
   g++ $san "$work/main-cc.o" -Wl,--whole-archive "$work/libcalculator.a" "$work/libevents.a" "$work/libasync_demo.a" \
     -Wl,--no-whole-archive $rust_libs -o "$work/static-cc" >> "$work/static-cc.log" 2>&1; then
  if "$work/static-cc" >> "$work/static-cc.log" 2>&1; then
    echo "PASS static, C++: $(tail -1 "$work/static-cc.log")"
  else
    fail "static, C++: run" "$work/static-cc.log"
  fi
else
  fail "static, C++: build" "$work/static-cc.log"
fi

# ---- dynamic: one Python process ----
cat > "$work/three.py" <<'PY'
"""Three seam libraries in one Python process, async calls and listeners on all at once."""
import asyncio
import ctypes
import os
import threading

import async_demo
import calculator
import events


async def main() -> None:
    heard: list[str] = []
    lock = threading.Lock()

    def on_event(m: str) -> None:
        with lock:
            heard.append(m)

    sub = events.register_message_listener(on_event)
    tasks = [async_demo.run_task(f"t{i}") for i in range(8)]
    for i in range(50):
        events.send_message(f"m{i}")
        assert calculator.add(i, 1) == i + 1
    results = await asyncio.gather(*tasks)
    assert [r.value for r in results] == [f"done: t{i}" for i in range(8)] or all(
        f"t{i}" in r.value for i, r in enumerate(results)), results
    for _ in range(500):
        with lock:
            if len(heard) == 50:
                break
        await asyncio.sleep(0.01)
    assert heard == [f"m{i}" for i in range(50)], heard
    sub.close()
    try:
        calculator.div(1, 0)
        raise AssertionError("no error")
    except calculator.CalcError as e:
        assert e.code == 1


asyncio.run(main())
for lib, rt in (("CALCULATOR", "weaveffi_seam_calculator"), ("EVENTS", "weaveffi_seam_events"), ("ASYNC_DEMO", "tasks")):
    probe = getattr(ctypes.CDLL(os.environ[lib + "_LIBRARY"]), rt + "_seam_live_allocations")
    probe.restype = ctypes.c_int64
    for _ in range(200):
        if probe() == 0:
            break
        threading.Event().wait(0.01)
    assert probe() == 0, (lib, probe())
print("three libraries, one Python process: ok")
PY
pyenv=(PYTHONPATH="$work/calculator/python:$work/events/python:$work/async_demo/python" PYTHONDONTWRITEBYTECODE=1
       CALCULATOR_LIBRARY="$work/so64/libcalculator.so" EVENTS_LIBRARY="$work/so64/libevents.so"
       ASYNC_DEMO_LIBRARY="$work/so64/libasync_demo.so"
       LD_PRELOAD="$(g++ -print-file-name=libasan.so) $(g++ -print-file-name=libstdc++.so)" ASAN_OPTIONS=detect_leaks=0)
if env "${pyenv[@]}" timeout 300 "$py" "$work/three.py" > "$work/python.log" 2>&1; then
  echo "PASS python: $(tail -1 "$work/python.log")"
else
  fail "python: three libraries" "$work/python.log"
fi
# Told apart: the calculator bindings refuse the events library, whose
# contract and functions are named for another library.
env "${pyenv[@]}" CALCULATOR_LIBRARY="$work/so64/libevents.so" timeout 60 "$py" -c 'import calculator' \
  > "$work/python-swap.log" 2>&1
if grep -q "has no seam contract (weaveffi_seam_calculator_seam_contract)" "$work/python-swap.log" &&
   grep -q "ImportError: calculator: the native library .*libevents.so' does not export weaveffi_calculator_add" \
     "$work/python-swap.log"; then
  echo "PASS python: the calculator bindings refuse the events library by name"
else
  fail "python: the calculator bindings did not refuse the events library" "$work/python-swap.log"
fi

# ---- dynamic: one Dart VM process ----
mkdir -p "$work/dart/.dart_tool"
{
  echo '{"configVersion": 2, "packages": ['
  sep=""
  for n in calculator events async_demo; do
    pkg=$(sed -n 's/^name: //p' "$work/$n/dart/pubspec.yaml")
    printf '%s  {"name": "%s", "rootUri": "file://%s", "packageUri": "lib/", "languageVersion": "3.3"}' \
      "$sep" "$pkg" "$work/$n/dart"
    sep=$',\n'
  done
  printf '\n]}\n'
} > "$work/dart/.dart_tool/package_config.json"
cat > "$work/dart/main.dart" <<'DART'
// Three seam libraries in one Dart VM process: async calls and listeners on
// all of them at once, and each library's own runtime names in the process.
import 'dart:ffi';
import 'dart:io';

import 'package:async_demo/async_demo.dart' as tasks;
import 'package:calculator/calculator.dart' as calculator;
import 'package:events/events.dart' as events;

void check(bool ok, String what) {
  if (!ok) {
    stderr.writeln('check failed: $what');
    exitCode = 1;
  }
}

Future<void> main(List<String> args) async {
  final heard = <String>[];
  final id = events.registerMessageListener(heard.add);
  final pending = [for (var i = 0; i < 8; i++) tasks.runTask('t$i')];
  for (var i = 0; i < 50; i++) {
    events.sendMessage('m$i');
    check(calculator.add(i, 1) == i + 1, 'add');
  }
  final results = await Future.wait(pending);
  for (var i = 0; i < 8; i++) {
    check(results[i].value.contains('t$i'), 'task $i: ${results[i].value}');
  }
  for (var round = 0; round < 500 && heard.length < 50; round++) {
    await Future<void>.delayed(const Duration(milliseconds: 10));
  }
  check(heard.length == 50 && heard.first == 'm0' && heard.last == 'm49', 'events: $heard');
  events.unregisterMessageListener(id);
  try {
    calculator.div(1, 0);
    check(false, 'div by zero');
  } on calculator.CalcError catch (e) {
    check(e.code == 1, 'error code');
  }
  // Each library's leak probe, by its own name: from the process when the
  // libraries were loaded globally, else from each library.
  final probes = {
    'weaveffi_seam_calculator': 'CALCULATOR_LIBRARY',
    'weaveffi_seam_events': 'EVENTS_LIBRARY',
    'tasks': 'ASYNC_DEMO_LIBRARY'
  };
  for (final MapEntry(key: rt, value: variable) in probes.entries) {
    final path = Platform.environment[variable];
    final lib = path == null ? DynamicLibrary.process() : DynamicLibrary.open(path);
    final live = lib.lookupFunction<Int64 Function(), int Function()>('${rt}_seam_live_allocations');
    for (var round = 0; round < 200 && live() != 0; round++) {
      await Future<void>.delayed(const Duration(milliseconds: 10));
    }
    check(live() == 0, '$rt: ${live()} live allocations');
  }
  print(exitCode == 0 ? 'three libraries, one Dart VM (${args.first}): ok' : 'failed');
}
DART
dartrun() {  # MODE LOG ENV...
  local mode=$1 log=$2; shift 2
  env "$@" timeout 300 "$dart" --packages="$work/dart/.dart_tool/package_config.json" "$work/dart/main.dart" "$mode" \
    > "$log" 2>&1
}
if dartrun "opened by path" "$work/dart-open.log" CALCULATOR_LIBRARY="$work/so32/libcalculator.so" \
     EVENTS_LIBRARY="$work/so32/libevents.so" ASYNC_DEMO_LIBRARY="$work/so32/libasync_demo.so"; then
  echo "PASS dart: $(tail -1 "$work/dart-open.log")"
else
  fail "dart: three libraries opened by path" "$work/dart-open.log"
fi
# Loaded globally before the VM starts (as a static link into the app would
# have them): the bindings find each library in the process by its own names.
if dartrun "DynamicLibrary.process()" "$work/dart-process.log" \
     LD_PRELOAD="$work/so32/libcalculator.so $work/so32/libevents.so $work/so32/libasync_demo.so"; then
  echo "PASS dart: $(tail -1 "$work/dart-process.log")"
else
  fail "dart: three libraries found in the process" "$work/dart-process.log"
fi
exit $fails
