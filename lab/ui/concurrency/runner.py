"""Long engine generators driven in one background thread: the training lab's runs and the search.

Why it exists: the engine's long work is a generator (``yield update``; typed commands from
:mod:`lab.engine.core.commands` sent in). Driving one needs the same things whoever asks: build
it off the GUI thread, deliver every command in order, pause, stop, take the result before it
can be lost, and send updates no faster than the window can draw them. :class:`GeneratorRunner`
does that once for every lab.

A job is known by a *key* (the training lab's run instance ids; any hashable), and every message
carries it, so a run restarted under the same name can never receive another instance's points
or end. A job's factory runs in the runner's thread (loading data, opening a study, building a
model take time) and returns an object with:

- ``steps()``: the generator. An update whose ``status`` is RunStatus.FINISHED or DIVERGED ends it.
- ``apply(command)`` (optional): commands that arrive before the first iteration apply before it;
  without ``apply`` they wait for the first ``send``.
- ``announcement`` (optional): what ``started`` carries (a device fallback, the opened study).

Commands wait in the job's own queue and are delivered one per iteration, in order, however long
an iteration takes, even while the job is paused. :meth:`GeneratorRunner.stop` sends ``Stop``
at once, ahead of any queued command. When a job ends, its ``finish(obj, status)`` runs in the
runner's thread and its return value travels with ``ended`` (the training lab saves the run's
results to disk there). :meth:`GeneratorRunner.call` runs a function on a job's object in the
runner's thread between two iterations (a paused job too), never beside an iteration: the
training lab's "Measure sharpness now". Messages wait in an outbox that the GUI thread empties;
:meth:`join` (the
window closing) empties it itself, so the ends of jobs stopped at closing are delivered before
the window saves its settings, without the GUI thread waiting in a loop.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from shiboken6 import isValid

from lab.engine.core.commands import Stop
from lab.engine.core.imports import import_once
from lab.engine.core.status import RunStatus
from lab.ui.concurrency.registry import join_thread, register, start_thread
from lab.ui.concurrency.worker import DISPLAY_INTERVAL_S, one_line

ENDING_STATUSES = (RunStatus.FINISHED, RunStatus.DIVERGED)  # an update saying so is its last
NOT_RUN = "the job ended before it could run this"  # a call's answer when its job ended first


@dataclass(eq=False)
class _Job:
    key: Hashable
    factory: Callable[[], Any]
    finish: Callable[[Any, str], Any] | None
    obj: Any = None
    gen: Any = None
    paused: bool = False
    stopping: bool = False
    commands: deque = field(default_factory=deque)
    calls: deque = field(default_factory=deque)  # functions of obj, run between iterations


class GeneratorRunner(QObject):
    """One background thread that advances every active job in turn, in time slices.

    Why one thread for all jobs: on a CPU, runs in parallel threads would fight over the same
    cores (each torch op spreads over all of them); time slices of SLICE_S let each iteration use
    every core while the jobs take turns, and leave exactly one thread to join.
    """

    SLICE_S = 0.02

    started = Signal(object, object)  # key, the job's announcement (None when it has none)
    updated = Signal(object)  # [(key, update), ...] since the last delivery
    ended = Signal(object, object, str, object)  # key, RunStatus, message, finish()'s value
    paused = Signal(object)  # key: it has stopped advancing; its last updates came first
    called = Signal(object, object, str)  # key, a call's value, "" or why it has none

    _posted = Signal()  # from the thread: the outbox has messages

    def __init__(self, name: str, parent: QObject | None = None, needs: tuple[str, ...] = ()):
        super().__init__(parent)
        self._name = name
        self._needs = needs  # heavy modules the jobs use, imported once in the thread
        self._cond = threading.Condition()
        self._jobs: dict[Hashable, _Job] = {}
        self._order: deque[Hashable] = deque()
        self._closing = False
        self._thread: threading.Thread | None = None
        self._buffer: list = []  # updates not yet posted (the runner's thread only)
        self._last_post = 0.0
        self._pause_acks: list[Hashable] = []
        self._outbox: list[tuple] = []
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        register(self)

    # ---- the GUI side -------------------------------------------------------------------------
    def start(self, key: Hashable, factory: Callable[[], Any],
              finish: Callable[[Any, str], Any] | None = None) -> None:
        """Build the job with ``factory`` in the thread and drive it; ``finish(obj, status)``
        runs there as it ends (not after a failure). Ignored once the runner is closing."""
        with self._cond:
            if self._closing:
                return
            if key in self._jobs:
                raise ValueError(f"job {key!r} is running already")
            self._jobs[key] = _Job(key, factory, finish)
            self._order.append(key)
            if self._thread is None:
                self._thread = start_thread(f"runs-{self._name}", self._loop)
            self._cond.notify()

    def send(self, key: Hashable, command: Any) -> None:
        """Queue a command; it is delivered (in order after earlier ones) even while paused.
        ``Stop`` is :meth:`stop`: it goes ahead of the queue."""
        if isinstance(command, Stop):
            self.stop(key)
            return
        with self._cond:
            job = self._jobs.get(key)
            if job is not None:
                job.commands.append(command)
                self._cond.notify()

    def call(self, key: Hashable, function: Callable[[Any], Any]) -> bool:
        """Run ``function(job's object)`` in the runner's thread between two iterations (once
        the job has started; a paused job too); ``called`` brings back its value, or why there
        is none (its exception as one line; :data:`NOT_RUN` when the job ended first). False:
        no such job."""
        with self._cond:
            job = self._jobs.get(key)
            if job is None or self._closing:
                return False
            job.calls.append(function)
            self._cond.notify()
        return True

    def pause(self, key: Hashable) -> None:
        """Pause after the iteration under way; ``paused`` follows once it is done and its
        updates are out."""
        with self._cond:
            job = self._jobs.get(key)
            if job is not None:
                job.paused = True
                self._pause_acks.append(key)
            self._cond.notify()

    def resume(self, key: Hashable) -> None:
        self._set(key, paused=False)

    def stop(self, key: Hashable) -> None:
        """Send ``Stop`` at the next iteration (a paused job too); ``ended`` then says
        RunStatus.STOPPED."""
        self._set(key, stopping=True, paused=False)

    def is_running(self, key: Hashable) -> bool:
        with self._cond:
            return key in self._jobs

    def is_busy(self) -> bool:
        with self._cond:
            return bool(self._jobs)

    def request_stop(self) -> None:
        """Closing: every job is stopped, in the thread, and its finish runs there."""
        with self._cond:
            self._closing = True
            self._cond.notify()

    def join(self, timeout: float) -> bool:
        """Wait for the thread (at most one slice, then every job's Stop and finish), then
        deliver here what it said, ends included. True when it ended in time."""
        with self._cond:
            thread = self._thread
        ended = join_thread(thread, timeout)
        if isValid(self) and QThread.currentThread() is self.thread():
            self._deliver()
        return ended

    def shutdown(self, timeout: float = 2.0) -> bool:
        self.request_stop()
        return self.join(timeout)

    def _set(self, key: Hashable, **changes) -> None:
        with self._cond:
            job = self._jobs.get(key)
            if job is not None:
                for name, value in changes.items():
                    setattr(job, name, value)
            self._cond.notify()

    def _deliver(self) -> None:
        """On the GUI thread: every message in the order the thread posted them."""
        with self._cond:
            messages, self._outbox = self._outbox, []
        for kind, *args in messages:
            getattr(self, kind).emit(*args)

    # ---- the runner's thread ------------------------------------------------------------------
    def _post(self, *message) -> None:
        with self._cond:
            self._outbox.append(message)
            first = len(self._outbox) == 1  # otherwise a delivery is on its way already
        if first:
            try:
                self._posted.emit()
            except RuntimeError:  # the Qt object is gone (its window was deleted)
                pass

    def _next_runnable(self) -> _Job | None:
        """Round robin over jobs that are not paused (called with the lock held)."""
        for _ in range(len(self._order)):
            key = self._order[0]
            self._order.rotate(-1)
            job = self._jobs.get(key)
            if job is not None and (job.stopping or not job.paused):
                return job
        return None

    def _loop(self) -> None:
        while True:
            with self._cond:
                self._order = deque(k for k in self._order if k in self._jobs)
                self._acknowledge_pauses()
                job, calls = None, self._take_calls()
                while not (self._closing or calls) and (job := self._next_runnable()) is None:
                    self._flush()
                    self._acknowledge_pauses()
                    self._cond.wait(0.1)
                    calls = self._take_calls()
                if self._closing:
                    for waiting, function in reversed(calls):  # answered as their jobs end
                        waiting.calls.appendleft(function)
                    closing = list(self._jobs.values())
                    break
            if calls:
                self._run_calls(calls)
            else:
                self._advance(job)
        for job in closing:  # every job stopped here, in its own thread, its result taken
            self._close(job)
        self._flush()

    def _acknowledge_pauses(self) -> None:
        """Between slices (no iteration under way): say which jobs are now really paused,
        after posting their last updates (called with the lock held)."""
        if self._pause_acks:
            acks, self._pause_acks = self._pause_acks, []
            self._flush()
            for key in acks:
                job = self._jobs.get(key)
                if job is not None and job.paused and not self._closing:
                    self._post("paused", key)

    def _take_calls(self) -> list:
        """(job, function) of every started job's waiting calls (called with the lock held)."""
        taken = []
        for job in self._jobs.values():
            while job.gen is not None and job.calls:
                taken.append((job, job.calls.popleft()))
        return taken

    def _run_calls(self, calls: list) -> None:
        """Between slices: no iteration of any job is under way."""
        self._flush()  # the updates up to the iteration the calls see go out first
        for job, function in calls:
            try:
                self._post("called", job.key, function(job.obj), "")
            except Exception as err:  # a failed call is its answer; the job goes on
                self._post("called", job.key, None, one_line(err))

    def _next_command(self, job: _Job) -> Any:
        with self._cond:
            return job.commands.popleft() if job.commands else None

    def _advance(self, job: _Job) -> None:
        """Advance one job for a slice (or end it)."""
        try:
            if job.gen is None:
                import_once(*self._needs)
                job.obj = job.factory()
                apply = getattr(job.obj, "apply", None)
                while apply is not None and (command := self._next_command(job)) is not None:
                    apply(command)  # commands sent before the first iteration apply before it
                job.gen = job.obj.steps()
                self._post("started", job.key, getattr(job.obj, "announcement", None))
                if self._took(job, next(job.gen)):
                    return
            if job.stopping:
                self._send_stop(job)
                self._end(job, RunStatus.STOPPED, "")
                return
            deadline = time.monotonic() + self.SLICE_S
            while time.monotonic() < deadline and not job.stopping:
                if self._took(job, job.gen.send(self._next_command(job))):
                    return
                if job.paused:
                    break
            self._maybe_flush()
        except StopIteration:
            self._end(job, RunStatus.FINISHED, "")
        except Exception as err:  # a broken job ends alone; the others go on
            self._end(job, RunStatus.FAILED, one_line(err))

    def _send_stop(self, job: _Job) -> None:
        """Stop the generator now; an update it yields in answer is its last."""
        try:
            update = job.gen.send(Stop())
        except StopIteration:
            return
        self._buffer.append((job.key, update))
        job.gen.close()

    def _close(self, job: _Job) -> None:
        try:
            if job.gen is not None:
                self._send_stop(job)
        except Exception as err:  # it failed on its way out: said so, nothing to take
            self._end(job, RunStatus.FAILED, one_line(err))
            return
        self._end(job, RunStatus.STOPPED, "")

    def _took(self, job: _Job, update) -> bool:
        """Buffer an update; True when it was the job's last."""
        self._buffer.append((job.key, update))
        status = getattr(update, "status", None)
        if status in ENDING_STATUSES:
            job.gen.close()
            self._end(job, status, "")
            return True
        return False

    def _end(self, job: _Job, status: RunStatus, message: str) -> None:
        """Take the job's result (finish()), forget the job, then say so."""
        value = None
        if job.finish is not None and job.obj is not None and status is not RunStatus.FAILED:
            try:
                value = job.finish(job.obj, status)
            except Exception as err:  # the result could not be taken: the job still ends
                message = f"results not kept: {one_line(err)}"
        with self._cond:
            if self._jobs.get(job.key) is job:
                del self._jobs[job.key]
            unanswered, job.calls = list(job.calls), deque()
        self._flush()
        self._post("ended", job.key, status, message, value)
        for _function in unanswered:
            self._post("called", job.key, None, NOT_RUN)

    def _maybe_flush(self) -> None:
        if time.monotonic() - self._last_post >= DISPLAY_INTERVAL_S:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            batch, self._buffer = self._buffer, []
            self._post("updated", batch)
        self._last_post = time.monotonic()
