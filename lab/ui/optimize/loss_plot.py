"""Loss against step on a log axis, one curve per optimizer, with the playback cursor."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from lab.engine.optimize.trajectories import TrajectoryResult
from lab.ui.common.i18n import tr
from lab.ui.common.style import axis_title, legend_outside

FLOOR = 1e-16  # gaps below float precision are drawn at this floor


def gap_to_minimum(losses: np.ndarray, f_star: float | None) -> np.ndarray:
    """f − f*, floored at FLOOR so that a log axis stays readable (NaN stays NaN)."""
    with np.errstate(invalid="ignore"):
        return np.maximum(losses - f_star, FLOOR)


def plotted_loss(result: TrajectoryResult, f_star: float | None) -> tuple[np.ndarray, bool, str]:
    """What the loss plot shows: f − f* on a log axis when the minimum is known, f otherwise
    (log only while every value is positive)."""
    losses = result.losses
    if f_star is not None:
        return gap_to_minimum(losses, f_star), True, "f − f*"
    finite = losses[np.isfinite(losses)]
    log = bool(finite.size) and bool(np.all(finite > 0))
    return losses, log, "f"


class LossPlot(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.setObjectName("loss-plot")
        self.setLabel("bottom", tr("step"))
        self.showGrid(x=True, y=True, alpha=0.2)
        self.getAxis("left").enableAutoSIPrefix(False)
        self.legend = legend_outside(self.getPlotItem())
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#888", style=pg.QtCore.Qt.DashLine))
        self.addItem(self.cursor)
        self._curves: list[pg.PlotDataItem] = []

    def set_result(self, result: TrajectoryResult, colors: list[str], f_star: float | None):
        values, log, label = plotted_loss(result, f_star)
        self.setLogMode(x=False, y=log)
        axis_title(self, "left",
                   tr("{quantity} (log scale)").format(quantity=label) if log else label)
        for curve in self._curves:
            self.removeItem(curve)
        self.legend.clear()
        steps = np.arange(values.shape[1])
        self._curves = [
            self.plot(steps, values[i], pen=pg.mkPen(color, width=2), name=label_,
                      connect="finite")
            for i, (label_, color) in enumerate(zip(result.labels, colors, strict=True))
        ]
        self.setTitle(tr("Loss per step"), size="10pt")

    def set_step(self, step: int) -> None:
        self.cursor.setPos(step)
