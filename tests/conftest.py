"""Shared fixtures: offscreen Qt, and a guard that fails any test leaving a thread running."""

from __future__ import annotations

import gc
import os
import sys
import threading
import time

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# `make test-fast` runs the tests in several processes (pytest-xdist). torch sizes its OpenMP
# pool once, at import, to every core; two such pools on the same cores oversubscribe them, and
# OpenMP's threads spin at their barriers while the other process holds the core: the torch
# tests took 3x the time (3.5 min instead of 1 for the engine's torch-heavy files). So each
# worker gets its share of the cores, set before anything imports torch (a user's own
# OMP_NUM_THREADS wins). No test depends on the count; a serial run keeps torch's default.
if os.environ.get("PYTEST_XDIST_WORKER_COUNT"):
    _share = (os.cpu_count() or 1) // int(os.environ["PYTEST_XDIST_WORKER_COUNT"])
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, _share)))


def _qt_started() -> bool:
    core = sys.modules.get("PySide6.QtCore")
    return core is not None and core.QCoreApplication.instance() is not None


def _freeze_survivors() -> None:
    """Objects that survived a full collection (modules: torch, numba, sympy, imported lazily by
    the tests) are moved out of later collections, which walked them again after every test
    (~0.2 s each). Only until Qt starts: frozen Qt wrappers crashed pyqtgraph's collector."""
    if not _qt_started():
        gc.freeze()


def _delete_closed_widgets() -> None:
    """Delete now the widgets the test closed (pytest-qt's deleteLater): otherwise the next test
    deletes them from inside its event loop, and a collection that runs there (pyqtgraph's
    collector) frees wrappers whose C++ objects are going away under it: a segfault."""
    if _qt_started():
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


QT_FOLDERS = ("tests/ui/", "tests/cli/", "tests/bench/", "tests/packaging/")


def pytest_collection_modifyitems(items):
    """The Qt-free tests (engine, data) first, while survivors can still be frozen."""
    items.sort(key=lambda item: item.nodeid.startswith(QT_FOLDERS))


def pytest_collection_finish(session):
    gc.collect()
    _freeze_survivors()


@pytest.fixture(autouse=True)
def no_thread_left_running():
    """Fail the test if it leaves a Python thread (a worker) alive: workers must be joined."""
    before = set(threading.enumerate())
    yield
    # collect the test's Qt wrappers here, on the main thread: a collection that happens to run
    # in a worker thread destroys QObjects there and can deadlock with the GUI thread
    _delete_closed_widgets()
    gc.collect()
    _freeze_survivors()
    deadline = time.monotonic() + 2.0
    while True:
        extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not extra or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    assert not extra, f"test left threads running: {[t.name for t in extra]}"
