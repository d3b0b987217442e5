"""Run engine jobs off the GUI thread: the one place in the app that owns threads.

A :class:`Worker` runs one job at a time in its own Python thread. A job is a callable that
returns a value. Submitting a new job supersedes the pending one (the latest request is the only
one worth finishing while a slider is dragged). Every job gets a generation number; results
carry it, and the worker drops those of superseded jobs, so a panel never draws stale data. Any
exception a job raises (MemoryError and RecursionError included) becomes one line of text on
``failed``, never a traceback. Workers never touch widgets: they emit Qt signals, which Qt
queues onto the GUI thread. Long-running generators (training runs) belong to the run
scheduler (``lab.ui.concurrency.runner``).

superqt's thread workers were considered: they run on a QThreadPool and report through
per-call objects, while the labs need "latest request wins" with stale results dropped by
generation and every thread joined at quit; this small class does exactly that.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from lab.engine.core.imports import import_once

DISPLAY_INTERVAL_S = 1 / 30

live_workers: weakref.WeakSet[Worker] = weakref.WeakSet()


class Worker(QObject):
    """One background thread running the latest submitted job."""

    finished = Signal(int, object)  # generation, result
    failed = Signal(int, str)  # generation, one-line message

    def __init__(self, name: str, parent: QObject | None = None, needs: tuple[str, ...] = ()):
        super().__init__(parent)
        self._name = name
        self._needs = needs  # heavy modules its jobs use, imported once in the thread
        self._cond = threading.Condition()
        self._pending: tuple[int, Callable[[], Any]] | None = None
        self._generation = 0
        self._closing = False
        self._busy = False
        self._held = False  # jobs wait (see hold)
        self._thread: threading.Thread | None = None
        live_workers.add(self)

    @property
    def generation(self) -> int:
        """The newest submitted job's number; results with another number are stale."""
        return self._generation

    def is_busy(self) -> bool:
        with self._cond:
            return self._busy or self._pending is not None

    def submit(self, job: Callable[[], Any]) -> int:
        """Queue ``job`` in place of any pending one; returns its generation number."""
        with self._cond:
            if self._closing:
                return self._generation
            self._generation += 1
            self._pending = (self._generation, job)
            if self._thread is None and not self._held:
                self._thread = start_thread(f"worker-{self._name}", self._loop)
            self._cond.notify()
            return self._generation

    def hold(self) -> None:
        """Let submitted jobs wait until :meth:`release`, the latest still replacing the
        pending one: a launch holds the labs that are not on screen, whose first jobs (torch's
        import above all) would compete with the visible lab's for the GIL and both cores."""
        with self._cond:
            self._held = True

    def release(self) -> None:
        """Run the pending job (if any) now; jobs no longer wait. Repeats do nothing."""
        with self._cond:
            if not self._held:
                return
            self._held = False
            if self._thread is None and self._pending is not None and not self._closing:
                self._thread = start_thread(f"worker-{self._name}", self._loop)
            self._cond.notify()

    def shutdown(self, timeout: float = 2.0) -> bool:
        """Stop and join the thread; True when it ended within ``timeout`` seconds."""
        with self._cond:
            self._closing = True
            self._pending = None
            self._generation += 1
            self._cond.notify()
            thread = self._thread
        return join_thread(thread, timeout)

    def _current(self, generation: int) -> bool:
        return generation == self._generation and not self._closing

    def _loop(self) -> None:
        while True:
            with self._cond:
                while (self._pending is None or self._held) and not self._closing:
                    self._cond.wait()
                if self._closing:
                    return
                generation, job = self._pending
                self._pending = None
                self._busy = True
            try:
                self._run(generation, job)
            finally:
                with self._cond:
                    self._busy = False

    def _run(self, generation: int, job: Callable[[], Any]) -> None:
        try:
            import_once(*self._needs)
            value = job()
        except Exception as err:  # a job's failure is reported, never raised in the thread
            if self._current(generation):
                self.failed.emit(generation, one_line(err))
            return
        if self._current(generation):
            self.finished.emit(generation, value)


def shutdown_all(timeout: float = 2.0) -> bool:
    """Join every live worker (called when the app quits); True if all ended in time."""
    return all([worker.shutdown(timeout) for worker in list(live_workers)])


def join_thread(thread: threading.Thread | None, timeout: float) -> bool:
    if thread is not None:
        thread.join(timeout)
        return not thread.is_alive()
    return True


def start_thread(name: str, target: Callable[[], None]) -> threading.Thread:
    """Daemon, so a crash elsewhere cannot hang the process; shutdown() still joins it."""
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread


def one_line(err: BaseException) -> str:
    """The first line of an error's text, or what kind of failure it was when it has none."""
    if isinstance(err, MemoryError):
        return "not enough memory for this"
    if isinstance(err, RecursionError):
        return "the input is nested too deeply"
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__
