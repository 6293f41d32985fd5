"""The Python benchmarks: the generated package against the same work
hand-written with raw ctypes, same producer, same run, alternating batches;
medians per operation. Prints a JSON array of {name, seam_ns, baseline,
baseline_ns}. --quick: one short batch each.

Environment: BENCH_LIBRARY, the producer of bench/ffi/bench.yml; the
generated `bench` package on PYTHONPATH."""

import ctypes
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Callable

import bench

QUICK = "--quick" in sys.argv

# ---- The raw ctypes baseline: what a careful hand-written binding does ----

_lib = ctypes.CDLL(os.environ["BENCH_LIBRARY"])


class _Err(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int32), ("message", ctypes.c_char_p)]


_err = _Err()
_PErr = ctypes.POINTER(_Err)


def _fn(name: str, restype: object, argtypes: list[object]) -> Callable[..., object]:
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = argtypes
    return f


_add = _fn("weaveffi_bench_add", ctypes.c_int32, [ctypes.c_int32, ctypes.c_int32, _PErr])
_echo = _fn("weaveffi_bench_echo", ctypes.c_void_p, [ctypes.c_char_p, _PErr])
_samples = _fn("weaveffi_bench_samples", ctypes.c_void_p,
               [ctypes.c_int32, ctypes.POINTER(ctypes.c_size_t), _PErr])
_get_id = _fn("weaveffi_bench_Sample_get_id", ctypes.c_int32, [ctypes.c_void_p])
_get_x = _fn("weaveffi_bench_Sample_get_x", ctypes.c_double, [ctypes.c_void_p])
_get_y = _fn("weaveffi_bench_Sample_get_y", ctypes.c_double, [ctypes.c_void_p])
_destroy = _fn("weaveffi_bench_Sample_destroy", None, [ctypes.c_void_p])
_free_string = _fn("weaveffi_free_string", None, [ctypes.c_void_p])
_free_bytes = _fn("weaveffi_free_bytes", None, [ctypes.c_void_p, ctypes.c_size_t])


def _check() -> None:
    if _err.code:
        raise RuntimeError(_err.message)


def raw_add(a: int, b: int) -> int:
    r = _add(a, b, _err)
    _check()
    return r  # type: ignore[return-value]


def raw_echo(s: str) -> str:
    p = _echo(s.encode(), _err)
    _check()
    try:
        return ctypes.string_at(p).decode()  # type: ignore[arg-type]
    finally:
        _free_string(p)


@dataclass(slots=True)
class RawSample:
    id: int
    x: float
    y: float


def raw_samples(n: int) -> list[RawSample]:
    count = ctypes.c_size_t()
    p = _samples(n, ctypes.byref(count), _err)
    _check()
    items = (ctypes.c_void_p * count.value).from_address(p)  # type: ignore[arg-type]
    try:
        out = []
        for s in items:
            out.append(RawSample(_get_id(s), _get_x(s), _get_y(s)))  # type: ignore[arg-type]
            _destroy(s)
        return out
    finally:
        _free_bytes(p, count.value * ctypes.sizeof(ctypes.c_void_p))


# ---- Timing ----


def per_op(op: Callable[[], object], n: int) -> float:
    start = time.perf_counter_ns()
    for _ in range(n):
        op()
    return (time.perf_counter_ns() - start) / n


def pick(op: Callable[[], object]) -> int:
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            op()
        if QUICK or time.perf_counter() - start > 0.02:
            return n
        n *= 2


def compare(name: str, seam_op: Callable[[], object], raw_op: Callable[[], object], baseline: str) -> dict[str, object]:
    assert seam_op() == raw_op() or name.endswith("10k"), name
    n = pick(raw_op)
    seam_t, raw_t = [], []
    for _ in range(1 if QUICK else 15):
        seam_t.append(per_op(seam_op, n))
        raw_t.append(per_op(raw_op, n))
    return {"name": name, "seam_ns": statistics.median(seam_t), "baseline": baseline,
            "baseline_ns": statistics.median(raw_t)}


def main() -> None:
    s16 = "0123456789abcdef"
    got = bench.samples(10000)
    want = raw_samples(10000)
    assert [(s.id, s.x, s.y) for s in got] == [(s.id, s.x, s.y) for s in want]
    results = [
        compare("python.add_i32", lambda: bench.add(1, 2), lambda: raw_add(1, 2),
                "raw ctypes: the same C call with argtypes, error check"),
        compare("python.echo_string_16", lambda: bench.echo(s16), lambda: raw_echo(s16),
                "raw ctypes: encode, call, string_at, decode, free"),
        compare("python.list_structs_10k", lambda: bench.samples(10000), lambda: raw_samples(10000),
                "raw ctypes: the same getters and frees into a slots dataclass"),
    ]
    json.dump(results, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
