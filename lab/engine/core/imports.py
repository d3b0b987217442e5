"""Heavy imports (torch, sympy, the numba kernels), each done once and one thread at a time.

Why: the labs start their first jobs in several worker threads at once, and importing torch
from two threads concurrently can hang inside torch's own initialisation. Each job says which
heavy modules it needs (the optimizer lab never waits for torch); :func:`import_once` imports
them under one lock, and afterwards costs a set look-up.
"""

from __future__ import annotations

import importlib
import threading

_lock = threading.Lock()
_done: set[str] = set()


def import_once(*modules: str) -> None:
    """Import each named module unless done already, serialised across threads."""
    if all(module in _done for module in modules):
        return
    with _lock:
        for module in modules:
            if module not in _done:
                importlib.import_module(module)
                _done.add(module)
