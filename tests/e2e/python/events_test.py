"""Python consumer of the events example: listener Subscriptions taking any
callable, delivery from native threads (the callback stays alive exactly
while registered), unregistering from inside the handler, and iter<T> as a
lazy iterator."""

import threading

import pytest

import events as ev


def test_listeners_from_any_thread() -> None:
    seen_a: list[str] = []
    count_b = 0
    lock = threading.Lock()

    def on_b(_: str) -> None:
        nonlocal count_b
        with lock:
            count_b += 1

    ev.send_message("before")  # nobody listens yet
    a = ev.register_message_listener(seen_a.append)
    with ev.register_message_listener(on_b) as b:
        assert a.id != b.id
        ev.send_message("hello")
        senders = [threading.Thread(target=lambda: [ev.send_message("from thread") for _ in range(50)])
                   for _ in range(4)]
        for t in senders:
            t.start()
        for t in senders:
            t.join()
        assert count_b == 201
        a.close()
        a.close()  # idempotent
        ev.send_message("only b")
        assert count_b == 202
    ev.send_message("after")
    assert count_b == 202
    assert len(seen_a) == 201 and seen_a[0] == "hello" and seen_a[-1] == "from thread"


def test_unregister_from_inside_the_handler() -> None:
    calls = 0
    sub: list[ev.Subscription] = []

    def handler(_: str) -> None:
        nonlocal calls
        calls += 1
        sub[0].close()  # the running handler finishes; no later calls

    sub.append(ev.register_message_listener(handler))
    ev.send_message("one")
    ev.send_message("two")
    assert calls == 1
    ev.unregister_message_listener(sub[0].id)  # already gone: ignored


def test_a_raising_handler_does_not_stop_delivery(capsys: pytest.CaptureFixture[str]) -> None:
    got: list[str] = []

    def bad(_: str) -> None:
        raise RuntimeError("handler failed")

    with ev.register_message_listener(bad), ev.register_message_listener(got.append):
        ev.send_message("x")
    assert got == ["x"]


def test_iterator_is_lazy() -> None:
    all_messages = list(ev.get_messages())
    assert len(all_messages) >= 3
    assert all_messages[:2] == ["before", "hello"]
    it = ev.get_messages()
    assert next(it) == "before"
    assert next(it) == "hello"
    del it  # dropped half-way: the finalizer destroys the native iterator
    assert sum(1 for _ in zip(range(1), ev.get_messages())) == 1
