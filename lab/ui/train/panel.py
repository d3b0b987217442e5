"""The training lab: MNIST runs side by side, live curves, test results, weights in and out.

State lives in a Qt-free :class:`RunsModel`; the run table, the curves and the test results are
views of it. Runs are driven by one GeneratorRunner (time slices in one background thread) that
tags every message with the run's instance id. Each run appends to its entry's history, which
the curves redraw from; as a run ends, its immutable result (that same history, sealed) is taken
and saved to a run folder in the runner's thread, so no later action can lose it; the lab reopens
with those folders. Everything slow a user can trigger (loading weights, opening a dataset,
showing a run's mistakes) runs in workers. Editing the list of runs is
:mod:`lab.ui.train.run_edits`; restored runs, test results and exports are
:mod:`lab.ui.train.results`.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lab.engine.core.commands import SetLr
from lab.engine.train.config import TrainConfig
from lab.engine.train.presets import TRAIN_PRESETS
from lab.engine.train.records import RunStatus
from lab.engine.train.run_store import RunStore
from lab.engine.train.runs import RunEntry, RunsModel
from lab.ui.common.fields import NumberField
from lab.ui.common.i18n import N_, tr
from lab.ui.common.lab import Lab, SessionSection, StoredDataInUse
from lab.ui.common.panel import group_box
from lab.ui.common.preset_bar import PresetBar
from lab.ui.concurrency.runner import GeneratorRunner
from lab.ui.concurrency.worker import Worker
from lab.ui.train import jobs, session_io
from lab.ui.train.accuracy_grid import AccuracyGrid
from lab.ui.train.evaluation_view import EvaluationView
from lab.ui.train.results import ResultsMixin
from lab.ui.train.run_edits import RunEditsMixin
from lab.ui.train.run_list import RunList
from lab.ui.train.training_curves import AccuracyCurves, LossCurves, LrCurves

DEFAULT_PRESET = "book-optimizers"
CLOSE_WAIT_S = 3.0  # closing: how long runs may take to stop and save their results
REDRAW_MS = 120  # curves redraw at about 8 Hz: painting holds the GIL the runs need
ACTIONS = ((N_("Add"), "add_run"), (N_("Duplicate"), "duplicate_run"),
           (N_("Edit…"), "edit_run"), (N_("Remove"), "remove_run"),
           (N_("Start"), "start_selected"), (N_("Pause"), "pause_selected"),
           (N_("Stop"), "stop_selected"), (N_("Start all"), "start_all"),
           (N_("Resume all"), "resume_all"), (N_("Pause all"), "pause_all"),
           (N_("Stop all"), "stop_all"))  # fmt: skip


class TrainLab(RunEditsMixin, ResultsMixin, Lab):
    key = "train"
    title = N_("Training lab")
    guide = "training"  # lab/guides/<language>/training.md
    run_ended = Signal(str, object)  # run name, RunStatus (tests wait on it)
    job_done = Signal(str, str)  # "weights" / "dataset" / "results", message
    job_failed = Signal(str, str)  # the same kinds, one clear message
    close_wait_s = CLOSE_WAIT_S

    def __init__(self, parent: QWidget | None = None, data_dir: str | Path | None = None):
        super().__init__(parent)
        self.runs = RunsModel()
        self.store = RunStore(Path(data_dir) / "runs" if data_dir else _default_runs_folder())
        self.data_folder: str | None = None
        self.run_jobs = jobs.RunJobs(self.store)
        self.runner = GeneratorRunner("training", self, needs=("torch",))
        self.weights_worker = Worker("train-weights", self, ("torch",))
        self.dataset_worker = Worker("train-dataset", self)
        self.results_worker = Worker("train-results", self)
        self._test_sets: dict[str | None, jobs.TestSet] = {}
        self._build()
        self._dirty: set[str] = set()
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setInterval(REDRAW_MS)
        self._redraw_timer.timeout.connect(self._redraw)
        self._redraw_timer.start()
        self.runner.started.connect(self._started)
        self.runner.updated.connect(self._updated)
        self.runner.ended.connect(self._ended)
        for worker, kind, done in ((self.weights_worker, "weights", self._weights_evaluated),
                                   (self.dataset_worker, "dataset", self._dataset_read),
                                   (self.results_worker, "results", self._test_set_read)):
            worker.done.connect(done)
            worker.failed.connect(partial(self.job_failed.emit, kind))
        self.job_failed.connect(self._job_failed)
        self.open_dataset_action = QAction(tr("Open &dataset folder…"), self)
        self.open_dataset_action.triggered.connect(self.ask_dataset_folder)
        self.load_weights_action = QAction(tr("&Load weights…"), self)
        self.load_weights_action.triggered.connect(self.ask_load_weights)

    def _build(self) -> None:
        self.presets = PresetBar(TRAIN_PRESETS)
        self.presets.chosen.connect(self.apply_preset)
        self.dataset = QLabel()
        self.presets.row.addWidget(self.dataset, 1)
        self.run_list = RunList()
        self.run_list.itemSelectionChanged.connect(self._selection_changed)
        self.run_list.cellDoubleClicked.connect(self._pick_color)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for k, (label, slot) in enumerate(ACTIONS):
            button = QPushButton(tr(label))
            button.clicked.connect(getattr(self, slot))
            self.buttons[label] = button
            grid.addWidget(button, k // 4, k % 4)
        self.buttons["Start"].setToolTip(tr("Start a queued run, resume a paused one; a run "
                                            "with results is started again as a new run"))
        self.buttons["Start all"].setToolTip(tr("Start every queued run and resume paused "
                                                "ones; runs with results are kept as they are"))
        self.live_lr = NumberField(0.01, 1e-8, 100.0)
        self.live_lr.setToolTip(tr("Enter: change the selected run's learning rate while it "
                                   "trains"))
        self.live_lr.committed.connect(self.set_live_lr)
        grid.addWidget(QLabel(tr("lr, live:")), 2, 3)
        grid.addWidget(self.live_lr, 3, 3)
        controls = QWidget()
        controls_layout = QVBoxLayout(controls)
        controls_layout.setContentsMargins(0, 0, 0, 0)
        controls_layout.addWidget(self.run_list, 1)
        controls_layout.addLayout(grid)

        self.loss = LossCurves()
        self.accuracy = AccuracyCurves()
        self.lr_plot = LrCurves()
        curves = QSplitter(Qt.Orientation.Vertical)
        for plot in (self.loss, self.accuracy, self.lr_plot):
            curves.addWidget(plot)
        curves.setSizes([380, 300, 160])
        self.evaluation = EvaluationView()
        self.grid = AccuracyGrid()
        self.tabs = QTabWidget()
        self.tabs.addTab(curves, tr("Curves"))
        self.tabs.addTab(self.grid, tr("Small multiples"))
        self.tabs.addTab(self.evaluation, tr("Test results"))
        self.tabs.currentChanged.connect(lambda _: self.tabs.currentWidget() is self.grid
                                         and self.show_grid())
        split = QSplitter()
        split.addWidget(group_box(tr("Runs"), controls))
        split.addWidget(self.tabs)
        split.setSizes([470, 1030])
        layout = QVBoxLayout(self)
        layout.addWidget(self.presets)
        layout.addWidget(split, 1)
        self._show_dataset()

    # ---- the run list ------------------------------------------------------------------------
    @property
    def configs(self) -> dict[str, TrainConfig]:
        """Each run's configuration by name, in list order (read-only view)."""
        return {entry.name: entry.config for entry in self.runs}

    def load_default(self) -> None:
        self.apply_preset(DEFAULT_PRESET)

    def apply_preset(self, key: str) -> None:
        """Replace every run by the preset's (they wait for Start). Runs with results have
        them in their run folders already (a training run saves them as it stops)."""
        kept = [e for e in self.runs if e.has_results]
        self.stop_all()
        for entry in self.runs.clear():
            self._drop_curves(entry.name)
        self._dirty.clear()
        self.presets.show_preset(key)
        for config in TRAIN_PRESETS[key].runs:
            self.add_config(config, refresh=False)
        self._refresh_list()
        if len(self.runs):
            self.run_list.select(self.runs.names()[0])
        if kept:
            self.status_message.emit(tr("{n} earlier run(s) with results replaced; their "
                                        "results are saved in {folder}").format(
                n=len(kept), folder=self.store.root))

    def _drop_curves(self, name: str) -> None:
        for plot in (self.loss, self.accuracy, self.lr_plot):
            plot.remove_run(name)

    def _selected(self) -> RunEntry | None:
        return self.runs.get(self.run_list.selected())

    def shutdown(self) -> None:
        """The window is closing: the runner stops every run and saves each to its run folder
        in its own thread; joining it (with the workers, at most CLOSE_WAIT_S) delivers their
        ends here, so the settings saved next name those folders and the next session shows
        what the runs had done."""
        self._redraw_timer.stop()
        super().shutdown()

    # ---- the lab protocol (lab.ui.common.lab); exports are in results.py --------------------
    def preset_shown(self):
        return self.presets.shown()

    def file_actions(self) -> list[QAction]:
        return [self.open_dataset_action, self.load_weights_action]

    def session_section(self) -> SessionSection:
        return SessionSection(session_io.SCHEMA,
                              lambda: session_io.section_of(self.save_state()),
                              self._session_restore)

    def _session_restore(self, section: dict) -> None:
        self.replace_runs({**section, "data_folder": self.data_folder, "folders": []})

    def stored_data_in_use(self) -> StoredDataInUse:
        """The run folders the list refers to (RunEntry.folder)."""
        return StoredDataInUse(runs=frozenset(e.folder for e in self.runs if e.folder))

    def accept_handoff(self, payload: object) -> bool:
        """Train this configuration (the search lab): the trial as a new run, selected."""
        if not isinstance(payload, TrainConfig):
            return False
        entry = self.add_config(replace(payload, name=self.runs.unique_name(payload.name)))
        self.run_list.select(entry.name)
        self.status_message.emit(tr("Added run {name}: press Start to train it").format(
            name=entry.name))
        return True

    def _job_failed(self, kind: str, message: str) -> None:
        title = {"weights": tr("Weights not loaded"), "dataset": tr("Dataset not loaded")}.get(
            kind, tr("Test results not shown"))
        self.error_raised.emit(title, message)

    # ---- start, pause, stop ------------------------------------------------------------------
    def start(self, name: str) -> str | None:
        """Start a queued run or resume a paused one; a run that has results is started as a
        new run (a copy), never restarted over them. Returns the name of the run started."""
        entry = self.runs[name]
        if entry.status is RunStatus.PAUSED:
            self._set_paused(entry, False)
            return name
        if entry.status.active:
            return None
        if entry.has_results:
            entry = self._copy_of(entry)
            self.status_message.emit(tr("{name} keeps its results; started it again as "
                                        "{new}").format(name=name, new=entry.name))
            self.run_list.select(entry.name)
        instance = self.runs.begin(entry.name)
        self._drop_curves(entry.name)
        self.run_list.show_entry(entry)
        self.runner.start(instance, partial(self.run_jobs.make_run, entry.config, entry.history,
                                            entry.color), self.run_jobs.take_result)
        return entry.name

    def start_selected(self) -> None:
        if entry := self._selected():
            self.start(entry.name)

    def start_all(self) -> None:
        """Queued runs start, paused runs resume; runs with results stay as they are."""
        start, resume = self.runs.plan_start_all()
        for name in resume + start:
            self.start(name)

    def resume_all(self) -> None:
        for entry in self.runs:
            if entry.status is RunStatus.PAUSED:
                self._set_paused(entry, False)

    def _set_paused(self, entry: RunEntry, paused: bool) -> None:
        if self.runs.set_paused(entry.name, paused):
            (self.runner.pause if paused else self.runner.resume)(entry.instance)
            self.run_list.show_entry(entry)

    def pause_selected(self) -> None:
        if entry := self._selected():
            self._set_paused(entry, True)

    def pause_all(self) -> None:
        for entry in self.runs:
            self._set_paused(entry, True)

    def stop_selected(self) -> None:
        if (entry := self._selected()) and entry.status.active:
            self.runner.stop(entry.instance)

    def stop_all(self) -> None:
        for entry in self.runs.active():
            self.runner.stop(entry.instance)

    def set_live_lr(self, lr: float) -> None:
        entry = self._selected()
        if entry and entry.status.active:
            self.runner.send(entry.instance, SetLr(lr))
            self.status_message.emit(tr("{name}: learning rate set to {lr}").format(
                name=entry.name, lr=f"{lr:g}"))

    # ---- messages from the runner ------------------------------------------------------------
    def _started(self, instance: int, message: str) -> None:
        entry = self.runs.by_instance(instance)
        if entry is not None and message:
            self.status_message.emit(f"{entry.name}: {message}")

    def _updated(self, batch) -> None:
        self._dirty |= self.runs.touched_by(batch)
        self.computed.emit()

    def _redraw(self) -> None:
        touched, self._dirty = self._dirty, set()
        names = set(self.runs.names())
        for name in touched & names:
            entry = self.runs[name]
            rows = entry.history.snapshot()  # one snapshot: every curve shows the same rows
            if rows.n:
                for plot in (self.loss, self.accuracy, self.lr_plot):
                    plot.show_run(rows, entry.color)
            self.run_list.show_entry(entry)
        if touched and self.tabs.currentWidget() is self.grid:
            self.show_grid()

    def show_grid(self) -> None:
        """Train accuracy per group of runs (the book's batch-norm grid), titled by W std."""
        entries = list(self.runs)
        titles = {e.name: f"{e.name.rsplit('-', 1)[0] if e.name[-1].isdigit() else e.name} · "
                          f"W std {e.config.model.init.theoretical_std(100, 100):.2g}"
                  for e in entries}  # fmt: skip
        self.grid.show_runs({e.name: e.history.snapshot() for e in entries},
                            {e.name: e.color for e in entries}, titles)

    def _ended(self, instance: int, status: RunStatus, message: str, value) -> None:
        result, folder, save_error = value if value is not None else (None, None, "")
        entry = self.runs.finish(instance, status, message, result)
        if entry is None:
            return  # a superseded instance (removed, or replaced by a preset)
        entry.folder = folder
        self._dirty.add(entry.name)
        self._redraw()
        if entry is self._selected():
            self._selection_changed()
        if status is RunStatus.FAILED:
            self.status_message.emit(tr("{name} failed: {message}").format(name=entry.name,
                                                                           message=message))
        elif save_error:
            self.status_message.emit(f"{entry.name}: {save_error}")
        self.run_ended.emit(entry.name, status)


def _default_runs_folder() -> Path:
    """Run folders live in the user's data directory (QStandardPaths.AppDataLocation)."""
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".descent-lab") / "runs"
