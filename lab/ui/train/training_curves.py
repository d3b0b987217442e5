"""Live training curves: minibatch loss (raw, faint, and smoothed), accuracy per measurement
(train solid, validation dashed) and the learning rate, one colour per run.

The raw loss zig-zags at every pixel: drawn antialiased with a wide pen it costs Qt's raster
engine seconds per frame, so it is a thin, aliased, downsampled line; smooth curves keep
antialiasing.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from lab.engine.train.history import HistorySnapshot, smooth
from lab.ui.common.i18n import tr
from lab.ui.common.style import axis_title

DISPLAY_POINTS = 1500  # curves are decimated to about this many points for drawing
LEGEND_ROWS = 6
LEGEND_RUNS = 12


def _decimated(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    step = max(1, len(x) // DISPLAY_POINTS)
    return x[::step], y[::step]


class _RunCurves(pg.PlotWidget):
    """A plot holding a few curves per run, created on first sight of the run."""

    def __init__(self, title: str, y_label: str, log_y: bool = False, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.setTitle(title, size="10pt")
        axis_title(self, "left", y_label)
        self.setLogMode(x=False, y=log_y)
        for axis in ("left", "bottom"):  # "epoch (x0.001)" helps nobody
            self.getAxis(axis).enableAutoSIPrefix(False)
        # no grid: these plots repaint all the time, and the grid is most of a repaint's cost
        self.legend = self.addLegend(offset=(-10, 10), labelTextSize="8pt")
        self.curves: dict[str, list[pg.PlotDataItem]] = {}

    def remove_run(self, name: str) -> None:
        for curve in self.curves.pop(name, []):
            self.removeItem(curve)
            self.legend.removeItem(curve)

    def fit_legend(self) -> None:
        """Up to LEGEND_RUNS names in columns of LEGEND_ROWS; more runs than that (the book's
        32-run grid) would bury the curves under the legend: then the run table, which shows
        every run's colour, is the legend."""
        n = len(self.curves)
        self.legend.setColumnCount(max(1, math.ceil(n / LEGEND_ROWS)))
        self.legend.setVisible(n <= LEGEND_RUNS)


class LossCurves(_RunCurves):
    def __init__(self, parent=None):
        super().__init__(tr("Minibatch loss"), tr("cross-entropy (log scale)"), log_y=True,
                         parent=parent)  # fmt: skip
        self.setLabel("bottom", tr("iteration"))

    def show_run(self, history: HistorySnapshot, color: str) -> None:
        if history.name not in self.curves:
            faint = pg.mkPen(QColorAlpha(color, 70), width=1)
            raw = self.plot(pen=faint, antialias=False, autoDownsample=True, clipToView=True,
                            downsampleMethod="peak", skipFiniteCheck=True)
            self.curves[history.name] = [raw, self.plot(pen=pg.mkPen(color, width=2),
                                                        name=history.name)]  # fmt: skip
            self.fit_legend()
        raw, smoothed = self.curves[history.name]
        x, loss = history.iterations.astype(float), np.maximum(history.loss, 1e-12)
        raw.setData(*_decimated(x, loss))
        smoothed.setData(*_decimated(x, smooth(loss)))


class AccuracyCurves(_RunCurves):
    def __init__(self, parent=None):
        super().__init__(tr("Accuracy (solid: train, dashed: validation)"), tr("accuracy"),
                         parent=parent)  # fmt: skip
        self.setLabel("bottom", tr("epoch"))
        self.setYRange(0, 1)

    def show_run(self, history: HistorySnapshot, color: str) -> None:
        if history.name not in self.curves:
            self.curves[history.name] = [
                self.plot(pen=pg.mkPen(color, width=2), symbol="o", symbolSize=4,
                          symbolBrush=color, name=history.name),
                self.plot(pen=pg.mkPen(color, width=2, style=Qt.PenStyle.DashLine))]
            self.fit_legend()
        train, val = self.curves[history.name]
        train.setData(history.eval_epoch, history.train_acc)
        val.setData(history.eval_epoch, history.val_acc)


class LrCurves(_RunCurves):
    """The lr axis always starts at 0 and ends a little above the largest lr shown: on a
    constant lr, auto-ranging zoomed into a hair-thin band whose ticks read as 0."""

    def __init__(self, parent=None):
        super().__init__(tr("Learning rate"), "lr", parent=parent)
        self.setLabel("bottom", tr("iteration"))
        self._top: dict[str, float] = {}

    def show_run(self, history: HistorySnapshot, color: str) -> None:
        if history.name not in self.curves:
            self.curves[history.name] = [self.plot(pen=pg.mkPen(color, width=2))]
        self.curves[history.name][0].setData(
            *_decimated(history.iterations.astype(float), history.lr))
        finite = history.lr[np.isfinite(history.lr)]
        self._top[history.name] = float(finite.max()) if len(finite) else 0.0
        self._fit_range()

    def remove_run(self, name: str) -> None:
        super().remove_run(name)
        self._top.pop(name, None)
        self._fit_range()

    def _fit_range(self) -> None:
        top = max(self._top.values(), default=0.0)
        if top > 0:
            self.setYRange(0.0, top * 1.1, padding=0)
            # three labelled ticks: a short plot crowds pyqtgraph's automatic ones
            self.getAxis("left").setTicks([[(v, f"{v:.3g}") for v in (0.0, top / 2, top)]])


def QColorAlpha(color: str, alpha: int):  # noqa: N802 (reads like the Qt constructor)
    from PySide6.QtGui import QColor

    c = QColor(color)
    c.setAlpha(alpha)
    return c
