// Dart consumer of the async-demo example: Futures completed from native
// threads with record, list and scalar results, typed errors, exactly once.
import 'package:async_demo/async_demo.dart';

import 'check.dart';
import 'check_async.dart';

Future<void> main() async {
  final one = await runTask('alpha');
  checkEq(one, const TaskResult(id: 1, value: 'done: alpha', success: true), 'record result');
  await checkFails<TaskErrorInvalidName>(runTask(''), 'typed error', (e) => e.message == 'task name must not be empty');
  await checkFails<NativeException>(runTask('drop'), 'dropped completion',
      (e) => e.code == -1 && e.message == 'async operation was dropped without completing');

  final names = ['one', 'two', 'three'];
  final batch = runBatch(names);
  names[0] = 'changed'; // the launcher copied its input
  final results = await batch;
  checkEq(results.map((r) => r.value).toList(), ['done: one', 'done: two', 'done: three'], 'list result');
  checkEq(await runBatch([]), <TaskResult>[], 'empty list result');
  checkEq(await runNTasks(16), 16, 'scalar result');
  await checkFails<NativeException>(runNTasks(-1), 'generic error', (e) => e.message == 'n must not be negative');

  // Many calls in flight at once, each completed exactly once.
  final many = await Future.wait([for (var i = 0; i < 200; i++) runTask('t$i')]);
  checkEq(many.length, 200, 'concurrent calls');
  checkEq(many.map((r) => r.id).toSet().length, 200, 'distinct results');

  // A held task finishes when another call releases it.
  final held = runTask('hold me');
  var released = false;
  final deadline = DateTime.now().add(const Duration(seconds: 60));
  while (!released && DateTime.now().isBefore(deadline)) {
    released = cancelTask(1 + 3 + 16 + 200 + 1);
    if (!released) await Future<void>.delayed(const Duration(milliseconds: 2));
  }
  check(released, 'cancel_task released the held task');
  if (released) {
    final h = await held;
    check(!h.success && h.value == 'cancelled', 'held result: $h');
  }

  await eventually(() => activeCallbacks() == 0, 'every native body finished');
  finish();
}
