"""The measurements a run's diagnostics kept: every one up to a memory budget, then thinned
deterministically.

Why this rule: TensorBoard keeps a random sample of 500 steps, so step 0 can vanish. Here
measurement m (0, 1, 2, … in the order taken) is kept while the budget allows; when the
budget is exceeded the stride doubles and only measurements with ``m % stride == 0`` stay,
plus the latest. Step 0 (m = 0) and the latest are therefore always kept, and which ones
stay depends only on how many were taken, never on chance or timing.

One writer (the run's thread), many readers (the window): :meth:`DiagnosticsRecord.snapshot`
hands out the tuple of measurements as it stands, under the lock; measurements are immutable.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from lab.engine.train.diagnostics.config import KINDS

STATS = ("count", "mean", "std", "min", "max")  # per layer and kind, over the finite values


@dataclass(frozen=True, eq=False)
class Histogram:
    """One (layer, kind)'s counts: bins ``[start, start + len(counts))`` of its axis."""

    start: int
    counts: np.ndarray
    under: int = 0
    over: int = 0
    nonfinite: int = 0


@dataclass(frozen=True, eq=False)
class Measurement:
    """One measurement of every layer; NaN where a figure does not apply (no activation
    after the output layer, dead units of a sigmoid, the update before step 0)."""

    index: int  # m: the measurement's ordinal, which thinning reads
    iteration: int  # optimizer steps taken before it
    stats: np.ndarray  # (layers, kinds, STATS)
    dead_probe: np.ndarray  # (layers,) units <= 0 on the whole probe batch (ReLU)
    dead_trained: np.ndarray  # (layers,) units never active on the minibatches trained since
    saturated: np.ndarray  # (layers,) sigmoid outputs < 0.01 or > 0.99; tanh |a| > 0.99
    update_ratio: np.ndarray  # (layers,) ||W_after - W_before|| / ||W_before|| of the last step
    grad_norm: np.ndarray  # (layers,) ||dL/dW|| on the probe batch
    histograms: tuple  # layers x kinds tuples of Histogram (None where a kind does not apply)
    cost_s: float  # wall time this measurement took (the update ratio's copy included)

    def stat(self, layer: int, kind: str, name: str) -> float:
        return float(self.stats[layer, KINDS.index(kind), STATS.index(name)])

    @property
    def nbytes(self) -> int:
        arrays = (self.stats, self.dead_probe, self.dead_trained, self.saturated,
                  self.update_ratio, self.grad_norm)  # fmt: skip
        hist = sum(h.counts.nbytes + 64 for row in self.histograms for h in row if h is not None)
        return sum(a.nbytes for a in arrays) + hist + 256


@dataclass(frozen=True, eq=False)
class DiagnosticsSnapshot:
    """The record as it stood: layer names, each (layer, kind)'s bin axis, the measurements."""

    layers: tuple[str, ...]
    activation: str
    origin: np.ndarray  # (layers, kinds): left edge of bin 0
    width: np.ndarray  # (layers, kinds): bin width
    measurements: tuple[Measurement, ...]
    stride: int
    taken: int  # measurements taken, kept or not

    @property
    def iterations(self) -> np.ndarray:
        return np.array([m.iteration for m in self.measurements], dtype=np.int64)

    def edges(self, layer: int, kind: str, start: int, bins: int) -> np.ndarray:
        k = KINDS.index(kind)
        return self.origin[layer, k] + self.width[layer, k] * np.arange(start, start + bins + 1)

    def series(self, name: str) -> np.ndarray:
        """(measurements, layers) of a per-layer figure: dead_probe, update_ratio, ..."""
        rows = [getattr(m, name) for m in self.measurements]
        return np.array(rows, dtype=np.float64).reshape(len(rows), len(self.layers))

    def cost_ms_per_iteration(self) -> float:
        """The diagnostics' wall time spread over the iterations measured so far."""
        if not self.measurements or self.measurements[-1].iteration == 0:
            return float("nan")
        total = sum(m.cost_s for m in self.measurements) * self.taken / len(self.measurements)
        return 1e3 * total / self.measurements[-1].iteration


class DiagnosticsRecord:
    """One run's measurements, thinned to ``budget_bytes``."""

    def __init__(self, layers: tuple[str, ...], activation: str, budget_bytes: int):
        self.layers, self.activation = layers, activation
        self.budget_bytes = int(budget_bytes)
        self._lock = threading.Lock()
        self._kept: list[Measurement] = []
        self._bytes = 0
        self.stride = 1
        self.taken = 0
        shape = (len(layers), len(KINDS))
        self.origin, self.width = np.zeros(shape), np.ones(shape)

    def set_axes(self, origin: np.ndarray, width: np.ndarray) -> None:
        """The bin axes (fixed after the first measurement; only bins are added later)."""
        with self._lock:
            self.origin, self.width = origin.copy(), width.copy()

    def add(self, measurement: Measurement) -> None:
        with self._lock:
            if self._kept and self._kept[-1].index % self.stride:
                self._bytes -= self._kept.pop().nbytes  # the latest kept only while latest
            self._kept.append(measurement)
            self._bytes += measurement.nbytes
            self.taken = measurement.index + 1
            while self._bytes > self.budget_bytes and len(self._kept) > 2:
                self.stride *= 2
                latest = self._kept[-1]
                self._kept = [m for m in self._kept[:-1] if m.index % self.stride == 0]
                self._kept.append(latest)
                self._bytes = sum(m.nbytes for m in self._kept)

    def snapshot(self) -> DiagnosticsSnapshot:
        with self._lock:
            return DiagnosticsSnapshot(self.layers, self.activation, self.origin.copy(),
                                       self.width.copy(), tuple(self._kept), self.stride,
                                       self.taken)  # fmt: skip

    @property
    def n(self) -> int:
        return len(self._kept)
