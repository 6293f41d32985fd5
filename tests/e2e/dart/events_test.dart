// Dart consumer of the events example: a listener fired while Dart calls in,
// delivered on the event loop; unregistering; a lazy iterator.
import 'package:events/events.dart';

import 'check.dart';
import 'check_async.dart';

Future<void> main() async {
  final seen = <String>[];
  final id = registerMessageListener(seen.add);
  check(id > 0, 'subscription id');
  sendMessage('hello');
  sendMessage('world');
  await eventually(() => seen.length == 2, 'both events delivered');
  checkEq(seen, ['hello', 'world'], 'events in order');

  final other = <String>[];
  final id2 = registerMessageListener(other.add);
  for (var i = 0; i < 500; i++) {
    sendMessage('m$i');
  }
  await eventually(() => seen.length == 502 && other.length == 500, 'many events');
  unregisterMessageListener(id);
  unregisterMessageListener(id); // unknown now: ignored
  sendMessage('after');
  await eventually(() => other.length == 501, 'the other subscriber still hears');
  await Future<void>.delayed(const Duration(milliseconds: 20));
  checkEq(seen.length, 502, 'no delivery after unregister');
  unregisterMessageListener(id2);

  // The iterator is lazy and single-pass.
  final messages = getMessages();
  final firstTwo = messages.take(2).toList();
  checkEq(firstTwo, ['hello', 'world'], 'first two messages');
  checkThrows<StateError>(() => messages.first, 'second traversal');
  checkEq(getMessages().length, 503, 'all messages');
  finish();
}
