"""Per-layer histograms in a grid: configuration A filled, B (when compared) outlined.

Deep networks show at most MAX_SHOWN layers, evenly spaced (first and last included), so the
grid stays readable; the stats table and the curves still cover every layer.

The grid never lays out wider than it is: it takes as many columns (up to COLUMNS) as the
plots' minimum widths allow, and each row keeps MIN_PLOT_HEIGHT so the count axis's labels
never overprint; rows that do not fit scroll (:func:`scrolling`). A pyqtgraph view sizes its
scene to the view only when the view is resized, so a layout that once grew past the view (20
plots) kept its width after it shrank (5 plots: the fifth off screen): every arrangement refits
the scene here.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QFrame, QScrollArea

from lab.engine.init.probe import ProbeResult
from lab.ui.common.i18n import N_, tr
from lab.ui.common.style import axis_title, plot_title
from lab.ui.common.theme import plot_colors

MAX_SHOWN = 20
COLUMNS = 5
MIN_PLOT_WIDTH = 140  # px: a count axis, a few x ticks and a short title
MIN_PLOT_HEIGHT = 150  # px: room for the count axis's labels, the title and the x axis
COLOR_A, COLOR_B = "#1f77b4", "#ff7f0e"
KIND_TITLES = {"activation": N_("activations"), "preactivation": N_("pre-activations"),
               "gradient": N_("gradients ∂L/∂a")}  # fmt: skip


def shown_layers(depth: int) -> list[int]:
    """Indices (0-based) of the layers drawn: all of them, or MAX_SHOWN evenly spaced."""
    if depth <= MAX_SHOWN:
        return list(range(depth))
    return sorted({round(i) for i in np.linspace(0, depth - 1, MAX_SHOWN)})


def compact_count(value: float) -> str:
    """A count as an axis label: 20k, 1.5M (narrow, so five columns fit a laptop screen)."""
    for scale, suffix in ((1e6, "M"), (1e3, "k")):  # notr: SI prefixes
        if abs(value) >= scale:
            return f"{round(value / scale, 6):g}{suffix}"
    return f"{round(value, 6):g}"


class CountAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        return [compact_count(v * scale) for v in values]


def scrolling(grid: HistogramGrid) -> QScrollArea:
    """``grid`` in a vertically scrolling area: rows beyond the view scroll, none is cut off."""
    area = QScrollArea()
    area.setWidget(grid)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return area


class HistogramGrid(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("histogram-grid")
        self.setBackground("w")
        self.setMinimumWidth(MIN_PLOT_WIDTH)
        self.ci.setContentsMargins(4, 4, 4, 4)
        self._plots: list[pg.PlotItem] = []
        self._pool: list[pg.PlotItem] = []
        self._layers: list[int] = []
        self.columns = 0  # of the current arrangement

    def show_results(self, a: ProbeResult, b: ProbeResult | None, kind: str,
                     shared_axes: bool, log_counts: bool) -> None:
        layers = shown_layers(len(a.layers))
        if layers != self._layers:
            self._take_plots(layers)
        ranges = []
        for plot, index in zip(self._plots, layers, strict=True):
            plot.clear()
            for result, color, fill in ((a, COLOR_A, True), (b, COLOR_B, False)):
                if result is None or index >= len(result.layers):
                    continue
                stats = result.layers[index].stats(kind)
                counts = np.log10(stats.counts + 1.0) if log_counts else stats.counts
                plot.plot(stats.edges, counts, stepMode="center", pen=pg.mkPen(color, width=1.5),
                          fillLevel=0 if fill else None,
                          brush=pg.mkBrush(color + "88") if fill else None)  # fmt: skip
                ranges.append((stats.edges[0], stats.edges[-1], float(np.max(counts))))
            bad = a.layers[index].stats(kind).nonfinite
            title = tr("layer {n}").format(n=index + 1) + (
                "  " + tr("({n} non-finite)").format(n=bad) if bad else "")
            plot_title(plot, title, 9, color="#d62728" if bad else plot_colors().foreground)
            axis_title(plot, "left", tr("log₁₀(count+1)") if log_counts and
                       index == layers[0] else "")  # fmt: skip
        self._apply_axes(ranges, shared_axes)
        self._arrange(force=True)  # titles and axes set: their minimum widths are known

    def _apply_axes(self, ranges, shared: bool) -> None:
        if shared and ranges:
            low = min(r[0] for r in ranges)
            high = max(r[1] for r in ranges)
            top = max(r[2] for r in ranges) or 1.0
            for plot in self._plots:
                plot.setXRange(low, high, padding=0.02)
                plot.setYRange(0, top, padding=0.05)
        else:
            for plot in self._plots:
                plot.enableAutoRange()

    def _take_plots(self, layers: list[int]) -> None:
        """One plot per shown layer, reusing plots: a PlotItem costs ~60 ms to build, so
        switching from 5 to 20 layers took 1.5 s on the GUI thread when all were rebuilt."""
        while len(self._pool) < len(layers):
            plot = pg.PlotItem(axisItems={"left": CountAxis("left")})
            plot.setMenuEnabled(False)
            plot.getAxis("left").enableAutoSIPrefix(False)
            self._pool.append(plot)
        self._plots = self._pool[: len(layers)]
        self._layers = layers

    def columns_for(self, width: float) -> int:
        """As many columns (≤ COLUMNS) as fit ``width`` at the plots' minimum widths."""
        if not self._plots:
            return 1
        left, _, right, _ = self.ci.layout.getContentsMargins()
        spacing = self.ci.layout.horizontalSpacing()
        widest = max([MIN_PLOT_WIDTH] + [p.effectiveSizeHint(Qt.SizeHint.MinimumSize).width()
                                         for p in self._plots])  # fmt: skip
        fit = int((width - left - right + spacing) // (widest + spacing))
        return max(1, min(COLUMNS, len(self._plots), fit))

    def _arrange(self, force: bool = False) -> None:
        columns = self.columns_for(self.viewport().width())
        if columns != self.columns or force:
            self.clear()
            for k, plot in enumerate(self._plots):
                self.addItem(plot, row=k // columns, col=k % columns)
            self.columns = columns
            rows = -(-len(self._plots) // columns)
            self.setMinimumHeight(rows * MIN_PLOT_HEIGHT)
        self._fit_scene()

    def _fit_scene(self) -> None:
        """The layout fills the view exactly (what pyqtgraph does on a resize only)."""
        self.setRange(QRectF(0, 0, self.width(), self.height()), padding=0,
                      disableAutoPixel=False)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        plots = getattr(self, "_plots", None)  # None while pyqtgraph builds the view
        if plots and self.columns_for(self.viewport().width()) != self.columns:
            self._arrange()

