"""The search lab's state and actions, without a widget: the study (opened, created, resumed),
the search (start, pause, stop, how it ended), the study's snapshots the views draw, the
progress line, the selected trial and Train this configuration, and the study journals in use.
What a search *is* before it runs (preset, space, budget, name, storage; saved settings and the
session section) is its :class:`~lab.ui.search.settings.SearchSettings`.

Why a controller: the panel's widgets are views of this object; it is tested with ``qtbot``
and no window, and the panel only builds, connects and delegates (lab/ui/search/panel.py).

Threads: the search is a job of the lab's generator runner (:mod:`lab.ui.search.search_run`,
which opens the study in the runner's thread too); snapshots of the study (rows, curves, and
optuna's parameter importance, which is slow) are built by a latest-wins Worker, at most twice a
second; studies on disk are listed and opened by the :class:`StudyBrowser`'s Worker. The GUI
thread only draws.
"""

from __future__ import annotations

import time
from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from lab.app.trial_run import train_config
from lab.engine.core.status import RunStatus
from lab.engine.search.results import accuracy_text
from lab.engine.search.space import SearchConfigError
from lab.ui.common.i18n import tr
from lab.ui.common.lab import StoredDataInUse
from lab.ui.concurrency.registry import shutdown_within
from lab.ui.concurrency.worker import Worker
from lab.ui.search.search_run import SearchRun
from lab.ui.search.settings import SearchSettings
from lab.ui.search.studies import StudyBrowser, studies_in_use
from lab.ui.search.study_jobs import OpenedStudy, counts, snapshot_job

TRAINING_LAB = "train"  # the hand-off address of Train this configuration (a lab's key)
SNAPSHOT_INTERVAL_S = 0.5  # views redrawn at most twice a second while a search runs


class SearchController(QObject):
    """One search lab's state; every change is told through a signal the views follow."""

    status_message = Signal(str)  # a line for the status bar
    running_changed = Signal(bool)  # a search started (True) or ended (False)
    snapshot_changed = Signal(object)  # the study's trials now (TrialsSnapshot): draw them
    progress_changed = Signal(int, int)  # finished trials (what the budget counts), budget
    counts_changed = Signal(str)  # the progress line under the bar
    selection_changed = Signal(object)  # the selected trial's number, or None
    search_ended = Signal(object)  # RunStatus, once the study's last snapshot is shown
    studies_listed = Signal(list)  # [(name, where)]: the studies found by refresh_studies
    study_opened = Signal(str)  # a study's name, once its settings and trials are shown
    handed_off = Signal(str, object)  # a lab's key, what it takes (Train this configuration)

    def __init__(self, data_dir: str | Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        from lab.engine.search.storage import default_data_dir

        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.search = SearchRun(self)
        self.settings = SearchSettings(self.search.is_running, self)
        self.studies = StudyBrowser(self.data_dir, self)
        self.snapshots = Worker("SearchSnapshot", self)
        self.handle = None  # the open study (StudyHandle)
        self.snapshot = None  # its trials as last read (TrialsSnapshot)
        self.selected: int | None = None
        self.progress = None  # the running search's last lab.engine.search.runner.Progress
        self._handle_storage: str | None = None  # where the open study is (None: default)
        self._searched_storage: str | None = None  # where the running search's study is
        self._budget = 0  # the open study's budget, as last read in a worker
        self._ending: RunStatus | None = None  # how the search ended, told after the snapshot
        self._last_snapshot = 0.0
        self._snapshot_timer = QTimer(self)
        self._snapshot_timer.setSingleShot(True)
        self._snapshot_timer.timeout.connect(self.request_snapshot)
        self.search.opened.connect(self._opened)
        self.search.progressed.connect(self._progressed)
        self.search.ended.connect(self._ended)
        self.snapshots.done.connect(self._snapshot_ready)
        self.snapshots.failed.connect(self._snapshot_failed)
        self.settings.message.connect(self.status_message)
        self.studies.message.connect(self.status_message)
        self.studies.listed.connect(self.studies_listed)
        self.studies.opened.connect(self._study_opened)
        self.studies.failed.connect(self._study_failed)

    # ---- the search ---------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.search.is_running()

    def start(self) -> bool:
        """Start or resume the study the settings name; False (with a message) when the
        input is bad or a search runs already."""
        config, problems = self.settings.config()
        name = self.settings.name.strip()
        if not name:
            problems.append(tr("give the study a name"))
        if problems:
            self.settings.show_problems(problems)
            self.status_message.emit(tr("Not started: {problems}").format(
                problems="; ".join(problems)))
            return False
        try:
            config.check()
        except SearchConfigError as err:  # config() checks all this; kept as a guard
            self.status_message.emit(str(err))
            return False
        if not self.search.start(name, config, self.settings.storage, self.data_dir,
                                 device()):  # fmt: skip
            return False
        self.progress, self._searched_storage = None, self.settings.storage
        self.running_changed.emit(True)
        self.status_message.emit(tr("Opening the study {name}…").format(name=name))
        return True

    def pause(self) -> None:
        """Finish the trials in training, then end (Start resumes)."""
        self.search.pause()
        self.status_message.emit(tr("Pausing: the trials in training finish first…"))

    def stop(self) -> None:
        """End now: trials in training are put back; finished ones are kept."""
        self.search.stop()
        self.status_message.emit(tr("Stopping…"))

    def _opened(self, handle) -> None:
        self.handle, self._handle_storage = handle, self._searched_storage
        self.status_message.emit("; ".join([tr("Searching: study {name} in {where}").format(
            name=handle.name, where=handle.where), *handle.notes]))  # notes: a journal repaired
        self.request_snapshot()

    def _progressed(self, progress) -> None:
        self.progress = progress
        self.progress_changed.emit(progress.done, progress.budget)
        if not self._snapshot_timer.isActive():
            wait = SNAPSHOT_INTERVAL_S - (time.monotonic() - self._last_snapshot)
            self._snapshot_timer.start(max(0, int(wait * 1000)))

    def _ended(self, how: RunStatus, message: str) -> None:
        self.running_changed.emit(False)
        self.status_message.emit(ending_text(how, message))
        if how is RunStatus.FAILED and message:
            self.settings.show_problems([message])
        self._snapshot_timer.stop()
        self._ending = how
        if self.handle is not None:
            self.request_snapshot()  # search_ended follows the study's last picture
        else:
            self._tell_ending()

    # ---- snapshots for the views --------------------------------------------------------------
    def request_snapshot(self) -> None:
        """Read the open study in the snapshot worker (the latest request wins)."""
        if self.handle is None:
            return
        self._last_snapshot = time.monotonic()
        self.snapshots.submit(partial(snapshot_job, self.handle))

    def _snapshot_ready(self, result) -> None:
        snapshot, self._budget = result
        self._show(snapshot)
        self._tell_ending()

    def _snapshot_failed(self, message: str) -> None:
        self.status_message.emit(tr("Could not read the study: {message}").format(
            message=message))
        self._tell_ending()

    def _tell_ending(self) -> None:
        if self._ending is not None and not self.search.is_running():
            how, self._ending = self._ending, None
            self.search_ended.emit(how)

    def _show(self, snapshot) -> None:
        self.snapshot = snapshot
        self.snapshot_changed.emit(snapshot)
        found = counts(snapshot.rows)
        budget = self.progress.budget if self.progress is not None else self._budget
        self.progress_changed.emit(found["done"], budget)
        ours = self.progress is not None and self.handle is not None and self.is_running()
        self.counts_changed.emit(progress_line(
            found, budget, snapshot.rows, self.progress if ours else None,
            self.handle.worker_id if ours else None))  # fmt: skip

    # ---- the selected trial -------------------------------------------------------------------
    def select_trial(self, number: int | None) -> None:
        """Pick trial ``number`` (None: none) in every view."""
        self.selected = number
        self.selection_changed.emit(number)

    def can_train(self) -> bool:
        """True when the selected trial can be handed to the training lab."""
        return self.selected_train_config() is not None

    def selected_train_config(self):
        """The selected trial as a training-lab run (None when nothing is selected)."""
        if self.selected is None or self.snapshot is None or self.handle is None:
            return None
        row = self.snapshot.row(self.selected)
        if row is None:
            return None
        params = {k: row[k] for k in self.snapshot.params if row.get(k) is not None}
        return train_config(self.handle.config, params, self.selected,
                            f"{self.handle.name}-trial-{self.selected}", row.get("retry_of"))

    def train_selected(self) -> bool:
        """Train this configuration: the selected trial, handed to the training lab."""
        config = self.selected_train_config()
        if config is not None:
            self.handed_off.emit(TRAINING_LAB, config)
        return config is not None

    # ---- studies on disk ----------------------------------------------------------------------
    def refresh_studies(self) -> None:
        """List the studies of the storage the settings name (``studies_listed``)."""
        self.studies.refresh(self.settings.storage)

    def open_found(self, index: int) -> bool:
        """Open the ``index``-th study listed (``study_opened``); Start resumes it."""
        return self.studies.open_found(index)

    def open_study(self, name: str, storage: str | Path | None) -> None:
        """Open study ``name`` in ``storage`` (None: the default folder)."""
        self.studies.open(name, storage)

    def _study_opened(self, opened: OpenedStudy) -> None:
        handle = opened.handle
        if opened.reopened:
            self._reopened(opened)
            return
        if self.handle is not None and self.handle is not handle:
            self.handle.close()
        self.handle, self._budget, self.progress = handle, opened.budget, None
        self._handle_storage = None if opened.storage is None else str(opened.storage)
        self.settings.load_config(replace(handle.config, trials=opened.budget), handle.name,
                                  opened.storage)  # fmt: skip
        self.settings.mark_modified()
        self.select_trial(None)
        self._show(opened.snapshot)
        self.status_message.emit("; ".join([
            tr("Opened study {name} ({n} trials): Start resumes it").format(
                name=handle.name, n=len(opened.snapshot.rows)), *handle.notes]))  # repaired
        self.study_opened.emit(handle.name)

    def _study_failed(self, message: str) -> None:
        self.settings.show_problems([message])

    # ---- saved settings: the search described, and the study open -----------------------------
    def save_state(self) -> dict:
        """The settings, and the study open now, opened again at the next start (its
        storage without credentials, as the settings keep theirs)."""
        from lab.engine.search.storage import masked_url

        state = self.settings.save_state()
        if self.handle is not None:
            storage = self._handle_storage
            state["opened"] = {"name": self.handle.name,
                               "storage": None if storage is None else masked_url(storage,
                                                                                  mask=None)}
        return state

    def restore_state(self, state: dict) -> bool:
        """Apply saved settings; the study that was open is read again in the browser's
        worker (off the GUI thread), its trials shown, the settings left as restored."""
        if not self.settings.restore_state(state):
            return False
        opened = state.get("opened")
        if isinstance(opened, dict) and isinstance(opened.get("name"), str):
            storage = opened.get("storage")
            self.studies.open(opened["name"], storage if isinstance(storage, str) else None,
                              reopened=True)  # fmt: skip
        return True

    def _reopened(self, opened: OpenedStudy) -> None:
        """The study open when the app was closed, back: its trials, not its settings (the
        restored ones are the user's, edits included). Dropped if the user was quicker."""
        handle = opened.handle
        if self.handle is not None or self.is_running():
            handle.close()
            return
        self.handle, self._budget, self.progress = handle, opened.budget, None
        self._handle_storage = opened.storage
        self._show(opened.snapshot)
        self.status_message.emit("; ".join([
            tr("Reopened study {name} ({n} trials): Start resumes it").format(
                name=handle.name, n=len(opened.snapshot.rows)), *handle.notes]))
        self.study_opened.emit(handle.name)

    def export_study_file(self, path: str) -> Path | None:
        """A copy of the open study's journal at ``path``; None (with a message) on failure."""
        from lab.io.files import ExportError
        from lab.ui.search.study_jobs import export_study_file

        if self.handle is None:
            self.status_message.emit(tr("Open or start a study first."))
            return None
        try:
            written = export_study_file(self.handle, path)
        except (ExportError, OSError, ValueError) as err:
            self.status_message.emit(tr("Study file not exported: {message}").format(
                message=err))
            return None
        self.status_message.emit(tr("Saved {path}").format(path=written))
        return written

    # ---- stored data and closing --------------------------------------------------------------
    def stored_data_in_use(self) -> StoredDataInUse:
        return StoredDataInUse(studies=studies_in_use(
            self.handle, self.search.handle, self.is_running(), self.settings.storage,
            self.settings.name, self.data_dir))  # fmt: skip

    def stored_data_changed(self, removal) -> None:
        """A study removed from the data folder leaves the list of studies."""
        if any(entry.kind == "study" for entry in removal.done):
            self.refresh_studies()

    def shutdown(self, timeout: float) -> bool:
        """Stop the search (finished trials are in the storage) and join every thread of
        this controller (the runner's and the workers') within ``timeout`` seconds."""
        self._snapshot_timer.stop()
        joined = shutdown_within(self, timeout)
        if self.handle is not None:
            self.handle.close()
        return joined


def ending_text(how: RunStatus, message: str) -> str:
    """The status line when a search ends."""
    texts = {RunStatus.FINISHED: tr("Search finished."),
             RunStatus.PAUSED: tr("Paused: Start resumes."),
             RunStatus.STOPPED: tr("Stopped: trials in training were put back; Start resumes."),
             RunStatus.FAILED: tr("The search stopped: {message}")}  # fmt: skip
    return texts[how].format(message=message)


def progress_line(found: dict, budget: int, rows, progress=None, worker_id=None) -> str:
    """The progress line. With this lab's running search (``progress``, its ``worker_id``),
    optuna's running trials are split into those training now and those asked with the batch
    but trained later (a CPU trains at most 32 models at once): queued."""
    running, queued = found["running"], 0
    if progress is not None:
        live = set(progress.running)
        queued = sum(1 for r in rows if r["state"] == "running" and r.get("worker") == worker_id
                     and r["number"] not in live)  # fmt: skip
        running -= queued
    return tr("{done} of {budget} trials done · {running} training · {queued} queued · "
              "{pruned} pruned · {failed} failed · best validation accuracy {best}").format(
        done=found["done"], budget=budget, running=running, queued=queued,
        pruned=found["pruned"], failed=found["failed"], best=accuracy_text(found["best"]))


def trials_text(snapshot) -> str:
    """The trials as CSV (File > Export)."""
    from lab.engine.search.results import FIXED_COLUMNS, trials_csv

    return trials_csv(list(snapshot.params) + list(FIXED_COLUMNS), list(snapshot.rows))


def device() -> str:
    """CUDA when there is one (the batched trainer gains most there), else the CPU."""
    try:
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    except ImportError:  # pragma: no cover - torch is a dependency
        return "cpu"
