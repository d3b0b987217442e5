"""The search lab's worker: one thread that opens the study and drives the engine's
``run_worker`` generator, batch after batch, until the budget is reached, a pause, or a stop.

Why its own thread and not the latest-wins :class:`lab.ui.concurrency.worker.Worker`: a search
is one long generator, driven by commands (pause, stop), that must never be superseded. The
generator yields
after every epoch; the thread reports each :class:`Progress` through a queued Qt signal (the
panel throttles what it draws) and never touches a widget.

- Pause: no new batch is asked after the current one; the thread ends at the batch boundary
  (a Progress with nothing running). Start resumes the study.
- Stop (and closing the window): Stop is sent at the next epoch; trials in flight are failed as
  "interrupted" and re-asked when the study resumes. Finished trials are in the storage already
  (every trial is told as it ends), so nothing finished is lost.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from lab.engine.search.space import SearchConfig
from lab.ui.concurrency.worker import join_thread, one_line, start_thread


class SearchThread(QObject):
    """Runs one search at a time; ``opened`` carries the StudyHandle once the study is open."""

    opened = Signal(object)  # StudyHandle
    progressed = Signal(object)  # lab.engine.search.runner.Progress
    ended = Signal(str, str)  # how: "done" / "paused" / "stopped" / "failed"; a message

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._active = False
        self._pause = threading.Event()
        self._stop = threading.Event()
        self.handle = None  # the open study, kept for resuming

    def is_running(self) -> bool:
        """True from start until ``ended`` is emitted (the thread exits right after)."""
        return self._active

    def start(self, name: str, config: SearchConfig | None, storage: str | None,
              data_dir: str | Path | None, device: str = "cpu") -> bool:
        """Open (or create) the study and search; False when a search is running already."""
        if self.is_running():
            return False
        join_thread(self._thread, 5.0)  # the last search's thread, past its ``ended``
        self._active = True
        self._pause.clear()
        self._stop.clear()
        self._thread = start_thread("search", lambda: self._run(name, config, storage,
                                                                data_dir, device))
        return True

    def pause(self) -> None:
        """Finish the batch in training, then end (Start resumes)."""
        self._pause.set()

    def stop(self) -> None:
        """End at the next epoch; trials in flight are re-asked when the study resumes."""
        self._stop.set()

    def shutdown(self, timeout: float = 10.0) -> bool:
        """Stop and join (the window is closing); True when the thread ended in time."""
        self._stop.set()
        ended = join_thread(self._thread, timeout)
        if ended:
            self._thread = None
        return ended

    def _run(self, name, config, storage, data_dir, device) -> None:
        from lab.engine.search.runner import run_worker
        from lab.engine.search.storage import masked_text
        from lab.engine.search.study import open_study

        how, message = "done", ""
        try:
            if self.handle is not None:
                self.handle.close()
            # opened anew each time: the study may have changed (other workers, a new budget)
            handle = self.handle = open_study(name, config, storage, data_dir)
            self.opened.emit(handle)
            from lab.engine.search.batched import Stop

            generator = run_worker(handle, device)
            command = None
            try:
                while True:
                    try:
                        progress = generator.send(command)
                    except StopIteration:
                        break
                    command = None
                    self.progressed.emit(progress)
                    if self._stop.is_set():
                        how, message = "stopped", ""
                        command = Stop()
                    elif self._pause.is_set() and not progress.running:
                        how, message = "paused", ""
                        command = Stop()
                    if progress.message and not progress.running and not command:
                        message = progress.message
            finally:
                generator.close()  # trials still in flight are failed and re-asked
        except Exception as err:  # every failure becomes one line for the panel
            how, message = "failed", masked_text(one_line(err), storage)  # a driver's words
        self._active = False
        self.ended.emit(how, message)

