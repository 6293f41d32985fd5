// The types Dart package against a producer without seam's additive symbols
// (*_owned, the one-argument bytes release), as one built by WeaveFFI:
// async calls with by-value results still work (a failure arrives without
// its details, which such a library frees before Dart runs), async calls
// with results in memory fail with a clear UnsupportedError, and returned
// buffers are copied instead of read in place, and results that hold records
// are read field by field (no *_packed symbols).
import 'dart:typed_data';

import 'package:types/types.dart';

import 'check.dart';
import 'check_async.dart';

bool countsUp(Uint8List b) {
  for (var i = 0; i < b.length; i++) {
    if (b[i] != i & 0xFF) return false;
  }
  return true;
}

Future<void> main() async {
  checkEq(await asyncLevel(Level.high), Level.low, 'by-value async result');
  await asyncVoid(false);
  await checkFails<NativeException>(asyncVoid(true), 'a failure without its details',
      (e) => e.code == -1 && e.message.contains('not built by seam'));
  final counter = Counter(5);
  checkEq(await counter.slowNext(1), 6, 'by-value async method');
  counter.dispose();
  checkThrows<UnsupportedError>(() => asyncBytes(3), 'async result in memory',
      (e) => '${e.message}'.contains('weaveffi_types_async_bytes_async_owned'));
  checkEq(echoPoints([Point(x: 1, y: 2), null]), [Point(x: 1, y: 2), null], 'records read field by field');
  checkEq(echoOptPoint(v: Point(x: 3)), Point(x: 3), 'an optional record without the packed twin');
  final row = Row(
      aI8: -1, aU8: 2, aI16: -3, aU16: 4, aI32: -5, aU32: 6, aI64: -7, aU64: 8, aF32: 0.5, aF64: 9.25,
      flag: true, text: 'ü', data: Uint8List.fromList([1]), h: 10, level: Level.high, optInt: 11,
      at: const Point(x: 1), path: const [null], tags: const ['t'], counts: const [12], flags: const [false],
      scores: const {'s': 13}, names: const {14: 'n'});
  checkEq(echoRows([row, row]), [row, row], 'records of every field kind read field by field');
  final before = adoptedReleases();
  final big = makeBytes(300000, 1);
  check(big.length == 300000 && countsUp(big), 'a large buffer, copied');
  checkEq(adoptedReleases(), before + 1, 'released as soon as it was copied');
  finish();
}
