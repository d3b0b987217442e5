"""Histograms and moments of large arrays in one compiled pass each.

Why compiled: the probe summarises three tensors per layer (half a million values each for a
500-wide layer); separate torch passes for finiteness, mean/std and the histogram cost ~5 ms per
tensor. Here a first pass finds the finite range and counts non-finite values (only needed
when torch's fast min/max is not finite), and a second computes counts, sum and sum of squares
together.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def finite_range(values):
    """(min, max, count of non-finite values) over the finite values; (inf, -inf, n) if none."""
    low, high, bad = math.inf, -math.inf, 0
    for v in values:
        if math.isfinite(v):
            low = min(low, v)
            high = max(high, v)
        else:
            bad += 1
    return low, high, bad


@njit(cache=True, nogil=True)
def summarize(values, low, high, bins, all_finite):
    """Histogram over [low, high] of the finite values, with their sum, sum of squares and
    count. ``all_finite`` skips the per-value check (the common case)."""
    counts = np.zeros(bins, dtype=np.int64)
    scale = bins / (high - low)
    total, squares, n = 0.0, 0.0, 0
    for v in values:
        if not all_finite and not math.isfinite(v):
            continue
        # float64 before squaring: numba keeps float(v) in float32, whose square overflows
        # from |v| ~ 1.8e19 and turned a finite layer's std into "—" (overflow preset, layer 10)
        x = np.float64(v)
        total += x
        squares += x * x
        k = min(int((x - low) * scale), bins - 1)  # the top edge is in the last bin (numpy)
        counts[max(k, 0)] += 1
        n += 1
    return counts, total, squares, n
