"""The training lab's results side, without a widget: the dataset folder in use, the test
results of the selected run, weights loaded and evaluated, and the trained weights offered for
export. A part of :class:`~lab.ui.train.controller.TrainController` (``controller.results``).

Everything slow here (reading a dataset folder, evaluating loaded weights, reading test images
for the gallery) is a job for one of its workers; the GUI thread only shows the result, through
the signals the evaluation view follows.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from lab.engine.train.records import RunStatus
from lab.engine.train.run_store import RunStore
from lab.engine.train.runs import RunEntry, RunsModel
from lab.ui.common.i18n import tr
from lab.ui.common.lab import WeightsExport
from lab.ui.concurrency.worker import Worker
from lab.ui.train import jobs


class TrainResults(QObject):
    """Test sets read once per dataset folder; one worker per kind of job."""

    status_message = Signal(str)
    evaluation_shown = Signal(str, object, object)  # label, Evaluation, jobs.TestSet
    evaluation_cleared = Signal(str)  # why there is nothing to show
    data_folder_changed = Signal(object)  # the dataset folder (None: the bundled MNIST)
    job_done = Signal(str, str)  # "weights" / "dataset" / "results", message
    job_failed = Signal(str, str)  # the same kinds, one clear message

    def __init__(self, runs: RunsModel, store: RunStore, parent: QObject | None = None):
        super().__init__(parent)
        self.runs, self.store = runs, store
        self.data_folder: str | None = None
        self.test_sets: dict[str | None, jobs.TestSet] = {}
        self._shown: RunEntry | None = None  # the run whose results are asked for
        self.weights_worker = Worker("train-weights", self, ("torch",))
        self.dataset_worker = Worker("train-dataset", self)
        self.results_worker = Worker("train-results", self)
        for worker, kind, done in ((self.weights_worker, "weights", self._weights_evaluated),
                                   (self.dataset_worker, "dataset", self._dataset_read),
                                   (self.results_worker, "results", self._test_set_read)):
            worker.done.connect(done)
            worker.failed.connect(partial(self.job_failed.emit, kind))

    # ---- the selected run's test results ------------------------------------------------------
    def show_run(self, entry: RunEntry | None) -> None:
        """The run's test results, at once when its test set has been read, else once a worker
        has read it."""
        self._shown = entry
        evaluation = entry.result.evaluation if entry and entry.result else None
        if evaluation is None:
            self.evaluation_cleared.emit(tr("Select a finished run to see its test results."))
            return
        folder = entry.config.data.folder
        if folder in self.test_sets:
            self.evaluation_shown.emit(entry.name, evaluation, self.test_sets[folder])
        else:
            self.evaluation_cleared.emit(tr("{name}: reading the test set…").format(
                name=entry.name))
            self.results_worker.submit(partial(jobs.load_test_set, folder))

    def _test_set_read(self, test_set: jobs.TestSet) -> None:
        self.test_sets[test_set.folder] = test_set
        if self._shown is not None and self._shown.name in self.runs:
            self.show_run(self._shown)
        self.job_done.emit("results", "")

    # ---- datasets -----------------------------------------------------------------------------
    def set_data_folder(self, folder: str | None) -> None:
        self.data_folder = folder
        self.data_folder_changed.emit(folder)

    def use_dataset_folder(self, folder: str) -> None:
        """Read and check a folder in a worker; ``job_done`` or ``job_failed`` follows."""
        self.status_message.emit(tr("Reading {folder}…").format(folder=folder))
        self.dataset_worker.submit(partial(jobs.read_dataset_folder, folder))

    def _dataset_read(self, summary: jobs.DatasetSummary) -> None:
        """Queued runs train on the new folder from now on; runs with results keep theirs."""
        self.test_sets[summary.folder] = summary.test_set
        for entry in self.runs:
            if entry.status is RunStatus.QUEUED and not entry.has_results:
                entry.config = replace(entry.config,
                                       data=replace(entry.config.data, folder=summary.folder))
        self.set_data_folder(summary.folder)
        message = tr("Dataset {name}: {train} training and {test} test images, {classes} "
                     "classes").format(name=summary.name, train=summary.train,
                                       test=summary.test, classes=summary.classes)
        self.status_message.emit(message)
        self.job_done.emit("dataset", message)

    # ---- weights ------------------------------------------------------------------------------
    def evaluate_weights(self, path: str) -> None:
        """Load weights and evaluate them on the test set, in a worker."""
        self.status_message.emit(tr("Evaluating {file}…").format(file=Path(path).name))
        self.weights_worker.submit(partial(jobs.evaluate_weights_file, path, self.data_folder))

    def _weights_evaluated(self, done: jobs.WeightsEvaluation) -> None:
        self.test_sets[done.test_set.folder] = done.test_set
        self._shown = None
        self.evaluation_shown.emit(done.label, done.evaluation, done.test_set)
        message = tr("{name}: test accuracy {accuracy}").format(
            name=done.label, accuracy=f"{done.evaluation.test_acc:.2%}")
        self.status_message.emit(message)
        self.job_done.emit("weights", message)

    def weights_exports(self, entry: RunEntry | None) -> list[WeightsExport]:
        """The run's trained weights (kept in memory, or read back from its run folder after
        a restart)."""
        if entry is None or entry.result is None or entry.status.active:
            return []
        if entry.result.weights is None and entry.folder is None:
            return []
        extra = {"run": entry.name, "status": entry.status.value,
                 "test_acc": entry.result.evaluation.test_acc if entry.result.evaluation
                 else None}  # fmt: skip
        return [WeightsExport(tr("Trained weights of {name}").format(name=entry.name),
                              partial(_write_weights, entry.result, self.store, entry.folder,
                                      extra, entry.config), entry.name)]


def _write_weights(result, store: RunStore, folder: str | None, extra: dict, run, path: str):
    """``run``: the run's whole configuration, written into the weights JSON."""
    from lab.engine.train.run_store import StateDict
    from lab.engine.train.weights import load_weights, save_weights

    if result.weights is not None:
        return save_weights(StateDict(result.weights), result.model_config, path, extra, run)
    model, config, _meta = load_weights(store.weights_path(folder))
    return save_weights(model, config, path, extra, run)
