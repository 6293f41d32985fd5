"""Python consumer of the async_demo example: coroutines completed from the
producer's threads, results of records and lists of records, typed errors
through the event loop, a call the producer abandons, concurrent calls, and
a held call released by another function."""

import asyncio
import time

import pytest

import async_demo as tasks


def wait_idle() -> None:
    deadline = time.monotonic() + 5
    while tasks.active_callbacks() != 0 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert tasks.active_callbacks() == 0


def test_results() -> None:
    async def main() -> None:
        r = await tasks.run_task("alpha")
        assert r == tasks.TaskResult(id=r.id, value="done: alpha", success=True)
        batch = await tasks.run_batch(["a", "b", "c"])
        assert [b.value for b in batch] == ["done: a", "done: b", "done: c"]
        assert batch[0].id + 1 == batch[1].id
        assert await tasks.run_batch([]) == []
        assert await tasks.run_n_tasks(8) == 8

    asyncio.run(main())
    wait_idle()


def test_errors() -> None:
    async def main() -> None:
        with pytest.raises(tasks.TaskErrorInvalidName, match="task name must not be empty"):
            await tasks.run_task("")
        # run_batch does not throw: its codes arrive as NativeError.
        with pytest.raises(tasks.NativeError):
            await tasks.run_batch(["x", ""])
        with pytest.raises(tasks.NativeError) as e:
            await tasks.run_n_tasks(-1)
        assert e.value.code == -1 and e.value.message == "n must not be negative"
        # "drop": the producer abandons its completion; the call still ends once.
        with pytest.raises(tasks.NativeError):
            await tasks.run_task("drop")

    asyncio.run(main())
    wait_idle()


def test_many_concurrent_calls() -> None:
    async def main() -> None:
        results = await asyncio.gather(*(tasks.run_task(f"t{i}") for i in range(50)))
        assert [r.value for r in results] == [f"done: t{i}" for i in range(50)]

    asyncio.run(main())
    wait_idle()


def test_held_task_released_by_cancel_task() -> None:
    async def main() -> None:
        held = asyncio.ensure_future(tasks.run_task("hold on"))
        tid = 0
        for _ in range(500):
            tid = next((p for p in range(1, 1000) if tasks.cancel_task(p)), 0)
            if tid:
                break
            await asyncio.sleep(0.01)
        assert tid != 0
        r = await held
        assert (r.id, r.value, r.success) == (tid, "cancelled", False)

    asyncio.run(main())
    wait_idle()


def test_coroutines_need_a_running_loop() -> None:
    coro = tasks.run_task("x")
    with pytest.raises(RuntimeError):
        coro.send(None)
    coro.close()
