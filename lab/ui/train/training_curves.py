"""Live training curves: minibatch loss (raw, faint, and smoothed), accuracy per measurement
(train solid, validation dashed) and the learning rate, one colour per run.

The legend sits in its own column right of the data (never over a curve, in the window and in
an exported image alike), lists the runs in the run table's order and elides long names in the
middle ("handover…trial-10"). A live learning-rate change is a dashed vertical line in the run's
colour at the iteration it took effect, labelled with the new rate.

The raw loss zig-zags at every pixel: drawn antialiased with a wide pen it costs Qt's raster
engine seconds per frame, so it is a thin, aliased, downsampled line; smooth curves keep
antialiasing.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from lab.engine.train.history import HistorySnapshot, smooth
from lab.ui.common.i18n import tr
from lab.ui.common.style import axis_title, legend_outside

DISPLAY_POINTS = 1500  # curves are decimated to about this many points for drawing
LEGEND_ROWS = 6
LEGEND_RUNS = 12
MIN_LR_HEIGHT = 150  # the learning-rate strip: its title, three ticks and its axis fit
LEGEND_NAME = 20  # characters of a run's name in a legend (the middle elided)


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
        self.legend = legend_outside(self.getPlotItem())  # beside the data, not over it
        self.curves: dict[str, list[pg.PlotDataItem]] = {}
        self.marks: dict[str, list[pg.InfiniteLine]] = {}  # live lr changes per run
        self._marked: dict[str, tuple] = {}
        self.named: dict[str, pg.PlotDataItem] = {}  # the curve that names the run
        self._order: list[str] = []  # the run table's order

    def _add_named(self, name: str, item: pg.PlotDataItem) -> None:
        self.named[name] = item
        self.order_legend(self._order)

    def order_legend(self, names: list[str]) -> None:
        """List the runs in ``names``' order (the run table's); runs not in it go last. Up to
        LEGEND_RUNS names in columns of LEGEND_ROWS; more runs than that (the book's 32-run
        grid) would squeeze the curves: then the run table, which shows every run's colour, is
        the legend (the emptied legend gives its column back to the data)."""
        self._order = list(names)
        rank = {name: k for k, name in enumerate(names)}
        self.legend.clear()
        shown = len(self.named) <= LEGEND_RUNS
        if shown:
            for name in sorted(self.named, key=lambda n: rank.get(n, len(rank))):
                self.legend.addItem(self.named[name], elided(name))
            self.legend.setColumnCount(max(1, math.ceil(len(self.named) / LEGEND_ROWS)))
        self.legend.setVisible(shown)

    def legend_names(self) -> list[str]:
        """The names the legend lists, top to bottom, column by column."""
        return [label.text for _, label in self.legend.items]

    def remove_run(self, name: str) -> None:
        for curve in self.curves.pop(name, []):
            self.removeItem(curve)
        if self.named.pop(name, None) is not None:
            self.order_legend(self._order)
        self._show_marks(name, (), "", 1.0)

    def _show_marks(self, name: str, marks, color: str, x_per_iteration: float,
                    labelled: bool = True) -> None:
        """Dashed lines at the iterations where the run's lr was changed live."""
        if self._marked.get(name) == tuple(marks):
            return
        for line in self.marks.pop(name, []):
            self.removeItem(line)
        self._marked[name] = tuple(marks)
        pen = pg.mkPen(color or "#888888", width=1, style=Qt.PenStyle.DashLine)
        for iteration, lr in marks:
            label = tr("lr {value}").format(value=f"{lr:g}") if labelled else None
            line = pg.InfiniteLine(iteration * x_per_iteration, angle=90, pen=pen, movable=False,
                                   label=label,
                                   labelOpts={"position": 0.92, "color": color,
                                              "anchors": [(0, 0.5), (0, 0.5)]})
            self.addItem(line, ignoreBounds=True)
            self.marks.setdefault(name, []).append(line)


class LossCurves(_RunCurves):
    def __init__(self, parent=None):
        super().__init__(tr("Minibatch loss"), tr("cross-entropy (log scale)"), log_y=True,
                         parent=parent)  # fmt: skip
        self.setLabel("bottom", tr("iteration"))

    def show_run(self, history: HistorySnapshot, color: str, lr_marks=()) -> None:
        if history.name not in self.curves:
            faint = pg.mkPen(QColorAlpha(color, 70), width=1)
            raw = self.plot(pen=faint, antialias=False, autoDownsample=True, clipToView=True,
                            downsampleMethod="peak", skipFiniteCheck=True)
            self.curves[history.name] = [raw, self.plot(pen=pg.mkPen(color, width=2))]
            self._add_named(history.name, self.curves[history.name][1])
        raw, smoothed = self.curves[history.name]
        x, loss = history.iterations.astype(float), np.maximum(history.loss, 1e-12)
        raw.setData(*_decimated(x, loss))
        smoothed.setData(*_decimated(x, smooth(loss)))
        self._show_marks(history.name, lr_marks, color, 1.0)


class AccuracyCurves(_RunCurves):
    def __init__(self, parent=None):
        super().__init__(tr("Accuracy (solid: train, dashed: validation)"), tr("accuracy"),
                         parent=parent)  # fmt: skip
        self.setLabel("bottom", tr("epoch"))
        self.setYRange(0, 1)

    def show_run(self, history: HistorySnapshot, color: str, lr_marks=()) -> None:
        if history.name not in self.curves:
            self.curves[history.name] = [
                self.plot(pen=pg.mkPen(color, width=2), symbol="o", symbolSize=4,
                          symbolBrush=color),
                self.plot(pen=pg.mkPen(color, width=2, style=Qt.PenStyle.DashLine))]
            self._add_named(history.name, self.curves[history.name][0])
        train, val = self.curves[history.name]
        train.setData(history.eval_epoch, history.train_acc)
        val.setData(history.eval_epoch, history.val_acc)
        self._show_marks(history.name, lr_marks, color, history.epoch_of_iteration,
                         labelled=False)  # fmt: skip


class LrCurves(_RunCurves):
    """The lr axis always starts at 0 and ends a little above the largest lr shown: on a
    constant lr, auto-ranging zoomed into a hair-thin band whose ticks read as 0. The strip is
    short: it has no legend (the plots above name the runs), keeps a minimum height, and labels
    the middle tick only where three labels have room to stand apart (at 1366x768 they
    touched)."""

    def __init__(self, parent=None):
        super().__init__(tr("Learning rate"), "lr", parent=parent)
        self.setLabel("bottom", tr("iteration"))
        self.setMinimumHeight(MIN_LR_HEIGHT)
        self._top: dict[str, float] = {}
        self.getViewBox().sigResized.connect(self._fit_ticks)

    def show_run(self, history: HistorySnapshot, color: str, lr_marks=()) -> None:
        if history.name not in self.curves:
            self.curves[history.name] = [self.plot(pen=pg.mkPen(color, width=2))]
        self.curves[history.name][0].setData(
            *_decimated(history.iterations.astype(float), history.lr))
        self._show_marks(history.name, lr_marks, color, 1.0, labelled=False)
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
        self._fit_ticks()

    def _fit_ticks(self, *_) -> None:
        """Labelled ticks at 0, top/2 and top (a short plot crowds pyqtgraph's automatic
        ones); the middle one only when each label has twice its height between ticks."""
        top = max(self._top.values(), default=0.0)
        if top <= 0:
            return
        line = QFontMetrics(self.getAxis("left").style.get("tickFont") or self.font()).height()
        gap = self.getViewBox().height() * 0.5 / 1.1  # pixels between ticks 0, top/2, top
        values = (0.0, top / 2, top) if gap >= 2 * line else (0.0, top)
        self.getAxis("left").setTicks([[(v, f"{v:.3g}") for v in values]])

    def tick_gap_px(self) -> float:
        """Pixels between adjacent labelled ticks on the lr axis."""
        ticks = self.getAxis("left")._tickLevels[0]
        if len(ticks) < 2:
            return math.inf
        span = self.getViewBox().viewRange()[1]
        return self.getViewBox().height() * (ticks[1][0] - ticks[0][0]) / (span[1] - span[0])


def elided(name: str, room: int = LEGEND_NAME) -> str:
    """``name`` in at most ``room`` characters, its middle elided (its end tells runs apart:
    "…-trial-10")."""
    if len(name) <= room:
        return name
    head = (room - 1) // 2
    return f"{name[:head]}…{name[len(name) - (room - 1 - head):]}"


def QColorAlpha(color: str, alpha: int):  # noqa: N802 (reads like the Qt constructor)
    from PySide6.QtGui import QColor

    c = QColor(color)
    c.setAlpha(alpha)
    return c
