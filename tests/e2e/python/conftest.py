"""Shared fixtures of the Python end-to-end suite: every test ends with
nothing of the library alive (the producer's live-allocation probe)."""

import ctypes
import gc
import os
import time
from typing import Iterator

import pytest

# The probe's name starts with the library's runtime prefix: at the default
# C prefix "weaveffi_seam_" and the library's name (libNAME.so).
_library = os.environ["WEAVEFFI_LIBRARY"]
_runtime = os.environ.get("SEAM_TEST_RUNTIME_PREFIX") or "weaveffi_seam_" + os.path.basename(_library)[3:].split(".")[0]
_probe = getattr(ctypes.CDLL(_library), _runtime + "_seam_live_allocations")
_probe.restype = ctypes.c_int64
_probe.argtypes = []


def live() -> int:
    return int(_probe())


@pytest.fixture(autouse=True)
def no_leaks() -> Iterator[None]:
    yield
    # Finalizers run on collection; async producers free what they lent only
    # after the completion callback returns, so allow them a moment.
    deadline = time.monotonic() + 2.0
    while True:
        gc.collect()
        n = live()
        if n == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    assert n == 0, f"{n} objects and buffers of the library left alive"
