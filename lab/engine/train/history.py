"""What a run has produced so far: per-iteration loss, lr and gradient norm, and the accuracy
measurements; appended by the run's generator, read by the plots, the CLI and the run store.

One history per run, one writer: the run's generator appends as it trains (in the runner's
thread, or the CLI's), while the window redraws from the same object at ~8 Hz in another
thread, and the run's :class:`~lab.engine.train.records.RunResult` hands that same object to
the run folder when it ends. Readers never see a half-appended row: :meth:`History.add`
writes a row and advances the length under the history's lock, :meth:`History.snapshot`
takes the length and the arrays under it, and a row below the length is never written again
(growing copies into new arrays), so a snapshot's columns always have the same rows and keep
their values without copying. A run seals its history when it ends; a sealed history refuses
appends.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

import numpy as np


class Row(Protocol):
    """What :meth:`History.add` reads from one iteration (``records.Update`` is one)."""

    @property
    def iteration(self) -> int: ...
    @property
    def total(self) -> int: ...
    @property
    def epoch(self) -> float: ...
    @property
    def loss(self) -> float: ...
    @property
    def lr(self) -> float: ...
    @property
    def grad_norm(self) -> float: ...
    @property
    def train_acc(self) -> float | None: ...
    @property
    def val_acc(self) -> float | None: ...
    @property
    def elapsed_s(self) -> float: ...


class HistoryError(RuntimeError):
    """An append to a history whose run has ended."""


@dataclass(frozen=True, eq=False)
class HistorySnapshot:
    """A history as it stood at one moment: read-only columns, all with the same rows."""

    name: str
    iterations: np.ndarray
    loss: np.ndarray
    lr: np.ndarray
    grad_norm: np.ndarray
    eval_iteration: np.ndarray  # the iterations where accuracy was measured
    eval_epoch: np.ndarray
    train_acc: np.ndarray
    val_acc: np.ndarray
    total: int
    epoch_of_iteration: float  # epochs per iteration
    elapsed_s: float

    @property
    def n(self) -> int:
        return len(self.iterations)

    def progress(self) -> float:
        return float(self.iterations[-1]) / max(self.total, 1) if self.n else 0.0

    def eta_s(self) -> float | None:
        """Seconds left at the pace so far (None before the first iterations and at the end;
        whether the run still trains is its status's business, not the history's)."""
        done = self.progress()
        if not 0 < done < 1 or self.elapsed_s <= 0:
            return None
        return self.elapsed_s * (1 - done) / done


class _Columns:
    """Append-only columns. A row below ``n`` is never written again: growing copies into
    new arrays, so views handed out earlier keep their values."""

    def __init__(self, dtypes: tuple, capacity: int):
        self.arrays = [np.zeros(max(capacity, 1), dtype=d) for d in dtypes]
        self.n = 0

    def append(self, values: tuple) -> None:
        if self.n == len(self.arrays[0]):
            self.arrays = [np.concatenate([a, np.zeros_like(a)]) for a in self.arrays]
        for array, value in zip(self.arrays, values, strict=True):
            array[self.n] = value
        self.n += 1

    def views(self) -> list[np.ndarray]:
        views = [a[: self.n] for a in self.arrays]
        for view in views:
            view.flags.writeable = False
        return views


STEP_COLUMNS = (np.int64, np.float64, np.float64, np.float64)  # iteration, loss, lr, grad norm
EVAL_COLUMNS = (np.int64, np.float64, np.float64, np.float64)  # iteration, epoch, train, val


class History:
    """One run's rows: appended by its generator, read through :meth:`snapshot`."""

    def __init__(self, name: str, capacity: int = 1024):
        self.name = name
        self._lock = threading.Lock()
        self._steps = _Columns(STEP_COLUMNS, capacity)
        self._evals = _Columns(EVAL_COLUMNS, 16)
        self._total = 0
        self._epoch_of_iteration = 1.0
        self._elapsed_s = 0.0
        self._sealed = False

    @property
    def n(self) -> int:
        """Rows so far (one int, read at once: no lock needed)."""
        return self._steps.n

    @property
    def sealed(self) -> bool:
        return self._sealed

    def add(self, update: Row) -> None:
        with self._lock:
            if self._sealed:
                raise HistoryError(f"run {self.name!r} has ended: its history is complete")
            self._steps.append((update.iteration, update.loss, update.lr, update.grad_norm))
            if update.train_acc is not None:
                self._evals.append((update.iteration, update.epoch, update.train_acc,
                                    update.val_acc))  # fmt: skip
            self._total = update.total
            self._epoch_of_iteration = update.epoch / max(update.iteration, 1)
            self._elapsed_s = update.elapsed_s

    def seal(self) -> None:
        """The run has ended: from now on the history only answers questions."""
        with self._lock:
            self._sealed = True

    def snapshot(self) -> HistorySnapshot:
        """Every column up to the same row, as it stands now (views, not copies)."""
        with self._lock:
            steps, evals = self._steps.views(), self._evals.views()
            total, rate, elapsed = self._total, self._epoch_of_iteration, self._elapsed_s
        return HistorySnapshot(self.name, *steps, *evals, total=total,
                               epoch_of_iteration=rate, elapsed_s=elapsed)  # fmt: skip

    @classmethod
    def from_columns(cls, name: str, iterations, loss, lr, grad_norm,
                     evaluations: list[tuple[int, float, float, float]], *, total: int,
                     epoch_of_iteration: float, elapsed_s: float) -> History:
        """A sealed history rebuilt from saved columns; ``evaluations``: (iteration, epoch,
        train accuracy, validation accuracy) rows."""
        h = cls(name, capacity=len(iterations))
        for row in zip(iterations, loss, lr, grad_norm, strict=True):
            h._steps.append(row)
        for row in evaluations:
            h._evals.append(tuple(row))
        h._total, h._epoch_of_iteration = int(total), float(epoch_of_iteration)
        h._elapsed_s = float(elapsed_s)
        h._sealed = True
        return h


def smooth(values: np.ndarray, window: int = 50) -> np.ndarray:
    """Trailing moving average (shorter at the start), the usual way to read a noisy loss."""
    if len(values) == 0:
        return values
    window = max(1, min(window, len(values)))
    cumulative = np.cumsum(np.insert(values, 0, 0.0))
    counts = np.minimum(np.arange(1, len(values) + 1), window)
    start = np.arange(1, len(values) + 1) - counts
    return (cumulative[np.arange(1, len(values) + 1)] - cumulative[start]) / counts


def metrics_csv(histories: list[History]) -> str:
    """run,iteration,epoch,loss,lr,grad_norm,train_acc,val_acc (accuracies where measured)."""
    from lab.io.files import csv_text

    rows = []
    for h in (history.snapshot() for history in histories):
        measured = dict(zip(h.eval_iteration.tolist(),
                            zip(h.train_acc.tolist(), h.val_acc.tolist(), strict=True),
                            strict=True))  # fmt: skip
        for it, loss, lr, norm in zip(h.iterations, h.loss, h.lr, h.grad_norm, strict=True):
            train, val = measured.get(int(it), ("", ""))
            train = f"{train:.6f}" if train != "" else ""
            val = f"{val:.6f}" if val != "" else ""
            rows.append((h.name, it, f"{it * h.epoch_of_iteration:.4f}", f"{loss:.6g}",
                         f"{lr:.6g}", f"{norm:.6g}", train, val))
    header = "run,iteration,epoch,loss,lr,grad_norm,train_acc,val_acc".split(",")
    return csv_text(header, rows)  # the csv module quotes a comma or newline in a run name
