"""The Stability view: each run's sharpness over iterations with its optimizer's threshold line,
beside its loss (Cohen et al. 2021, the edge of stability).

Why the threshold is drawn from the run's learning-rate column, not from the measurements: it
then moves the moment a live lr change takes effect (controller.set_live_lr), at every
iteration, while sharpness is only measured every k. For adaptive optimizers the threshold
applies to the preconditioned sharpness λ₁(P⁻¹H): that is the solid curve, the plain λ₁(H)
dotted. A marker sits where a run's sharpness first meets its line (the first measurement at
or above the threshold in force then). Points asked for with "Measure sharpness now" are hollow
circles off the curve (they fall between its every-K points); one legend entry says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter

from lab.engine.train.landscape.sharpness import thresholds_along
from lab.ui.common.i18n import tr
from lab.ui.common.log_ticks import keep_log_labels_apart
from lab.ui.common.style import axis_title, legend_outside

HOLLOW = (0, 0, 0, 0)  # a transparent fill (None is pyqtgraph's default brush in a legend)


@dataclass(eq=False)
class _RunItems:
    sharpness: pg.PlotDataItem
    plain: pg.PlotDataItem
    threshold: pg.PlotDataItem
    meets: pg.PlotDataItem
    loss: pg.PlotDataItem
    demand: pg.PlotDataItem  # the points measured on demand, hollow


def measured_values(rows: list, preconditioned: bool) -> tuple[np.ndarray, np.ndarray]:
    """(iterations, values) the threshold applies to: the preconditioned sharpness where the
    optimizer has one (measured once it has state), else λ₁(H)."""
    if preconditioned:
        rows = [r for r in rows if r.preconditioned is not None]
        values = [r.preconditioned for r in rows]
    else:
        values = [r.sharpness for r in rows]
    return np.array([r.iteration for r in rows], dtype=float), np.array(values, dtype=float)


def on_demand_values(rows: list, preconditioned: bool) -> tuple[np.ndarray, np.ndarray]:
    """(iterations, values) of the points measured on demand: the value the threshold applies
    to, or λ₁(H) where there is no preconditioned one (a run measured after it ended: its
    optimizer's state is not saved)."""
    rows = [r for r in rows if r.on_demand]
    values = [r.preconditioned if preconditioned and r.preconditioned is not None else
              r.sharpness for r in rows]  # fmt: skip
    return np.array([r.iteration for r in rows], dtype=float), np.array(values, dtype=float)


def first_meeting(rows: list, preconditioned: bool) -> tuple[int, float] | None:
    """(iteration, value) of the first measurement at or above its threshold, or None."""
    for r in rows:
        value = r.preconditioned if preconditioned else r.sharpness
        if value is not None and r.threshold is not None and value >= r.threshold:
            return r.iteration, value
    return None


class StabilityView(QSplitter):
    """Sharpness with thresholds (top, log scale) and the loss (bottom), over the same
    iterations (not x-linked: the top plot's legend column would shift the bottom's range)."""

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.sharpness_plot = _plot(tr("Sharpness λ₁; dashed: the run's stability threshold"),
                                    tr("sharpness (log scale)"))  # fmt: skip
        self.loss_plot = _plot(tr("Training loss"), tr("loss (log scale)"))
        self.legend = legend_outside(self.sharpness_plot.getPlotItem())
        for plot in (self.sharpness_plot, self.loss_plot):
            self.addWidget(plot)
        self.setChildrenCollapsible(False)
        self.setSizes([400, 300])
        self.items: dict[str, _RunItems] = {}
        # the legend's one entry for every run's hollow points, shown while there are some (not
        # in the plot; one point, so that its symbol's style reaches the legend's sample)
        self.demand_key = pg.PlotDataItem([0], [1], pen=None, symbol="o", symbolSize=9,
                                          symbolBrush=HOLLOW, symbolPen=pg.mkPen("#777", width=2))
        self._demand_listed = False

    def plots(self):
        return (self.sharpness_plot, self.loss_plot)

    def show_run(self, history, color: str, optimizer, rows: list) -> None:
        """Draw run ``history.name``: its sharpness ``rows`` (SharpnessRow), the threshold of
        ``optimizer`` along its lr column, its loss. A run with no rows is not drawn."""
        name = history.name
        if not rows:
            self.drop_run(name)
            return
        items = self.items.get(name) or self._add(name, color)
        thresholds, preconditioned = thresholds_along(optimizer, history.lr)
        every_k = [r for r in rows if not r.on_demand]
        x, values = measured_values(every_k, preconditioned)
        items.sharpness.setData(x, np.maximum(values, 1e-12) if len(x) else values)
        if preconditioned:
            plain = np.array([r.sharpness for r in every_k])
            items.plain.setData([r.iteration for r in every_k], np.maximum(plain, 1e-12))
        else:
            items.plain.setData([], [])
        x, values = on_demand_values(rows, preconditioned)
        items.demand.setData(x, np.maximum(values, 1e-12) if len(x) else values)
        self._list_demand()
        if thresholds is None or not history.n:
            items.threshold.setData([], [])
        else:
            items.threshold.setData(history.iterations.astype(float), thresholds)
        meets = first_meeting(rows, preconditioned)
        items.meets.setData(*(([], []) if meets is None else ([meets[0]], [meets[1]])))
        if history.n:
            items.loss.setData(history.iterations.astype(float),
                               np.maximum(history.loss, 1e-12))  # fmt: skip

    def threshold_data(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The run's threshold line as drawn (what a test reads)."""
        item = self.items[name].threshold  # its data as given (getData: as drawn, in log10)
        return (np.array([]), np.array([])) if item.xData is None else (item.xData, item.yData)

    def meeting(self, name: str) -> tuple[float, float] | None:
        """Where the run's marker is (iteration, sharpness), or None."""
        item = self.items[name].meets
        x, y = item.xData, item.yData
        return None if x is None or not len(x) else (float(x[0]), float(y[0]))

    def on_demand(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The run's hollow points as drawn (what a test reads)."""
        item = self.items[name].demand
        return (np.array([]), np.array([])) if item.xData is None else (item.xData, item.yData)

    def drop_run(self, name: str) -> None:
        items = self.items.pop(name, None)
        if items is None:
            return
        self.legend.removeItem(items.sharpness)
        for item in (items.sharpness, items.plain, items.threshold, items.meets, items.demand):
            self.sharpness_plot.removeItem(item)
        self.loss_plot.removeItem(items.loss)
        self._list_demand()

    def _list_demand(self) -> None:
        """One legend entry for the hollow points while any run has some."""
        shown = any(i.demand.xData is not None and len(i.demand.xData)
                    for i in self.items.values())  # fmt: skip
        if shown and not self._demand_listed:
            self.legend.addItem(self.demand_key, tr("measured on demand"))
        elif self._demand_listed and not shown:
            self.legend.removeItem(self.demand_key)
        self._demand_listed = shown

    def _add(self, name: str, color: str) -> _RunItems:
        s = self.sharpness_plot
        items = _RunItems(
            s.plot(pen=pg.mkPen(color, width=2.5), symbol="o", symbolSize=5,
                   symbolBrush=color, symbolPen=None),
            s.plot(pen=pg.mkPen(color, width=1, style=Qt.PenStyle.DotLine)),
            s.plot(pen=pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine)),
            s.plot(pen=None, symbol="star", symbolSize=16, symbolBrush=color,
                   symbolPen=pg.mkPen("#111")),
            self.loss_plot.plot(pen=pg.mkPen(color, width=2)),
            s.plot(pen=None, symbol="o", symbolSize=10, symbolBrush=HOLLOW,
                   symbolPen=pg.mkPen(color, width=2)),
        )  # fmt: skip
        self.legend.addItem(items.sharpness, name)
        self.items[name] = items
        return items


def _plot(title: str, y_label: str) -> pg.PlotWidget:
    plot = pg.PlotWidget()
    plot.setBackground("w")
    plot.setTitle(title, size="10pt")
    axis_title(plot, "left", y_label)
    plot.setLabel("bottom", tr("iteration"))
    plot.setLogMode(x=False, y=True)
    plot.getAxis("left").enableAutoSIPrefix(False)
    keep_log_labels_apart(plot)
    return plot
