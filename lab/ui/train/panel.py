"""The training lab: MNIST runs side by side, live curves, test results, weights in and out.

Runs are driven by one RunScheduler (time slices in one background thread); this panel keeps
each run's configuration, colour and History, and redraws from the batches of updates the
scheduler sends at display rate.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QFileDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lab.engine.core.devices import apply_thread_budget, resolve_device, thread_budget
from lab.engine.train.history import History, metrics_csv
from lab.engine.train.presets import TRAIN_PRESETS
from lab.engine.train.training import TrainConfig, TrainingRun, cached_data
from lab.ui.common.fields import PALETTE, NumberField
from lab.ui.common.panel import LabPanel, group_box
from lab.ui.common.preset_bar import PresetBar
from lab.ui.scheduler import RunScheduler
from lab.ui.train.accuracy_grid import AccuracyGrid
from lab.ui.train.evaluation_view import EvaluationView
from lab.ui.train.run_editor import RunEditor
from lab.ui.train.run_list import RunList
from lab.ui.train.training_curves import AccuracyCurves, LossCurves, LrCurves

DEFAULT_PRESET = "book-optimizers"
REDRAW_MS = 120  # curves redraw at about 8 Hz: painting holds the GIL the runs need


def make_run(config: TrainConfig) -> TrainingRun:
    """Built in the scheduler's thread: loads (or reuses) the data, builds the model, and sets
    that thread's torch budget so the window keeps a core."""
    apply_thread_budget(thread_budget(leave_for_gui=True))
    device, message = resolve_device(config.device)
    run = TrainingRun(config, cached_data(config.data, device), device)
    run.device_message = message
    return run


class TrainLab(LabPanel):
    title = "Training lab"
    needs = ("torch",)
    run_ended = Signal(str, str)  # run name, status (tests wait on it)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.configs: dict[str, TrainConfig] = {}
        self.colors: dict[str, str] = {}
        self.histories: dict[str, History] = {}
        self.runs: dict[str, TrainingRun] = {}
        self.data_folder: str | None = None
        self.scheduler = RunScheduler("training", self)
        self._build()
        self._dirty: set[str] = set()
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setInterval(REDRAW_MS)
        self._redraw_timer.timeout.connect(self._redraw)
        self._redraw_timer.start()
        self.scheduler.started.connect(self._started)
        self.scheduler.updated.connect(self._updated)
        self.scheduler.ended.connect(self._ended)

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
        actions = (("Add", self.add_run), ("Duplicate", self.duplicate_run),
                   ("Edit…", self.edit_run), ("Remove", self.remove_run),
                   ("Start", self.start_selected), ("Pause", self.pause_selected),
                   ("Stop", self.stop_selected), ("Start all", self.start_all),
                   ("Pause all", self.pause_all), ("Stop all", self.stop_all))  # fmt: skip
        for k, (label, slot) in enumerate(actions):
            button = QPushButton(label)
            button.clicked.connect(slot)
            self.buttons[label] = button
            grid.addWidget(button, k // 4, k % 4)
        self.live_lr = NumberField(0.01, 1e-8, 100.0)
        self.live_lr.setToolTip("Enter: change the selected run's learning rate while it trains")
        self.live_lr.committed.connect(self.set_live_lr)
        grid.addWidget(QLabel("lr, live:"), 2, 2)
        grid.addWidget(self.live_lr, 2, 3)
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
        self.tabs.addTab(curves, "Curves")
        self.tabs.addTab(self.grid, "Small multiples")
        self.tabs.addTab(self.evaluation, "Test results")
        self.tabs.currentChanged.connect(lambda _: self.tabs.currentWidget() is self.grid
                                         and self.show_grid())
        split = QSplitter()
        split.addWidget(group_box("Runs", controls))
        split.addWidget(self.tabs)
        split.setSizes([470, 1030])
        layout = QVBoxLayout(self)
        layout.addWidget(self.presets)
        layout.addWidget(split, 1)
        self._show_dataset()

    # ---- the run list ------------------------------------------------------------------------
    def load_default(self) -> None:
        self.apply_preset(DEFAULT_PRESET)

    def apply_preset(self, key: str) -> None:
        """Replace every run by the preset's (they wait for Start)."""
        self.stop_all()
        for name in list(self.configs):
            self._forget(name)
        self.presets.show_preset(key)
        for config in TRAIN_PRESETS[key].runs:
            self.add_config(config)
        if self.configs:
            self.run_list.select(next(iter(self.configs)))

    def add_config(self, config: TrainConfig) -> None:
        name = config.name
        while name in self.configs:
            name = f"{name}-copy"
        data = replace(config.data, folder=self.data_folder) if self.data_folder else config.data
        self.configs[name] = replace(config, name=name, data=data)
        self.colors[name] = PALETTE[len(self.colors) % len(PALETTE)]
        self.histories[name] = History(name)
        self.run_list.add_run(name, self.colors[name])

    def add_run(self) -> None:
        self.add_config(TrainConfig(f"run-{len(self.configs) + 1}", iterations=500))

    def duplicate_run(self) -> None:
        name = self.run_list.selected()
        if name:
            self.add_config(self.configs[name])

    def edit_run(self) -> None:
        name = self.run_list.selected()
        if not name or self._running(name):
            self.status_message.emit("Select a run that is not training to edit it.")
            return
        editor = RunEditor(self.configs[name], set(self.configs) - {name}, self)
        if editor.exec() == QDialog.DialogCode.Accepted:
            self.replace_config(name, editor.result_config)

    def replace_config(self, name: str, config: TrainConfig) -> None:
        """Swap a run's configuration (a renamed run keeps its place and colour)."""
        color = self.colors[name]
        self._forget(name)
        self.configs[config.name] = config
        self.colors[config.name] = color
        self.histories[config.name] = History(config.name)
        self.run_list.add_run(config.name, color)

    def _pick_color(self, row: int, column: int) -> None:
        if column != 0:
            return
        name = self.run_list.names()[row]
        color = QColorDialog.getColor(QColor(self.colors[name]), self, f"Colour of {name}")
        if color.isValid():
            self.set_color(name, color.name())

    def set_color(self, name: str, color: str) -> None:
        """Recolour a run: its row and its curves (redrawn in the new colour)."""
        self.colors[name] = color
        self.run_list.set_color(name, color)
        for plot in (self.loss, self.accuracy, self.lr_plot):
            plot.remove_run(name)
        self._dirty.add(name)
        self._redraw()

    def remove_run(self) -> None:
        name = self.run_list.selected()
        if name:
            self._forget(name)  # stops it too

    def _forget(self, name: str) -> None:
        self.scheduler.stop(name)
        for plot in (self.loss, self.accuracy, self.lr_plot):
            plot.remove_run(name)
        for store in (self.configs, self.colors, self.histories, self.runs):
            store.pop(name, None)
        if name in self.run_list.names():
            self.run_list.remove_run(name)

    def _running(self, name: str) -> bool:
        return self.run_list.status(name) in ("running", "paused", "starting")

    def save_state(self) -> dict:
        from lab.engine.train.experiments import run_to_entry

        return {"preset": self.presets.combo.currentData(), "data_folder": self.data_folder,
                "runs": [run_to_entry(c) for c in self.configs.values()],
                "colors": [self.colors[n] for n in self.configs]}

    def restore_state(self, state: dict) -> bool:
        """The last session's runs (not their results); anything invalid: the default preset."""
        from lab.engine.train.experiments import ExperimentError, runs_from_entries

        try:
            runs = runs_from_entries(state["runs"])
            colors = [str(c) for c in state.get("colors", [])]
            preset = state.get("preset")
        except (KeyError, TypeError, ExperimentError):
            return False
        if not runs:
            return False
        if preset in TRAIN_PRESETS:
            self.presets.show_preset(preset)
        self.data_folder = state.get("data_folder") or None
        self._show_dataset()
        for k, config in enumerate(runs):
            self.add_config(config)
            if k < len(colors):
                self.set_color(config.name, colors[k])
        return True

    # ---- start, pause, stop ------------------------------------------------------------------
    def start(self, name: str) -> None:
        status = self.run_list.status(name)
        if status == "paused":
            self.scheduler.resume(name)
            self.run_list.set_status(name, "running")
            return
        if status in ("running", "starting"):
            return
        for plot in (self.loss, self.accuracy, self.lr_plot):  # a restart begins afresh
            plot.remove_run(name)
        self.histories[name] = History(name)
        self.run_list.set_status(name, "starting")
        self.scheduler.start_run(name, partial(make_run, self.configs[name]))

    def start_selected(self) -> None:
        if name := self.run_list.selected():
            self.start(name)

    def start_all(self) -> None:
        for name in self.configs:
            self.start(name)

    def pause_selected(self) -> None:
        if (name := self.run_list.selected()) and self._running(name):
            self.scheduler.pause(name)
            self.run_list.set_status(name, "paused")

    def pause_all(self) -> None:
        for name in self.configs:
            if self.run_list.status(name) == "running":
                self.scheduler.pause(name)
                self.run_list.set_status(name, "paused")

    def stop_selected(self) -> None:
        if name := self.run_list.selected():
            self.scheduler.stop(name)

    def stop_all(self) -> None:
        for name in self.configs:
            self.scheduler.stop(name)

    def set_live_lr(self, lr: float) -> None:
        name = self.run_list.selected()
        if name and self._running(name):
            self.scheduler.send(name, ("set_lr", lr))
            self.status_message.emit(f"{name}: learning rate set to {lr:g}")

    # ---- updates from the scheduler ----------------------------------------------------------
    def _started(self, name: str, run) -> None:
        if name not in self.configs:
            return
        self.runs[name] = run
        if self.run_list.status(name) == "starting":
            self.run_list.set_status(name, "running")
        if getattr(run, "device_message", ""):
            self.status_message.emit(f"{name}: {run.device_message}")

    def _updated(self, batch) -> None:
        for update in batch:
            if update.run in self.histories:
                self.histories[update.run].add(update)
                self._dirty.add(update.run)
        self.computed.emit()

    def _redraw(self) -> None:
        touched, self._dirty = self._dirty, set()
        for name in touched & set(self.histories):
            history, color = self.histories[name], self.colors[name]
            self.loss.show_run(history, color)
            self.accuracy.show_run(history, color)
            self.lr_plot.show_run(history, color)
            self.run_list.set_progress(name, history.progress(), history.eta_s())
        if touched and self.tabs.currentWidget() is self.grid:
            self.show_grid()

    def show_grid(self) -> None:
        """Train accuracy per group of runs (the book's batch-norm grid), titled by W std."""
        titles = {name: f"{name.rsplit('-', 1)[0] if name[-1].isdigit() else name} · W std "
                        f"{c.model.init.theoretical_std(100, 100):.2g}"
                  for name, c in self.configs.items()}  # fmt: skip
        self.grid.show_runs(self.histories, self.colors, titles)

    def _ended(self, name: str, status: str, message: str) -> None:
        if name not in self.configs:
            return
        self._redraw()
        history = self.histories[name]
        text = {"diverged": f"diverged at iteration {history.iterations[-1] if history.n else 0}",
                "failed": f"failed: {message}"}.get(status, status)  # fmt: skip
        self.run_list.set_status(name, text)
        if status == "finished":
            self.run_list.set_progress(name, 1.0, None)
        if name == self.run_list.selected():
            self._selection_changed()
        if status == "failed":
            self.status_message.emit(f"{name} failed: {message}")
        self.run_ended.emit(name, status)

    def _selection_changed(self) -> None:
        name = self.run_list.selected()
        run = self.runs.get(name) if name else None
        if name and name in self.configs:
            self.live_lr.set_value(self.configs[name].optimizer.lr)
        if run is None or run.evaluation is None:
            self.evaluation.clear("Select a finished run to see its test results.")
            return
        from lab.data.mnist import load_dataset

        data = load_dataset(run.config.data.folder)
        self.evaluation.show_evaluation(name, run.evaluation, data.test_images,
                                        data.test_labels)  # fmt: skip

    # ---- data, weights, export ---------------------------------------------------------------
    def _show_dataset(self) -> None:
        where = self.data_folder or "bundled MNIST"
        self.dataset.setText(f"Data: {where}")

    def use_dataset_folder(self, folder: str) -> None:
        """Check a folder now (a clear error before anything trains), then use it for runs."""
        from lab.data.mnist import load_folder

        data = load_folder(folder)
        self.data_folder = folder
        for name, config in list(self.configs.items()):
            self.configs[name] = replace(config, data=replace(config.data, folder=folder))
        self._show_dataset()
        self.status_message.emit(f"Dataset {data.name}: {len(data.train_images)} training and "
                                 f"{len(data.test_images)} test images, {data.classes} classes")

    def export_targets(self):
        return [("Loss curves", self.loss), ("Accuracy curves", self.accuracy),
                ("Learning-rate curves", self.lr_plot), ("Small multiples", self.grid),
                ("Confusion matrix", self.evaluation.matrix)]

    def csv_exports(self):
        histories = [h for h in self.histories.values() if h.n]
        return [("Training metrics", partial(metrics_csv, histories))] if histories else []

    def weights_exports(self):
        """(label, writer(path)) for the selected run's trained weights."""
        from lab.engine.train.weights import save_weights

        name = self.run_list.selected()
        run = self.runs.get(name) if name else None
        if run is None or self._running(name):
            return []
        extra = {"run": name, "status": self.run_list.status(name),
                 "test_acc": run.evaluation.test_acc if run.evaluation else None}
        return [(f"Trained weights of {name}",
                 lambda path: save_weights(run.model, run.model_config, path, extra))]

    def evaluate_weights(self, path: str) -> str:
        """Load saved weights, evaluate them on the current test set, show the results."""
        from lab.data.mnist import load_dataset
        from lab.engine.train.training import DataConfig, evaluate_model, prepare_data
        from lab.engine.train.weights import WeightsError, load_weights

        model, config, _meta = load_weights(path)
        data = prepare_data(DataConfig(folder=self.data_folder), "cpu")
        if (config.inputs, config.classes) != (data.test_x.shape[1], data.classes):
            raise WeightsError(f"{Path(path).name} expects {config.inputs} inputs and "
                               f"{config.classes} classes; this dataset has "
                               f"{data.test_x.shape[1]} and {data.classes}")
        evaluation = evaluate_model(model, data.test_x, data.test_y, data.classes)
        images = load_dataset(self.data_folder)
        self.evaluation.show_evaluation(Path(path).stem, evaluation, images.test_images,
                                        images.test_labels)  # fmt: skip
        self.tabs.setCurrentWidget(self.evaluation)
        return f"{Path(path).name}: test accuracy {evaluation.test_acc:.2%}"

    def ask_dataset_folder(self) -> str | None:
        return QFileDialog.getExistingDirectory(self, "Open an MNIST-format dataset folder") or None
