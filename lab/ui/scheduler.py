"""The training lab's run scheduler: every active run advanced in turn in one thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from lab.engine.core.imports import import_once
from lab.ui.workers import DISPLAY_INTERVAL_S, join_thread, live_workers, one_line, start_thread


class RunScheduler(QObject):
    """One background thread that advances every active training run in turn.

    Why one thread for all runs: on a CPU, runs in parallel threads would fight over the same
    cores (each torch op spreads over all of them); time slices of SLICE_S let each iteration use
    every core while the runs take turns, and leave exactly one thread to join. A run is made by
    its factory inside the thread (loading data and building a model take time), then its
    ``steps()`` generator is driven; commands such as ("set_lr", 0.01) are sent into it.
    """

    SLICE_S = 0.02

    started = Signal(str, object)  # run id, the run object (model, evaluation, ...)
    updated = Signal(object)  # a list of updates since the last emission, at display rate
    ended = Signal(str, str, str)  # run id, status (finished/stopped/diverged/failed), message

    def __init__(self, name: str = "training", parent: QObject | None = None):
        super().__init__(parent)
        self._name = name
        self._cond = threading.Condition()
        self._runs: dict[str, dict] = {}  # id -> {factory, gen, paused, commands}
        self._order: list[str] = []
        self._closing = False
        self._thread: threading.Thread | None = None
        self._buffer: list = []
        self._last_emit = 0.0
        live_workers.add(self)

    def start_run(self, run_id: str, factory: Callable[[], Any]) -> None:
        with self._cond:
            if self._closing:
                return
            self._runs[run_id] = {"factory": factory, "gen": None, "paused": False,
                                  "commands": [], "stop": False}  # fmt: skip
            if run_id not in self._order:
                self._order.append(run_id)
            if self._thread is None:
                self._thread = start_thread(f"runs-{self._name}", self._loop)
            self._cond.notify()

    def _control(self, run_id: str, **changes) -> None:
        with self._cond:
            run = self._runs.get(run_id)
            if run is not None:
                for key, value in changes.items():
                    if key == "command":
                        run["commands"].append(value)
                    else:
                        run[key] = value
            self._cond.notify()

    def pause(self, run_id: str) -> None:
        self._control(run_id, paused=True)

    def resume(self, run_id: str) -> None:
        self._control(run_id, paused=False)

    def stop(self, run_id: str) -> None:
        self._control(run_id, stop=True, paused=False)

    def send(self, run_id: str, command: tuple) -> None:
        self._control(run_id, command=command)

    def active(self) -> list[str]:
        with self._cond:
            return list(self._runs)

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

    def _next_runnable(self) -> str | None:
        """Round robin over runs that are not paused (called with the lock held)."""
        for _ in range(len(self._order)):
            run_id = self._order.pop(0)
            self._order.append(run_id)
            run = self._runs.get(run_id)
            if run is not None and (run["stop"] or not run["paused"]):
                return run_id
        return None

    def _loop(self) -> None:
        while True:
            with self._cond:
                self._order = [r for r in self._order if r in self._runs]
                while not self._closing and self._next_runnable() is None:
                    self._flush()
                    self._cond.wait(0.1)
                if self._closing:
                    runs = list(self._runs.items())
                    self._runs.clear()
                    break
                run_id = self._order[-1]
                run = self._runs[run_id]
                stop, commands = run["stop"], run["commands"]
                run["commands"] = []
            self._advance(run_id, run, stop, commands)
        for _run_id, run in runs:  # closing: end every generator here, in its own thread
            if run["gen"] is not None:
                run["gen"].close()

    def _advance(self, run_id: str, run: dict, stop: bool, commands: list) -> str | None:
        """Advance one run for a slice; returns its final status when it ended."""
        try:
            if run["gen"] is None:
                import_once("torch")
                obj = run["factory"]()
                run["gen"] = obj.steps()
                self.started.emit(run_id, obj)
            gen = run["gen"]
            if stop:
                gen.close()
                return self._end(run_id, run, "stopped", "")
            deadline = time.monotonic() + self.SLICE_S
            while time.monotonic() < deadline:
                update = gen.send(commands.pop(0)) if commands and self._primed(run) \
                    else next(gen)
                run["primed"] = True
                self._buffer.append(update)
                if getattr(update, "status", "running") in ("finished", "diverged"):
                    gen.close()
                    return self._end(run_id, run, update.status, "")
            self._maybe_flush()
            return None
        except StopIteration:
            return self._end(run_id, run, "finished", "")
        except Exception as err:  # a broken run ends alone; the others go on
            return self._end(run_id, run, "failed", one_line(err))

    @staticmethod
    def _primed(run: dict) -> bool:
        return run.get("primed", False)

    def _end(self, run_id: str, run: dict, status: str, message: str) -> str:
        """Forget the run, then say so: a restart under the same id may follow at once."""
        with self._cond:
            if self._runs.get(run_id) is run:
                del self._runs[run_id]
        self._flush()
        if not self._closing:
            self.ended.emit(run_id, status, message)
        return status

    def _maybe_flush(self) -> None:
        if time.monotonic() - self._last_emit >= DISPLAY_INTERVAL_S:
            self._flush()

    def _flush(self) -> None:
        if self._buffer and not self._closing:
            batch, self._buffer = self._buffer, []
            self.updated.emit(batch)
        self._last_emit = time.monotonic()
