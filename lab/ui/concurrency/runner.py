"""The training lab's run scheduler: every active run advanced in turn in one thread.

Every run is known by its *instance id* (a number the runs model gives each start), and every
message carries it, so a run restarted under the same name, or a preset re-applied while runs
train, can never receive another instance's points or end. Commands sent to a run wait in its
own queue until delivered, one per iteration and in order, however long an iteration takes;
commands sent before the first iteration are applied before it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from lab.engine.core.imports import import_once
from lab.engine.train.records import RunStatus
from lab.ui.concurrency.worker import (
    DISPLAY_INTERVAL_S,
    join_thread,
    live_workers,
    one_line,
    start_thread,
)


@dataclass(eq=False)
class _Run:
    factory: Callable[[], Any]
    obj: Any = None
    gen: Any = None
    paused: bool = False
    stop: bool = False
    commands: deque = field(default_factory=deque)


class RunScheduler(QObject):
    """One background thread that advances every active training run in turn.

    Why one thread for all runs: on a CPU, runs in parallel threads would fight over the same
    cores (each torch op spreads over all of them); time slices of SLICE_S let each iteration use
    every core while the runs take turns, and leave exactly one thread to join. A run is made by
    its factory inside the thread (loading data and building a model take time), then its
    ``steps()`` generator is driven; commands such as ("set_lr", 0.01) are sent into it.

    When a run ends, ``finish(obj, status)`` (given to the constructor) runs in this thread and
    its return value travels with ``ended``: the lab uses it to take an immutable result and save
    it to disk before anything can discard it.
    """

    SLICE_S = 0.02

    started = Signal(int, str)  # instance id, a message from the run (e.g. a device fallback)
    updated = Signal(object)  # [(instance id, update), ...] since the last emission
    ended = Signal(int, object, str, object)  # instance id, RunStatus, message, finish()'s value
    paused = Signal(int)  # instance id: it has stopped advancing, its last updates are out

    def __init__(self, name: str = "training", parent: QObject | None = None,
                 finish: Callable[[Any, RunStatus], Any] | None = None):
        super().__init__(parent)
        self._name = name
        self._finish = finish
        self._cond = threading.Condition()
        self._runs: dict[int, _Run] = {}
        self._order: deque[int] = deque()
        self._closing = False
        self._thread: threading.Thread | None = None
        self._buffer: list = []
        self._last_emit = 0.0
        self._pause_acks: list[int] = []
        live_workers.add(self)

    def start_run(self, instance: int, factory: Callable[[], Any]) -> None:
        with self._cond:
            if self._closing:
                return
            if instance in self._runs:
                raise ValueError(f"instance {instance} is running already")
            self._runs[instance] = _Run(factory)
            self._order.append(instance)
            if self._thread is None:
                self._thread = start_thread(f"runs-{self._name}", self._loop)
            self._cond.notify()

    def _control(self, instance: int, **changes) -> None:
        with self._cond:
            run = self._runs.get(instance)
            if run is not None:
                for key, value in changes.items():
                    setattr(run, key, value)
            self._cond.notify()

    def pause(self, instance: int) -> None:
        """Pause after the iteration under way; ``paused`` follows once it is done and sent."""
        with self._cond:
            if instance in self._runs:
                self._pause_acks.append(instance)
        self._control(instance, paused=True)

    def resume(self, instance: int) -> None:
        self._control(instance, paused=False)

    def stop(self, instance: int) -> None:
        self._control(instance, stop=True, paused=False)

    def send(self, instance: int, command: tuple) -> None:
        """Queue a command; it is delivered (in order after earlier ones) even while paused."""
        with self._cond:
            run = self._runs.get(instance)
            if run is not None:
                run.commands.append(command)

    def is_busy(self) -> bool:
        with self._cond:
            return bool(self._runs)

    def shutdown(self, timeout: float = 2.0) -> bool:
        """Stop every run and join the thread (at most one slice plus cleanup)."""
        with self._cond:
            self._closing = True
            self._cond.notify()
            thread = self._thread
        return join_thread(thread, timeout)

    def _next_runnable(self) -> int | None:
        """Round robin over runs that are not paused (called with the lock held)."""
        for _ in range(len(self._order)):
            instance = self._order[0]
            self._order.rotate(-1)
            run = self._runs.get(instance)
            if run is not None and (run.stop or not run.paused):
                return instance
        return None

    def _loop(self) -> None:
        while True:
            with self._cond:
                self._order = deque(i for i in self._order if i in self._runs)
                self._acknowledge_pauses()
                instance = None
                while not self._closing and (instance := self._next_runnable()) is None:
                    self._flush()
                    self._acknowledge_pauses()
                    self._cond.wait(0.1)
                if self._closing:
                    runs = list(self._runs.values())
                    self._runs.clear()
                    break
                run = self._runs[instance]
            self._advance(instance, run)
        for run in runs:  # closing: end every generator here, in its own thread
            if run.gen is not None:
                run.gen.close()

    def _acknowledge_pauses(self) -> None:
        """Between slices (no iteration under way): say which runs are now really paused,
        after sending their last updates (called with the lock held)."""
        if self._pause_acks:
            acks, self._pause_acks = self._pause_acks, []
            self._flush()
            for instance in acks:
                run = self._runs.get(instance)
                if run is not None and run.paused and not self._closing:
                    self.paused.emit(instance)

    def _next_command(self, run: _Run) -> tuple | None:
        with self._cond:
            return run.commands.popleft() if run.commands else None

    def _advance(self, instance: int, run: _Run) -> None:
        """Advance one run for a slice (or end it)."""
        try:
            if run.gen is None:
                import_once("torch")
                run.obj = run.factory()
                # commands sent before the first iteration apply before it
                while hasattr(run.obj, "apply") and (command := self._next_command(run)):
                    run.obj.apply(command)
                run.gen = run.obj.steps()
                self.started.emit(instance, str(getattr(run.obj, "device_message", "") or ""))
                update = next(run.gen)
                if self._took(instance, run, update):
                    return
            if run.stop:
                run.gen.close()
                self._end(instance, run, RunStatus.STOPPED, "")
                return
            deadline = time.monotonic() + self.SLICE_S
            while time.monotonic() < deadline and not run.stop:
                command = self._next_command(run)
                update = run.gen.send(command) if command is not None else next(run.gen)
                if self._took(instance, run, update):
                    return
                if run.paused:
                    break
            self._maybe_flush()
        except StopIteration:
            self._end(instance, run, RunStatus.FINISHED, "")
        except Exception as err:  # a broken run ends alone; the others go on
            self._end(instance, run, RunStatus.FAILED, one_line(err))

    def _took(self, instance: int, run: _Run, update) -> bool:
        """Buffer an update; True when it was the run's last."""
        self._buffer.append((instance, update))
        status = getattr(update, "status", RunStatus.RUNNING)
        if status in (RunStatus.FINISHED, RunStatus.DIVERGED):
            run.gen.close()
            self._end(instance, run, status, "")
            return True
        return False

    def _end(self, instance: int, run: _Run, status: RunStatus, message: str) -> None:
        """Take the run's result (finish()), forget the run, then say so."""
        value = None
        if self._finish is not None and run.obj is not None and status is not RunStatus.FAILED:
            try:
                value = self._finish(run.obj, status)
            except Exception as err:  # the result could not be taken: the run still ends
                message = f"results not kept: {one_line(err)}"
        with self._cond:
            if self._runs.get(instance) is run:
                del self._runs[instance]
        self._flush()
        if not self._closing:
            self.ended.emit(instance, status, message, value)

    def _maybe_flush(self) -> None:
        if time.monotonic() - self._last_emit >= DISPLAY_INTERVAL_S:
            self._flush()

    def _flush(self) -> None:
        if self._buffer and not self._closing:
            batch, self._buffer = self._buffer, []
            self.updated.emit(batch)
        self._last_emit = time.monotonic()
