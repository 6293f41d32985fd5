// The fixed part of every generated Dart library: loader, native allocator,
// UTF-8 and buffer conversion, errors, handles and the lazy iterator. Template
// variables use '@' (CodeWriter): @pkg@, @lib@, @env@, @prefix@, @rt@ (the
// runtime prefix), @idl@, @contract@ (the contract symbol). Lines may be
// long: the generated library is wrapped as a whole (gen/line_wrap.h).
#ifndef SEAM_GEN_DART_DART_RUNTIME_H_
#define SEAM_GEN_DART_DART_RUNTIME_H_

namespace seam::gen::dart {

inline constexpr const char* kRuntime = R"dart(
// ---- Loading ----

DynamicLibrary _openLibrary() {
  final env = Platform.environment;
  final override = env['@env@'] ?? env['WEAVEFFI_LIBRARY'];
  if (override != null && override.isNotEmpty) {
    return DynamicLibrary.open(override);
  }
  // Already in the process: linked into the app (statically, as Swift Package
  // Manager links plugins on iOS and macOS) or loaded with global symbols.
  // Its contract symbol is its own, whatever other libraries are there.
  if (!Platform.isWindows) {
    final process = DynamicLibrary.process();
    final ours = process.providesSymbol('@contract@');
    if (ours) return process;
  }
  @open_asset@
  if (Platform.isLinux || Platform.isAndroid) {
    return DynamicLibrary.open('lib@lib@.so');
  }
  if (Platform.isMacOS) {
    try {
      return DynamicLibrary.open('lib@lib@.dylib');
    } on ArgumentError {
      // A Flutter plugin or CocoaPods build.
      return DynamicLibrary.open('@lib@.framework/@lib@');
    }
  }
  if (Platform.isWindows) return DynamicLibrary.open('@lib@.dll');
  if (Platform.isIOS) {
    try {
      // A CocoaPods build.
      return DynamicLibrary.open('@lib@.framework/@lib@');
    } on ArgumentError {
      // Linked statically (Swift Package Manager) by a tool without a contract.
      final process = DynamicLibrary.process();
      if (process.providesSymbol('@rt@_error_clear') ||
          process.providesSymbol('weaveffi_error_clear')) {
        return process;
      }
      throw ArgumentError(
        '@pkg@: @lib@ is neither linked into the app nor in @lib@.framework. '
        'Linked statically (Swift Package Manager), its symbols are gone if '
        'the app\'s release build strips global symbols: set the Runner '
        'target\'s Strip Style to Non-Global Symbols',
      );
    }
  }
  throw UnsupportedError('@pkg@: no native library name is known for ${Platform.operatingSystem}; set @env@ to its path');
}

final DynamicLibrary _lib = _checkContract(_openLibrary());

/// The native library behind these bindings, `@lib@`.
abstract final class NativeLibrary {
  /// Loads the library now (otherwise the first call does) and checks that it
  /// was built from the same interface definition. Throws if it cannot be
  /// loaded or does not match: call it at startup to fail early.
  static void load() {
    if (!_lib.providesSymbol('@rt@_error_clear') && !_lib.providesSymbol('${_runtime}error_clear')) {
      throw StateError('@pkg@: the native library does not export the runtime (@rt@_error_clear or, built by WeaveFFI, weaveffi_error_clear)');
    }
  }
}

// Compares the library's contract fingerprint (one hash per declaration) with
// the one these bindings were generated with (_contract), so a library built
// from a different interface definition fails here, by name, instead of
// corrupting memory later. Libraries without one (not built by seam) work,
// with a warning that SEAM_NO_CONTRACT_WARNING=1 silences.
DynamicLibrary _checkContract(DynamicLibrary lib) {
  if (!lib.providesSymbol('@contract@')) {
    if ((Platform.environment['SEAM_NO_CONTRACT_WARNING'] ?? '').isEmpty) {
      stderr.writeln('@pkg@: warning: the native library has no seam contract (@contract@), so these bindings cannot check that it was built from the same interface definition; set SEAM_NO_CONTRACT_WARNING=1 to silence this warning');
    }
    return lib;
  }
  final p = lib.lookupFunction<Pointer<Uint8> Function(), Pointer<Uint8> Function()>('@contract@')();
  Map<String, String> entries(String text) => {
    for (final line in text.split('\n').skip(1))
      if (line.contains(' '))
        line.substring(0, line.lastIndexOf(' ')):
            line.substring(line.lastIndexOf(' ') + 1),
  };
  final want = entries(_contract);
  final have = entries(p == nullptr ? '' : _readUtf8(p));
  final changed = [
    for (final e in want.entries)
      if (have.containsKey(e.key) && have[e.key] != e.value) e.key,
  ];
  final missing = [
    for (final k in want.keys)
      if (!have.containsKey(k)) k,
  ];
  if (changed.isEmpty && missing.isEmpty) return lib;
  String list(String label, List<String> names) {
    final more = names.length > 8 ? ' and ${names.length - 8} more' : '';
    return '$label: ${names.take(8).join(', ')}$more';
  }
  final parts = [
    if (changed.isNotEmpty) list('changed', changed),
    if (missing.isNotEmpty) list('missing from the library', missing),
  ];
  throw StateError('@pkg@: the native library was built from a different interface definition than these bindings (@idl@): ${parts.join('; ')}. Regenerate the bindings from the library\'s interface definition, or rebuild the library from theirs.');
}

// ---- Native memory ----

final DynamicLibrary _libc = Platform.isWindows ? DynamicLibrary.open('ucrtbase.dll') : DynamicLibrary.process();
final _malloc = _libc.lookupFunction<Pointer<Void> Function(Size), Pointer<Void> Function(int)>('malloc', isLeaf: true);
final _free = _libc.lookupFunction<Void Function(Pointer<Void>), void Function(Pointer<Void>)>('free', isLeaf: true);
final _strlen = _libc.lookupFunction<Size Function(Pointer<Uint8>), int Function(Pointer<Uint8>)>('strlen', isLeaf: true);

Pointer<T> _allocate<T extends NativeType>(int byteCount) {
  final p = _malloc(byteCount == 0 ? 1 : byteCount);
  if (p == nullptr) throw StateError('@pkg@: out of native memory');
  return p.cast<T>();
}

/// Native memory and objects that live for one call.
final class _Arena implements Allocator {
  final List<Pointer<Void>> _blocks = [];
  final List<void Function()> _cleanups = [];

  @@override
  Pointer<T> allocate<T extends NativeType>(int byteCount, {int? alignment}) {
    final p = _allocate<T>(byteCount);
    _blocks.add(p.cast());
    return p;
  }

  @@override
  void free(Pointer<NativeType> pointer) {}

  void defer(void Function() cleanup) => _cleanups.add(cleanup);

  void release() {
    for (var i = _cleanups.length - 1; i >= 0; i--) {
      _cleanups[i]();
    }
    for (final p in _blocks) {
      _free(p);
    }
    _cleanups.clear();
    _blocks.clear();
  }
}

// Out-parameter slots, read right after each call.
final Pointer<Size> _outLen = _allocate<Size>(sizeOf<Size>());
final Pointer<Pointer<Void>> _outKeys = _allocate<Pointer<Void>>(sizeOf<Pointer<Void>>());
final Pointer<Pointer<Void>> _outValues = _allocate<Pointer<Void>>(sizeOf<Pointer<Void>>());

// The runtime functions by the library's own names (@rt@_*), which stay
// right when several libraries share the process (and DynamicLibrary.process()
// finds every library's names), else by their WeaveFFI names, all a library
// WeaveFFI built has.
final String _runtime = _lib.providesSymbol('@rt@_error_clear') ? '@rt@_' : 'weaveffi_';

final _freeString = _lib.lookupFunction<Void Function(Pointer<Uint8>), void Function(Pointer<Uint8>)>('${_runtime}free_string', isLeaf: true);
final _freeBytes = _lib.lookupFunction<Void Function(Pointer<Uint8>, Size), void Function(Pointer<Uint8>, int)>('${_runtime}free_bytes', isLeaf: true);

Pointer<Uint8> _toUtf8(String s, Allocator a) {
  final units = utf8.encode(s);
  if (units.contains(0)) {
    throw ArgumentError.value(s, 'string', 'contains a NUL character');
  }
  final p = a.allocate<Uint8>(units.length + 1);
  final view = p.asTypedList(units.length + 1);
  view.setAll(0, units);
  view[units.length] = 0;
  return p;
}

String _readUtf8(Pointer<Uint8> p) => utf8.decode(p.asTypedList(_strlen(p)));

String _takeUtf8(Pointer<Uint8> p) {
  if (p == nullptr) return '';
  try {
    return _readUtf8(p);
  } finally {
    _freeString(p);
  }
}

Pointer<Uint8> _toBytes(List<int> bytes, Allocator a) {
  final p = a.allocate<Uint8>(bytes.length);
  p.asTypedList(bytes.length).setAll(0, bytes);
  return p;
}

// seam producers also free a returned buffer given only its address, as a
// finalizer can: large buffers from them are read in place, never copied, and
// freed when the Uint8List is garbage collected. Small ones are copied, which
// is cheaper than a finalizer.
final Pointer<NativeFinalizerFunction> _releaseBytes =
    _lib.providesSymbol('@rt@_seam_release_bytes') ? _lib.lookup<NativeFinalizerFunction>('@rt@_seam_release_bytes') : nullptr;
const _inPlaceBytes = 8192;

Uint8List _takeBytes(Pointer<Uint8> p, int length) {
  if (p == nullptr) return Uint8List(0);
  if (length >= _inPlaceBytes && _releaseBytes != nullptr) {
    return p.asTypedList(length, finalizer: _releaseBytes, token: p.cast());
  }
  try {
    return Uint8List.fromList(p.asTypedList(length));
  } finally {
    _freeBytes(p, length);
  }
}

// ---- Errors ----

final class _Error extends Struct {
  @@Int32()
  external int code;
  external Pointer<Uint8> message;
}

// The error slot every call passes; making it loads (and checks) the library
// first, also for @@Native bindings, which do not go through _lib.
final Pointer<_Error> _err = _afterLoading(_allocate<_Error>(sizeOf<_Error>()))
  ..ref.code = 0
  ..ref.message = nullptr;

T _afterLoading<T>(T value) {
  NativeLibrary.load();
  return value;
}

final _errorClear = _lib.lookupFunction<Void Function(Pointer<_Error>), void Function(Pointer<_Error>)>('${_runtime}error_clear', isLeaf: true);

/// An error reported by the native library. Error domains declared in the
/// IDL have subclasses, one per code; other codes (argument checks, unexpected
/// failures) arrive as this class.
class NativeException implements Exception {
  final int code;
  final String message;
  const NativeException(this.code, this.message);

  @@override
  String toString() => '$runtimeType($code): $message';
}

typedef _Domain = NativeException? Function(int code, String message);

@@pragma('vm:prefer-inline')
void _check(Pointer<_Error> e, [_Domain? domain]) {
  if (e.ref.code != 0) _raise(e, domain);
}

Never _raise(Pointer<_Error> e, _Domain? domain) {
  final code = e.ref.code;
  final message = e.ref.message == nullptr ? 'error $code' : _readUtf8(e.ref.message);
  _errorClear(e);
  throw domain?.call(code, message) ?? NativeException(code, message);
}

/// Reads, clears and frees an error the library handed over (seam's owned
/// async results).
NativeException _takeError(Pointer<_Error> e, _Domain? domain) {
  final code = e.ref.code;
  final message = e.ref.message == nullptr ? 'error $code' : _readUtf8(e.ref.message);
  _errorClear(e);
  _freeBytes(e.cast(), sizeOf<_Error>());
  return domain?.call(code, message) ?? NativeException(code, message);
}

// ---- Async and listeners ----

final _tokenCreate = _lib.lookupFunction<Pointer<Void> Function(), Pointer<Void> Function()>('${_runtime}cancel_token_create', isLeaf: true);
final _tokenCancel = _lib.lookupFunction<Void Function(Pointer<Void>), void Function(Pointer<Void>)>('${_runtime}cancel_token_cancel', isLeaf: true);
final _tokenIsCancelled = _lib.lookupFunction<Bool Function(Pointer<Void>), bool Function(Pointer<Void>)>('${_runtime}cancel_token_is_cancelled', isLeaf: true);
final _tokenDestroy = _lib.lookup<NativeFunction<Void Function(Pointer<Void>)>>('${_runtime}cancel_token_destroy');
final _tokenFinalizer = NativeFinalizer(_tokenDestroy.cast());

/// Cancels the async calls it is passed to. Cancellation is cooperative: the
/// call still completes, usually with an error the library chooses.
final class CancellationToken implements Finalizable {
  final Pointer<Void> _ptr;

  CancellationToken() : _ptr = _tokenCreate() {
    if (_ptr == nullptr) {
      throw StateError('@pkg@: could not create a cancellation token');
    }
    _tokenFinalizer.attach(this, _ptr);
  }

  /// Asks every call holding this token to stop.
  void cancel() => _tokenCancel(_ptr);

  /// Whether [cancel] was called.
  bool get isCancelled => _tokenIsCancelled(_ptr);
}

/// The library lacks one of seam's owned-result entry points: it was not
/// built by seam (e.g. by WeaveFFI), whose async results and listener
/// arguments are freed before a Dart callback could read them.
Never _needsSeam(String symbol) => throw UnsupportedError('@pkg@: the native library does not export $symbol. Async functions and listeners need a library built by seam, which hands their results to Dart.');

/// The failure of an async call into a library not built by seam: it frees
/// the error before Dart code can run, so only the failure itself is known.
NativeException _lostError() => const NativeException(-1, '@pkg@: the native call failed; the library frees the error details before Dart can read them (it was not built by seam)');

/// A pending async call: its completer, and what must stay alive until it
/// completes (a cancellation token, the object a method was called on).
final class _Pending<T> {
  final Completer<T> completer;
  final Object? keep;
  _Pending(this.completer, this.keep);
}

int _lastCallId = _afterLoading(0);

/// Ids of async calls, carried by the context pointer (31 bits: they fit a
/// pointer on every ABI).
int _nextCallId() {
  _lastCallId = _lastCallId >= 0x7fffffff ? 1 : _lastCallId + 1;
  return _lastCallId;
}

/// One listener subscription's accounting: [_done] runs once every event the
/// library sent before unregistering has arrived (each carries memory to
/// free, so the callable must stay until then).
final class _Subscription {
  int _received = 0;
  int? _expected;
  void Function()? _done;
  _Subscription(this._done);

  bool get active => _expected == null;

  void arrived() {
    _received++;
    _maybeDone();
  }

  void expect(int sent) {
    _expected = sent;
    _maybeDone();
  }

  void _maybeDone() {
    final expected = _expected;
    if (expected != null && _received >= expected) {
      _done?.call();
      _done = null;
    }
  }
}

/// A listener's events as a Stream. Each `listen` registers a native
/// subscription of its own and its `cancel()` unregisters it, synchronously:
/// the library has stopped sending to it when `cancel()` returns. Events
/// arrive in the order they were fired; a paused subscription buffers them.
final class _ListenerStream<T> extends Stream<T> {
  final int Function(void Function(T event) add) _register;
  final void Function(int id) _unregister;
  _ListenerStream(this._register, this._unregister);

  /// Any number of listeners may listen, each to its own subscription.
  @@override
  bool get isBroadcast => true;

  @@override
  StreamSubscription<T> listen(void Function(T event)? onData,
      {Function? onError, void Function()? onDone, bool? cancelOnError}) {
    // Synchronous: events come straight from the native callable's
    // handler, never from inside another event's handler.
    final controller = StreamController<T>(sync: true);
    try {
      final id = _register(controller.add);
      controller.onCancel = () => _unregister(id);
    } catch (e, s) {
      controller.addError(e, s);
      controller.close();
    }
    return controller.stream.listen(onData, onError: onError, onDone: onDone, cancelOnError: cancelOnError);
  }
}

// ---- Values ----

/// A `handle<T>`: an opaque token the library hands out. It is never freed
/// by these bindings; the library's API says how to release it.
final class Handle<T> {
  final int address;
  const Handle(this.address);

  @@override
  bool operator ==(Object other) => other is Handle<T> && other.address == address;

  @@override
  int get hashCode => address.hashCode;

  @@override
  String toString() => 'Handle<$T>(0x${address.toRadixString(16)})';
}

/// The argument of a `mutable: true` string or record parameter: the library
/// edits it in place, and [value] holds the edited value after the call.
final class Box<T> {
  T value;
  Box(this.value);

  @@override
  String toString() => 'Box($value)';
}

bool _eq(Object? a, Object? b) {
  if (identical(a, b)) return true;
  if (a is List && b is List) {
    if (a.length != b.length) return false;
    for (var i = 0; i < a.length; i++) {
      if (!_eq(a[i], b[i])) return false;
    }
    return true;
  }
  if (a is Map && b is Map) {
    if (a.length != b.length) return false;
    for (final key in a.keys) {
      if (!b.containsKey(key) || !_eq(a[key], b[key])) return false;
    }
    return true;
  }
  return a == b;
}

int _hash(Object? v) {
  if (v is List) return Object.hashAll(v.map(_hash));
  if (v is Map) return Object.hashAllUnordered(v.entries.map((e) => Object.hash(_hash(e.key), _hash(e.value))));
  return v.hashCode;
}

// ---- Iterators ----

/// A native iterator seen as a single-pass Iterable: one native step per
/// moveNext(). It is released when exhausted, or by a finalizer if the
/// traversal stops early.
final class _NativeIterable<T> extends Iterable<T> {
  _NativeIterator<T>? _iterator;
  _NativeIterable(this._iterator);

  @@override
  Iterator<T> get iterator {
    final it = _iterator;
    if (it == null) {
      throw StateError('a native iterator can be traversed only once');
    }
    _iterator = null;
    return it;
  }
}

final class _NativeIterator<T> implements Iterator<T>, Finalizable {
  Pointer<Void> _handle;
  final (bool, T?) Function(Pointer<Void>) _step;
  final void Function(Pointer<Void>) _destroy;
  final NativeFinalizer _finalizer;
  T? _current;

  _NativeIterator(this._handle, this._step, this._destroy, this._finalizer) {
    _finalizer.attach(this, _handle, detach: this);
  }

  @@override
  T get current => _current as T;

  @@override
  bool moveNext() {
    if (_handle == nullptr) return false;
    try {
      final (more, value) = _step(_handle);
      if (!more) {
        _close();
        return false;
      }
      _current = value;
      return true;
    } catch (_) {
      _close();
      rethrow;
    }
  }

  void _close() {
    final h = _handle;
    if (h == nullptr) return;
    _handle = nullptr;
    _current = null;
    _finalizer.detach(this);
    _destroy(h);
  }
}
)dart";

// The loader's native-assets part (generators.dart.native_assets): the
// library hook/build.dart built is found through its code asset. @contract@
// is a symbol of that library only; @asset@ is the asset's id.
inline constexpr const char* kAssetRuntime = R"dart(
// ---- The library as a code asset (hook/build.dart) ----

@@Native<Pointer<Uint8> Function()>(symbol: '@contract@', assetId: '@asset@')
external Pointer<Uint8> _assetAnchor();

/// The library hook/build.dart bundled, if this program was built with it:
/// one of its symbols is resolved through the code asset, then the system's
/// loader names the file that holds it.
DynamicLibrary? _openAsset() {
  final Pointer<Void> address;
  try {
    address = Native.addressOf<NativeFunction<Pointer<Uint8> Function()>>(_assetAnchor).cast();
  } catch (_) {
    return null; // built without the hook, or the asset is missing
  }
  final path = Platform.isWindows ? _moduleFileName(address) : _sharedObjectName(address);
  return path == null ? null : DynamicLibrary.open(path);
}

String? _sharedObjectName(Pointer<Void> address) {
  final dladdr = DynamicLibrary.process().lookupFunction<Int32 Function(Pointer<Void>, Pointer<Pointer<Uint8>>), int Function(Pointer<Void>, Pointer<Pointer<Uint8>>)>('dladdr');
  // Dl_info: dli_fname, then three more pointers.
  final info = _allocate<Pointer<Uint8>>(4 * sizeOf<Pointer<Uint8>>());
  try {
    if (dladdr(address, info) == 0 || info.value == nullptr) return null;
    return _readUtf8(info.value);
  } finally {
    _free(info.cast());
  }
}

String? _moduleFileName(Pointer<Void> address) {
  final kernel32 = DynamicLibrary.open('kernel32.dll');
  final getModule = kernel32.lookupFunction<Int32 Function(Uint32, Pointer<Void>, Pointer<Pointer<Void>>), int Function(int, Pointer<Void>, Pointer<Pointer<Void>>)>('GetModuleHandleExW');
  final getName = kernel32.lookupFunction<Uint32 Function(Pointer<Void>, Pointer<Uint16>, Uint32), int Function(Pointer<Void>, Pointer<Uint16>, int)>('GetModuleFileNameW');
  const fromAddress = 0x4, unchangedRefCount = 0x2, capacity = 32768;
  final module = _allocate<Pointer<Void>>(sizeOf<Pointer<Void>>());
  final name = _allocate<Uint16>(capacity * 2);
  try {
    final flags = fromAddress | unchangedRefCount;
    if (getModule(flags, address, module) == 0) return null;
    final length = getName(module.value, name, capacity);
    return length == 0 ? null : String.fromCharCodes(name.asTypedList(length));
  } finally {
    _free(module.cast());
    _free(name.cast());
  }
}
)dart";

}  // namespace seam::gen::dart

#endif  // SEAM_GEN_DART_DART_RUNTIME_H_
