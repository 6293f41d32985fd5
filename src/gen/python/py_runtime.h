// The fixed part of every generated Python package: loader, error slots,
// string and buffer conversion, errors, handles, async plumbing and the lazy
// iterator. Template variables use '$' (CodeWriter): $pkg$, $lib$, $env$, $idl$,
// $contract$ (the contract symbol) and $rt$ (the runtime prefix).
#ifndef SEAM_GEN_PYTHON_PY_RUNTIME_H_
#define SEAM_GEN_PYTHON_PY_RUNTIME_H_

namespace seam::gen::python {

inline constexpr const char* kRuntime = R"py(
# ---- Loading ----


def _library_path() -> str:
    for var in ("$env$", "WEAVEFFI_LIBRARY"):
        path = os.environ.get(var)
        if path:
            return path
    if sys.platform == "win32":
        name = "$lib$.dll"
    elif sys.platform == "darwin":
        name = "lib$lib$.dylib"
    else:
        name = "lib$lib$.so"
    bundled = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    return bundled if os.path.exists(bundled) else name


def _load() -> ctypes.CDLL:
    path = _library_path()
    try:
        return ctypes.CDLL(path)
    except OSError as e:
        raise ImportError(f"$pkg$: cannot load the native library {path!r} ({e}); set $env$ to its path") from e


_lib: Final = _load()


def _check_contract(ours: str) -> None:
    """Compares the library's contract fingerprint (one hash per declaration)
    with the one these bindings were generated with, so a library built from
    a different interface definition fails here, by name, instead of
    corrupting memory later."""
    try:
        f = getattr(_lib, "$contract$")
    except AttributeError:
        if not os.environ.get("SEAM_NO_CONTRACT_WARNING"):
            warnings.warn(f"$pkg$: the native library {_lib._name!r} has no seam contract ($contract$), so these bindings cannot check that it was built from the same interface definition; set SEAM_NO_CONTRACT_WARNING=1 to silence this warning", RuntimeWarning, stacklevel=2)
        return
    f.restype = ctypes.c_char_p
    f.argtypes = []
    raw = f()

    def entries(text: str) -> Dict[str, str]:
        out: Dict[str, str] = {}
        for line in text.splitlines()[1:]:
            kind, name, digest = (line.split(" ") + ["", ""])[:3]
            out[kind + " " + name] = digest
        return out

    want = entries(ours)
    have = entries(raw.decode("utf-8", "replace") if raw else "")
    changed = [k for k, v in want.items() if k in have and have[k] != v]
    missing = [k for k in want if k not in have]
    if not changed and not missing:
        return
    parts: List[str] = []
    for label, names in (("changed", changed), ("missing from the library", missing)):
        if names:
            more = f" and {len(names) - 8} more" if len(names) > 8 else ""
            parts.append(f"{label}: {', '.join(names[:8])}{more}")
    raise ImportError(f"$pkg$: the native library {_lib._name!r} was built from a different interface definition than these bindings ($idl$): {'; '.join(parts)}. Regenerate the bindings from the library's interface definition, or rebuild the library from theirs.")


def _bind(symbol: str, restype: Any, argtypes: list[Any]) -> Any:
    try:
        f = getattr(_lib, symbol)
    except AttributeError:
        raise ImportError(
            f"$pkg$: the native library {_lib._name!r} does not export {symbol}: "
            "it was built from a different interface definition than these bindings"
        ) from None
    f.restype = restype
    f.argtypes = argtypes
    return f


def _bind_optional(symbol: str, restype: Any, argtypes: list[Any]) -> Any:
    """_bind, or None when the library lacks `symbol`: one of seam's additive
    symbols, which a library WeaveFFI built does not export."""
    return _bind(symbol, restype, argtypes) if hasattr(_lib, symbol) else None


def _bind_runtime(name: str, restype: Any, argtypes: list[Any]) -> Any:
    """A runtime function by the library's own name ($rt$_NAME), which stays
    right when several libraries share the process, else by its WeaveFFI
    name (weaveffi_NAME), which is all a library WeaveFFI built has."""
    own = "$rt$_" + name
    return _bind(own if hasattr(_lib, own) else "weaveffi_" + name, restype, argtypes)


# ---- Errors ----


class _Error(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int32), ("message", ctypes.c_char_p)]


class _Slots(threading.local):
    """Per-thread out-parameters: the error struct and the length, key and
    value slots, read right after each call."""

    def __init__(self) -> None:
        self.err = _Error()
        self.n = ctypes.c_size_t()
        self.keys = ctypes.c_void_p()
        self.values = ctypes.c_void_p()
        self.depth = 0  # listener callbacks running on this thread


_slots: Final = _Slots()
_PErr: Final = ctypes.POINTER(_Error)
_PSize: Final = ctypes.POINTER(ctypes.c_size_t)
_PPtr: Final = ctypes.POINTER(ctypes.c_void_p)

_error_clear: Final[Callable[[Any], None]] = _bind_runtime("error_clear", None, [_PErr])
_free_string: Final[Callable[[int], None]] = _bind_runtime("free_string", None, [ctypes.c_void_p])
_free_bytes: Final[Callable[[int, int], None]] = _bind_runtime("free_bytes", None, [ctypes.c_void_p, ctypes.c_size_t])


class NativeError(Exception):
    """An error reported by the native library. Error domains declared in the
    interface definition have subclasses, one per code; other codes (argument
    checks, unexpected failures) arrive as this class."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code}, {self.message!r})"


_Domain: TypeAlias = "dict[int, Callable[[str], NativeError]]"


def _error_of(e: _Error, domain: _Domain | None) -> NativeError:
    code = int(e.code)
    raw = e.message
    message = raw.decode("utf-8", "replace") if raw else f"error {code}"
    make = domain.get(code) if domain is not None else None
    return make(message) if make is not None else NativeError(code, message)


def _raise(e: _Error, domain: _Domain | None = None) -> NoReturn:
    error = _error_of(e, domain)
    _error_clear(e)
    raise error


# ---- Strings and buffers ----

Buffer: TypeAlias = Union[bytes, bytearray, memoryview]


def _enc(s: str) -> bytes:
    b = s.encode()
    if b"\0" in b:
        _nul()
    return b


def _nul() -> NoReturn:
    raise ValueError("$pkg$: a string passed to the native library contains a NUL character")


# Reads a C string: c_char_p(address).value is the fastest way ctypes has
# (ctypes.string_at is a foreign call of its own).
_cstr: Final = ctypes.c_char_p


def _take_str(p: int | None) -> str:
    if not p:
        return ""
    v = (_cstr(p).value or b"").decode("utf-8", "replace")
    _free_string(p)
    return v


def _copy_str(p: int | None) -> str:
    return (_cstr(p).value or b"").decode("utf-8", "replace") if p else ""


def _take_bytes(p: int | None, n: int) -> bytes:
    if not p:
        return b""
    try:
        return ctypes.string_at(p, n)
    finally:
        _free_bytes(p, n)


_R = TypeVar("_R")


def _unpack(p: int | None, n: int, read: Callable[[bytes], _R]) -> _R:
    """Reads a packed result (seam's `_packed` symbols), then frees it."""
    return read(_take_bytes(p, n))


def _copy_bytes(p: int | None, n: int) -> bytes:
    return ctypes.string_at(p, n) if p else b""


def _buf(v: Buffer) -> tuple[Any, int]:
    """A buffer argument without a copy: bytes and writable buffers are lent
    as they are; read-only views are copied once."""
    if isinstance(v, bytes):
        return v, len(v)
    if isinstance(v, memoryview):
        if v.readonly or not v.c_contiguous:
            b = v.tobytes()
            return b, len(b)
        v = v.cast("B")
    n = len(v)
    return (ctypes.c_char * n).from_buffer(v) if n else b"", n


def _mutable_buf(v: bytearray) -> tuple[Any, int]:
    if not isinstance(v, bytearray):
        raise TypeError(f"$pkg$: a mutable buffer must be a bytearray, not {type(v).__name__}")
    n = len(v)
    return (ctypes.c_char * n).from_buffer(v) if n else None, n


def _take_box(p: int | None, ctype: Any) -> Any:
    if not p:
        return None
    try:
        return ctype.from_address(p).value
    finally:
        _free_bytes(p, ctypes.sizeof(ctype))


def _copy_box(p: int | None, ctype: Any) -> Any:
    return ctype.from_address(p).value if p else None


class _Arena:
    """Native memory and objects that live for one call."""

    __slots__ = ("keep", "destroy")

    def __init__(self) -> None:
        self.keep: list[object] = []
        self.destroy: list[tuple[Callable[[int], None], int]] = []

    def box(self, ctype: Any, value: Any) -> int:
        b = ctype(value)
        self.keep.append(b)
        return ctypes.addressof(b)

    def own(self, destroy: Callable[[int], None], p: int | None) -> int:
        if not p:
            raise NativeError(-1, "$pkg$: the library could not create a value")
        self.destroy.append((destroy, p))
        return p

    def release(self) -> None:
        while self.destroy:
            fn, p = self.destroy.pop()
            fn(p)
        self.keep.clear()


# ---- Values ----

T = TypeVar("T")


def _new_list() -> list[Any]:  # default factories that no field name can shadow
    return []


def _new_dict() -> dict[Any, Any]:
    return {}


@dataclass(frozen=True, slots=True)
class Handle(Generic[T]):
    """A `handle<T>`: an opaque token the library hands out. These bindings
    never free it; the library's API says how to release it."""

    address: int

    def __repr__(self) -> str:
        return f"Handle(0x{self.address:x})"


@dataclass(slots=True)
class Box(Generic[T]):
    """The argument of a `mutable: true` string or record parameter: the
    library edits it in place, and `value` holds the edited value after the
    call."""

    value: T


class Subscription:
    """A registered listener. Its native callback stays alive exactly while
    it is registered: until `close()` (idempotent; also the end of a `with`
    block). Dropping the object does not unregister it."""

    __slots__ = ("id", "_unregister")

    def __init__(self, id: int, unregister: Callable[[int], None]) -> None:
        self.id = id
        self._unregister: Callable[[int], None] | None = unregister

    @property
    def active(self) -> bool:
        return self._unregister is not None

    def close(self) -> None:
        u, self._unregister = self._unregister, None
        if u is not None:
            u(self.id)

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Subscription({self.id}, active={self.active})"


# Callbacks unregistered from inside a callback on the same thread: they are
# still running, so they are dropped by a later (un)registration.
_retired: list[object] = []


def _retire(trampoline: object) -> None:
    if _slots.depth:
        _retired.append(trampoline)
    elif _retired:
        _retired.clear()


# ---- Async ----

_token_create: Final[Callable[[], int | None]] = _bind_runtime("cancel_token_create", ctypes.c_void_p, [])
_token_cancel: Final[Callable[[int], None]] = _bind_runtime("cancel_token_cancel", None, [ctypes.c_void_p])
_token_is_cancelled: Final[Callable[[int], bool]] = _bind_runtime(
    "cancel_token_is_cancelled", ctypes.c_bool, [ctypes.c_void_p]
)
_token_destroy: Final[Callable[[int], None]] = _bind_runtime("cancel_token_destroy", None, [ctypes.c_void_p])


class CancellationToken:
    """Cancels the async calls it is passed to. Cancelling the asyncio task
    awaiting a cancellable call cancels its token too. Cancellation is
    cooperative: the library still completes the call, usually with an
    error."""

    __slots__ = ("_ptr", "__weakref__")

    def __init__(self) -> None:
        p = _token_create()
        if not p:
            raise MemoryError("$pkg$: could not create a cancellation token")
        self._ptr = p
        weakref.finalize(self, _token_destroy, p)

    def cancel(self) -> None:
        """Asks every call holding this token to stop."""
        _token_cancel(self._ptr)

    @property
    def cancelled(self) -> bool:
        """Whether `cancel()` was called."""
        return bool(_token_is_cancelled(self._ptr))


class _Call:
    """A pending async call: where its outcome goes, and what must stay alive
    until it completes (the object a method was called on, a cancellation
    token)."""

    __slots__ = ("loop", "future", "owner", "token")

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        future: asyncio.Future[Any],
        owner: _Owned | None,
        token: CancellationToken | None,
    ) -> None:
        self.loop = loop
        self.future = future
        self.owner = owner
        self.token = token


_calls: dict[int, _Call] = {}
_call_ids = itertools.count(1)


def _start(owner: _Owned | None, token: CancellationToken | None) -> tuple[int, asyncio.Future[Any]]:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()
    cid = next(_call_ids) & 0x7FFFFFFF or next(_call_ids)
    _calls[cid] = _Call(loop, future, owner, token)
    if owner is not None:
        owner._busy += 1
    return cid, future


def _settle(call: _Call, ok: bool, value: Any) -> None:
    if call.owner is not None:
        call.owner._idle()
    future = call.future
    if future.done():
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


def _finish(cid: int | None, ok: bool, value: Any) -> None:
    """Hands an outcome to the caller's event loop, from any thread."""
    call = _calls.pop(cid or 0, None)
    if call is None:
        return
    try:
        call.loop.call_soon_threadsafe(_settle, call, ok, value)
    except RuntimeError:
        pass  # the event loop is closed: nobody is waiting any more


def _abandon(cid: int) -> None:
    call = _calls.pop(cid, None)
    if call is not None and call.owner is not None:
        call.owner._idle()


async def _wait(future: asyncio.Future[Any], token: CancellationToken | None) -> Any:
    try:
        return await future
    except asyncio.CancelledError:
        if token is not None:
            token.cancel()
        raise


# ---- Objects and iterators ----


_O = TypeVar("_O", bound="_Owned")


class _Owned:
    """Base of interface classes: owns one native object, released by
    `close()` (idempotent), the end of a `with` block, or a finalizer when the
    object is garbage collected."""

    __slots__ = ("_ptr", "_fin", "_busy", "__weakref__")
    _destroy: ClassVar[Callable[[int], None]]

    def _adopt(self, p: int | None) -> None:
        if not p:
            raise NativeError(-1, f"$pkg$: the library returned a null {type(self).__name__}")
        self._ptr: int | None = p
        self._busy = 0  # async calls in flight
        self._fin = weakref.finalize(self, type(self)._destroy, p)

    def _idle(self) -> None:
        self._busy -= 1
        if self._busy == 0 and self._ptr is None:
            self._fin()

    def _p(self) -> int:
        p = self._ptr
        if p is None:
            raise ValueError(f"$pkg$: the {type(self).__name__} is closed")
        return p

    @property
    def closed(self) -> bool:
        """Whether `close()` was called."""
        return self._ptr is None

    def close(self) -> None:
        """Releases the native object: now, or when the async calls in flight
        on it have completed. Later calls do nothing."""
        self._ptr = None
        if self._busy == 0:
            self._fin()

    def __enter__(self: _O) -> _O:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._ptr is None else hex(self._ptr)
        return f"{type(self).__name__}({state})"


class _NativeIterator(Iterator[T]):
    """A native iterator: one native step per `next()`. It is released when
    exhausted, by `close()`, or by a finalizer if the traversal stops
    early."""

    __slots__ = ("_h", "_step", "_fin", "__weakref__")

    def __init__(self, h: int | None, step: Callable[[int], tuple[bool, Any]], destroy: Callable[[int], None]) -> None:
        self._h = h
        self._step = step
        self._fin = weakref.finalize(self, destroy, h) if h else None

    def __iter__(self) -> _NativeIterator[T]:
        return self

    def __next__(self) -> T:
        h = self._h
        if not h:
            raise StopIteration
        try:
            more, value = self._step(h)
        except BaseException:
            self.close()
            raise
        if not more:
            self.close()
            raise StopIteration
        return cast(T, value)

    def close(self) -> None:
        """Releases the native iterator now. Later calls do nothing."""
        self._h = None
        if self._fin is not None:
            self._fin()
)py";

}  // namespace seam::gen::python

#endif  // SEAM_GEN_PYTHON_PY_RUNTIME_H_
