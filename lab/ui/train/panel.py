"""The training lab: MNIST runs side by side, live curves, test results, weights in and out.

The panel only builds the widgets, connects them to the lab's
:class:`~lab.ui.train.controller.TrainController` (the runs, the runner, the results; testable
without a window), asks the user what only a dialog can ask (an edit, a colour, whether to
remove a run with results, a file) and answers the lab protocol (lab/ui/common/lab.py) by
asking the controller. The run table, the curves and the test results are views that follow
the controller's signals.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QLabel,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lab.engine.train.config import TrainConfig
from lab.engine.train.history import metrics_csv
from lab.engine.train.presets import TRAIN_PRESETS
from lab.ui.common import file_dialogs as dialogs
from lab.ui.common.i18n import N_, tr
from lab.ui.common.lab import (
    CsvExport,
    ExportTarget,
    FolderExport,
    Lab,
    SessionSection,
    StoredDataInUse,
    WeightsExport,
)
from lab.ui.common.panel import group_box
from lab.ui.common.preset_bar import PresetBar
from lab.ui.train import session_io
from lab.ui.train.accuracy_grid import AccuracyGrid, grid_titles
from lab.ui.train.controller import TrainController
from lab.ui.train.curves_view import CurvesView
from lab.ui.train.evaluation_view import EvaluationView
from lab.ui.train.inside.controller import InsideController
from lab.ui.train.inside.loss_cursor import LossCursor
from lab.ui.train.inside.tab import InsideTab
from lab.ui.train.inside.tensorboard_export import TensorBoardExport
from lab.ui.train.landscape_tab import LandscapeTab
from lab.ui.train.run_controls import RunControls
from lab.ui.train.run_editor import RunEditor

DEFAULT_PRESET = "book-optimizers"
CLOSE_WAIT_S = 3.0  # closing: how long runs may take to stop and save their results


class TrainLab(Lab):
    key = "train"
    title = N_("Training lab")
    guide = "training"  # lab/guides/<language>/training.md
    close_wait_s = CLOSE_WAIT_S

    def __init__(self, parent: QWidget | None = None, data_dir: str | Path | None = None):
        super().__init__(parent)
        runs = Path(data_dir) / "runs" if data_dir else _default_runs_folder()
        self.controller = TrainController(runs, self)
        self.presets = PresetBar(TRAIN_PRESETS)
        self.dataset = QLabel()
        self.presets.row.addWidget(self.dataset, 1)
        self.controls = RunControls()
        self.curves = CurvesView()
        self.grid = AccuracyGrid()
        self.evaluation = EvaluationView()
        self.inside = InsideController(self.controller, self)
        self.inside_tab = InsideTab(self.inside)
        self.loss_cursor = LossCursor(self.curves.loss, self.inside, self)
        self.tensorboard = TensorBoardExport(self.inside, self.controller)  # joined with it
        self.landscape = LandscapeTab(self.controller)
        self.tabs = QTabWidget()
        self._lay_out()
        self._connect_controls()
        self._connect_views()
        self._show_dataset(None)
        self.open_dataset_action = QAction(tr("Open &dataset folder…"), self)
        self.open_dataset_action.triggered.connect(self.ask_dataset_folder)
        self.load_weights_action = QAction(tr("&Load weights…"), self)
        self.load_weights_action.triggered.connect(self.ask_load_weights)
        self.landscape_npz_action = QAction(tr("Export landscape grid (NPZ)…"), self)
        self.landscape_npz_action.triggered.connect(self.ask_landscape_npz)

    def _lay_out(self) -> None:
        self.tabs.addTab(self.curves, tr("Curves"))
        self.tabs.addTab(self.grid, tr("Small multiples"))
        self.tabs.addTab(self.evaluation, tr("Test results"))
        self.tabs.addTab(self.inside_tab, tr("Inside"))
        self.tabs.addTab(self.landscape, tr("Landscape"))
        split = QSplitter()
        split.addWidget(group_box(tr("Runs"), self.controls))
        split.addWidget(self.tabs)
        split.setSizes([470, 1030])
        layout = QVBoxLayout(self)
        layout.addWidget(self.presets)
        layout.addWidget(split, 1)

    def _connect_controls(self) -> None:
        """The user's clicks and keys, into the controller (dialogs asked here first)."""
        c, buttons, table = self.controller, self.controls.buttons, self.controls.run_list
        selected = partial(_on_selected, c)  # the actions on "the selected run"
        for label, slot in (("Add", c.add_run), ("Duplicate", selected(c.duplicate)),
                            ("Edit…", self.edit_run), ("Remove", self.remove_run),
                            ("Start", selected(c.start)),
                            ("Pause", selected(partial(_pause, c))),
                            ("Stop", selected(c.stop)), ("Start all", c.start_all),
                            ("Resume all", partial(c.pause_all, False)),
                            ("Pause all", c.pause_all), ("Stop all", c.stop_all)):
            buttons[label].clicked.connect(lambda _=False, slot=slot: slot())
        self.controls.live_lr.committed.connect(c.set_live_lr)
        table.itemSelectionChanged.connect(
            lambda: table.selected() != c.selected and c.select(table.selected()))
        table.cellDoubleClicked.connect(self._pick_color)
        self.presets.chosen.connect(c.apply_preset)
        self.tabs.currentChanged.connect(lambda _: self.show_grid())

    def _connect_views(self) -> None:
        """The controller's news, into the views."""
        c, results = self.controller, self.controller.results
        c.runs_listed.connect(self.controls.run_list.show_runs)
        c.runs_listed.connect(self.curves.order_runs)
        c.run_changed.connect(self.controls.run_list.show_entry)
        c.curves_drawn.connect(self.curves.show_runs)
        c.curves_drawn.connect(lambda _: self.show_grid())
        c.curves_dropped.connect(self.curves.drop_run)
        c.selection_changed.connect(
            lambda name: self.controls.show_selection(c.runs.get(name)))
        c.preset_changed.connect(self.presets.show_preset)
        c.updated.connect(self.computed)
        c.status_message.connect(self.status_message)
        self.tensorboard.status_message.connect(self.status_message)
        self.tensorboard.error_raised.connect(self.error_raised)
        results.evaluation_shown.connect(self._show_evaluation)
        results.evaluation_cleared.connect(self.evaluation.clear)
        results.data_folder_changed.connect(self._show_dataset)
        results.job_done.connect(self._job_done)
        results.job_failed.connect(self._job_failed)

    # ---- views of the controller --------------------------------------------------------------
    def _show_dataset(self, folder: str | None) -> None:
        self.dataset.setText(tr("Data: {where}").format(where=folder or tr("bundled MNIST")))

    def _show_evaluation(self, label: str, evaluation, test_set) -> None:
        self.evaluation.show_evaluation(label, evaluation, test_set.images, test_set.labels)

    def show_grid(self) -> None:
        """Train accuracy per group of runs (the book's batch-norm grid), drawn while shown."""
        if self.tabs.currentWidget() is self.grid:
            entries = list(self.controller.runs)
            self.grid.show_runs({e.name: e.history.snapshot() for e in entries},
                                {e.name: e.color for e in entries}, grid_titles(entries))

    def _job_done(self, kind: str, _message: str) -> None:
        if kind == "weights":
            self.tabs.setCurrentWidget(self.evaluation)

    def _job_failed(self, kind: str, message: str) -> None:
        title = {"weights": tr("Weights not loaded"), "dataset": tr("Dataset not loaded")}.get(
            kind, tr("Test results not shown"))
        self.error_raised.emit(title, message)

    # ---- what only a dialog can ask -----------------------------------------------------------
    def edit_run(self) -> None:
        entry = self.controller.selected_entry()
        if entry is None:
            self.status_message.emit(tr("Select a run to edit it."))
            return
        editor = RunEditor(entry.config, set(self.controller.runs.names()) - {entry.name}, self)
        if editor.exec() == QDialog.DialogCode.Accepted:
            self.controller.replace_config(entry.name, editor.result_config)

    def _pick_color(self, row: int, column: int) -> None:
        if column != 0:
            return
        name = self.controls.run_list.names()[row]
        color = QColorDialog.getColor(QColor(self.controller.runs[name].color), self,
                                      tr("Colour of {name}").format(name=name))
        if color.isValid():
            self.controller.set_color(name, color.name())

    def remove_run(self) -> None:
        """Remove the selected run; one with results is removed only after the user agrees
        (its results stay in its run folder)."""
        entry = self.controller.selected_entry()
        if entry is None:
            return
        if entry.has_results or entry.status.active:
            where = " " + tr("Its results stay in {folder}.").format(
                folder=self.controller.store.root / entry.folder) if entry.folder else ""
            if not self.confirm(tr("Remove run"), tr(
                    "Remove {name} and its curves and test results from the list?").format(
                    name=entry.name) + where):
                return
        self.controller.remove_run(entry.name)

    def confirm(self, title: str, text: str) -> bool:
        """Ask Yes/No (No is the default)."""
        self._question = QMessageBox(QMessageBox.Icon.Question, title, text,
                                     QMessageBox.StandardButton.Yes |
                                     QMessageBox.StandardButton.No, self)  # fmt: skip
        self._question.setDefaultButton(QMessageBox.StandardButton.No)
        return self._question.exec() == QMessageBox.StandardButton.Yes

    def ask_dataset_folder(self, *_checked) -> None:
        """File > Open dataset folder…: the lab comes to the front and reads it (a worker)."""
        folder = dialogs.ask_folder(self, dialogs.DATASETS, tr("Open an MNIST-format dataset "
                                                               "folder"))
        if folder:
            self.show_requested.emit()
            self.controller.results.use_dataset_folder(folder)

    def ask_landscape_npz(self, *_checked) -> None:
        """File > Export landscape grid (NPZ)…: the Landscape tab's finished grid."""
        name = "landscape"  # notr: a file name
        path = dialogs.ask_save(self, dialogs.EXPORTS, tr("Export landscape grid"), name,
                                tr("NumPy arrays (*.npz)"))
        if not path:
            return
        try:
            if self.landscape.export_npz(path):
                self.status_message.emit(tr("Saved {path}").format(path=path))
        except OSError as err:
            self.error_raised.emit(tr("Landscape grid not saved"), str(err))

    def ask_load_weights(self, *_checked) -> None:
        """File > Load weights…: evaluated on the test set in a worker, shown in this lab."""
        path = dialogs.ask_open(self, dialogs.WEIGHTS, tr("Load weights"),
                                tr("Weights (*.safetensors *.pt)"))
        if path:
            self.show_requested.emit()
            self.controller.results.evaluate_weights(path)

    # ---- the lab protocol (lab.ui.common.lab), answered by the controller ---------------------
    def load_default(self) -> None:
        self.controller.apply_preset(DEFAULT_PRESET)

    def save_state(self) -> dict:
        return {**self.controller.save_state(), "landscape": self.landscape.save_state(),
                "inside": self.inside_tab.save_state()}

    def restore_state(self, state: dict) -> bool:
        restored = self.controller.restore_state(state)
        self.landscape.restore_state(state.get("landscape"))
        self.inside_tab.restore_state(state.get("inside"))  # after the preset's own setting
        return restored

    def preset_shown(self):
        return self.presets.shown()

    def file_actions(self) -> list[QAction]:
        return [self.open_dataset_action, self.load_weights_action, self.landscape_npz_action]

    def export_targets(self) -> list[ExportTarget]:
        return [ExportTarget(N_("Loss curves"), self.curves.loss),
                ExportTarget(N_("Accuracy curves"), self.curves.accuracy),
                ExportTarget(N_("Learning-rate curves"), self.curves.lr_plot),
                ExportTarget(N_("Small multiples"), self.grid),
                ExportTarget(N_("Confusion matrix"), self.evaluation.matrix),
                *(ExportTarget(label, widget) for label, widget in
                  self.landscape.export_targets()),
                *self.inside_tab.export_targets()]  # fmt: skip

    def csv_exports(self) -> list[CsvExport]:
        histories = [e.history for e in self.controller.runs if e.history.n]
        landscape = [CsvExport(label, text) for label, text in self.landscape.csv_exports()]
        return ([CsvExport(N_("Training metrics"), partial(metrics_csv, histories))]
                if histories else []) + landscape + self.inside_tab.csv_exports()  # fmt: skip

    def weights_exports(self) -> list[WeightsExport]:
        return self.controller.results.weights_exports(self.controller.selected_entry())

    def folder_exports(self) -> list[FolderExport]:
        """File > Export > TensorBoard log… (every run with rows, its histograms if measured)."""
        if not any(e.history.n for e in self.controller.runs):
            return []
        return [FolderExport(N_("TensorBoard log"), self.tensorboard.write)]

    def animation_sources(self) -> list:
        from lab.ui.train.animation import TrainingGrowth
        from lab.ui.train.inside.animation import HistogramsEvolving
        from lab.ui.train.landscape_animation import PathCrawl

        runs = self.controller.runs
        return [TrainingGrowth(N_("Loss curves"), self.curves.loss, runs),
                TrainingGrowth(N_("Accuracy curves"), self.curves.accuracy, runs),
                TrainingGrowth(N_("Learning rate"), self.curves.lr_plot, runs),
                PathCrawl(N_("Paths over the landscape"), self.landscape),
                HistogramsEvolving(self.inside_tab)]

    def session_section(self) -> SessionSection:
        c = self.controller
        return SessionSection(session_io.SCHEMA, lambda: session_io.section_of(self.save_state()),
                              lambda section: self.restore_state({
                                  **section, "data_folder": c.results.data_folder,
                                  "folders": []}))  # fmt: skip

    def stored_data_in_use(self) -> StoredDataInUse:
        """The run folders the list refers to (RunEntry.folder)."""
        return StoredDataInUse(runs=frozenset(e.folder for e in self.controller.runs
                                              if e.folder))

    def accept_handoff(self, payload: object) -> bool:
        """Train this configuration (the search lab): the trial as a new run, selected."""
        if not isinstance(payload, TrainConfig):
            return False
        self.controller.add_handoff(payload)
        return True

    def shutdown(self) -> None:
        """Stop every run (each saved to its run folder) and join every thread."""
        self.controller.shutdown(self.close_wait_s)


def _on_selected(controller: TrainController, action):
    """``action(name)`` on the selected run, or nothing when none is selected."""
    return lambda: controller.selected and action(controller.selected)


def _pause(controller: TrainController, name: str) -> None:
    controller.set_paused(name, True)


def _default_runs_folder() -> Path:
    """Run folders live in the user's data directory (QStandardPaths.AppDataLocation)."""
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".descent-lab") / "runs"
