"""Per-layer figures over time, layers as a colour ramp (first dark, last light): the spread
of the chosen kind, the update-to-weight ratio against CS231n's guide of about 1e-3, the dead
(ReLU) or saturated (sigmoid, tanh) share of units, and the weight gradients' norm.

Why these four: they answer chapter 6's questions while the net trains — does the spread
collapse with depth, are the steps sane for each layer, how many units stopped answering, do
the gradients vanish toward the input. The update ratio is the optimizer's actual step
(‖W_after − W_before‖ / ‖W_before‖), so it is right for Adam and weight decay too.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from lab.engine.train.diagnostics.config import KINDS
from lab.ui.common.i18n import tr
from lab.ui.common.log_ticks import keep_log_labels_apart
from lab.ui.common.style import axis_title, legend_outside, plot_title
from lab.ui.train.inside.common import cursor_line, kind_title, layer_colors, plain_axes

GUIDE, BAND = 1e-3, (1e-4, 1e-2)  # CS231n's rule of thumb; 1e-2 is fine for small nets


def positive(values: np.ndarray) -> np.ndarray:
    """For a log axis: NaN where a value is not a positive number (no log of 0 warned)."""
    values = np.asarray(values, dtype=np.float64)
    out = np.full(values.shape, np.nan)
    good = np.isfinite(values) & (values > 0)
    out[good] = values[good]
    return out


def log_span(values: np.ndarray, include=None, decades: float = 2.0) -> tuple[float, float]:
    """A log axis's range (in decades) over the positive values and ``include`` (a (low, high)
    pair), at least ``decades`` wide: a narrower one labels every minor tick, on top of each
    other."""
    logs = np.log10(positive(values)[np.isfinite(positive(values))])
    if include is not None:
        logs = np.append(logs, np.log10(include))
    if not len(logs):
        return -1.0, 1.0
    low, high = float(logs.min()), float(logs.max())
    middle, half = (low + high) / 2, max((high - low) / 2, decades / 2)
    return middle - half, middle + half


def decade_ticks(low: float, high: float) -> list[tuple[float, str]]:
    """Labelled ticks at the whole decades of a log axis only (a short plot's minor labels
    overlap), every second or third one when there are many."""
    decades = list(range(math.ceil(low), math.floor(high) + 1))
    step = max(1, math.ceil(len(decades) / 5))
    return [(float(k), f"1e{k}" if k else "1") for k in decades[::step]]


class LayerCurves(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.setObjectName("inside-layer-curves")
        self.spread = self.addPlot(row=0, col=0)
        self.ratio = self.addPlot(row=0, col=1)
        self.units = self.addPlot(row=1, col=0)
        self.grad = self.addPlot(row=1, col=1)
        for plot in self.plots():
            plain_axes(plot)
            plot.setLabel("bottom", tr("iteration"))
            plot.addItem(cursor_line(), ignoreBounds=True)
            if plot is not self.spread:
                plot.setXLink(self.spread)
        for plot in (self.spread, self.ratio, self.grad):
            plot.setLogMode(x=False, y=True)
            keep_log_labels_apart(plot)
        self.units.setYRange(0, 1)
        for column in (0, 1):
            self.ci.layout.setColumnStretchFactor(column, 1)
        self.legend = legend_outside(self.ratio)
        band = pg.LinearRegionItem(tuple(np.log10(BAND)), orientation="horizontal",
                                   movable=False, brush=pg.mkBrush(44, 160, 44, 40),
                                   pen=pg.mkPen(None))  # fmt: skip
        self.ratio.addItem(band, ignoreBounds=True)
        guide = pg.InfiniteLine(np.log10(GUIDE), angle=0, label="1e-3",
                                pen=pg.mkPen("#2ca02c", width=1, style=Qt.PenStyle.DashLine),
                                labelOpts={"position": 0.12, "color": "#2ca02c"})  # fmt: skip
        self.ratio.addItem(guide, ignoreBounds=True)
        plot_title(self.ratio, tr("Update ratio ‖ΔW‖/‖W‖ (guide 1e-3)"), 9)
        plot_title(self.grad, tr("‖∂L/∂W‖ per layer"), 9)
        axis_title(self.ratio, "left", tr("ratio (log)"))
        axis_title(self.grad, "left", tr("norm (log)"))
        self.series: dict[str, np.ndarray] = {}  # what is drawn, by plot (tests read it)

    def plots(self):
        return (self.spread, self.ratio, self.units, self.grad)

    def clear_runs(self) -> None:
        for plot in self.plots():
            for item in list(plot.listDataItems()):
                plot.removeItem(item)
        self.legend.clear()
        self.series = {}

    def draw(self, snap, kind: str, iteration: int) -> None:
        self.clear_runs()
        if snap is None:
            return
        x = snap.iterations.astype(np.float64)
        k = KINDS.index(kind)
        spread = np.array([m.stats[:, k, 2] for m in snap.measurements]).reshape(len(x), -1)
        units_name = "dead_probe" if snap.activation == "relu" else "saturated"
        self.series = {
            "spread": spread,
            "ratio": snap.series("update_ratio"),
            "units": snap.series(units_name),
            "grad": snap.series("grad_norm"),
        }
        colors = layer_colors(len(snap.layers))
        for layer, (label, color) in enumerate(zip(snap.layers, colors, strict=True)):
            pen = pg.mkPen(color, width=2)
            for name, plot in (("spread", self.spread), ("ratio", self.ratio),
                               ("grad", self.grad)):  # fmt: skip
                item = plot.plot(x, positive(self.series[name][:, layer]), pen=pen,
                                 connect="finite")  # fmt: skip
                if plot is self.ratio:
                    self.legend.addItem(item, tr("layer {n}").format(n=label))
            share = self.series["units"][:, layer]
            if not np.isfinite(share).any():
                continue  # the output layer: no activation, no dead or saturated units
            self.units.plot(x, share, pen=pen, connect="finite")
            if units_name == "dead_probe":
                trained = snap.series("dead_trained")[:, layer]
                dashed = pg.mkPen(color, width=1, style=Qt.PenStyle.DashLine)
                self.units.plot(x, trained, pen=dashed, connect="finite")
        for name, plot in (("spread", self.spread), ("ratio", self.ratio), ("grad", self.grad)):
            low, high = log_span(self.series[name], BAND if plot is self.ratio else None)
            plot.setYRange(low, high, padding=0.05)
            plot.getAxis("left").setTicks([decade_ticks(low, high)])
        plot_title(self.spread, tr("Spread (std) of the {kind}").format(kind=kind_title(kind)), 9)
        plot_title(self.units, tr("Dead units (dashed: not active since the last measurement)")
                   if units_name == "dead_probe" else tr("Saturated units"), 9)  # fmt: skip
        self.set_iteration(iteration)

    def set_iteration(self, iteration: int) -> None:
        for plot in self.plots():
            for item in plot.items:
                if isinstance(item, pg.InfiniteLine) and item.angle == 90:
                    item.setValue(iteration)
