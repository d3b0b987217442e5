"""Histogram bins that stay put: fixed per run, layer and kind, widened only by adding bins.

Why: TensorBoard re-bins every histogram into 30 linear buckets (its issue #1803), so two
steps' pictures are not comparable and a narrow peak is drawn flat. Here an axis is chosen
once, from the first measurement's finite range widened by ``headroom`` on each side: bin k
is ``[origin + k·width, origin + (k+1)·width)``. A later value outside the bins in use adds
bins of the same width on that side (``first`` may go below 0), up to ``max_bins``; what lies
beyond that is counted as under- or overflow, never folded into a bin.

On the device every tensor is counted on a *grid* that reaches as far as the axis may grow
(``max_bins − bins in use`` on each side, plus an under- and an overflow cell and one for
non-finite values), so one ``bincount`` over all tensors and one transfer give everything;
the host then grows the axes to what the counts reach (:meth:`BinAxis.take`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

AXIS_LIMIT = 1e300  # an axis' first range is clipped to ±this
SMALLEST_SPAN = 1e-300  # and spans at least this


@dataclass
class BinAxis:
    """One (layer, kind)'s bins: ``[first, last)`` in use, each ``width`` wide from ``origin``."""

    origin: float
    width: float
    first: int
    last: int
    max_bins: int

    @classmethod
    def around(cls, low: float, high: float, bins: int, headroom: float,
               max_bins: int) -> BinAxis:  # fmt: skip
        """Bins over [low, high] widened by ``headroom``·span each side; a constant (or empty)
        range gets a span from its magnitude, so zeros still get bins."""
        if not (math.isfinite(low) and math.isfinite(high)) or low > high:
            low = high = 0.0
        # the axis itself stays finite and its width a normal number (a float64 range near
        # ±1.8e308 overflowed the span, a subnormal one gave a width whose inverse is inf):
        # values beyond these ends are under- or overflow like any other
        low, high = max(low, -AXIS_LIMIT), min(high, AXIS_LIMIT)
        span = high - low
        if span <= 0 or span < 1e-12 * max(abs(low), abs(high)):
            span = max(abs(low), abs(high), 1e-6)
            low, high = low - span / 2, high + span / 2
        span = max(span, SMALLEST_SPAN)
        low, high = low - headroom * span, high + headroom * span
        return cls(float(low), float((high - low) / bins), 0, bins, max_bins)

    @property
    def bins(self) -> int:
        return self.last - self.first

    def edges(self, first: int | None = None, last: int | None = None) -> np.ndarray:
        """The bin edges of ``[first, last)`` (the bins in use by default)."""
        first = self.first if first is None else first
        last = self.last if last is None else last
        return self.origin + self.width * np.arange(first, last + 1, dtype=np.float64)

    # ---- the device grid --------------------------------------------------------------------
    @property
    def margin(self) -> int:
        """Bins the axis may still add on either side."""
        return self.max_bins - self.bins

    @property
    def grid_size(self) -> int:
        """Grid cells: underflow, margin + in use + margin, overflow, non-finite."""
        return self.bins + 2 * self.margin + 3

    def grid_indices(self, v, finite=None):
        """Each value's grid cell (a torch int64 tensor on the values' device); ``v`` float64
        and flat, ``finite`` its finite mask (the values where it is False are ignored), or
        None when every value is finite."""
        import torch

        bin_index = torch.floor((v - self.origin) / self.width)
        # the division can round across an edge: settle by the edges themselves, computed as
        # :meth:`edges` computes them, so a value on an edge is in the bin the edges say
        bin_index -= (v < self.origin + self.width * bin_index).double()
        bin_index += (v >= self.origin + self.width * (bin_index + 1)).double()
        lowest = self.first - self.margin  # grid cell 1
        cell = (bin_index - (lowest - 1)).clamp_(0, self.grid_size - 2).long()
        return cell if finite is None else torch.where(finite, cell, self.grid_size - 1)

    def take(self, grid: np.ndarray) -> tuple[int, np.ndarray, int, int, int]:
        """Grow the axis to the grid's counts; (first bin, counts, under, over, non-finite)."""
        lowest = self.first - self.margin
        inner = grid[1: -2]
        used = np.flatnonzero(inner)
        if len(used):
            low_bin, high_bin = lowest + int(used[0]), lowest + int(used[-1])
            grow_low = max(self.first - low_bin, 0)
            grow_high = max(high_bin + 1 - self.last, 0)
            room = self.margin
            grow_low = min(grow_low, room)  # below first, then above, within max_bins
            grow_high = min(grow_high, room - grow_low)
            self.first -= grow_low
            self.last += grow_high
        start = self.first - lowest
        counts = inner[start: start + self.bins].astype(np.int64)
        under = int(grid[0] + inner[:start].sum())
        over = int(grid[-2] + inner[start + self.bins:].sum())
        return self.first, counts, under, over, int(grid[-1])
