"""The heavy imports (torch, sympy, the numba kernels), done once and one thread at a time.

Why: the labs start their first jobs in several worker threads at once, and importing torch
from two threads concurrently can hang inside torch's own initialisation. Every worker job
calls :func:`ensure_heavy_imports` first; after the first call it costs a flag check.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_done = False


def ensure_heavy_imports() -> None:
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        import sympy  # noqa: F401
        import torch  # noqa: F401

        from lab.engine import histograms, kernels  # noqa: F401 (numba, loaded from cache)

        _done = True
