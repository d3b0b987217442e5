"""Labels on a log axis that stand apart, however short the plot.

Why: pyqtgraph labels every minor tick of a log axis it has room to draw, so a short plot (or
an empty one, whose default range is one decade) prints 2, 3, … 9 on top of each other. Here the
axis is given the densest of 1-2-3-…-9, 1-2-3-5-7, 1-2-5, 1-3 or decades whose neighbouring
labels stand two text lines apart, again whenever the plot is resized or its range changes.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

# mantissas per decade, densest first (1-2-3-5-7 labels the 8 of a 2/η = 8 line's neighbours)
LOG_STEPS = (tuple(range(1, 10)), (1, 2, 3, 5, 7), (1, 2, 5), (1, 3), (1,))


def log_ticks(low: float, high: float, pixels: float, line: float) -> list[float]:
    """Values to label on a log axis showing 10^low … 10^high in ``pixels``: the densest
    sequence of :data:`LOG_STEPS` whose neighbours stand ``2 · line`` pixels apart."""
    if not (np.isfinite(low) and np.isfinite(high)) or high <= low or pixels <= 0:
        return []
    per_unit = pixels / (high - low)
    values: list[float] = []
    for mantissas in LOG_STEPS:
        values = [m * 10.0**k for k in range(int(np.floor(low)), int(np.ceil(high)) + 1)
                  for m in mantissas if low <= np.log10(m * 10.0**k) <= high]  # fmt: skip
        gaps = np.diff(np.log10(values)) * per_unit if len(values) > 1 else [np.inf]
        if min(gaps) >= 2 * line:
            return values
    return values


def keep_log_labels_apart(plot: pg.PlotWidget) -> None:
    """Give ``plot``'s left (log) axis labels that stand apart, now and whenever it changes."""
    box = plot.getViewBox()
    box.sigResized.connect(lambda *_: _fit(plot))
    box.sigYRangeChanged.connect(lambda *_: _fit(plot))
    _fit(plot)


def label_height(axis: pg.AxisItem) -> float:
    """The height of one line of ``axis``' tick labels, in pixels (its tick font, if set)."""
    from PySide6.QtGui import QFontMetricsF

    return QFontMetricsF(axis.style.get("tickFont") or axis.font()).height()


def _fit(plot: pg.PlotWidget) -> None:
    axis, box = plot.getAxis("left"), plot.getViewBox()
    low, high = box.viewRange()[1]
    values = log_ticks(low, high, box.height(), label_height(axis))
    axis.setTicks([[(float(np.log10(v)), f"{v:g}") for v in values], []] if values else None)
