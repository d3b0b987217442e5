"""The search lab: a search space, a budget and a method; trials trained in batches by the
engine's search worker in a thread; every view live while it runs; a trial picked anywhere is
picked everywhere and can be sent to the training lab.

Threads: the search is a job of the lab's generator runner (:mod:`lab.ui.search.search_run`,
which opens the study in the runner's thread too); snapshots of the study (rows, curves, and
optuna's parameter importance, which is slow) are built by a latest-wins Worker, at most twice a
second, so the GUI thread only draws. Studies on disk are listed and opened by another Worker
(:mod:`lab.ui.search.studies`); presets, the search the controls describe and the saved settings
are :mod:`lab.ui.search.settings`.
"""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lab.app.trial_run import train_config
from lab.engine.search.presets import SEARCH_PRESETS
from lab.engine.search.results import accuracy_text
from lab.engine.search.space import SearchConfigError
from lab.ui.common.i18n import N_, tr
from lab.ui.common.lab import CsvExport, ExportTarget, Lab, SessionSection
from lab.ui.common.panel import group_box, side_panel
from lab.ui.common.preset_bar import PresetBar
from lab.ui.concurrency.worker import Worker
from lab.ui.search import session_io
from lab.ui.search.controls import BudgetControls, RunControls, StudyControls
from lab.ui.search.search_run import SearchRun
from lab.ui.search.settings import DEFAULT_PRESET, SearchSettingsMixin
from lab.ui.search.space_editor import SpaceEditor
from lab.ui.search.studies import StudiesMixin
from lab.ui.search.study_jobs import (
    counts,
    snapshot_job,
)
from lab.ui.search.trial_curves import TrialCurvesPlot
from lab.ui.search.trials_table import TrialsTable
from lab.ui.search.view_set import make_views, view_title

TRAINING_LAB = "train"  # the hand-off address of Train this configuration (a lab's key)
SNAPSHOT_INTERVAL_S = 0.5  # views redrawn at most twice a second while a search runs
CLOSE_WAIT_S = 10.0  # closing: the epoch in training ends and its trials are put back


class SearchLab(SearchSettingsMixin, StudiesMixin, Lab):
    key = "search"
    title = N_("Search lab")
    guide = "search"  # lab/guides/<language>/search.md
    snapshot_shown = Signal()  # the views show a new snapshot (tests wait on it)
    search_ended = Signal(str)  # "done" / "paused" / "stopped" / "failed"
    studies_listed = Signal()
    close_wait_s = CLOSE_WAIT_S

    def __init__(self, parent: QWidget | None = None, data_dir: str | Path | None = None):
        super().__init__(parent)
        from lab.engine.search.storage import default_data_dir

        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.base = SEARCH_PRESETS[DEFAULT_PRESET].config  # what the editor does not show
        self.handle = None  # the open study (StudyHandle)
        self.snapshot = None
        self.selected: int | None = None
        self.progress = None
        self._found: list[tuple[str, Path]] = []
        self._last_snapshot = 0.0
        self._budget = 0  # the open study's budget, as last read in a worker
        self._ending: str | None = None  # how the search ended, told after the last snapshot
        self.search = SearchRun(self)
        self.snapshots = Worker("SearchSnapshot", self)
        self.studies = Worker("SearchStudies", self)
        self._snapshot_timer = QTimer(self)
        self._snapshot_timer.setSingleShot(True)
        self._snapshot_timer.timeout.connect(self.request_snapshot)
        self._build()
        self.search.opened.connect(self._opened)
        self.search.progressed.connect(self._progressed)
        self.search.ended.connect(self._ended)
        self.snapshots.done.connect(self._snapshot_ready)
        self.snapshots.failed.connect(self._snapshot_failed)
        self.studies.done.connect(self._studies_done)
        self.studies.failed.connect(self._studies_failed)

    def _build(self) -> None:
        self.presets = PresetBar(SEARCH_PRESETS)
        self.presets.chosen.connect(self.apply_preset)
        self.space_editor = SpaceEditor()
        self.space_editor.changed.connect(self.check_inputs)
        self.space_editor.changed.connect(self.presets.mark_modified)
        self.budget = BudgetControls()
        self.study = StudyControls()
        self.run = RunControls()
        self.run.start.clicked.connect(self.start)
        self.run.pause.clicked.connect(self.pause)
        self.run.stop.clicked.connect(self.stop)
        self.study.refresh.clicked.connect(self.refresh_studies)
        self.study.open.clicked.connect(self.open_selected_study)
        self.study.export_file.clicked.connect(self.ask_export_study_file)
        side = side_panel([self.presets, group_box(tr("Search"), self.run),
                           group_box(tr("Search space"), self.space_editor),
                           group_box(tr("Budget and method"), self.budget),
                           group_box(tr("Study"), self.study)], min_width=360)

        self.views = make_views()  # [(title, view)]
        self.view_tabs = QTabWidget()
        for title, view in self.views:
            self.view_tabs.addTab(view, view_title(title))
            view.trial_clicked.connect(self.select_trial)
        self.table = TrialsTable()
        self.table.trial_clicked.connect(self.select_trial)
        self.trial_plot = TrialCurvesPlot()
        self.train_button = QPushButton(tr("Train this configuration"))
        self.train_button.setToolTip(tr("add the selected trial to the training lab as a new "
                                        "run"))
        self.train_button.setEnabled(False)
        self.train_button.clicked.connect(self.train_selected)
        chosen = QWidget()
        chosen_layout = QVBoxLayout(chosen)
        chosen_layout.setContentsMargins(0, 0, 0, 0)
        chosen_layout.addWidget(self.trial_plot, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.train_button)
        chosen_layout.addLayout(row)
        bottom = QSplitter()
        bottom.addWidget(self.table)
        bottom.addWidget(chosen)
        bottom.setSizes([640, 420])
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.view_tabs)
        right.addWidget(bottom)
        right.setSizes([520, 300])
        split = QSplitter()
        split.addWidget(side)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 1120])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)

    # ---- the search -------------------------------------------------------------------------
    def start(self) -> bool:
        """Start or resume the study the controls name; False (with a message) when the
        input is bad or a search runs already."""
        config, problems = self.config()
        name = self.study.name.text().strip()
        if not name:
            problems.append(tr("give the study a name"))
        if problems:
            self.space_editor.show_problems(problems)
            self._say(tr("Not started: {problems}").format(problems="; ".join(problems)))
            return False
        try:
            config.check()
        except SearchConfigError as err:  # config() checks all this; kept as a guard
            self._say(str(err))
            return False
        if not self.search.start(name, config, self.study.storage(), self.data_dir,
                                 _device()):  # fmt: skip
            return False
        self.progress = None
        self._set_running(True)
        self._say(tr("Opening the study {name}…").format(name=name))
        return True

    def pause(self) -> None:
        self.search.pause()
        self._say(tr("Pausing: the trials in training finish first…"))

    def stop(self) -> None:
        self.search.stop()
        self._say(tr("Stopping…"))

    def _set_running(self, running: bool) -> None:
        self.run.set_running(running)
        self.space_editor.set_editable(not running)
        self.budget.set_editable(not running)
        self.study.set_editable(not running)
        self.presets.setEnabled(not running)

    def _opened(self, handle) -> None:
        self.handle = handle
        self._say("; ".join([tr("Searching: study {name} in {where}").format(
            name=handle.name, where=handle.where), *handle.notes]))  # notes: a journal repaired
        self.request_snapshot()

    def _progressed(self, progress) -> None:
        self.progress = progress
        self.run.bar.setMaximum(progress.budget)
        self.run.bar.setValue(min(progress.done, progress.budget))
        if not self._snapshot_timer.isActive():
            wait = SNAPSHOT_INTERVAL_S - (time.monotonic() - self._last_snapshot)
            self._snapshot_timer.start(max(0, int(wait * 1000)))

    def _ended(self, how: str, message: str) -> None:
        self._set_running(False)
        text = {"done": tr("Search finished."), "paused": tr("Paused: Start resumes."),
                "stopped": tr("Stopped: trials in training were put back; Start resumes."),
                "failed": tr("The search stopped: {message}")}[how].format(message=message)
        self._say(text)
        if how == "failed" and message:
            self.space_editor.show_problems([message])
        self._snapshot_timer.stop()
        self._ending = how
        if self.handle is not None:
            self.request_snapshot()
        else:
            self.search_ended.emit(how)

    def request_snapshot(self) -> None:
        """Read the study in the snapshot worker (latest request wins)."""
        if self.handle is None:
            return
        self._last_snapshot = time.monotonic()
        self.snapshots.submit(partial(snapshot_job, self.handle))

    def _snapshot_ready(self, result) -> None:
        snapshot, self._budget = result
        self.show_snapshot(snapshot)
        how = self._ending
        if how is not None and not self.search.is_running():
            self._ending = None
            self.search_ended.emit(how)

    def _snapshot_failed(self, message: str) -> None:
        self._say(tr("Could not read the study: {message}").format(message=message))
        how = self._ending
        if how is not None and not self.search.is_running():
            self._ending = None
            self.search_ended.emit(how)

    def show_snapshot(self, snapshot) -> None:
        self.snapshot = snapshot
        for _title, view in self.views:
            view.show_trials(snapshot)
        self.table.show_trials(snapshot)
        self.trial_plot.show_trial(self.selected, snapshot)
        self._show_counts()
        self.snapshot_shown.emit()

    def _show_counts(self) -> None:
        found = counts(self.snapshot.rows if self.snapshot else ())
        budget = self.progress.budget if self.progress is not None else self._budget
        self.run.bar.setMaximum(budget)
        self.run.bar.setValue(min(found["done"], budget))
        running, queued = self._running_and_queued(found["running"])
        best = accuracy_text(found["best"])
        self.run.counts.setText(tr(
            "{done} of {budget} trials done · {running} training · {queued} queued · "
            "{pruned} pruned · {failed} failed · best validation accuracy {best}").format(
            done=found["done"], budget=budget, running=running, queued=queued,
            pruned=found["pruned"], failed=found["failed"], best=best))

    def _running_and_queued(self, running: int) -> tuple[int, int]:
        """Optuna's running trials split into those training now and those this worker asked
        with the batch but trains later (a CPU trains at most 32 models at once)."""
        if self.progress is None or self.handle is None or not self.search.is_running():
            return running, 0
        live = set(self.progress.running)
        queued = sum(1 for r in self.snapshot.rows if r["state"] == "running"
                     and r.get("worker") == self.handle.worker_id and r["number"] not in live)
        return running - queued, queued

    # ---- selection and the training lab ----------------------------------------------------
    def select_trial(self, number: int | None) -> None:
        """Pick trial ``number`` in every view, the table and the curves."""
        self.selected = number
        for _title, view in self.views:
            view.select_trial(number)
        self.table.select_trial(number)
        self.trial_plot.show_trial(number, self.snapshot)
        row = self.snapshot.row(number) if self.snapshot is not None and number is not None \
            else None  # fmt: skip
        self.train_button.setEnabled(bool(row) and self.handle is not None)

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

    def train_selected(self) -> None:
        config = self.selected_train_config()
        if config is not None:  # the training lab takes it as a new run (a hand-off)
            self.handed_off.emit(TRAINING_LAB, config)

    # ---- the lab protocol (lab.ui.common.lab); stored data is in studies.py ---------------
    def preset_shown(self):
        return self.presets.shown()

    def export_targets(self) -> list[ExportTarget]:
        return [ExportTarget(title, view.export_widget()) for title, view in self.views] + [
            ExportTarget(N_("Trial"), self.trial_plot)]  # the selected one

    def csv_exports(self) -> list[CsvExport]:
        if self.snapshot is None:
            return []
        return [CsvExport(N_("Trials"), partial(trials_text, self.snapshot))]

    def animation_sources(self) -> list:
        from lab.ui.search.animation import search_sources

        return search_sources(self)  # the trials filling in, view by view

    def session_section(self) -> SessionSection:
        return SessionSection(session_io.SCHEMA, self.save_session, self.restore_session)

    def shutdown(self) -> None:
        """Stop the search (finished trials are in the storage) and join every thread: the
        runner's and the workers', together (see Lab.shutdown)."""
        self._snapshot_timer.stop()
        super().shutdown()
        if self.handle is not None:
            self.handle.close()

    def _say(self, text: str) -> None:
        self.status_message.emit(text)


def trials_text(snapshot) -> str:
    from lab.engine.search.results import FIXED_COLUMNS, trials_csv

    return trials_csv(list(snapshot.params) + list(FIXED_COLUMNS), list(snapshot.rows))


def _device() -> str:
    """CUDA when there is one (the batched trainer gains most there), else the CPU."""
    try:
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    except ImportError:  # pragma: no cover - torch is a dependency
        return "cpu"
