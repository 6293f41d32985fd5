// The Dart benchmarks: each figure is seam's generated binding against a
// hand-written raw dart:ffi baseline over the same producer library, measured
// in the same run, alternating batches. Prints one JSON array of
// {name, seam_ns, baseline, baseline_ns} on stdout.
//
//   dart --packages=... bench.dart [--quick] [--native]
//
// --native: the packages were generated with @Native bindings (native
// assets), and the libraries are loaded globally (LD_PRELOAD) so that those
// resolve; entries are named dart.native.*, and dart.bytes_in_1m (a 1 MiB
// Uint8List lent in place through `.address`) is measured.
//
// BENCH_LIBRARY and BENCH_EVENTS_LIBRARY name the two producer libraries
// (the generated loaders read them too). --quick runs each measurement once,
// briefly: a check that the benchmarks still work, not a measurement.
import 'dart:async';
import 'dart:convert';
import 'dart:ffi';
import 'dart:io';
import 'dart:typed_data';

import 'package:bench/bench.dart' as seam;
import 'package:bench_events/bench_events.dart' as seam_events;

// ---- The raw baseline: what a careful hand-written binding does ----

final class RawError extends Struct {
  @Int32()
  external int code;
  external Pointer<Uint8> message;
}

typedef _ComputeCb = Void Function(Pointer<Void>, Pointer<RawError>, Int32);
typedef _TickCb = Void Function(Int32, Pointer<Void>);

final class Raw {
  Raw(this.lib, this.events);

  final DynamicLibrary lib;
  final DynamicLibrary events;
  final Pointer<RawError> err = _malloc(sizeOf<RawError>()).cast();
  final Pointer<Size> len = _malloc(sizeOf<Size>()).cast();

  late final noopFn = lib.lookupFunction<Void Function(Pointer<RawError>), void Function(Pointer<RawError>)>(
      'weaveffi_bench_noop',
      isLeaf: true);
  late final addFn = lib.lookupFunction<Int32 Function(Int32, Int32, Pointer<RawError>),
      int Function(int, int, Pointer<RawError>)>('weaveffi_bench_add', isLeaf: true);
  late final echoFn = lib.lookupFunction<Pointer<Uint8> Function(Pointer<Uint8>, Pointer<RawError>),
      Pointer<Uint8> Function(Pointer<Uint8>, Pointer<RawError>)>('weaveffi_bench_echo', isLeaf: true);
  late final freeString =
      lib.lookupFunction<Void Function(Pointer<Uint8>), void Function(Pointer<Uint8>)>('weaveffi_free_string',
          isLeaf: true);
  late final freeBytes = lib.lookupFunction<Void Function(Pointer<Uint8>, Size), void Function(Pointer<Uint8>, int)>(
      'weaveffi_free_bytes',
      isLeaf: true);
  late final blobFn = lib.lookupFunction<Pointer<Uint8> Function(Int32, Pointer<Size>, Pointer<RawError>),
      Pointer<Uint8> Function(int, Pointer<Size>, Pointer<RawError>)>('weaveffi_bench_blob', isLeaf: true);
  late final samplesFn = lib.lookupFunction<Pointer<Pointer<Void>> Function(Int32, Pointer<Size>, Pointer<RawError>),
      Pointer<Pointer<Void>> Function(int, Pointer<Size>, Pointer<RawError>)>('weaveffi_bench_samples', isLeaf: true);
  late final getId = lib.lookupFunction<Int32 Function(Pointer<Void>), int Function(Pointer<Void>)>(
      'weaveffi_bench_Sample_get_id',
      isLeaf: true);
  late final getX = lib.lookupFunction<Double Function(Pointer<Void>), double Function(Pointer<Void>)>(
      'weaveffi_bench_Sample_get_x',
      isLeaf: true);
  late final getY = lib.lookupFunction<Double Function(Pointer<Void>), double Function(Pointer<Void>)>(
      'weaveffi_bench_Sample_get_y',
      isLeaf: true);
  late final destroySample = lib.lookupFunction<Void Function(Pointer<Void>), void Function(Pointer<Void>)>(
      'weaveffi_bench_Sample_destroy',
      isLeaf: true);
  late final computeFn = lib.lookupFunction<
      Void Function(Int32, Pointer<NativeFunction<_ComputeCb>>, Pointer<Void>),
      void Function(int, Pointer<NativeFunction<_ComputeCb>>, Pointer<Void>)>('weaveffi_bench_compute_async');
  late final registerTicks = events.lookupFunction<Uint64 Function(Pointer<NativeFunction<_TickCb>>, Pointer<Void>),
      int Function(Pointer<NativeFunction<_TickCb>>, Pointer<Void>)>('weaveffi_bench_events_register_ticks');
  late final unregisterTicks =
      events.lookupFunction<Void Function(Uint64), void Function(int)>('weaveffi_bench_events_unregister_ticks');
  late final tickFn = events.lookupFunction<Void Function(Int32, Pointer<RawError>), void Function(int, Pointer<RawError>)>(
      'weaveffi_bench_events_tick');

  void check() {
    if (err.ref.code != 0) throw StateError('native error ${err.ref.code}');
  }

  void noop() {
    noopFn(err);
    check();
  }

  int add(int a, int b) {
    final r = addFn(a, b, err);
    check();
    return r;
  }

  String echo(String s) {
    final units = utf8.encode(s);
    final p = _malloc(units.length + 1).cast<Uint8>();
    try {
      final view = p.asTypedList(units.length + 1);
      view.setAll(0, units);
      view[units.length] = 0;
      final r = echoFn(p, err);
      check();
      try {
        return utf8.decode(r.asTypedList(_strlen(r)));
      } finally {
        freeString(r);
      }
    } finally {
      _free(p.cast());
    }
  }

  /// What a binding without zero-copy does: copy into a Dart list, free.
  Uint8List blob(int size) {
    final p = blobFn(size, len, err);
    check();
    try {
      return Uint8List.fromList(p.asTypedList(len.value));
    } finally {
      freeBytes(p, len.value);
    }
  }

  List<RawSample> samples(int n) {
    final arr = samplesFn(n, len, err);
    check();
    final count = len.value;
    try {
      return [
        for (var i = 0; i < count; i++) RawSample(getId(arr[i]), getX(arr[i]), getY(arr[i])),
      ];
    } finally {
      for (var i = 0; i < count; i++) {
        destroySample(arr[i]);
      }
      freeBytes(arr.cast(), count * sizeOf<Pointer<Void>>());
    }
  }

  final Map<int, Completer<int>> _pending = {};
  var _nextId = 1;
  late final NativeCallable<_ComputeCb> _onCompute = NativeCallable<_ComputeCb>.listener(
      (Pointer<Void> ctx, Pointer<RawError> e, int result) {
    // The error is borrowed and gone by now: only its presence is usable.
    final c = _pending.remove(ctx.address)!;
    if (e != nullptr) {
      c.completeError(StateError('failed'));
    } else {
      c.complete(result);
    }
  });

  Future<int> compute(int x) {
    final id = _nextId++;
    final c = Completer<int>();
    _pending[id] = c;
    computeFn(x, _onCompute.nativeFunction, Pointer<Void>.fromAddress(id));
    return c.future;
  }
}

final class RawSample {
  const RawSample(this.id, this.x, this.y);
  final int id;
  final double x;
  final double y;
}

final _libc = DynamicLibrary.process();
final _malloc = _libc.lookupFunction<Pointer<Void> Function(IntPtr), Pointer<Void> Function(int)>('malloc');
final _free = _libc.lookupFunction<Void Function(Pointer<Void>), void Function(Pointer<Void>)>('free');
final _strlen = _libc.lookupFunction<IntPtr Function(Pointer<Uint8>), int Function(Pointer<Uint8>)>('strlen');

// ---- Timing ----

var quick = false;

/// Nanoseconds per operation of [body], which runs [ops] operations per call.
double _timeBatch(void Function() body, int ops) {
  final sw = Stopwatch()..start();
  body();
  sw.stop();
  return sw.elapsedMicroseconds * 1000.0 / ops;
}

Future<double> _timeBatchAsync(Future<void> Function() body, int ops) async {
  final sw = Stopwatch()..start();
  await body();
  sw.stop();
  return sw.elapsedMicroseconds * 1000.0 / ops;
}

double _median(List<double> xs) {
  final s = [...xs]..sort();
  return s.length.isOdd ? s[s.length ~/ 2] : (s[s.length ~/ 2 - 1] + s[s.length ~/ 2]) / 2;
}

final results = <Map<String, Object>>[];

var prefix = 'dart.';

void _record(String entry, double seamNs, String baseline, double baselineNs) {
  final name = entry.replaceFirst('dart.', prefix);
  results.add({'name': name, 'seam_ns': seamNs, 'baseline': baseline, 'baseline_ns': baselineNs});
  stderr.writeln('${name.padRight(26)} seam ${seamNs.toStringAsFixed(1).padLeft(10)} ns   '
      'baseline ${baselineNs.toStringAsFixed(1).padLeft(10)} ns   x${(seamNs / baselineNs).toStringAsFixed(2)}');
}

/// Runs [repeat] of each side per batch; batches alternate; medians win.
/// The repeat count is chosen so one batch takes about 20 ms.
void compare(String name, String baseline, void Function() seamOp, void Function() rawOp) {
  int pick(void Function() op) {
    var n = 1;
    while (true) {
      final sw = Stopwatch()..start();
      for (var i = 0; i < n; i++) {
        op();
      }
      if (quick || sw.elapsedMicroseconds > 20000 || n >= 1 << 24) return n;
      n *= 2;
    }
  }

  final n = pick(seamOp);
  final m = pick(rawOp);
  final s = <double>[], r = <double>[];
  final rounds = quick ? 1 : 15;
  for (var round = 0; round < rounds; round++) {
    s.add(_timeBatch(() {
      for (var i = 0; i < n; i++) {
        seamOp();
      }
    }, n));
    r.add(_timeBatch(() {
      for (var i = 0; i < m; i++) {
        rawOp();
      }
    }, m));
  }
  _record(name, _median(s), baseline, _median(r));
}

/// Sequential awaited operations. [seamBegin]/[seamEnd] and [rawBegin]/
/// [rawEnd] run around each side's batches, untimed.
Future<void> compareAsync(
    String name, String baseline, Future<void> Function() seamOp, Future<void> Function() rawOp,
    {void Function()? seamBegin, void Function()? seamEnd, void Function()? rawBegin, void Function()? rawEnd}) async {
  final ops = quick ? 20 : 2000;
  final rounds = quick ? 1 : 11;
  final s = <double>[], r = <double>[];
  Future<void> run(Future<void> Function() op) async {
    for (var i = 0; i < ops; i++) {
      await op();
    }
  }

  Future<double> side(Future<void> Function() op, void Function()? begin, void Function()? end) async {
    begin?.call();
    try {
      return await _timeBatchAsync(() => run(op), ops);
    } finally {
      end?.call();
    }
  }

  await side(seamOp, seamBegin, seamEnd);  // warm up both
  await side(rawOp, rawBegin, rawEnd);
  for (var round = 0; round < rounds; round++) {
    s.add(await side(seamOp, seamBegin, seamEnd));
    r.add(await side(rawOp, rawBegin, rawEnd));
  }
  _record(name, _median(s), baseline, _median(r));
}

// ---- The benchmarks ----

Future<void> main(List<String> args) async {
  quick = args.contains('--quick');
  final native = args.contains('--native');
  if (native) prefix = 'dart.native.';
  final env = Platform.environment;
  final raw = Raw(DynamicLibrary.open(env['BENCH_LIBRARY']!), DynamicLibrary.open(env['BENCH_EVENTS_LIBRARY']!));

  var sink = 0;
  compare('dart.noop', 'hand-written raw dart:ffi leaf call', seam.noop, raw.noop);
  compare('dart.add_i32', 'hand-written raw dart:ffi leaf call', () => sink += seam.add(sink & 0xFF, 1),
      () => sink += raw.add(sink & 0xFF, 1));

  const text = 'sixteen bytes ok';
  assert(text.length == 16);
  compare('dart.echo_string_16', 'hand-written raw dart:ffi (UTF-8 in, call, UTF-8 out, free)',
      () => sink += seam.echo(text).length, () => sink += raw.echo(text).length);

  compare('dart.bytes_out_1m', 'the same seam call returning 1 KiB', () => sink += seam.blob(1 << 20)[1],
      () => sink += seam.blob(1 << 10)[1]);

  compare('dart.bytes_out_1m_vs_copy', 'hand-written raw dart:ffi copying the 1 MiB into a Uint8List',
      () => sink += seam.blob(1 << 20)[1], () => sink += raw.blob(1 << 20)[1]);

  if (native) {
    // Lent in place on a leaf call: the time does not grow with the size.
    final big = Uint8List(1 << 20)..[0] = 7;
    final small = Uint8List(1 << 10)..[0] = 7;
    prefix = 'dart.';
    compare('dart.bytes_in_1m', 'the same seam call lending 1 KiB', () => sink += seam.consume(big),
        () => sink += seam.consume(small));
    prefix = 'dart.native.';
    if (seam.consume(big) != (1 << 20) + 7) throw StateError('consume: wrong result');
  }

  compare('dart.list_structs_10k', 'hand-written raw dart:ffi over the same producer',
      () => sink += seam.samples(10000).length, () => sink += raw.samples(10000).length);

  await compareAsync('dart.async_roundtrip', 'raw NativeCallable.listener round trip', () async {
    sink += await seam.compute(sink & 0xFF);
  }, () async {
    sink += await raw.compute(sink & 0xFF);
  });

  // One event: tick() has the producer's worker thread fire it; the time is
  // from the call until the handler runs on this isolate. Each side is
  // subscribed only during its own batches.
  Completer<void>? waiting;
  var seamId = 0, rawId = 0;
  final rawListener = NativeCallable<_TickCb>.listener((int value, Pointer<Void> ctx) => waiting!.complete());
  await compareAsync('dart.listener_event', 'raw NativeCallable.listener delivery', () {
    waiting = Completer<void>();
    seam_events.tick(1);
    return waiting!.future;
  }, () {
    waiting = Completer<void>();
    raw.tickFn(1, raw.err);
    raw.check();
    return waiting!.future;
  },
      seamBegin: () => seamId = seam_events.registerTicks((value) => waiting!.complete()),
      seamEnd: () => seam_events.unregisterTicks(seamId),
      rawBegin: () => rawId = raw.registerTicks(rawListener.nativeFunction, nullptr),
      rawEnd: () => raw.unregisterTicks(rawId));
  rawListener.close();
  raw._onCompute.close();
  stdout.writeln(jsonEncode(results));
  if (sink == 42) stderr.writeln('');  // keeps the results observable
}
