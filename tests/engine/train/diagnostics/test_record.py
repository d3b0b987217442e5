"""Thinning keeps step 0 and the latest, and every 2^k-th measurement; bins only grow."""

from __future__ import annotations

import numpy as np
import torch

from lab.engine.train.diagnostics.bins import BinAxis
from lab.engine.train.diagnostics.record import DiagnosticsRecord, Histogram, Measurement


def measurement(index: int, bins: int = 100) -> Measurement:
    nan = np.full(2, np.nan)
    hist = Histogram(0, np.zeros(bins, dtype=np.int64))
    return Measurement(index, 10 * index, np.zeros((2, 5, 5)), nan, nan, nan, nan, nan,
                       ((hist,) * 5, (hist,) * 5), 0.001)  # fmt: skip


def test_thinning_keeps_step_zero_the_latest_and_every_stride_th():
    one = measurement(0).nbytes
    record = DiagnosticsRecord(("1", "2"), "relu", budget_bytes=20 * one)
    for i in range(1000):
        record.add(measurement(i))
        snap = record.snapshot()
        kept = [m.index for m in snap.measurements]
        assert kept[0] == 0 and kept[-1] == i
        assert all(k % snap.stride == 0 for k in kept[:-1])
        assert len(kept) <= 20
        assert kept == sorted(set(kept))
    assert snap.stride == 64 and snap.taken == 1000
    # the same count of measurements gives the same kept set, whatever happened before
    again = DiagnosticsRecord(("1", "2"), "relu", budget_bytes=20 * one)
    for i in range(1000):
        again.add(measurement(i))
    assert [m.index for m in again.snapshot().measurements] == kept


def test_a_budget_that_holds_everything_keeps_everything():
    record = DiagnosticsRecord(("1", "2"), "relu", budget_bytes=10**9)
    for i in range(300):
        record.add(measurement(i))
    assert [m.index for m in record.snapshot().measurements] == list(range(300))


def test_bins_grow_by_adding_bins_of_the_same_width_never_rebinning():
    axis = BinAxis.around(-1.0, 1.0, 10, 0.5, max_bins=20)
    edges = axis.edges()
    assert np.allclose(edges, np.linspace(-2, 2, 11))
    values = torch.tensor([0.1, 2.5, -2.1, 9.0, float("nan"), float("inf")],
                          dtype=torch.float64)  # fmt: skip
    finite = torch.isfinite(values)
    cells = axis.grid_indices(torch.where(finite, values, 0.0), finite)
    grid = np.bincount(cells.numpy(), minlength=axis.grid_size)
    start, counts, under, over, nonfinite = axis.take(grid)
    assert (start, len(counts)) == (-1, 13)  # one bin below, two above: -2.4 .. 3.2
    grown = axis.edges()
    assert np.allclose(grown[1:12], edges)  # the old edges are still edges
    assert np.allclose(np.diff(grown), 0.4)
    # 9.0 would need bins up to 9.2, past the 20 bins allowed: counted as overflow, not binned
    assert counts.sum() == 3 and (under, over, nonfinite) == (0, 1, 2)


def test_a_constant_first_measurement_still_gets_bins():
    axis = BinAxis.around(0.0, 0.0, 8, 0.5, max_bins=64)
    assert axis.width > 0 and axis.edges()[0] < 0 < axis.edges()[-1]
