"""Latest-wins background jobs: what a lab computes while a slider is dragged.

Why it exists: every input change asks for a computation, and only the newest request is worth
finishing or drawing. A :class:`Worker` runs one job at a time in its own thread (started and
joined through :mod:`lab.ui.concurrency.registry`). Submitting replaces the job still waiting,
and a running job that took a :class:`CancelToken` is told it is superseded. Whether a result is
still wanted is decided once, here, on the GUI thread as it is delivered: ``done`` and
``failed`` fire only for the job submitted last (never after :meth:`Worker.cancel` or shutdown),
so callers never compare request numbers and a stale result is never drawn. Any exception a job
raises (MemoryError and RecursionError included) becomes one line of text (:func:`one_line`),
never a traceback. Jobs never touch widgets.

superqt's thread workers were considered: they run on a QThreadPool and report through
per-call objects, while the labs need "latest request wins" with stale results dropped and
every thread joined at quit; this small class does exactly that.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from lab.engine.core.imports import import_once
from lab.ui.concurrency.registry import join_thread, register, start_thread

DISPLAY_INTERVAL_S = 1 / 30  # updates reach the window at about the display rate


class CancelToken:
    """Handed to a job that asks for it: ``cancelled`` turns true when the job is superseded,
    cancelled or the worker shuts down (poll it between steps); ``progress(value)`` reports
    how far it got (``Worker.progressed``: the latest value, for the current job only)."""

    def __init__(self, report: Callable[[CancelToken], None] | None = None) -> None:
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._latest: Any = None
        self._posted = False  # a delivery is on its way: later values ride along with it
        self._report = report

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def progress(self, value: Any) -> None:
        """Report ``value``; a burst of reports reaches the GUI as its latest value, once."""
        with self._lock:
            self._latest = value
            post, self._posted = not self._posted, True
        if post and self._report is not None:
            self._report(self)

    def take_progress(self) -> Any:
        with self._lock:
            self._posted = False
            return self._latest


@dataclass(eq=False)
class _Job:
    number: int
    call: Callable[..., Any] | None  # None: the marker that says a cancel took effect
    with_token: bool
    token: CancelToken


class Worker(QObject):
    """One background thread running the latest submitted job."""

    done = Signal(object)  # the current job's result
    failed = Signal(str)  # the current job's failure, one line
    progressed = Signal(object)  # the current job's latest CancelToken.progress value
    # after cancel(), once no job of this worker runs: what the cancelled job returned if it
    # finished regardless (a file written before the cancel reached it), else None
    cancelled = Signal(object)

    _delivered = Signal(int, str, object)  # from the thread: job number, kind, value

    def __init__(self, name: str, parent: QObject | None = None, needs: tuple[str, ...] = ()):
        super().__init__(parent)
        self._name = name
        self._needs = needs  # heavy modules its jobs use, imported once in the thread
        self._cond = threading.Condition()
        self._pending: _Job | None = None
        self._running: _Job | None = None
        self._number = 0  # the newest job's number (GUI thread)
        self._cancelled: int | None = None  # the job a cancel() is waiting for (GUI thread)
        self._late: Any = None  # what it returned, had it finished regardless
        self._closing = False
        self._held = False  # jobs wait (see hold)
        self._thread: threading.Thread | None = None
        # queued even from the GUI thread: a result, a failure or "cancelled" always arrives
        # on a later turn of the event loop, never inside submit() or cancel()
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        register(self)

    def is_busy(self) -> bool:
        with self._cond:
            return self._running is not None or self._pending is not None

    def submit(self, job: Callable[..., Any], with_token: bool = False) -> None:
        """Run ``job()`` (``job(token)`` with ``with_token``) in place of any waiting job; a
        running job's token is cancelled. Its result comes through ``done`` or ``failed``,
        unless another job is submitted (or the worker cancelled) before it is delivered."""
        with self._cond:
            if self._closing:
                return
            self._number += 1
            self._cancelled = None  # a cancel still on its way is superseded too
            token = CancelToken(partial(self._post, self._number, "progress"))
            self._pending = _Job(self._number, job, with_token, token)
            if self._running is not None:
                self._running.token.cancel()  # superseded: its result would be dropped
            self._start_if_needed()
            self._cond.notify()

    def cancel(self) -> None:
        """Drop the waiting job, cancel the running one's token; ``cancelled`` follows once
        no job runs (unless a job is submitted meanwhile: it wins)."""
        with self._cond:
            if self._closing:
                return
            if self._cancelled is None:
                self._cancelled, self._late = self._number, None
            self._number += 1
            number, self._pending = self._number, None
            if self._running is not None:  # "cancelled" once it has returned
                self._running.token.cancel()
                self._pending = _Job(number, None, False, CancelToken())
                self._cond.notify()
                return
        self._delivered.emit(number, "cancelled", None)

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
            self._start_if_needed()
            self._cond.notify()

    def request_stop(self) -> None:
        """The window is closing: drop the waiting job, cancel the running one, deliver
        nothing more."""
        with self._cond:
            self._closing = True
            self._pending = None
            if self._running is not None:
                self._running.token.cancel()
            self._cond.notify()

    def join(self, timeout: float) -> bool:
        with self._cond:
            thread = self._thread
        return join_thread(thread, timeout)

    def shutdown(self, timeout: float = 2.0) -> bool:
        """Stop and join the thread; True when it ended within ``timeout`` seconds."""
        self.request_stop()
        return self.join(timeout)

    # ---- inside ------------------------------------------------------------------------------
    def _start_if_needed(self) -> None:
        """Called with the lock held."""
        if self._thread is None and self._pending is not None and not self._held \
                and not self._closing:  # fmt: skip
            self._thread = start_thread(f"worker-{self._name}", self._loop)

    def _waiting(self) -> bool:
        """Nothing to run now (called with the lock held); a cancel's marker is never held."""
        job = self._pending
        return job is None or (self._held and job.call is not None)

    def _loop(self) -> None:
        while True:
            with self._cond:
                while self._waiting() and not self._closing:
                    self._cond.wait()
                if self._closing:
                    return
                job, self._pending = self._pending, None
                self._running = job
            try:
                self._post(job.number, *self._run(job))
            finally:
                with self._cond:
                    self._running = None

    def _post(self, number: int, kind: str, value: Any) -> None:
        """From the thread to :meth:`_deliver` on the GUI thread."""
        try:
            self._delivered.emit(number, kind, value)
        except RuntimeError:  # the Qt object is gone (its window was deleted): nobody listens
            pass

    def _run(self, job: _Job) -> tuple[str, Any]:
        if job.call is None:
            return "cancelled", None
        try:
            import_once(*self._needs)
            value = job.call(job.token) if job.with_token else job.call()
        except Exception as err:  # a job's failure is reported, never raised in the thread
            return "failed", one_line(err)
        return "done", value

    def _deliver(self, number: int, kind: str, value: Any) -> None:
        """On the GUI thread: pass on what belongs to the newest job, drop everything else."""
        if self._closing:
            return
        if number != self._number:
            if kind == "done" and number == self._cancelled:
                self._late = value
            return
        if kind == "progress":
            self.progressed.emit(value.take_progress())
        elif kind == "done":
            self.done.emit(value)
        elif kind == "failed":
            self.failed.emit(value)
        else:
            late, self._cancelled, self._late = self._late, None, None
            self.cancelled.emit(late)


def one_line(err: BaseException) -> str:
    """The first line of an error's text, or what kind of failure it was when it has none."""
    if isinstance(err, MemoryError):
        return "not enough memory for this"
    if isinstance(err, RecursionError):
        return "the input is nested too deeply"
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__
