// Dart consumer of the kvstore example: a throwing named constructor, bytes,
// optional scalars, an optional record, an iterator method, a static, a
// deprecated method, a listener, a nested module, cancellable async.
import 'dart:typed_data';

import 'package:kvstore/kvstore.dart';

import 'check.dart';
import 'check_async.dart';

Future<void> main() async {
  checkEq(Store.defaultCapacity(), 1000000, 'static');
  checkThrows<KvErrorIoError>(() => Store.open(''), 'throwing constructor',
      (e) => e.code == 1004 && e.message == 'cannot open a store at an empty path');
  final store = Store.open('/tmp/kv');
  final evicted = <String>[];
  final sub = onEvictionListener.listen(evicted.add);

  check(store.put('alpha', [1, 2, 3], EntryKind.volatile), 'put without the optional ttl');
  check(store.put('beta', Uint8List.fromList([9, 8, 7, 6]), EntryKind.persistent, ttlSeconds: 3600), 'put with a named ttl');
  check(store.put('empty', const [], EntryKind.encrypted, ttlSeconds: null), 'put empty bytes');
  checkEq(store.count(), 3, 'count');
  checkThrows<KvErrorExpired>(() => store.put('x', [1], EntryKind.volatile, ttlSeconds: -1), 'negative ttl');

  final beta = store.get('beta')!;
  checkEq(beta.value, [9, 8, 7, 6], 'bytes field');
  check(beta.value is Uint8List, 'bytes are a Uint8List');
  checkEq(beta.expiresAt, beta.createdAt + 3600, 'optional scalar field');
  checkEq(beta.metadata, {'kind': '1'}, 'map field');
  checkEq(beta.tags, <String>[], 'empty list field');
  checkEq(store.get('alpha')!.expiresAt, null, 'absent optional field');
  checkEq(store.get('empty')!.value, <int>[], 'empty bytes');
  checkThrows<KvErrorKeyNotFound>(() => store.get('missing'), 'missing key',
      (e) => e.message == 'key not found: missing');

  // ignore: deprecated_member_use_from_same_package
  check(store.legacyPut('legacy', [0]), 'deprecated method');
  checkEq(store.listKeys().toList(), ['alpha', 'beta', 'empty', 'legacy'], 'iterator method');
  checkEq(store.listKeys(prefix: 'be').toList(), ['beta'], 'iterator with a prefix');
  checkEq(store.listKeys(prefix: 'zzz').toList(), <String>[], 'empty iterator');

  checkEq(getStats(store), const Stats(totalEntries: 4, totalBytes: 3 + 4 + 0 + 1, expiredEntries: 0), 'nested module');

  check(store.delete('legacy'), 'delete');
  check(!store.delete('legacy'), 'delete again');
  await eventually(() => evicted.length == 1, 'eviction event');
  checkEq(evicted, ['legacy'], 'evicted key');

  check(store.put('brief', [1, 2, 3], EntryKind.volatile, ttlSeconds: 0), 'ttl 0');
  checkEq(store.get('brief'), null, 'expired entry reads as null');
  checkEq(await store.compact(), 3, 'async compact');
  await eventually(() => evicted.length == 2, 'eviction from a worker thread');
  checkEq(evicted.last, 'brief', 'evicted by compaction');

  final token = CancellationToken();
  checkEq(await store.compact(cancel: token), 0, 'live token');
  token.cancel();
  check(token.isCancelled, 'token cancelled');
  await checkFails<KvErrorIoError>(store.compact(cancel: token), 'cancelled compaction',
      (e) => e.message == 'compaction cancelled');

  await sub.cancel();
  check(store.delete('alpha'), 'delete after cancel');
  await Future<void>.delayed(const Duration(milliseconds: 20));
  checkEq(evicted.length, 2, 'no events after cancel');

  final small = Store.open('/tmp/small?capacity=1');
  small.put('a', [1], EntryKind.volatile);
  checkThrows<KvErrorStoreFull>(() => small.put('b', [2], EntryKind.volatile), 'store full');
  small.dispose();
  store.clear();
  checkEq(store.count(), 0, 'clear');
  store.dispose();

  // Records can be built in Dart with every field kind.
  final made = Entry(
      id: 5, key: 'k', value: Uint8List.fromList([0, 1, 2]), createdAt: 1, tags: const ['red'], metadata: const {'o': 'a'});
  checkEq(made.expiresAt, null, 'optional field default');
  finish();
}
