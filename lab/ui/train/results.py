"""The training lab's results side: runs restored from their run folders, test results of
the selected run, datasets and weights read in workers, and the exports; a mixin of
:class:`~lab.ui.train.panel.TrainLab`.

Everything slow here (reading a dataset folder, evaluating loaded weights, reading test images
for the gallery) is a job for one of the lab's workers; the GUI thread only shows the result.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtGui import QColor

from lab.engine.train.history import metrics_csv
from lab.engine.train.presets import TRAIN_PRESETS
from lab.engine.train.records import RunStatus
from lab.engine.train.run_store import RunStore
from lab.engine.train.runs import RunEntry
from lab.ui.common import file_dialogs as dialogs
from lab.ui.common.i18n import N_, tr
from lab.ui.common.lab import CsvExport, ExportTarget, WeightsExport
from lab.ui.train import jobs


class ResultsMixin:
    """Needs from the panel: ``runs``, ``store``, ``data_folder``, ``evaluation``, ``tabs``,
    the plots, ``_test_sets``, the three workers and the ``job_done``/``job_failed``,
    ``status_message`` and ``show_requested`` signals."""

    # ---- settings and run folders -----------------------------------------------------------
    def save_state(self) -> dict:
        from lab.engine.train.experiments import run_to_entry

        entries = list(self.runs)
        return {"preset": self.presets.combo.currentData(), "data_folder": self.data_folder,
                "runs": [run_to_entry(e.config) for e in entries],
                "colors": [e.color for e in entries],
                "folders": [e.folder for e in entries]}

    def restore_state(self, state: dict) -> bool:
        """The last session's runs, with the results saved in their run folders; a damaged
        folder is named in a message and its run comes back queued."""
        from lab.engine.train.experiments import ExperimentError, runs_from_entries

        try:
            configs = runs_from_entries(state["runs"])
            colors = [str(c) for c in state.get("colors", [])]
            folders = list(state.get("folders") or [])
            preset = state.get("preset")
        except (KeyError, TypeError, ExperimentError):
            return False
        if not configs:
            return False
        if preset in TRAIN_PRESETS:
            self.presets.show_preset(preset)
        self.data_folder = state.get("data_folder") or None
        self._show_dataset()
        problems = []
        for k, config in enumerate(configs):
            entry = self.add_config(config, refresh=False)
            if k < len(colors) and QColor.isValidColorName(colors[k]):
                entry.color = colors[k]
            folder = folders[k] if k < len(folders) else None
            if isinstance(folder, str) and folder:
                loaded, bad = self.store.load_many([folder])
                problems += bad
                if loaded:
                    self._attach(entry, loaded[0].result, folder)
        self._refresh_list()
        self._dirty |= {e.name for e in self.runs if e.history.n}
        if problems:
            self.status_message.emit(tr("Not restored: {problems}").format(
                problems="; ".join(problems)))
        return True

    def replace_runs(self, state: dict) -> bool:
        """An opened session's runs (a checked ``save_state`` dict) replace every run, as a
        preset does; runs with results have them in their run folders already."""
        self.stop_all()
        for entry in self.runs.clear():
            self._drop_curves(entry.name)
        self._dirty.clear()
        restored = self.restore_state(state)
        if len(self.runs):
            self.run_list.select(self.runs.names()[0])
        return restored

    @staticmethod
    def _attach(entry: RunEntry, result, folder: str) -> None:
        entry.status = result.status
        entry.result, entry.history, entry.folder = result, result.history, folder

    # ---- test results ------------------------------------------------------------------------
    def _selection_changed(self) -> None:
        entry = self._selected()
        if entry is not None:
            self.live_lr.set_value(entry.config.optimizer.lr)
        evaluation = entry.result.evaluation if entry and entry.result else None
        if evaluation is None:
            self.evaluation.clear(tr("Select a finished run to see its test results."))
            return
        folder = entry.config.data.folder
        if folder in self._test_sets:
            self._show_evaluation(entry.name, evaluation, self._test_sets[folder])
        else:  # reading a dataset takes a while: in a worker, shown when it arrives
            self.evaluation.clear(tr("{name}: reading the test set…").format(name=entry.name))
            self.results_worker.submit(partial(jobs.load_test_set, folder))

    def _test_set_read(self, test_set: jobs.TestSet) -> None:
        self._test_sets[test_set.folder] = test_set
        self._selection_changed()
        self.job_done.emit("results", "")

    def _show_evaluation(self, label: str, evaluation, test_set: jobs.TestSet) -> None:
        self.evaluation.show_evaluation(label, evaluation, test_set.images, test_set.labels)

    # ---- workers: datasets and weights -------------------------------------------------------
    def _show_dataset(self) -> None:
        where = self.data_folder or tr("bundled MNIST")
        self.dataset.setText(tr("Data: {where}").format(where=where))

    def use_dataset_folder(self, folder: str) -> None:
        """Read and check a folder in a worker; ``job_done`` or ``job_failed`` follows."""
        self.status_message.emit(tr("Reading {folder}…").format(folder=folder))
        self.dataset_worker.submit(partial(jobs.read_dataset_folder, folder))

    def _dataset_read(self, summary: jobs.DatasetSummary) -> None:
        """Queued runs train on the new folder from now on; runs with results keep theirs."""
        self.data_folder = summary.folder
        self._test_sets[summary.folder] = summary.test_set
        for entry in self.runs:
            if entry.status is RunStatus.QUEUED and not entry.has_results:
                entry.config = replace(entry.config,
                                       data=replace(entry.config.data, folder=summary.folder))
        self._show_dataset()
        message = tr("Dataset {name}: {train} training and {test} test images, {classes} "
                     "classes").format(name=summary.name, train=summary.train,
                                       test=summary.test, classes=summary.classes)
        self.status_message.emit(message)
        self.job_done.emit("dataset", message)

    def evaluate_weights(self, path: str) -> None:
        """Load weights and evaluate them on the test set, in a worker."""
        self.status_message.emit(tr("Evaluating {file}…").format(file=Path(path).name))
        self.weights_worker.submit(partial(jobs.evaluate_weights_file, path, self.data_folder))

    def _weights_evaluated(self, done: jobs.WeightsEvaluation) -> None:
        self._test_sets[done.test_set.folder] = done.test_set
        self._show_evaluation(done.label, done.evaluation, done.test_set)
        self.tabs.setCurrentWidget(self.evaluation)
        message = tr("{name}: test accuracy {accuracy}").format(
            name=done.label, accuracy=f"{done.evaluation.test_acc:.2%}")
        self.status_message.emit(message)
        self.job_done.emit("weights", message)

    def export_targets(self) -> list[ExportTarget]:
        return [ExportTarget(N_("Loss curves"), self.loss),
                ExportTarget(N_("Accuracy curves"), self.accuracy),
                ExportTarget(N_("Learning-rate curves"), self.lr_plot),
                ExportTarget(N_("Small multiples"), self.grid),
                ExportTarget(N_("Confusion matrix"), self.evaluation.matrix)]

    def csv_exports(self) -> list[CsvExport]:
        histories = [e.history for e in self.runs if e.history.n]
        return [CsvExport(N_("Training metrics"),
                          partial(metrics_csv, histories))] if histories else []

    def animation_sources(self) -> list:
        from lab.ui.train.animation import TrainingGrowth

        return [TrainingGrowth(N_("Loss curves"), self.loss, self.runs),
                TrainingGrowth(N_("Accuracy curves"), self.accuracy, self.runs),
                TrainingGrowth(N_("Learning rate"), self.lr_plot, self.runs)]

    def weights_exports(self) -> list[WeightsExport]:
        """The selected run's trained weights (kept in memory, or read back from its run
        folder after a restart)."""
        entry = self._selected()
        if entry is None or entry.result is None or entry.status.active:
            return []
        extra = {"run": entry.name, "status": entry.status.value,
                 "test_acc": entry.result.evaluation.test_acc if entry.result.evaluation
                 else None}  # fmt: skip
        if entry.result.weights is None and entry.folder is None:
            return []
        return [WeightsExport(tr("Trained weights of {name}").format(name=entry.name),
                              partial(_write_weights, entry.result, self.store, entry.folder,
                                      extra, entry.config), entry.name)]

    def ask_dataset_folder(self, *_checked) -> None:
        """File > Open dataset folder…: the lab comes to the front and reads it (a worker)."""
        folder = dialogs.ask_folder(self, dialogs.DATASETS, tr("Open an MNIST-format dataset "
                                                               "folder"))
        if folder:
            self.show_requested.emit()
            self.use_dataset_folder(folder)

    def ask_load_weights(self, *_checked) -> None:
        """File > Load weights…: evaluated on the test set in a worker, shown in this lab."""
        path = dialogs.ask_open(self, dialogs.WEIGHTS, tr("Load weights"),
                                tr("Weights (*.safetensors *.pt)"))
        if path:
            self.show_requested.emit()
            self.evaluate_weights(path)


def _write_weights(result, store: RunStore, folder: str | None, extra: dict, run, path: str):
    """``run``: the run's whole configuration, written into the weights JSON."""
    from lab.engine.train.run_store import StateDict
    from lab.engine.train.weights import load_weights, save_weights

    if result.weights is not None:
        return save_weights(StateDict(result.weights), result.model_config, path, extra, run)
    model, config, _meta = load_weights(store.weights_path(folder))
    return save_weights(model, config, path, extra, run)


