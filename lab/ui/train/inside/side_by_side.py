"""Two runs' histograms of the same layer and kind at the same iteration, overlaid, and their
difference below (what TensorBoard cannot do, its issue #6206).

Each run keeps its own bins; both are drawn as densities, and the difference is exact on the
union of both runs' edges (lab.engine.train.diagnostics.compare): nothing is re-binned.
Each run shows its measurement at or before the cursor; the title says which iterations those
are when they differ (two runs measured at other cadences).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from lab.engine.train.diagnostics.compare import density, difference
from lab.engine.train.diagnostics.files import histogram_matrix
from lab.ui.common.i18n import tr
from lab.ui.common.log_ticks import keep_log_labels_apart
from lab.ui.common.style import axis_title, legend_outside, plot_title
from lab.ui.train.inside.common import at_or_before, floored, kind_title, plain_axes


def run_density(snap, layer: int, kind: str, iteration: int):
    """(edges, density, iteration measured) of a run at the cursor, or None."""
    matrix = None if snap is None or layer >= len(snap.layers) else \
        histogram_matrix(snap, layer, kind)  # fmt: skip
    if matrix is None:
        return None
    edges, counts, under, over = matrix[:4]
    k = at_or_before(snap.iterations, iteration)
    total = counts[k].sum() + under[k] + over[k]
    return edges, density(edges, counts[k], total), int(snap.iterations[k])


class SideBySide(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.setObjectName("inside-side-by-side")
        self.overlay = self.addPlot(row=0, col=0)
        self.diff = self.addPlot(row=1, col=0)
        self.diff.setXLink(self.overlay)
        for plot in (self.overlay, self.diff):
            plain_axes(plot)
        self.legend = legend_outside(self.overlay)
        axis_title(self.overlay, "left", tr("density (log)"))
        self.overlay.setLogMode(x=False, y=True)
        keep_log_labels_apart(self.overlay)
        axis_title(self.diff, "left", tr("difference"))
        self.difference: tuple[np.ndarray, np.ndarray] | None = None
        self.message(tr("Choose a second run to compare"))

    def message(self, text: str) -> None:
        for plot in (self.overlay, self.diff):
            plot.clear()
        self.legend.clear()
        self.difference = None
        plot_title(self.overlay, text, 10)
        plot_title(self.diff, "", 10)

    def draw(self, runs, layer: int, kind: str, iteration: int) -> None:
        """``runs``: [(name, snapshot, colour)] for the two runs (the second may be missing)."""
        if len(runs) < 2:
            self.message(tr("Choose a second run to compare"))
            return
        shown = [(name, run_density(snap, layer, kind, iteration), color)
                 for name, snap, color in runs]  # fmt: skip
        missing = [name for name, found, _ in shown if found is None]
        if missing:
            self.message(
                tr("No {kind} of layer {layer} measured in {runs}").format(
                    kind=kind_title(kind), layer=layer + 1, runs=", ".join(missing)
                )
            )
            return
        self.message("")
        for name, (edges, dens, _), color in shown:
            item = self.overlay.plot(
                edges, floored(dens), stepMode="center", pen=pg.mkPen(color, width=2)
            )
            self.legend.addItem(item, name)
        (name_a, (edges_a, dens_a, it_a), color_a), (name_b, (edges_b, dens_b, it_b), _) = shown
        edges, diff = difference(edges_a, dens_a, edges_b, dens_b)
        self.difference = (edges, diff)
        self.diff.plot(edges, diff, stepMode="center", fillLevel=0,
                       brush=pg.mkBrush(color_a), pen=pg.mkPen(color_a, width=1))  # fmt: skip
        self.diff.addItem(pg.InfiniteLine(0, angle=0, pen=pg.mkPen("#888888")))
        when = (
            tr("iteration {n}").format(n=it_a)
            if it_a == it_b
            else tr("iterations {a} and {b}").format(a=it_a, b=it_b)
        )
        plot_title(
            self.overlay,
            tr("Layer {layer}, {kind}: {a} and {b} at {when}").format(
                layer=layer + 1, kind=kind_title(kind), a=name_a, b=name_b, when=when
            ),
            10,
        )
        plot_title(
            self.diff,
            tr("{a} − {b} (exact, on both runs' bin edges)").format(a=name_a, b=name_b),
            10,
        )
        self.diff.setLabel("bottom", kind_title(kind))
