"""The training lab's slow work, as plain functions the lab's workers run off the GUI thread.

Each takes plain values and returns plain values (numpy arrays, small dataclasses); none touches
a widget. Reading a dataset folder (~0.6 s), preparing the test set and evaluating loaded weights
(~2 s with the torch import) used to freeze the window; here they are jobs for a ``Worker``.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lab.engine.core.devices import resolve_device
from lab.engine.train.config import DataConfig, TrainConfig
from lab.engine.train.data import cached_data
from lab.engine.train.diagnostics.config import DiagnosticsConfig
from lab.engine.train.diagnostics.record import DiagnosticsRecord
from lab.engine.train.experiments import run_to_entry
from lab.engine.train.history import History
from lab.engine.train.landscape.probed_run import ProbedRun, write_sharpness
from lab.engine.train.landscape.probes import ProbeConfig
from lab.engine.train.records import Evaluation, RunResult, RunStatus
from lab.engine.train.run_store import WEIGHTS_STEM, RunStore, RunStoreError
from lab.engine.train.training import TrainingRun
from lab.ui.concurrency import Lock


@dataclass(frozen=True, eq=False)
class TestSet:
    """A dataset's test images and labels, for the gallery of mistakes."""

    folder: str | None
    images: np.ndarray
    labels: np.ndarray


@dataclass(frozen=True, eq=False)
class DatasetSummary:
    folder: str
    name: str
    train: int
    test: int
    classes: int
    test_set: TestSet


@dataclass(frozen=True, eq=False)
class WeightsEvaluation:
    label: str  # the loaded file's name: the results are shown under it
    evaluation: Evaluation
    test_set: TestSet


class RunJobs:
    """The two jobs the runner does for the lab's runs, both in its thread: make a run, and
    take its result and save it to a new run folder as it ends.

    The colour is the window's (each run's entry has one); the run folder records the one the
    entry had when the run started, kept here beside the run rather than stuck onto it.
    """

    def __init__(self, store: RunStore):
        self.store = store
        self._colors: weakref.WeakKeyDictionary[TrainingRun, str] = weakref.WeakKeyDictionary()
        # each started run's diagnostics record by its history (the entry's, fresh per start):
        # written in the runner's thread, read by the window while the run trains
        self._records: weakref.WeakKeyDictionary[History, DiagnosticsRecord] = (
            weakref.WeakKeyDictionary()
        )
        self._records_lock = Lock()

    def make_run(self, config: TrainConfig, history: History, color: str,
                 probes: ProbeConfig | None = None, rows: list | None = None,
                 diagnostics: DiagnosticsConfig | None = None):  # fmt: skip
        """Loads (or reuses) the data and builds the model; the run appends to ``history`` (its
        entry's). The run is a :class:`ProbedRun`: with active ``probes`` it keeps snapshots
        and measures sharpness as it trains, and with or without them it takes "Measure
        sharpness now" (:meth:`ProbedRun.measure_now`); its sharpness rows go to ``rows`` as
        they come. With ``diagnostics`` it measures inside itself (:meth:`record_of`).
        Torch's threads are not set here: set from a worker thread while another thread runs
        torch ops, they crashed the process (lab.ui.app sets them once, at start)."""
        device, message = resolve_device(config.device)
        run = TrainingRun(config, cached_data(config.data, device), device, history,
                          device_message=message, diagnostics=diagnostics)  # fmt: skip
        if run.diagnostics is not None:
            with self._records_lock:
                self._records[history] = run.diagnostics.record
        run = ProbedRun(run, probes or ProbeConfig(), rows)  # inactive probes cost nothing
        self._colors[run] = color
        return run

    def record_of(self, history: History) -> DiagnosticsRecord | None:
        """The diagnostics record of the run appending to ``history`` (None: not measured)."""
        with self._records_lock:
            return self._records.get(history)

    def take_result(self, run: TrainingRun,
                    status: RunStatus) -> tuple[RunResult, str | None, str]:
        """The run's immutable result, saved. Returns (result, folder name or None, why it
        was not saved)."""
        result = run.result(status)
        try:
            folder = self.store.save(run.config, self._colors.get(run, ""), result)
        except RunStoreError as err:
            return result, None, str(err)
        if isinstance(run, ProbedRun):  # its snapshots and sharpness, in its folder too
            try:
                run.save(folder / WEIGHTS_STEM, run_to_entry(run.config))
                write_sharpness(folder, run.probes.rows)
            except (OSError, ValueError) as err:
                return result, folder.name, f"snapshots or sharpness not saved: {err}"
        return result, folder.name, ""


def load_test_set(folder: str | None) -> TestSet:
    from lab.data.mnist import load_dataset

    data = load_dataset(folder)
    return TestSet(folder, data.test_images, data.test_labels)


def read_dataset_folder(folder: str) -> DatasetSummary:
    """Read and validate every file of an MNIST-format folder (a clear IdxError otherwise)."""
    from lab.data.mnist import load_folder

    data = load_folder(folder)
    return DatasetSummary(folder, data.name, len(data.train_images), len(data.test_images),
                          data.classes, TestSet(folder, data.test_images,
                                                   data.test_labels))  # fmt: skip


def evaluate_weights_file(path: str, data_folder: str | None) -> WeightsEvaluation:
    """Load saved weights and evaluate them on the current dataset's test set."""
    from lab.engine.train.evaluation import evaluate_model
    from lab.engine.train.weights import WeightsError, load_weights

    model, config, _meta = load_weights(path)
    data = cached_data(DataConfig(folder=data_folder), "cpu")
    if (config.inputs, config.classes) != (data.test_x.shape[1], data.classes):
        raise WeightsError(f"{Path(path).name} expects {config.inputs} inputs and "
                           f"{config.classes} classes; this dataset has "
                           f"{data.test_x.shape[1]} and {data.classes}")
    evaluation = evaluate_model(model, data.test_x, data.test_y, data.classes)
    return WeightsEvaluation(Path(path).name, evaluation, load_test_set(data_folder))
