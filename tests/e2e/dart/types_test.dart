// Dart consumer of the types example: optionals of every kind, maps, lists
// of optional records, borrowed inputs, mutable parameters, handles, lazy
// iterators, async results of every shape, cancellation, a listener fired
// from native threads, and finalizers/dispose of interface objects.
import 'dart:typed_data';

import 'package:types/types.dart';

import 'check.dart';
import 'check_async.dart';

void optionals() {
  checkEq(echoOptI32(v: -7), -7, 'i32?');
  checkEq(echoOptI32(), null, 'absent i32?: left out');
  checkEq(echoOptI32(v: null), null, 'absent i32?: by name');
  checkEq(echoOptBool(v: false), false, 'bool?');
  checkEq(echoOptF64(v: 0.25), 0.25, 'f64?');
  checkEq(echoOptString(v: 'héllo'), 'héllo', 'string?');
  checkEq(echoOptString(v: ''), '', 'empty string?');
  checkEq(echoOptString(), null, 'absent string?');
  checkEq(echoOptBytes(v: [0, 255, 7]), [0, 255, 7], 'bytes?');
  checkEq(echoOptBytes(v: []), <int>[], 'present empty bytes?');
  checkEq(echoOptBytes(), null, 'absent bytes?');
  checkEq(echoOptPoint(v: const Point(x: 1, y: 2)), const Point(x: 1, y: 2), 'record?');
  checkEq(echoOptPoint(), null, 'absent record?');
  checkEq(echoOptLevel(v: Level.low), Level.low, 'enum? with a negative value');
  checkEq(echoOptLevel(), null, 'absent enum?');
  checkEq(echoOptValue(v: const Value.text(s: 't')), const ValueText(s: 't'), 'rich enum?');
  checkEq(echoOptList(v: [1, -2, 3]), [1, -2, 3], 'list?');
  checkEq(echoOptList(v: []), <int>[], 'present empty list?');
  checkEq(echoOptList(), null, 'absent list?');
  checkEq(echoOptMap(v: {'a': 10, 'b': 20}), {'a': 10, 'b': 20}, 'map?');
  checkEq(echoOptMap(v: {}), <String, int>{}, 'present empty map?');
  checkEq(echoOptMap(), null, 'absent map?');
  final counter = Counter(3);
  counter.next();
  checkEq(echoOptCounter(v: counter), 4, 'interface?');
  checkEq(echoOptCounter(), null, 'absent interface?');
  counter.dispose();
}

void containers() {
  checkEq(echoLevels([Level.high, Level.low, Level.mid]), [Level.high, Level.low, Level.mid], 'enum list');
  checkEq(echoPoints([const Point(x: 1, y: 1), null, const Point(x: 3, y: 3)]),
      [const Point(x: 1, y: 1), null, const Point(x: 3, y: 3)], 'list of optional records');
  final values = [
    const Value.pair(a: Point(x: 1, y: 1)),
    Value.blob(data: Uint8List.fromList([9, 8]), tags: const ['x']),
    const Value.nothing(),
    const Value.number(n: -5),
  ];
  checkEq(echoValues(values), values, 'list of rich enums');
  checkEq(echoMap({'z': 1.5, 'a': -2.5}), {'a': -2.5, 'z': 1.5}, 'map');
  checkEq(echoNames({7: 'seven', -1: 'minus one'}), {-1: 'minus one', 7: 'seven'}, 'map with int keys');
  final bag = Bag(
      optInt: 7,
      optText: 'text',
      optData: Uint8List(0),
      optPoint: const Point(x: 3, y: 3),
      optMap: const {'a': -1, 'z': 7},
      points: const [Point(x: 1, y: 1), null],
      levels: const [Level.high],
      byId: const {7: 'seven'},
      value: const Value.number(n: 42),
      h: 0xFFFFFFFFFFFF);
  checkEq(bag.label, 'bag', 'IDL default');
  checkEq(const Point(x: 2).y, 0.0, 'IDL default of a number field');
  final copy = echoBag(bag);
  checkEq(copy, bag, 'a record with every field kind round-trips');
  checkEq(copy.optData, <int>[], 'present empty bytes field');
  checkEq(copy.optLevel, null, 'absent enum field');
  checkEq(copy.optList, null, 'absent list field');
}

void borrowedAndMutable() {
  checkEq(concat(['a', '', 'c'], ', '), 'a, , c', 'borrowed strings');
  checkEq(checksum([1, 2, 3, 250]), 256, 'borrowed bytes');
  final text = Box('Hello, wörld');
  shout(text);
  checkEq(text.value, 'HELLO, WöRLD', 'mutable string');
  final data = Uint8List.fromList([0x00, 0xF0, 0xFF]);
  invert(data);
  checkEq(data, [0xFF, 0x0F, 0x00], 'mutable bytes');
  final values = [1, -2, 1000];
  doubleAll(values);
  checkEq(values, [2, -4, 2000], 'mutable list');
  final p = Box(const Point(x: 1, y: 1));
  shift(p, 0.5, -1);
  checkEq(p.value, const Point(x: 1.5, y: 0), 'mutable record');
}

void handles() {
  final h = storePoint(const Point(x: 5, y: 6));
  checkEq(storedPoints(), 1, 'stored');
  checkEq(loadPoint(h), const Point(x: 5, y: 6), 'typed handle');
  check(h == Handle<Point>(h.address), 'handles compare by address');
  check(dropPoint(h), 'drop');
  check(!dropPoint(h), 'drop again');
  checkThrows<TypesErrorUnknown>(() => loadPoint(h), 'stale handle');
  final s1 = openSession('first');
  final s2 = openSession('second');
  check(s1 != s2, 'untyped handles');
  checkEq(sessionName(s2), 'second', 'session name');
  check(closeSession(s1) && closeSession(s2), 'close sessions');
  checkEq(sessionName(s1), null, 'closed session');
}

void iterators() {
  checkEq(pointsBetween(2, 5).toList(), [const Point(x: 2, y: 2), const Point(x: 3, y: 3), const Point(x: 4, y: 4)],
      'iterator of records');
  checkThrows<TypesErrorInvalid>(() => pointsBetween(5, 2), 'iterator launch error',
      (e) => e.message == 'empty range: 5..2');
  checkEq(maybePoints(4).toList(), [const Point(x: 0, y: 0), null, const Point(x: 2, y: 0), null],
      'iterator of optional records');
  // Stopping early leaves the rest to the finalizer.
  for (var i = 0; i < 100; i++) {
    checkEq(pointsBetween(0, 1000000).take(2).length, 2, 'early stop');
  }
  checkEq(parseLevel('mid'), Level.mid, 'enum return');
  checkThrows<TypesErrorInvalid>(() => parseLevel('max'), 'typed error', (e) => e.message == "unknown level 'max'");
}

Future<void> counters() async {
  final live = Counter.live();
  final c = Counter(10);
  checkEq(Counter.live(), live + 1, 'live counters');
  checkEq(c.next(), 11, 'method');
  checkEq(c.addAll([1, 2, 3]), 17, 'list parameter');
  final f = c.fork();
  checkEq(f.next(), 18, 'returned interface');
  checkEq(c.values().toList(), [10, 11, 12, 13, 14, 15, 16, 17], 'iterator method');
  checkEq(await c.slowNext(1), 18, 'async method');
  final token = CancellationToken();
  final slow = c.slowNext(10000, cancel: token);
  token.cancel();
  await checkFails<TypesErrorInvalid>(slow, 'cancelled async method', (e) => e.message == 'cancelled');
  await checkFails<TypesErrorInvalid>(c.slowNext(-5), 'async launch error');
  f.dispose();
  f.dispose();
  check(f.isDisposed, 'disposed');
  checkThrows<StateError>(() => f.next(), 'use after dispose');
  c.dispose();
  checkEq(Counter.live(), live, 'dispose releases');
}

Future<void> asyncResults() async {
  checkEq(await asyncText(['x', 'y'], [1, 2], {'n': 1, 'm': 2}, maybe: 64, p: const Point(x: 3, y: 4)),
      'x+y data=2 m=2 n=1 maybe=64 p=3,4', 'every parameter kind');
  checkEq(await asyncText(['x'], null, {}), 'x data=none maybe=none p=none', 'absent parameters');
  checkEq(await asyncText(['x'], null, {}, p: const Point(x: 1, y: 1)), 'x data=none maybe=none p=1,1',
      'a later named parameter alone');
  await checkFails<TypesErrorInvalid>(asyncText([], null, {}), 'async typed error',
      (e) => e.message == 'parts must not be empty');
  checkEq(await asyncBytes(5), [0, 7, 14, 21, 28], 'bytes result');
  checkEq((await asyncBytes(1 << 20)).length, 1 << 20, 'large bytes result');
  checkEq(await asyncOpt(v: 4), 40, 'optional result');
  checkEq(await asyncOpt(), null, 'absent optional result');
  checkEq(await asyncPoint(8), const Point(x: 8, y: 4), 'record result');
  checkEq(await asyncPoint(-1), null, 'absent record result');
  final v = await asyncValue(19);
  check(v is ValueBlob && v.data.length == 3 && v.tags.single == 'n=19', 'rich enum result: $v');
  checkEq(await asyncMap(3), {'k0': 0, 'k1': 1, 'k2': 4}, 'map result');
  checkEq((await asyncPoints(4)).map((p) => p.x).toList(), [0.0, 1.0, 2.0, 3.0], 'list result');
  final counter = await asyncCounter(100);
  checkEq(counter.next(), 101, 'interface result');
  counter.dispose();
  checkEq(await asyncLevel(Level.high), Level.low, 'enum result');
  await asyncVoid(false);
  check(true, 'void result');
  await checkFails<TypesErrorInvalid>(asyncVoid(true), 'void failure', (e) => e.message == 'asked to fail');
  final token = CancellationToken()..cancel();
  await checkFails<TypesErrorInvalid>(asyncVoid(false, cancel: token), 'pre-cancelled', (e) => e.message == 'cancelled');
  checkEq(await asyncFail(0), ['a', 'b'], 'string list result');
  await checkFails<NativeException>(asyncFail(-77), 'foreign code', (e) => e.code == -77 && e.message == 'failed with -77');
  final all = await Future.wait([for (var i = 0; i < 100; i++) asyncOpt(v: i)]);
  checkEq(all.last, 990, 'many concurrent calls');
}

Future<void> listener() async {
  final seen = <int>[];
  var bad = 0;
  // One record per event, fields named after the callback's parameters.
  final sub = onSamples.listen((s) {
    final seq = s.seq;
    seen.add(seq);
    if (s.point != Point(x: seq.toDouble(), y: -seq.toDouble())) bad++;
    if (s.data.length != 3 || s.data[0] != seq % 256) bad++;
    if (s.tags['seq'] != '$seq' || s.tags['thread'] != 'worker') bad++;
    if ((seq % 2 == 0) != (s.level == Level.high)) bad++;
    if ((seq % 2 == 1) != (s.note == 'odd')) bad++;
    final expected = switch (seq % 3) {
      0 => Value.number(n: seq),
      1 => Value.text(s: 'sample $seq'),
      _ => const Value.pair(a: Point(x: 1, y: 2)),
    };
    if (s.value != expected) bad++;
  });
  fireSampleHere(0);
  checkEq(await fireSamples(40), 40, 'fired from a native thread');
  await eventually(() => seen.length == 41, 'every sample delivered');
  checkEq(bad, 0, 'sample arguments intact');
  await sub.cancel();
  fireSampleHere(1);
  await Future<void>.delayed(const Duration(milliseconds: 20));
  checkEq(seen.length, 41, 'nothing after cancel');
}

bool countsUp(Uint8List b) {
  for (var i = 0; i < b.length; i++) {
    if (b[i] != i & 0xFF) return false;
  }
  return true;
}

/// Returned bytes: small ones are copied, large ones read in place and freed
/// by a finalizer, including buffers the producer handed over with
/// seam::Bytes::Adopt.
Future<void> bytesResults() async {
  final releasedBefore = adoptedReleases();
  // Sync helpers: an async frame could keep a dropped list reachable.
  readSizes();
  writeInPlace();
  checkThrows<NativeException>(() => makeBytes(-1, 0), 'negative size',
      (e) => e.code == -1 && e.message == 'size must not be negative');
  // Mode 1 releases at once when empty, otherwise when its list is collected.
  for (var round = 0; round < 50 && adoptedReleases() < releasedBefore + 6; round++) {
    var junk = <List<int>>[];
    for (var i = 0; i < 500; i++) {
      junk.add(List<int>.filled(256, i));
    }
    junk = [];
    await Future<void>.delayed(const Duration(milliseconds: 5));
  }
  checkEq(adoptedReleases(), releasedBefore + 6, 'every adopted buffer released, once');
}

void readSizes() {
  for (final mode in [0, 1]) {
    for (final size in [0, 5, 8191, 8192, 300000]) {
      final b = makeBytes(size, mode);
      check(b.length == size && countsUp(b), 'makeBytes($size, $mode) contents');
    }
  }
}

void writeInPlace() {
  final big = makeBytes(100000, 1);
  big[0] = 200;  // the caller owns what it received
  checkEq(big[0], 200, 'a buffer read in place is writable');
}

// Records that cross in one buffer (seam's packed results): every field
// kind, with extreme values, empty and absent parts, and non-ASCII text.
void packedRecords() {
  final full = Row(
      aI8: -128, aU8: 255, aI16: -32768, aU16: 65535, aI32: -2147483648, aU32: 4294967295,
      aI64: -9223372036854775808, aU64: 0x7FFFFFFFFFFFFFFF, aF32: 1.5, aF64: -0.25, flag: true,
      text: 'Grüße, 世界', data: Uint8List.fromList([0, 255, 7]), h: 0xFFFFFFFFFFFF,
      level: Level.low, optLevel: Level.high, optInt: -7, optText: '', optData: Uint8List(0),
      at: const Point(x: 1, y: -1), optAt: const Point(x: 2, y: 3),
      path: const [Point(x: 4, y: 5), null, Point(x: 6, y: 7)], tags: const ['', 'ä', 'b'],
      counts: const [1, -2, 3], flags: const [true, false, true], scores: const {'a': -1, 'zz': 1 << 40},
      names: const {-5: 'minus five', 9: ''});
  final sparse = Row(
      aI8: 0, aU8: 0, aI16: 0, aU16: 0, aI32: 0, aU32: 0, aI64: 0, aU64: 0, aF32: 0, aF64: 0, flag: false,
      text: '', data: Uint8List(0), h: 0, level: Level.mid, at: const Point(x: 0), path: const [],
      tags: const [], counts: const [], flags: const [], scores: const {}, names: const {});
  checkEq(echoRow(full), full, 'a record of every packable field kind');
  checkEq(echoRow(sparse), sparse, 'empty and absent fields');
  checkEq(echoRows([full, sparse, full]), [full, sparse, full], 'a list of such records');
  checkEq(echoRows([]), <Row>[], 'an empty list of records');
  checkEq(echoOptRow(v: full), full, 'an optional record');
  checkEq(echoOptRow(), null, 'an absent optional record');
  final many = [for (var i = 0; i < 1000; i++) Row(
      aI8: i % 100, aU8: i % 256, aI16: i, aU16: i, aI32: -i, aU32: i, aI64: i * 1000000007, aU64: i,
      aF32: i / 4, aF64: i / 3, flag: i.isOdd, text: 'row $i', data: Uint8List.fromList([i % 256]), h: i,
      level: Level.values[i % 3], optInt: i.isEven ? i : null, at: Point(x: i.toDouble()),
      path: [if (i.isOdd) Point(x: 1, y: i.toDouble())], tags: ['t$i'], counts: [i, i], flags: [i.isEven],
      scores: {'s$i': i}, names: {i: '$i'})];
  checkEq(echoRows(many), many, '1,000 records, every one read back from the buffer');
}

Future<void> main() async {
  optionals();
  packedRecords();
  await bytesResults();
  containers();
  borrowedAndMutable();
  handles();
  iterators();
  await counters();
  await asyncResults();
  await listener();
  finish();
}
