// The events Dart package against a producer that lacks seam's owned-result
// entry points (as one built by WeaveFFI does): synchronous calls work, and
// listeners fail with a clear UnsupportedError instead of reading freed
// memory.
import 'package:events/events.dart';

import 'check.dart';

void main() {
  sendMessage('still works');
  checkEq(getMessages().last, 'still works', 'sync calls and iterators');
  checkThrows<UnsupportedError>(() => registerMessageListener((_) {}), 'listener registration',
      (e) => '${e.message}'.contains('weaveffi_events_register_message_listener_owned'));
  finish();
}
