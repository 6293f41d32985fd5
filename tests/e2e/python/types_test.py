"""Python consumer of the types example: every type in every position:
optionals, containers, records with defaults, rich enums, borrowed and
mutable parameters, typed and untyped handles, iterators of records and
optionals, async results of every shape with cancellation (token and task),
a listener with rich arguments from native threads, buffers handed over."""

import asyncio
import dataclasses
import threading

import pytest
from conftest import live

import types_ as t


def test_optionals_round_trip() -> None:
    assert t.echo_opt_i32(-7) == -7 and t.echo_opt_i32(None) is None
    assert t.echo_opt_i32() is None and t.echo_opt_i32(v=5) == 5  # a trailing optional defaults to None
    assert t.echo_opt_bool(False) is False and t.echo_opt_bool(None) is None
    assert t.echo_opt_f64(2.5) == 2.5 and t.echo_opt_f64(None) is None
    assert t.echo_opt_string("ü") == "ü" and t.echo_opt_string("") == "" and t.echo_opt_string(None) is None
    assert t.echo_opt_bytes(b"\x00\x01") == b"\x00\x01" and t.echo_opt_bytes(None) is None
    assert t.echo_opt_point(t.Point(1, 2)) == t.Point(1, 2) and t.echo_opt_point(None) is None
    assert t.echo_opt_level(t.Level.LOW) is t.Level.LOW and t.echo_opt_level(None) is None
    assert t.echo_opt_value(t.ValueText("x")) == t.ValueText("x") and t.echo_opt_value(None) is None
    assert t.echo_opt_list([1, 2]) == [1, 2] and t.echo_opt_list([]) == [] and t.echo_opt_list(None) is None
    assert t.echo_opt_map({"a": 1}) == {"a": 1} and t.echo_opt_map(None) is None
    with t.Counter(5) as c:
        assert t.echo_opt_counter(c) == 5
    assert t.echo_opt_counter(None) is None


def test_packed_records() -> None:
    """Records that cross in one buffer (seam's packed results): every field kind,
    extreme values, empty and absent parts, non-ASCII text."""
    full = t.Row(-128, 255, -32768, 65535, -(2**31), 2**32 - 1, -(2**63), 2**64 - 1, 1.5, -0.25, True,
                 "Grüße, 世界", b"\x00\xff\x07", 2**48 - 1, t.Level.LOW, t.Level.HIGH, -7, "", b"",
                 t.Point(1, -1), t.Point(2, 3), [t.Point(4, 5), None, t.Point(6, 7)], ["", "ä", "b"],
                 [1, -2, 3], [True, False, True], {"a": -1, "zz": 2**40}, {-5: "minus five", 9: ""})
    sparse = t.Row(0, 0, 0, 0, 0, 0, 0, 0, 0.0, 0.0, False, "", b"", 0, t.Level.MID, None, None, None, None,
                   t.Point(0), None, [], [], [], [], {}, {})
    assert t.echo_row(full) == full
    assert t.echo_row(sparse) == sparse
    assert t.echo_rows([full, sparse, full]) == [full, sparse, full]
    assert t.echo_rows([]) == []
    assert t.echo_opt_row(full) == full and t.echo_opt_row(None) is None
    many = [t.Row(i % 100, i % 256, i, i, -i, i, i * 1000000007, i, i / 4, i / 3, i % 2 == 1, f"row {i}",
                  bytes([i % 256]), i, list(t.Level)[i % 3], None, i if i % 2 == 0 else None, None, None,
                  t.Point(float(i)), None, [t.Point(1, i)] if i % 2 else [], [f"t{i}"], [i, i], [i % 2 == 0],
                  {f"s{i}": i}, {i: str(i)}) for i in range(1000)]
    assert t.echo_rows(many) == many


def test_records_without_the_packed_twins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Against a library without seam's `_packed` symbols (one WeaveFFI built) the
    optional bindings are None and records are read field by field."""
    assert t._bind_optional("weaveffi_types_no_such_symbol", None, []) is None
    for name in ("_f_weaveffi_types_echo_rows_packed", "_f_weaveffi_types_echo_opt_row_packed"):
        assert getattr(t, name) is not None
        monkeypatch.setattr(t, name, None)
    row = t.Row(-1, 2, -3, 4, -5, 6, -7, 8, 0.5, 9.25, True, "ü", b"\x01", 10, t.Level.HIGH, None, 11, None, b"",
                t.Point(1), None, [None], ["t"], [12], [False], {"s": 13}, {14: "n"})
    assert t.echo_rows([row, row]) == [row, row]
    assert t.echo_opt_row(row) == row and t.echo_opt_row(None) is None


def test_records_and_containers() -> None:
    assert t.Point(1) == t.Point(1, 0.0)  # the IDL default
    bag = t.Bag(label="b", opt_int=None, opt_text="txt", opt_data=b"d", opt_point=t.Point(1, 2),
                opt_level=t.Level.MID, opt_list=[1], opt_map={"k": 2}, points=[t.Point(3, 4), None],
                levels=[t.Level.HIGH, t.Level.LOW], by_id={1: "one", -2: "minus two"},
                value=t.ValuePair(t.Point(5, 6), None), h=2**64 - 1)
    assert t.echo_bag(bag) == bag
    empty = t.Bag("", None, None, None, None, None, None, None, [], [], {}, t.ValueNothing(), 0)
    assert t.echo_bag(empty) == empty
    assert t.echo_levels([t.Level.MID, t.Level.LOW]) == [t.Level.MID, t.Level.LOW]
    assert t.echo_points([None, t.Point(1, 1), None]) == [None, t.Point(1, 1), None]
    values: list[t.Value] = [t.ValueNothing(), t.ValueNumber(-(2**63)), t.ValueText("ü"),
                             t.ValuePair(t.Point(1, 2), t.Point(3, 4)), t.ValueBlob(b"\xff\x00", ["a", "b"])]
    assert t.echo_values(values) == values
    assert t.echo_map({"x": 1.5, "y": -0.0}) == {"x": 1.5, "y": -0.0}
    assert t.echo_names({2**62: "big", -1: ""}) == {2**62: "big", -1: ""}
    assert dataclasses.fields(t.ValuePair)[0].name == "a"


def test_rich_enum_match() -> None:
    def describe(v: t.Value) -> str:
        match v:
            case t.ValueNothing():
                return "nothing"
            case t.ValueNumber(n):
                return f"number {n}"
            case t.ValueText(s=s):
                return f"text {s}"
            case t.ValuePair(a, b):
                return f"pair {a.x} {b}"
            case t.ValueBlob(data, tags):
                return f"blob {len(data)} {tags}"

    assert describe(t.ValueNumber(3)) == "number 3"
    assert describe(t.ValuePair(t.Point(1), None)) == "pair 1 None"
    assert t.ValueBlob(b"", []).tag is t.ValueTag.BLOB


def test_borrowed_and_mutable() -> None:
    assert t.concat(["a", "", "c"], ", ") == "a, , c"
    assert t.checksum(bytes([1, 2, 3, 250])) == 256
    assert t.checksum(memoryview(bytearray([1, 2]))) == 3
    text = t.Box("Hello, wörld")
    t.shout(text)
    assert text.value == "HELLO, WöRLD"
    data = bytearray([0x00, 0xF0, 0xFF])
    t.invert(data)
    assert data == bytearray([0xFF, 0x0F, 0x00])
    with pytest.raises(TypeError, match="bytearray"):
        t.invert(b"\x00")  # type: ignore[arg-type]
    values = [1, -2, 1000]
    t.double_all(values)
    assert values == [2, -4, 2000]
    none: list[int] = []
    t.double_all(none)
    assert none == []
    p = t.Box(t.Point(1, 1))
    t.shift(p, 0.5, -1)
    assert p.value == t.Point(1.5, 0)


def test_handles() -> None:
    h = t.store_point(t.Point(5, 6))
    assert isinstance(h, t.Handle) and h.address != 0
    assert t.stored_points() == 1
    assert t.load_point(h) == t.Point(5, 6)
    assert t.drop_point(h) and not t.drop_point(h)
    with pytest.raises(t.TypesErrorUnknown):
        t.load_point(h)
    s1, s2 = t.open_session("first"), t.open_session("second")
    assert s1 != s2 and t.session_name(s2) == "second"
    assert t.close_session(s1) and t.close_session(s2)
    assert t.session_name(s1) is None


def test_iterators() -> None:
    assert list(t.points_between(2, 5)) == [t.Point(2, 2), t.Point(3, 3), t.Point(4, 4)]
    with pytest.raises(t.TypesErrorInvalid, match=r"empty range: 5\.\.2"):
        t.points_between(5, 2)
    assert list(t.maybe_points(4)) == [t.Point(0, 0), None, t.Point(2, 0), None]
    for _ in range(100):  # stopping early releases the native iterator
        for n, _p in enumerate(t.points_between(0, 1000000)):
            if n == 1:
                break
    assert t.parse_level("mid") is t.Level.MID and t.Level.LOW == -1
    with pytest.raises(t.TypesErrorInvalid):
        t.parse_level("max")


def test_interfaces() -> None:
    with t.Counter(10) as c:
        assert c.next() == 11
        assert c.add_all([1, 2, 3]) == 17
        assert list(c.values()) == list(range(10, 18))
        with c.fork() as f:
            assert f.next() == 18
            assert t.Counter.live() == 2
    assert t.Counter.live() == 0


def test_async_results_of_every_shape() -> None:
    async def main() -> None:
        assert await t.async_text(["a", "b"], b"\x01\x02", {"x": 1}, 7, t.Point(3, 4)) == "a+b data=2 x=1 maybe=7 p=3,4"
        assert await t.async_text(["a"], None, {}, p=t.Point(1, 1)) == "a data=none maybe=none p=1,1"
        assert await t.async_text(["a"], None, {}, None, None) == "a data=none maybe=none p=none"
        with pytest.raises(t.TypesErrorInvalid):
            await t.async_text([], None, {}, None, None)
        assert await t.async_bytes(5) == bytes([0, 7, 14, 21, 28])
        assert await t.async_opt(4) == 40 and await t.async_opt(None) is None
        assert await t.async_point(2) == t.Point(2, 1) and await t.async_point(-1) is None
        v = await t.async_value(18)
        assert isinstance(v, t.ValueBlob) and v.data == b"\xab\xab"
        assert await t.async_map(3) == {"k0": 0, "k1": 1, "k2": 4}
        assert len(await t.async_points(2)) == 2
        c = await t.async_counter(41)
        assert c.next() == 42
        c.close()
        assert await t.async_level(t.Level.HIGH) is t.Level.LOW
        assert await t.async_void(False) is None
        token = t.CancellationToken()
        token.cancel()
        with pytest.raises(t.TypesErrorInvalid):
            await t.async_void(False, cancel=token)
        with pytest.raises(t.TypesErrorInvalid):
            await t.async_void(True)
        with pytest.raises(t.TypesError):
            await t.async_fail(10)

    asyncio.run(main())


def test_task_cancellation_cancels_the_native_call() -> None:
    async def main() -> None:
        c = t.Counter(0)
        token = t.CancellationToken()
        task = asyncio.ensure_future(c.slow_next(10000, cancel=token))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert token.cancelled
        # Closing waits for the call in flight: the producer stops polling
        # at the cancellation and completes; then the counter is released.
        c.close()
        assert t.Counter.live() == 1
        for _ in range(500):
            await asyncio.sleep(0.01)
            if t.Counter.live() == 0:
                break
        assert t.Counter.live() == 0
        with pytest.raises(ValueError, match="closed"):
            await c.slow_next(1)
        task2 = asyncio.ensure_future(t.async_void(False))  # cancellable without a token argument
        task2.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task2

    asyncio.run(main())


def test_bytes_handed_over() -> None:
    for mode in (0, 1):
        for size in (0, 5, 100000):
            b = t.make_bytes(size, mode)
            assert b == bytes(i % 256 for i in range(size))
    assert t.adopted_releases() >= 3


def test_listener_with_rich_arguments_from_other_threads() -> None:
    seen = []
    lock = threading.Lock()

    def on_sample(seq: int, point: t.Point, data: bytes, tags: dict[str, str], level: t.Level | None,
                  value: t.Value, note: str | None) -> None:
        with lock:
            seen.append((seq, point, data, tags, level, value, note))

    with t.register_samples(on_sample):
        assert asyncio.run(t.fire_samples(40)) == 40  # from the producer's thread
        t.fire_sample_here(40)  # and from this one
    t.fire_sample_here(41)
    assert len(seen) == 41
    for i, (seq, point, data, tags, level, value, note) in enumerate(seen):
        assert seq == i
        assert point == t.Point(i, -i)
        assert data == bytes([i, 1, 2])
        assert tags["seq"] == str(i)
        assert level == (t.Level.HIGH if i % 2 == 0 else None)
        assert note == ("odd" if i % 2 == 1 else None)
        expected = [t.ValueNumber(i), t.ValueText(f"sample {i}"), t.ValuePair(t.Point(1, 2), None)][i % 3]
        assert value == expected


def test_nothing_left_alive() -> None:
    assert live() == 0
