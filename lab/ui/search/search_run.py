"""The search lab's one search at a time, as a job of the lab's
:class:`~lab.ui.concurrency.runner.GeneratorRunner`.

Why apart from the panel: a search is one long engine generator
(:func:`lab.engine.search.runner.run_worker`) that must never be superseded, and the panel
(and the stored-data dialog) want it in their own words: the study it opened, each
:class:`~lab.engine.search.runner.Progress`, and how it ended. The runner opens the study in its
thread (a database or a large journal takes a while), drives the generator and joins with the
rest of the app's threads; this object only translates.

- Pause: :class:`~lab.engine.core.commands.Finish` is sent: the stack of trials in training
  finishes, the trials asked with it but not yet trained are put back, and the search ends
  :attr:`~lab.engine.core.status.RunStatus.PAUSED`. Start resumes the study.
- Stop (and closing the window): :class:`~lab.engine.core.commands.Stop` ends it at the next
  epoch; trials in flight are failed as "interrupted" and re-asked when the study resumes.
  Finished trials are in the storage already (every trial is told as it ends).

How a search ended is the engine's typed :class:`~lab.engine.core.status.RunStatus` end to end:
FINISHED (the budget is reached), PAUSED, STOPPED or FAILED (with a message).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from lab.engine.core.commands import Finish
from lab.engine.core.status import RunStatus
from lab.engine.search.space import SearchConfig
from lab.ui.concurrency.runner import GeneratorRunner


class OpenedSearch:
    """The runner's job: made in its thread, so opening the study happens there too."""

    def __init__(self, name: str, config: SearchConfig | None, storage: str | None,
                 data_dir: str | Path | None, device: str, previous=None):
        from lab.engine.search.study import open_study

        if previous is not None:
            previous.close()
        # opened anew each time: the study may have changed (other workers, a new budget)
        self.handle = open_study(name, config, storage, data_dir)
        self.device = device

    @property
    def announcement(self):
        return self.handle

    def steps(self):
        from lab.engine.search.runner import run_worker

        return run_worker(self.handle, self.device)


class SearchRun(QObject):
    """Runs one search at a time; ``opened`` carries the StudyHandle once the study is open."""

    opened = Signal(object)  # StudyHandle
    progressed = Signal(object)  # lab.engine.search.runner.Progress
    ended = Signal(object, str)  # how (RunStatus: FINISHED, PAUSED, STOPPED, FAILED); a message

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = GeneratorRunner("search", self, needs=("torch",))
        self.runner.started.connect(self._opened)
        self.runner.updated.connect(self._updated)
        self.runner.ended.connect(self._ended)
        self.handle = None  # the study the last search opened, kept for resuming
        self._key = 0  # the current search's job key: messages of an earlier one are dropped
        self._active = False
        self._pausing = False
        self._last = None  # the current search's last Progress
        self._storage: str | None = None

    def is_running(self) -> bool:
        """True from start until ``ended`` is emitted."""
        return self._active

    def start(self, name: str, config: SearchConfig | None, storage: str | None,
              data_dir: str | Path | None, device: str = "cpu") -> bool:
        """Open (or create) the study and search; False when a search is running already."""
        if self._active:
            return False
        self._key += 1
        self._active, self._pausing, self._last = True, False, None
        self._storage = storage  # its credentials are masked in a failure's message
        self.runner.start(self._key, partial(OpenedSearch, name, config, storage, data_dir,
                                             device, self.handle))  # fmt: skip
        return True

    def pause(self) -> None:
        """Finish the stack in training, then end (Start resumes)."""
        if self._active:
            self._pausing = True
            self.runner.send(self._key, Finish())

    def stop(self) -> None:
        """End at the next epoch; trials in flight are re-asked when the study resumes."""
        if self._active:
            self.runner.stop(self._key)

    def _opened(self, key: int, handle) -> None:
        if key == self._key:
            self.handle = handle
            self.opened.emit(handle)

    def _updated(self, batch) -> None:
        for key, progress in batch:
            if key == self._key:
                self._last = progress
                self.progressed.emit(progress)

    def _ended(self, key: int, status: RunStatus, message: str, _value) -> None:
        if key != self._key:
            return
        self._active = False
        last = self._last
        if status in (RunStatus.STOPPED, RunStatus.FAILED):
            how = status
        elif self._pausing and not (last is not None and last.done >= last.budget):
            how = RunStatus.PAUSED  # something is left to resume
        else:
            how = RunStatus.FINISHED
        if how is not RunStatus.FAILED:
            message = ""
        elif self._storage:
            from lab.engine.search.storage import masked_text

            message = masked_text(message, self._storage)  # a database driver's words
        self.ended.emit(how, message)
