"""What the Inside views share: the kinds' names, the layers' colour ramp, which measurement
an iteration falls on, and the cursor line."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from lab.ui.common.i18n import N_, tr

KIND_TITLES = {
    "preactivation": N_("pre-activations"),
    "activation": N_("activations"),
    "gradient": N_("gradients ∂L/∂a"),
    "weight": N_("weights"),
    "weight_gradient": N_("weight gradients ∂L/∂W"),
}
RAMP = "plasma"  # layers from the first (dark violet) to the last (yellow)
CURSOR = "#e8336d"  # the iteration cursor: visible on white and on the dark theme's grey


def kind_title(kind: str) -> str:
    return tr(KIND_TITLES[kind])


def layer_colors(n: int) -> list:
    """``n`` colours along the ramp; the ends are left out (too dark or too pale to read)."""
    cmap = pg.colormap.get(RAMP)
    return [cmap.map(0.15 + 0.75 * k / max(n - 1, 1), mode="qcolor") for k in range(n)]


def at_or_before(iterations: np.ndarray, iteration: int) -> int:
    """Index of the last measurement taken at or before ``iteration`` (the first one when
    the cursor is before every measurement)."""
    return max(int(np.searchsorted(iterations, iteration, side="right")) - 1, 0)


def cursor_line() -> pg.InfiniteLine:
    line = pg.InfiniteLine(angle=90, movable=False,
                           pen=pg.mkPen(CURSOR, width=1.5, style=Qt.PenStyle.DashLine))  # fmt: skip
    line.setZValue(20)
    return line


def floored(dens: np.ndarray) -> np.ndarray:
    """A density for a log axis: empty bins drop to a floor a decade below the smallest bin
    with values (a ReLU's spike at 0 would otherwise flatten everything else)."""
    floor = dens[dens > 0].min() / 10 if (dens > 0).any() else 1.0
    return np.maximum(dens, floor)


def plain_axes(plot) -> None:
    """No SI prefixes ("iteration (x1000)" helps nobody)."""
    for axis in ("left", "bottom"):
        plot.getAxis(axis).enableAutoSIPrefix(False)
