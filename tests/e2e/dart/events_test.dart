// Dart consumer of the events example: the listener as a Stream (several
// listeners, pause/resume, cancellation reaching the library, a storm from
// several native threads cancelled midway), the register/unregister
// functions beside it, and a lazy iterator.
import 'dart:async';

import 'package:events/events.dart';

import 'check.dart';
import 'check_async.dart';

/// Checks that the messages of every storm thread ("t<thread>:<i>") arrived
/// in the order that thread sent them, from 0 on without a gap.
void checkPerThreadOrder(List<String> messages, String what) {
  final next = <String, int>{};
  var ok = true;
  for (final m in messages.where((m) => m.startsWith('t'))) {
    final [thread, i] = m.split(':');
    if (int.parse(i) != (next[thread] ?? 0)) ok = false;
    next[thread] = int.parse(i) + 1;
  }
  check(ok, '$what: per-thread order');
}

Future<void> main() async {
  checkEq(listenerCount(), 0, 'no subscription before listen');
  final stream = onMessageListener;
  check(stream.isBroadcast, 'any number of listeners');

  final seen = <String>[];
  final sub = stream.listen(seen.add);
  checkEq(listenerCount(), 1, 'listen registers with the library');
  sendMessage('hello');
  sendMessage('world');
  await eventually(() => seen.length == 2, 'both events delivered');
  checkEq(seen, ['hello', 'world'], 'events in order');

  // Two more listeners, each with a subscription of its own.
  final a = <String>[], b = <String>[];
  final subA = stream.listen(a.add);
  final subB = onMessageListener.listen(b.add);
  checkEq(listenerCount(), 3, 'one library subscription per listen');
  for (var i = 0; i < 500; i++) {
    sendMessage('m$i');
  }
  await eventually(() => seen.length == 502 && a.length == 500 && b.length == 500, 'every listener hears');
  checkEq(a, [for (var i = 0; i < 500; i++) 'm$i'], 'a listener from its first event on, in order');
  final cancelled = subA.cancel();
  checkEq(listenerCount(), 2, 'cancel unregisters at once');
  await cancelled;
  checkEq(listenerCount(), 2, 'and stays unregistered');
  sendMessage('after');
  await eventually(() => b.length == 501, 'the other listeners still hear');
  await Future<void>.delayed(const Duration(milliseconds: 20));
  checkEq(a.length, 500, 'nothing after cancel');
  await subB.cancel();

  // Pausing buffers the events; resuming delivers them all, in order.
  sub.pause();
  for (var i = 0; i < 100; i++) {
    sendMessage('p$i');
  }
  await Future<void>.delayed(const Duration(milliseconds: 20));
  checkEq(seen.length, 503, 'a paused subscription delivers nothing');
  checkEq(listenerCount(), 1, 'a paused subscription stays registered');
  sub.resume();
  await eventually(() => seen.length == 603, 'resumed: the buffered events arrive');
  checkEq(seen.sublist(503), [for (var i = 0; i < 100; i++) 'p$i'], 'none lost, in order');

  // A storm from four native threads; a second listener cancels midway,
  // from inside its own event handler.
  const threads = 4, perThread = 5000;
  final stormed = <String>[];
  late final StreamSubscription<String> stormSub;
  final stopped = Completer<int>();
  stormSub = stream.listen((m) {
    stormed.add(m);
    if (stormed.length == 1000) {
      stormSub.cancel().then((_) => stopped.complete(listenerCount()));
    }
  });
  checkEq(listenerCount(), 2, 'the storm listener registered');
  final sent = storm(threads, perThread);
  checkEq(await stopped.future, 1, 'cancelled mid-storm: unregistered when cancel() completed');
  checkEq(await sent, threads * perThread, 'the storm sent every message');
  await eventually(() => seen.length == 603 + threads * perThread, 'the remaining listener hears the whole storm');
  await Future<void>.delayed(const Duration(milliseconds: 20));
  checkEq(stormed.length, 1000, 'the cancelled listener got nothing after cancel');
  checkPerThreadOrder(stormed, 'cancelled listener');
  checkPerThreadOrder(seen, 'whole storm');
  for (var t = 0; t < threads; t++) {
    checkEq(seen.where((m) => m.startsWith('t$t:')).length, perThread, 'thread $t: every message');
  }

  // await for, ended early by break (which cancels).
  final firstThree = <String>[];
  final loop = () async {
    await for (final m in onMessageListener) {
      firstThree.add(m);
      if (firstThree.length == 3) break;
    }
  }();
  checkEq(listenerCount(), 2, 'await for listens');
  for (var i = 0; i < 5; i++) {
    sendMessage('x$i');
  }
  await loop;
  checkEq(firstThree, ['x0', 'x1', 'x2'], 'await for');
  checkEq(listenerCount(), 1, 'break cancels the subscription');
  // take(2): the subscription ends after two events.
  final two = onMessageListener.take(2).toList();
  for (var i = 0; i < 3; i++) {
    sendMessage('y$i');
  }
  checkEq(await two, ['y0', 'y1'], 'take');
  checkEq(listenerCount(), 1, 'take cancels after its events');
  await sub.cancel();
  checkEq(listenerCount(), 0, 'every subscription unregistered');

  // The register/unregister functions stay, for WeaveFFI-style code.
  final other = <String>[];
  final id = registerMessageListener(other.add);
  check(id > 0, 'subscription id');
  checkEq(listenerCount(), 1, 'registered');
  sendMessage('old style');
  await eventually(() => other.length == 1, 'delivered');
  unregisterMessageListener(id);
  unregisterMessageListener(id); // unknown now: ignored
  checkEq(listenerCount(), 0, 'unregistered');
  sendMessage('after');
  await Future<void>.delayed(const Duration(milliseconds: 20));
  checkEq(other, ['old style'], 'no delivery after unregister');

  // The iterator is lazy and single-pass.
  final messages = getMessages();
  final firstTwo = messages.take(2).toList();
  checkEq(firstTwo, ['hello', 'world'], 'first two messages');
  checkThrows<StateError>(() => messages.first, 'second traversal');
  checkEq(getMessages().length, 2 + 500 + 1 + 100 + 5 + 3 + 2, 'all messages sent by sendMessage');
  finish();
}
