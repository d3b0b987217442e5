"""One compiled pass per tensor: its statistics and its counts on the fixed bin grid.

Why compiled (CPU runs): through torch the same work is ~20 passes over every value (float64
copies, a finiteness check, ``std_mean``, ``aminmax``, the bin arithmetic and its edge
corrections, an index vector, ``bincount``), ~6 ms of the ~9.5 ms a measurement of the book's
MLP took, six times an epoch. Here each tensor is read twice (the second pass only for the
spread about the mean) and counted straight into its slice of the grid. The cell is the
one :meth:`~lab.engine.train.diagnostics.bins.BinAxis.grid_indices` gives: a first guess within
one bin of the truth, then settled by the edges themselves in float64, so both backends put
every value in the same cell (a test holds them together).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def summarize_on_grid(values, origin, width, lowest, counts, binned):
    """(count, mean, std, min, max) over the finite ``values`` (population std), and when
    ``binned`` each value counted into ``counts`` (the grid of the axis whose lowest reachable
    bin is ``lowest``: cell 0 underflow, then the bins, overflow, non-finite last)."""
    n, total = 0, 0.0
    low, high = math.inf, -math.inf
    top = float(len(counts) - 2)  # the overflow cell
    inverse = 1.0 / width
    odd = np.zeros(len(counts) if binned else 0, dtype=np.int64)
    for i in range(len(values)):
        x = np.float64(values[i])
        if not math.isfinite(x):
            if binned:
                counts[-1] += 1
            continue
        n += 1
        total += x
        low = min(low, x)
        high = max(high, x)
        if binned:
            # within one bin of the truth; the edges, computed as BinAxis.edges computes them,
            # then decide (as arithmetic, not branches), so the cell is the one the edges say
            b = np.floor((x - origin) * inverse)  # a float: no integer overflow far out
            b -= x < origin + width * b
            b += x >= origin + width * (b + 1.0)
            c = min(max(b - (lowest - 1), 0.0), top)
            cell = int(c) if c == c else int(top)  # never a NaN index (numba checks no bounds)
            if i & 1:  # two sets of counts in turn: a run of equal cells is no chain of waits
                odd[cell] += 1
            else:
                counts[cell] += 1
    for cell in range(len(odd)):
        counts[cell] += odd[cell]
    if n == 0:  # as torch says it: no mean, no spread, an empty range
        return 0.0, math.nan, math.nan, low, high
    mean = total / n
    return float(n), mean, math.sqrt(_spread(values, mean, n == len(values)) / n), low, high


@njit(cache=True, nogil=True)
def _spread(values, mean, all_finite):
    """Σ(x − mean)² over the finite values; four sums in turn when all are finite (one
    chain of dependent additions was the pass's bottleneck)."""
    if not all_finite:
        spread = 0.0
        for v in values:
            x = np.float64(v)
            if math.isfinite(x):
                spread += (x - mean) * (x - mean)
        return spread
    s0 = s1 = s2 = s3 = 0.0
    whole = len(values) - len(values) % 4
    for i in range(0, whole, 4):
        d0, d1 = np.float64(values[i]) - mean, np.float64(values[i + 1]) - mean
        d2, d3 = np.float64(values[i + 2]) - mean, np.float64(values[i + 3]) - mean
        s0 += d0 * d0
        s1 += d1 * d1
        s2 += d2 * d2
        s3 += d3 * d3
    for i in range(whole, len(values)):
        d = np.float64(values[i]) - mean
        s0 += d * d
    return (s0 + s1) + (s2 + s3)
