"""Optimization history: each finished trial's validation accuracy against its number, and the
best so far as a step line. A flat best-so-far line says more trials are buying little; a
sampler that learns (TPE) shows its dots climbing, random search does not."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lab.ui.common.i18n import tr
from lab.ui.common.style import axis_title, legend_outside
from lab.ui.search.views.common import GREY, TrialView, finite, is_done, is_stopped, ring, tooltip

DOT, BEST = "#1f77b4", "#d62728"


class HistoryView(TrialView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.canvas = pg.GraphicsLayoutWidget()
        self.plot = self.canvas.addPlot()
        self.plot.setLabel("bottom", tr("trial"))
        axis_title(self.plot, "left", tr("validation accuracy"))
        self.plot.showGrid(x=False, y=True, alpha=0.2)  # accuracy levels; trial numbers need none
        for side in ("bottom", "left"):  # accuracy "(x0.001)" misleads
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.plot.hideButtons()
        legend_outside(self.plot)
        self.done = pg.ScatterPlotItem(size=7, brush=DOT, pen=None, hoverable=True, tip=self._tip,
                                       name=tr("complete trial"))  # fmt: skip
        self.stopped = pg.ScatterPlotItem(size=7, symbol="x", brush=GREY, pen=pg.mkPen(GREY),
                                          hoverable=True, tip=self._tip,
                                          name=tr("pruned, diverged or failed"))  # fmt: skip
        self.best = pg.PlotDataItem(pen=pg.mkPen(BEST, width=2), name=tr("best so far"))
        self.ring = ring()
        for item in (self.best, self.stopped, self.done, self.ring):
            self.plot.addItem(item)
        for item in (self.done, self.stopped):
            item.sigClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.rows: dict[int, dict] = {}
        self.params: tuple = ()
        self._pos: dict[int, tuple[float, float]] = {}
        self._selected: int | None = None

    def show_trials(self, snapshot) -> None:
        self.params = tuple(snapshot.params)
        self.rows = {r["number"]: r for r in snapshot.rows}
        done = [r for r in snapshot.rows if is_done(r)]
        # a stopped trial sits at its last validation accuracy (a diverged one has none)
        stopped = [r for r in snapshot.rows if is_stopped(r) and finite(r.get("val_acc"))]
        self._pos = {r["number"]: (r["number"], r["val_acc"]) for r in done + stopped}
        for item, rows in ((self.done, done), (self.stopped, stopped)):
            item.setData(x=[r["number"] for r in rows], y=[r["val_acc"] for r in rows],
                         data=[r["number"] for r in rows])  # fmt: skip
        self.best.setData(*_steps(snapshot.best_so_far, len(snapshot.rows)))
        self.select_trial(self._selected)

    def select_trial(self, number: int | None) -> None:
        self._selected = number
        x, y = self._pos.get(number, (None, None)) if number is not None else (None, None)
        self.ring.setData(x=[] if x is None else [x], y=[] if y is None else [y])

    def export_widget(self) -> QWidget:
        return self.canvas

    def _tip(self, x, y, data) -> str:
        row = self.rows.get(data)
        return tooltip(row, self.params) if row else ""

    def _clicked(self, _item, points, _event) -> None:
        if len(points):
            self.trial_clicked.emit(int(points[0].data()))


def _steps(best: tuple, trials: int) -> tuple[np.ndarray, np.ndarray]:
    """A step line through (number, best so far): flat until the next improvement, drawn on
    to the last trial number."""
    if not best:
        return np.zeros(0), np.zeros(0)
    xs, ys = [], []
    for k, (number, value) in enumerate(best):
        if k:
            xs.append(number)
            ys.append(best[k - 1][1])
        xs.append(number)
        ys.append(value)
    end = max(trials - 1, best[-1][0])
    xs.append(end)
    ys.append(best[-1][1])
    return np.array(xs, float), np.array(ys, float)
