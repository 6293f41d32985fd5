// A tiny assertion harness for the Dart end-to-end programs: counts checks
// and failures and prints "N passed, N failed"; exits 1 on any failure.
import 'dart:ffi';
import 'dart:io';

int _passed = 0;
int _failed = 0;

void check(bool condition, String what) {
  if (condition) {
    _passed++;
  } else {
    _failed++;
    stderr.writeln('check failed: $what');
  }
}

/// Equality with lists and maps compared element by element.
bool deepEquals(Object? a, Object? b) {
  if (a is List && b is List) {
    if (a.length != b.length) return false;
    for (var i = 0; i < a.length; i++) {
      if (!deepEquals(a[i], b[i])) return false;
    }
    return true;
  }
  if (a is Map && b is Map) {
    if (a.length != b.length) return false;
    for (final k in a.keys) {
      if (!b.containsKey(k) || !deepEquals(a[k], b[k])) return false;
    }
    return true;
  }
  return a == b;
}

void checkEq(Object? actual, Object? expected, String what) =>
    check(deepEquals(actual, expected), '$what: expected <$expected>, got <$actual>');

/// Checks that [body] throws a [T] satisfying [test].
void checkThrows<T extends Object>(void Function() body, String what, [bool Function(T e)? test]) {
  try {
    body();
    check(false, '$what: nothing was thrown');
  } on T catch (e) {
    check(test == null || test(e), '$what: unexpected $e');
  } catch (e) {
    check(false, '$what: threw ${e.runtimeType}: $e');
  }
}

/// The library's leak probe (seam producers export it): objects and buffers
/// handed out and not yet released.
int liveAllocations() {
  final path = Platform.environment['SEAM_TEST_LIBRARY']!;
  final lib = DynamicLibrary.open(path);
  // Named with the library's runtime prefix: at the default C prefix
  // "weaveffi_seam_" and the library's name (libNAME.so).
  final file = path.substring(path.lastIndexOf('/') + 4);
  final runtime = Platform.environment['SEAM_TEST_RUNTIME_PREFIX'] ?? 'weaveffi_seam_${file.split('.').first}';
  final probe = lib.lookupFunction<Int64 Function(), int Function()>('${runtime}_seam_live_allocations');
  return probe();
}

/// Ends the program: first waits (bounded) for the garbage collector to run
/// the finalizers of objects the test dropped, then checks that nothing of
/// the library is left alive.
Future<Never> finish() async {
  var live = liveAllocations();
  for (var round = 0; round < 50 && live != 0; round++) {
    // Garbage makes the GC run, which runs native finalizers.
    var junk = <List<int>>[];
    for (var i = 0; i < 500; i++) {
      junk.add(List<int>.filled(256, i));
    }
    junk = [];
    await Future<void>.delayed(const Duration(milliseconds: 5));
    live = liveAllocations();
  }
  checkEq(live, 0, 'objects and buffers of the library left alive');
  stdout.writeln('$_passed passed, $_failed failed');
  exit(_failed == 0 ? 0 : 1);
}
