"""One run's histograms at a few iterations, overlaid as outlines: how a layer's spread moves
as the net trains (the book's figure 6-10 at several moments rather than one).

Which iterations: those the user pinned, else five spread evenly over the measurements; the
cursor's measurement is always drawn, thicker. Each outline is a density on the run's own
bins (count / (all values × bin width)), so outlines of different moments compare although a
histogram may have grown bins between them.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from lab.engine.train.diagnostics.compare import density
from lab.engine.train.diagnostics.files import histogram_matrix
from lab.ui.common.i18n import tr
from lab.ui.common.log_ticks import keep_log_labels_apart
from lab.ui.common.style import axis_title, legend_outside
from lab.ui.train.inside.common import CURSOR, at_or_before, floored, kind_title, plain_axes

SPREAD = 5  # iterations shown when none is pinned


def chosen_indices(iterations: np.ndarray, pinned, count: int = SPREAD) -> list[int]:
    """Measurement indices to draw: the pinned iterations' (each at or before), else
    ``count`` spread evenly from the first to the latest."""
    if len(iterations) == 0:
        return []
    if pinned:
        return sorted({at_or_before(iterations, it) for it in pinned})
    return sorted(set(np.linspace(0, len(iterations) - 1, min(count, len(iterations)))
                      .round().astype(int).tolist()))  # fmt: skip


class HistogramOutlines(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.setObjectName("inside-outlines")
        plain_axes(self)
        self.legend = legend_outside(self.getPlotItem())
        axis_title(self, "left", tr("density (log)"))
        self.setLogMode(x=False, y=True)
        keep_log_labels_apart(self)
        self.setTitle(tr("Histograms at chosen iterations"), size="10pt")
        self.drawn: list[int] = []  # the iterations drawn (the cursor's last)

    def draw(self, snap, layer: int, kind: str, iteration: int, pinned=()) -> None:
        self.clear()
        self.legend.clear()
        self.drawn = []
        matrix = None if snap is None else histogram_matrix(snap, layer, kind)
        if matrix is None:
            return
        edges, counts, under, over = matrix[:4]
        iterations = snap.iterations
        current = at_or_before(iterations, iteration)
        chosen = [k for k in chosen_indices(iterations, pinned) if k != current]
        colors = pg.colormap.get("viridis").getLookupTable(0.1, 0.9, max(len(chosen), 2))
        for k, color in zip(chosen, colors, strict=False):
            self._outline(edges, counts[k], under[k] + over[k], pg.mkPen(color, width=1.5),
                          tr("iteration {n}"), int(iterations[k]))  # fmt: skip
        self._outline(edges, counts[current], under[current] + over[current],
                      pg.mkPen(CURSOR, width=2.5), tr("iteration {n} (cursor)"),
                      int(iterations[current]))  # fmt: skip
        self.setLabel("bottom", kind_title(kind))
        self.setTitle(
            tr("Layer {layer}, {kind} at chosen iterations").format(
                layer=snap.layers[layer], kind=kind_title(kind)
            ),
            size="10pt",
        )

    def _outline(self, edges, counts, outside, pen, name: str, iteration: int) -> None:
        dens = density(edges, counts, counts.sum() + outside)
        item = self.plot(edges, floored(dens), stepMode="center", pen=pen)
        self.legend.addItem(item, name.format(n=iteration))
        self.drawn.append(iteration)
