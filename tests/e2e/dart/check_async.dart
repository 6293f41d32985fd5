// Async helpers for the Dart end-to-end programs.
import 'dart:async';

import 'check.dart';

/// Checks that [future] fails with a [T] satisfying [test].
Future<void> checkFails<T extends Object>(Future<Object?> future, String what, [bool Function(T e)? test]) async {
  try {
    await future;
    check(false, '$what: completed without an error');
  } on T catch (e) {
    check(test == null || test(e), '$what: unexpected $e');
  } catch (e) {
    check(false, '$what: failed with ${e.runtimeType}: $e');
  }
}

/// Waits until [condition] holds, for up to 10 s.
Future<void> eventually(bool Function() condition, String what) async {
  final deadline = DateTime.now().add(const Duration(seconds: 10));
  while (!condition()) {
    if (DateTime.now().isAfter(deadline)) {
      check(false, '$what: timed out');
      return;
    }
    await Future<void>.delayed(const Duration(milliseconds: 2));
  }
  check(true, what);
}
