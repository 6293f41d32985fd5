// The events Dart package against a producer that lacks seam's owned-result
// entry points (as one built by WeaveFFI does): synchronous calls work, and
// listeners fail with a clear UnsupportedError instead of reading freed
// memory (their Streams with it as an error event, then done).
import 'package:events/events.dart';

import 'check.dart';
import 'check_async.dart';

Future<void> main() async {
  sendMessage('still works');
  checkEq(getMessages().last, 'still works', 'sync calls and iterators');
  checkThrows<UnsupportedError>(() => registerMessageListener((_) {}), 'listener registration',
      (e) => '${e.message}'.contains('weaveffi_events_register_message_listener_owned'));
  await checkFails<UnsupportedError>(onMessageListener.first, 'listening to the Stream',
      (e) => '${e.message}'.contains('weaveffi_events_register_message_listener_owned'));
  checkEq(await onMessageListener.handleError((_) {}).toList(), <String>[], 'the Stream ends after its error');
  finish();
}
