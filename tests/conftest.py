"""Shared fixtures: offscreen Qt, and a guard that fails any test leaving a thread running."""

from __future__ import annotations

import gc
import os
import threading
import time

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def no_thread_left_running():
    """Fail the test if it leaves a Python thread (a worker) alive: workers must be joined."""
    before = set(threading.enumerate())
    yield
    # collect the test's Qt wrappers here, on the main thread: a collection that happens to run
    # in a worker thread destroys QObjects there and can deadlock with the GUI thread
    gc.collect()
    deadline = time.monotonic() + 2.0
    while True:
        extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not extra or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    assert not extra, f"test left threads running: {[t.name for t in extra]}"
