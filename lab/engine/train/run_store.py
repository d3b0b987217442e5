"""Run folders: each ended run's configuration, metrics and trained weights on disk.

Why: results cost minutes to make, and a window closed, a preset re-applied or a run removed
used to lose them. A run is saved as it ends (finished, stopped or diverged) into a folder of
its own under ``root`` (the UI passes the user's data directory, tests a temporary one)::

    <root>/<timestamp>-<safe run name>/
        run.json             name, colour, status, config (experiment-entry form), evaluation
        metrics.csv          iteration,epoch,loss,lr,grad_norm,train_acc,val_acc (csv module)
        diagnostics.csv      inside-training figures, if measured (docs/files.md), and
        histograms.npz       their histograms with edges, under the stem "run" (read back
                             on load: diagnostics/readback.py)
        weights.safetensors  + weights.json (model config) and weights.pt, via weights.py

A new folder is made for every save, never an existing one reused, so nothing is overwritten.
Loading checks every file; a damaged folder raises :class:`RunStoreError` naming it, and
:meth:`RunStore.load_many` skips it and loads the rest.
"""

from __future__ import annotations

import csv
import io
import json
import math
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lab.engine.train.config import TrainConfig
from lab.engine.train.history import History
from lab.engine.train.records import KEPT, Evaluation, RunResult, RunStatus
from lab.io.files import ExportError, atomic_write_text, csv_text, make_folder
from lab.io.json_files import load_json
from lab.io.names import safe_stem

FORMAT = "descent-lab-run-1"
METRICS_HEADER = ("iteration", "epoch", "loss", "lr", "grad_norm", "train_acc", "val_acc")
WEIGHTS_STEM = "weights"
DIAGNOSTICS_CSV, HISTOGRAMS_NPZ = "diagnostics.csv", "histograms.npz"  # with --diagnostics
MAX_METRICS_BYTES = 200_000_000  # a metrics file larger than this is not ours


class RunStoreError(ValueError):
    """A run folder that cannot be written or read; the message names it."""


@dataclass(frozen=True, eq=False)
class StoredRun:
    """A run loaded back from its folder (weights stay on disk until asked for)."""

    folder: Path
    config: TrainConfig
    color: str
    result: RunResult
    message: str = ""


class StateDict:
    """What save_weights needs from a model: its state_dict (here, the result's CPU copy)."""

    def __init__(self, tensors: dict):
        self._tensors = tensors

    def state_dict(self) -> dict:
        return self._tensors


class RunStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    # ---- writing -----------------------------------------------------------------------------
    def save(self, config: TrainConfig, color: str, result: RunResult,
             message: str = "") -> Path:
        """Write a new run folder for ``result``; returns it. Failures: RunStoreError."""
        try:
            folder = self._new_folder(config.name)
        except OSError as err:
            raise RunStoreError(f"cannot create a run folder in {self.root}: {err}") from None
        try:
            if result.weights is not None:
                from lab.engine.train.weights import save_weights

                rows = result.history.snapshot()  # "iterations": where the weights are
                save_weights(StateDict(result.weights), result.model_config,
                             folder / WEIGHTS_STEM, {"run": config.name,
                                                     "status": result.status.value,
                                                     "iterations": int(rows.iterations[-1])
                                                     if rows.n else 0},
                             run=config)  # fmt: skip
            atomic_write_text(folder / "metrics.csv", history_csv(result.history))
            if result.diagnostics is not None:
                _save_diagnostics(folder, config.name, result.diagnostics.snapshot())
            # run.json last: a folder without it is an interrupted save, reported on load
            atomic_write_text(folder / "run.json", json.dumps(
                _run_json(config, color, result, message), indent=2) + "\n")
        except (ExportError, OSError) as err:
            raise RunStoreError(f"run {config.name!r} not saved to {folder}: {err}") from None
        return folder

    def _new_folder(self, name: str) -> Path:
        make_folder(self.root)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        base = f"{stamp}-{safe_stem(name)}"
        for k in range(1000):
            folder = self.root / (base if k == 0 else f"{base}-{k + 1}")
            try:
                folder.mkdir()
            except FileExistsError:
                continue
            return folder
        raise OSError(f"too many run folders named {base}")

    # ---- reading -----------------------------------------------------------------------------
    def load(self, folder: str | Path) -> StoredRun:
        """One run folder back; RunStoreError naming the folder if anything is wrong."""
        folder = self.root / folder
        try:
            return _load(folder)
        except RunStoreError:
            raise
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError,
                MemoryError) as err:
            reason = str(err).strip().splitlines()[0] if str(err).strip() else \
                type(err).__name__
            raise RunStoreError(f"run folder {folder.name} is damaged: {reason}") from None

    def load_many(self, folders: list[str]) -> tuple[list[StoredRun], list[str]]:
        """(loaded runs, one message per damaged folder): a bad folder never stops the rest."""
        loaded, problems = [], []
        for name in folders:
            try:
                loaded.append(self.load(name))
            except RunStoreError as err:
                problems.append(str(err))
        return loaded, problems

    def weights_path(self, folder: str | Path) -> Path:
        return self.root / folder / f"{WEIGHTS_STEM}.safetensors"


def _save_diagnostics(folder: Path, name: str, snapshot) -> None:
    """The run's inside-training measurements, in the CLI's formats (docs/files.md)."""
    from lab.engine.train.diagnostics.files import (
        diagnostics_csv,
        histogram_arrays,
        write_histograms,
    )

    atomic_write_text(folder / DIAGNOSTICS_CSV, diagnostics_csv([(name, snapshot)]))
    write_histograms(folder / HISTOGRAMS_NPZ, histogram_arrays("run", name, snapshot))


def _load_diagnostics(folder: Path, activation: str):
    """The run's inside-training measurements, if it saved any (both files or neither)."""
    csv_path, npz_path = folder / DIAGNOSTICS_CSV, folder / HISTOGRAMS_NPZ
    if not (csv_path.exists() or npz_path.exists()):
        return None
    from lab.engine.train.diagnostics.readback import read_diagnostics

    return read_diagnostics(csv_path, npz_path, activation)


def history_csv(history: History) -> str:
    """One run's history as CSV; accuracies only on the iterations where they were measured."""
    history = history.snapshot()
    measured = {it: (train, val) for it, train, val in
                zip(history.eval_iteration.tolist(), history.train_acc.tolist(),
                    history.val_acc.tolist(), strict=True)}  # fmt: skip
    rows = []
    for it, loss, lr, norm in zip(history.iterations, history.loss, history.lr,
                                  history.grad_norm, strict=True):  # fmt: skip
        train, val = measured.get(int(it), (None, None))
        rows.append((int(it), repr(float(it * history.epoch_of_iteration)), repr(float(loss)),
                     repr(float(lr)), repr(float(norm)),
                     "" if train is None else repr(float(train)),
                     "" if val is None else repr(float(val))))  # fmt: skip
    return csv_text(METRICS_HEADER, rows)


def _run_json(config: TrainConfig, color: str, result: RunResult, message: str) -> dict:
    from lab.engine.train.experiments import run_to_entry

    h, ev = result.history.snapshot(), result.evaluation
    evaluation = None if ev is None else {
        "test_acc": ev.test_acc, "confusion": ev.confusion.tolist(),
        "wrong_index": ev.wrong_index.tolist(), "wrong_pred": ev.wrong_pred.tolist()}
    return {"format": FORMAT, "name": config.name, "color": color,
            "status": result.status.value,
            "message": message, "diverged_at": result.diverged_at, "config": run_to_entry(config),
            "history": {"total": h.total, "epoch_of_iteration": h.epoch_of_iteration,
                        "elapsed_s": h.elapsed_s, "rows": h.n},
            "weights": result.weights is not None, "evaluation": evaluation}


def _load(folder: Path) -> StoredRun:
    from lab.engine.train.experiments import ExperimentError, runs_from_entries
    from lab.engine.train.models import ModelConfig

    meta_path = folder / "run.json"
    if not meta_path.is_file():
        raise RunStoreError(f"run folder {folder.name} is damaged: run.json is missing")
    meta = load_json(meta_path.read_bytes(), "run.json")  # a ValueError: "damaged: ..." above
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise RunStoreError(f"run folder {folder.name} is damaged: run.json is not a run file")
    try:
        (config,) = runs_from_entries([meta["config"]], f"run folder {folder.name}")
    except ExperimentError as err:
        raise RunStoreError(str(err)) from None
    status = RunStatus.parse(meta["status"], KEPT)
    h = meta["history"]
    history = _read_history(folder / "metrics.csv", config.name, h)
    if history.n != int(h["rows"]):
        raise ValueError(f"metrics.csv has {history.n} rows, run.json says {h['rows']}")
    evaluation = _evaluation(meta.get("evaluation"))
    weights_file = folder / f"{WEIGHTS_STEM}.safetensors"
    if meta.get("weights") and not weights_file.is_file():
        raise ValueError(f"{weights_file.name} is missing")
    model_config = config.model
    if weights_file.is_file():
        model_meta = load_json((folder / f"{WEIGHTS_STEM}.json").read_bytes(),
                               f"{WEIGHTS_STEM}.json")
        model_config = ModelConfig.from_dict(model_meta["model"])
    diverged_at = meta.get("diverged_at")
    result = RunResult(status, history, model_config, None, evaluation,
                       None if diverged_at is None else int(diverged_at),
                       _load_diagnostics(folder, model_config.activation))
    return StoredRun(folder, config, str(meta.get("color", "")), result,
                     str(meta.get("message", "")))


def _read_history(path: Path, name: str, h: dict) -> History:
    if path.stat().st_size > MAX_METRICS_BYTES:
        raise ValueError(f"{path.name} is larger than any run writes")
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
    header = next(reader, None)
    if tuple(header or ()) != METRICS_HEADER:
        raise ValueError(f"{path.name} does not start with {','.join(METRICS_HEADER)}")
    columns: list[list[float]] = [[], [], [], []]
    evaluations = []
    for line, row in enumerate(reader, start=2):
        if len(row) != len(METRICS_HEADER):
            raise ValueError(f"{path.name} line {line} has {len(row)} fields")
        it = int(row[0])
        for column, text in zip(columns, (row[0], row[2], row[3], row[4]), strict=True):
            column.append(float(text))
        if row[5] != "":
            evaluations.append((it, float(row[1]), float(row[5]), float(row[6])))
    iterations = np.array(columns[0], dtype=np.int64)
    if len(iterations) and np.any(np.diff(iterations) <= 0):
        raise ValueError(f"{path.name}: iterations are not increasing")
    epoch_rate = float(h["epoch_of_iteration"])
    if not math.isfinite(epoch_rate):
        raise ValueError("epoch_of_iteration is not a number")
    return History.from_columns(name, iterations, np.array(columns[1]), np.array(columns[2]),
                                np.array(columns[3]), evaluations, total=int(h["total"]),
                                epoch_of_iteration=epoch_rate,
                                elapsed_s=float(h["elapsed_s"]))  # fmt: skip


def _evaluation(data) -> Evaluation | None:
    if data is None:
        return None
    confusion = np.asarray(data["confusion"], dtype=np.int64)
    if confusion.ndim != 2 or confusion.shape[0] != confusion.shape[1]:
        raise ValueError("the confusion matrix is not square")
    wrong_index = np.asarray(data["wrong_index"], dtype=np.int64).reshape(-1)
    wrong_pred = np.asarray(data["wrong_pred"], dtype=np.int64).reshape(-1)
    if len(wrong_index) != len(wrong_pred):
        raise ValueError("mistakes and predictions differ in length")
    test_acc = float(data["test_acc"])
    if not 0.0 <= test_acc <= 1.0:
        raise ValueError("test accuracy outside [0, 1]")
    return Evaluation(test_acc, confusion, wrong_index, wrong_pred)
