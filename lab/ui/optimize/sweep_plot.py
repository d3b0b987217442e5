"""Learning-rate sweep: final loss (or distance to the minimum) against lr on log axes.
Clicking a point asks to set that optimizer's learning rate.

A dashed line in each optimizer's colour marks the rate it runs with now, and every decade of
the swept range is labelled, its two ends included (pyqtgraph's automatic log ticks left 1e-4
and 10 unnamed)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from lab.engine.optimize.trajectories import SweepResult
from lab.ui.common.i18n import tr
from lab.ui.common.style import axis_title, legend_outside
from lab.ui.optimize.loss_plot import FLOOR, gap_to_minimum


def decade_label(exponent: int) -> str:
    """10**exponent as a tick label: 1e-4, 0.001, 0.01, 0.1, 1, 10, 100, 1e3."""
    if -3 <= exponent <= 2:
        return f"{10.0**exponent:g}"
    return f"1e{exponent}"


class SweepPlot(QWidget):
    run_requested = Signal()
    lr_picked = Signal(str, float)  # optimizer name, learning rate

    def __init__(self, parent=None):
        super().__init__(parent)
        self.run = QPushButton(tr("Run sweep"))
        self.run.setToolTip(tr("final result of each ticked optimizer at 100 learning rates "
                               "from 1e-4 to 10, in one batched computation"))
        self.measure = QComboBox()
        self.measure.addItem(tr("final loss f − f*"), "loss")
        self.measure.addItem(tr("distance to the minimum"), "distance")
        self.status = QLabel(tr("Click “Run sweep”; then click a point to use its learning "
                                "rate."))
        self.status.setWordWrap(True)
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("sweep-plot")
        self.plot.setBackground("w")
        self.plot.setLogMode(x=True, y=True)
        self.plot.setLabel("bottom", tr("learning rate"))
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.legend = legend_outside(self.plot.getPlotItem())  # beside the data, not over it
        top = QHBoxLayout()
        top.addWidget(self.run)
        top.addWidget(self.measure)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.plot, 1)
        self.sweep: SweepResult | None = None
        self._names: list[str] = []
        self._colors: list[str] = []
        self._items: list = []
        self._stale = False
        self._summary = ""
        self._current: dict[str, float] = {}
        self._marks: list[pg.InfiniteLine] = []
        self.limit = pg.InfiniteLine(angle=90, pen=pg.mkPen("#d62728", width=1.5,
                                                          style=Qt.PenStyle.DotLine),
                                     label="2/λmax", labelOpts={"position": 0.92,
                                                               "color": "#d62728"})
        self.limit.setVisible(False)
        self.plot.addItem(self.limit, ignoreBounds=True)
        self.run.clicked.connect(self.run_requested)
        self.measure.currentIndexChanged.connect(self._draw)

    def set_stale(self, stale: bool) -> None:
        """Grey a sweep made for other settings (function, start, steps, schedule, noise,
        optimizers' other hyperparameters): its curves no longer describe the current runs."""
        if self.sweep is None or stale == self._stale:
            return
        self._stale = stale
        self.plot.getPlotItem().vb.setOpacity(0.3 if stale else 1.0)
        self.status.setText(tr("Settings changed — sweep again (the greyed curves are for the "
                               "previous settings).") if stale else self._summary)

    def set_current(self, lrs: dict[str, float]) -> None:
        """The rate each optimizer runs with now, by name: marked on the sweep."""
        if lrs != self._current:
            self._current = dict(lrs)
            self._mark_current()

    def set_limit(self, theory) -> None:
        """GD's stability limit 2/λmax as a red dotted line (hidden without one)."""
        limit = None if theory is None else theory.stability_limit
        self.limit.setVisible(limit is not None)
        if limit is not None:
            self.limit.setValue(np.log10(limit))
            self.limit.setToolTip(tr("GD diverges above 2/λmax = {limit}").format(
                limit=f"{limit:.3g}"))

    def set_running(self, running: bool) -> None:
        self.run.setEnabled(not running)
        if running:
            self.status.setText(tr("Sweeping in the background…"))

    def set_result(self, sweep: SweepResult, names: list[str], colors: list[str],
                   f_star: float | None) -> None:
        self.sweep, self._names, self._colors, self._f_star = sweep, names, colors, f_star
        self.set_running(False)
        diverged = int(np.sum(sweep.diverged_at >= 0))
        self._summary = tr("{n} optimizers × {lrs} learning rates; {diverged} runs diverged "
                           "(not drawn). Dashed: the rate in use. Click a point to use "
                           "it.").format(
            n=len(names), lrs=len(sweep.lrs), diverged=diverged)
        self._stale = True
        self.set_stale(False)
        self._draw()

    def _values(self) -> tuple[np.ndarray, str]:
        if self.measure.currentData() == "distance":
            return np.maximum(self.sweep.final_distance, FLOOR), tr("distance to the nearest "
                                                                    "minimum")
        loss = self.sweep.final_loss
        if self._f_star is not None:
            return gap_to_minimum(loss, self._f_star), tr("f − f* (floored at {floor})").format(
                floor=f"{FLOOR:g}")
        return np.where(loss > 0, loss, np.nan), tr("final loss (positive values)")

    def _draw(self) -> None:
        for item in self._items:
            self.plot.removeItem(item)
        self.legend.clear()
        self._items = []
        if self.sweep is None:
            return
        values, label = self._values()
        axis_title(self.plot, "left", label)
        for i, (name, color) in enumerate(zip(self._names, self._colors, strict=True)):
            curve = self.plot.plot(self.sweep.lrs, values[i], pen=pg.mkPen(color, width=2),
                                   symbol="o", symbolSize=5, symbolBrush=color,
                                   symbolPen=None, name=self.sweep.labels[i], connect="finite")
            curve.scatter.sigClicked.connect(
                lambda _item, points, _ev=None, name=name: self._picked(name, points))
            self._items.append(curve)
        self._label_decades()
        self._mark_current()

    def _label_decades(self) -> None:
        """A tick and a label at every power of ten of the swept range, both ends included."""
        low, high = np.log10(self.sweep.lrs[0]), np.log10(self.sweep.lrs[-1])
        decades = range(int(np.floor(low + 1e-9)), int(np.ceil(high - 1e-9)) + 1)
        self.plot.getAxis("bottom").setTicks([[(e, decade_label(e)) for e in decades], []])
        # half a decade beyond each end: room for the end labels (pyqtgraph drops a label
        # that would stick out of the axis)
        self.plot.setXRange(low - 0.5, high + 0.5, padding=0)

    def _mark_current(self) -> None:
        for mark in self._marks:
            self.plot.removeItem(mark)
        self._marks = []
        if self.sweep is None:
            return
        for name, color in zip(self._names, self._colors, strict=True):
            lr = self._current.get(name)
            if lr is None or lr <= 0:
                continue
            mark = pg.InfiniteLine(np.log10(lr), angle=90,
                                   pen=pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine))
            mark.setToolTip(tr("{optimizer}: learning rate in use {lr}").format(
                optimizer=name, lr=f"{lr:.3g}"))
            self.plot.addItem(mark, ignoreBounds=True)
            self._marks.append(mark)

    def _picked(self, name: str, points) -> None:
        if len(points):
            lr = float(self.sweep.lrs[points[0].index()])
            self.lr_picked.emit(name, float(f"{lr:.3g}"))
