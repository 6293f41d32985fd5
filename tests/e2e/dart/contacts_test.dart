// Dart consumer of the contacts example: an interface with a constructor,
// methods and disposal; records with optional fields; enums; typed errors.
import 'package:contacts/contacts.dart';

import 'check.dart';

void main() {
  final book = ContactBook();
  checkEq(book.count(), 0, 'empty book');
  final ada = book.add('Ada', 'Lovelace', 'ada@example.org', ContactType.work);
  checkEq(ada.id, 1, 'first id');
  checkEq(ada.firstName, 'Ada', 'first name');
  checkEq(ada.email, 'ada@example.org', 'email');
  checkEq(ada.contactType, ContactType.work, 'enum field');
  final alan = book.add('Alan', 'Turing', null, ContactType.personal);
  checkEq(alan.email, null, 'absent email');
  checkEq(book.count(), 2, 'count');

  // Records are values.
  checkEq(book.get(1), ada, 'get returns an equal record');
  check(book.get(1).hashCode == ada.hashCode, 'equal records hash alike');
  check(book.get(2) != ada, 'different records differ');
  checkEq(ada.toString(),
      'Contact(id: 1, first_name: Ada, last_name: Lovelace, email: ada@example.org, contact_type: ContactType.work)',
      'toString');
  const made = Contact(id: 9, firstName: 'Grace', lastName: 'Hopper', contactType: ContactType.other);
  checkEq(made.email, null, 'optional fields default to null');

  checkEq(book.list(), [ada, alan], 'list');
  checkThrows<ContactsErrorInvalidName>(
      () => book.add('', 'X', null, ContactType.other), 'empty name', (e) => e.message == 'name must not be empty');
  checkThrows<ContactsErrorNotFound>(() => book.get(99), 'missing id',
      (e) => e.code == 2 && e.message == 'no contact with id 99');
  checkThrows<ContactsError>(() => book.get(99), 'domain base');
  checkThrows<ArgumentError>(() => ContactType.fromValue(7), 'unknown enum value');
  checkEq(ContactType.fromValue(2), ContactType.other, 'fromValue');
  checkEq(ContactType.work.value, 1, 'value');

  check(book.remove(1), 'remove existing');
  check(!book.remove(1), 'remove again');
  checkEq(book.count(), 1, 'count after remove');

  // dispose is idempotent; use after dispose is a StateError, not a crash.
  check(!book.isDisposed, 'not disposed yet');
  book.dispose();
  book.dispose();
  check(book.isDisposed, 'disposed');
  checkThrows<StateError>(() => book.count(), 'use after dispose');

  // Forgotten books are released by the finalizer (checked under valgrind).
  for (var i = 0; i < 1000; i++) {
    ContactBook().add('N$i', 'M', null, ContactType.other);
  }
  finish();
}
