"""Python consumer of the kvstore example: an interface with a static
factory that can fail, records with bytes, optionals, lists and maps,
iter<T> methods, a cancellable async method, a
deprecated method, a listener fired by other calls, and a nested module
taking the interface as an argument."""

import asyncio
import gc
import threading

import pytest
from conftest import live

import kvstore as kv


def test_put_get_entries() -> None:
    with kv.Store.open("mem://a") as store:
        assert store.put("alpha", b"one", kv.EntryKind.PERSISTENT, None) is True
        assert store.put("beta", bytearray(), kv.EntryKind.VOLATILE, ttl_seconds=3600) is True
        a = store.get("alpha")
        assert a is not None
        assert (a.key, a.value, a.expires_at, a.metadata) == ("alpha", b"one", None, {"kind": "1"})
        assert isinstance(a.value, bytes)
        b = store.get("beta")
        assert b is not None and b.value == b"" and b.expires_at == b.created_at + 3600
        assert store.count() == 2
        assert list(store.list_keys(None)) == ["alpha", "beta"]
        assert list(store.list_keys()) == ["alpha", "beta"]  # the optional prefix left out
        assert list(store.list_keys("al")) == ["alpha"]
        assert list(store.list_keys(prefix="be")) == ["beta"]
        st = kv.get_stats(store)
        assert (st.total_entries, st.total_bytes) == (2, 3)
        assert kv.Store.default_capacity() > 0
        # Buffers of every kind are lent without a copy.
        assert store.put("mv", memoryview(b"abcdef")[1:4], kv.EntryKind.VOLATILE)
        assert store.put("ba", bytearray(b"xyz"), kv.EntryKind.VOLATILE, None)
        mv = store.get("mv")
        ba = store.get("ba")
        assert mv is not None and mv.value == b"bcd"
        assert ba is not None and ba.value == b"xyz"


def test_iterators_are_lazy_and_released_early() -> None:
    with kv.Store.open("mem://i") as store:
        for k in ("a1", "a2", "a3"):
            store.put(k, b"", kv.EntryKind.VOLATILE, None)
        it = store.list_keys(None)
        assert iter(it) is it
        assert next(it) == "a1"
        before = live()
        it.close()  # type: ignore[attr-defined]
        assert live() == before - 1
        assert list(it) == []
        it2 = store.list_keys("a")
        assert next(it2) == "a1"
        del it2
        gc.collect()
        assert live() == before - 1


def test_typed_errors() -> None:
    with pytest.raises(kv.KvErrorIoError) as e:
        kv.Store.open("")
    assert e.value.code == 1004 and e.value.message == "cannot open a store at an empty path"
    with kv.Store.open("mem://b?capacity=1") as store:
        store.put("only", b"x", kv.EntryKind.VOLATILE, None)
        with pytest.raises(kv.KvErrorStoreFull):
            store.put("more", b"y", kv.EntryKind.VOLATILE, None)
        with pytest.raises(kv.KvErrorKeyNotFound):
            store.get("missing")
        with pytest.raises(kv.KvErrorExpired):
            store.put("neg", b"", kv.EntryKind.VOLATILE, -1)
    with pytest.raises(TypeError):
        kv.Store()


def test_deprecated_method_warns() -> None:
    with kv.Store.open("mem://d") as store:
        with pytest.warns(DeprecationWarning, match="legacy_put"):
            assert store.legacy_put("k", b"v")


def test_listener_and_async_compaction() -> None:
    store = kv.Store.open("mem://c")
    evicted: list[str] = []
    threads: set[int] = set()

    def on_evict(key: str) -> None:
        evicted.append(key)
        threads.add(threading.get_ident())

    sub = kv.register_eviction_listener(on_evict)
    assert sub.active
    store.put("gone", b"1234", kv.EntryKind.VOLATILE, 0)  # expires at once
    store.put("kept", b"5", kv.EntryKind.VOLATILE, None)
    assert store.delete("kept") and not store.delete("kept")

    async def main() -> None:
        assert await store.compact() == 4  # completed on the producer's thread
        token = kv.CancellationToken()
        token.cancel()
        assert token.cancelled
        with pytest.raises(kv.KvErrorIoError, match="compaction cancelled"):
            await store.compact(cancel=token)
        assert await asyncio.gather(store.compact(), store.compact()) == [0, 0]

    asyncio.run(main())
    assert evicted == ["kept", "gone"]
    assert threading.get_ident() in threads
    with sub:
        pass
    assert not sub.active
    sub.close()
    store.put("x", b"", kv.EntryKind.VOLATILE, None)
    store.delete("x")
    assert len(evicted) == 2
    store.close()


def test_unregister_inside_the_callback() -> None:
    with kv.Store.open("mem://u") as store:
        seen: list[str] = []
        subs: list[kv.Subscription] = []

        def once(key: str) -> None:
            seen.append(key)
            subs[0].close()

        subs.append(kv.register_eviction_listener(once))
        store.put("a", b"", kv.EntryKind.VOLATILE, None)
        store.put("b", b"", kv.EntryKind.VOLATILE, None)
        store.delete("a")
        store.delete("b")
        assert seen == ["a"]
        kv.unregister_eviction_listener(12345)  # unknown ids are ignored
