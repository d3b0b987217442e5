"""Per-layer histograms in a grid: configuration A filled, B (when compared) outlined.

Deep networks show at most MAX_SHOWN layers, evenly spaced (first and last included), so the
grid stays readable; the stats table and the curves still cover every layer.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from lab.engine.init.probe import ProbeResult
from lab.ui.common.i18n import N_, tr
from lab.ui.common.theme import plot_colors

MAX_SHOWN = 20
COLUMNS = 5
COLOR_A, COLOR_B = "#1f77b4", "#ff7f0e"
KIND_TITLES = {"activation": N_("activations"), "preactivation": N_("pre-activations"),
               "gradient": N_("gradients ∂L/∂a")}  # fmt: skip


def shown_layers(depth: int) -> list[int]:
    """Indices (0-based) of the layers drawn: all of them, or MAX_SHOWN evenly spaced."""
    if depth <= MAX_SHOWN:
        return list(range(depth))
    return sorted({round(i) for i in np.linspace(0, depth - 1, MAX_SHOWN)})


class HistogramGrid(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("histogram-grid")
        self.setBackground("w")
        self._plots: list[pg.PlotItem] = []
        self._pool: list[pg.PlotItem] = []
        self._layers: list[int] = []

    def show_results(self, a: ProbeResult, b: ProbeResult | None, kind: str,
                     shared_axes: bool, log_counts: bool) -> None:
        layers = shown_layers(len(a.layers))
        if layers != self._layers:
            self._rebuild(layers)
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
            plot.setTitle(title, size="9pt", color="#d62728" if bad else plot_colors().foreground)
            plot.getAxis("left").setLabel(tr("log₁₀(count+1)") if log_counts and
                                          index == layers[0] else "")  # fmt: skip
        self._apply_axes(ranges, shared_axes)
        self.ci.setContentsMargins(4, 4, 4, 4)

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

    def _rebuild(self, layers: list[int]) -> None:
        """Lay out one plot per shown layer, reusing plots: a PlotItem costs ~60 ms to build,
        so switching from 5 to 20 layers took 1.5 s on the GUI thread when all were rebuilt."""
        self.clear()
        while len(self._pool) < len(layers):
            plot = pg.PlotItem()
            plot.setMenuEnabled(False)
            plot.getAxis("left").enableAutoSIPrefix(False)
            self._pool.append(plot)
        self._plots = self._pool[: len(layers)]
        for k, plot in enumerate(self._plots):
            self.addItem(plot, row=k // COLUMNS, col=k % COLUMNS)
        self._layers = layers
