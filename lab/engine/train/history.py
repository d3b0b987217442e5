"""What a run has produced so far: per-iteration loss, lr and gradient norm, and the accuracy
measurements; appended from updates, read by the plots, the CLI and the metrics CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from lab.engine.train.training import Update


class History:
    """Growing arrays for one run (amortised appends; views returned are read-only copies)."""

    def __init__(self, name: str):
        self.name = name
        self._it = np.zeros(1024, dtype=np.int64)
        self._loss = np.zeros(1024)
        self._lr = np.zeros(1024)
        self._norm = np.zeros(1024)
        self.n = 0
        self.eval_iteration: list[int] = []
        self.eval_epoch: list[float] = []
        self.train_acc: list[float] = []
        self.val_acc: list[float] = []
        self.total = 0
        self.epoch_of_iteration = 1.0  # epochs per iteration
        self.status = "queued"
        self.elapsed_s = 0.0

    def add(self, update: Update) -> None:
        if self.n == len(self._it):
            for name in ("_it", "_loss", "_lr", "_norm"):
                old = getattr(self, name)
                setattr(self, name, np.concatenate([old, np.zeros_like(old)]))
        i = self.n
        self._it[i], self._loss[i] = update.iteration, update.loss
        self._lr[i], self._norm[i] = update.lr, update.grad_norm
        self.n += 1
        self.total = update.total
        self.epoch_of_iteration = update.epoch / max(update.iteration, 1)
        self.elapsed_s = update.elapsed_s
        if update.train_acc is not None:
            self.eval_iteration.append(update.iteration)
            self.eval_epoch.append(update.epoch)
            self.train_acc.append(update.train_acc)
            self.val_acc.append(update.val_acc)
        if update.status != "running":
            self.status = update.status

    def copy(self) -> History:
        """An independent copy (a finished run hands one over; the original may grow on)."""
        other = History(self.name)
        for name in ("_it", "_loss", "_lr", "_norm"):
            setattr(other, name, getattr(self, name)[: max(self.n, 1)].copy())
        for name in ("eval_iteration", "eval_epoch", "train_acc", "val_acc"):
            setattr(other, name, list(getattr(self, name)))
        for name in ("n", "total", "epoch_of_iteration", "status", "elapsed_s"):
            setattr(other, name, getattr(self, name))
        return other

    @classmethod
    def from_columns(cls, name: str, iterations, loss, lr, grad_norm,
                     evaluations: list[tuple[int, float, float, float]], *, total: int,
                     epoch_of_iteration: float, status: str, elapsed_s: float) -> History:
        """A history rebuilt from saved columns; ``evaluations``: (iteration, epoch, train
        accuracy, validation accuracy) rows."""
        h = cls(name)
        n = len(iterations)
        size = max(n, 1)
        h._it = np.zeros(size, dtype=np.int64)
        h._loss, h._lr, h._norm = np.zeros(size), np.zeros(size), np.zeros(size)
        h._it[:n], h._loss[:n], h._lr[:n], h._norm[:n] = iterations, loss, lr, grad_norm
        h.n, h.total, h.epoch_of_iteration = n, int(total), float(epoch_of_iteration)
        h.status, h.elapsed_s = status, float(elapsed_s)
        for it, epoch, train, val in evaluations:
            h.eval_iteration.append(int(it))
            h.eval_epoch.append(float(epoch))
            h.train_acc.append(float(train))
            h.val_acc.append(float(val))
        return h

    @property
    def iterations(self) -> np.ndarray:
        return self._it[: self.n]

    @property
    def loss(self) -> np.ndarray:
        return self._loss[: self.n]

    @property
    def lr(self) -> np.ndarray:
        return self._lr[: self.n]

    @property
    def grad_norm(self) -> np.ndarray:
        return self._norm[: self.n]

    def progress(self) -> float:
        return self.n and self.iterations[-1] / max(self.total, 1)

    def eta_s(self) -> float | None:
        """Seconds left at the pace so far (None before the first iterations)."""
        done = self.progress()
        ended = self.status in ("finished", "stopped", "diverged", "failed")
        if ended or not 0 < done < 1 or self.elapsed_s <= 0:
            return None
        return self.elapsed_s * (1 - done) / done


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
    for h in histories:
        measured = dict(zip(h.eval_iteration, zip(h.train_acc, h.val_acc, strict=True),
                            strict=True))  # fmt: skip
        for it, loss, lr, norm in zip(h.iterations, h.loss, h.lr, h.grad_norm, strict=True):
            train, val = measured.get(int(it), ("", ""))
            train = f"{train:.6f}" if train != "" else ""
            val = f"{val:.6f}" if val != "" else ""
            rows.append((h.name, it, f"{it * h.epoch_of_iteration:.4f}", f"{loss:.6g}",
                         f"{lr:.6g}", f"{norm:.6g}", train, val))
    header = "run,iteration,epoch,loss,lr,grad_norm,train_acc,val_acc".split(",")
    return csv_text(header, rows)  # the csv module quotes a comma or newline in a run name
