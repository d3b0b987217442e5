"""Histograms over time as one picture: iteration across, value up, log counts as colour (the
"colorful dimension" picture of a layer's activations or gradients while the net trains).

Why these choices: the value axis is the record's own bins (fixed per run, layer and kind,
widened only by adding bins), so a column here is exactly the histogram the run measured; the
colour is log10(1 + count) because a collapsed layer puts nearly every value in one bin and
linear counts would show nothing else. Measurements may be thinned (every 2^k-th kept), so
the columns are laid on an even grid of iterations, each showing the latest measurement at or
before it.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from lab.engine.train.diagnostics.files import histogram_matrix
from lab.ui.common.i18n import tr
from lab.ui.common.style import axis_title
from lab.ui.train.inside.common import cursor_line, kind_title, plain_axes

COLUMNS = 600  # columns of the picture at most (about its width in pixels)


def columns(iterations: np.ndarray, width: int = COLUMNS) -> tuple[np.ndarray, float, float]:
    """(measurement index per column, first iteration, iterations per column)."""
    first, last = int(iterations[0]), int(iterations[-1])
    span = last - first
    count = max(1, min(width, span))
    step = span / count if span else 1.0
    starts = first + step * np.arange(count)
    index = np.searchsorted(iterations, starts + 1e-9, side="right") - 1
    return np.clip(index, 0, len(iterations) - 1), float(first), step


class HistogramHeatmap(pg.PlotWidget):
    """One run's histograms of one layer and kind, over its iterations."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.setObjectName("inside-heatmap")
        plain_axes(self)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.addItem(self.image)
        # the scale of log10(1 + count), beside the picture (it sets the image's colours)
        self.bar = pg.ColorBarItem(values=(0, 1), colorMap=pg.colormap.get("viridis"),
                                   interactive=False, width=12)  # fmt: skip
        self.bar.setImageItem(self.image, insert_in=self.getPlotItem())
        self.cursor = cursor_line()
        self.addItem(self.cursor, ignoreBounds=True)
        self.setLabel("bottom", tr("iteration"))
        self.setTitle(tr("Histograms over time"), size="10pt")
        self.picture: np.ndarray | None = None  # log10(1 + counts): (bins, columns)

    def draw(self, snap, layer: int, kind: str, iteration: int) -> None:
        """Draw ``snap``'s (a DiagnosticsSnapshot) histograms; nothing when None."""
        matrix = None if snap is None else histogram_matrix(snap, layer, kind)
        if matrix is None:
            self.image.clear()
            self.picture = None
            self.setTitle(tr("Histograms over time: no measurements"), size="10pt")
            return
        edges, counts = matrix[0], matrix[1]
        index, first, step = columns(snap.iterations)
        self.picture = np.log10(1.0 + counts[index].T.astype(np.float64))
        top = float(self.picture.max()) or 1.0
        self.image.setImage(self.picture, autoLevels=False)
        self.bar.setLevels((0.0, top))
        width = step * len(index) if len(snap.iterations) > 1 else 1.0
        self.image.setRect(QRectF(first, edges[0], width, edges[-1] - edges[0]))
        axis_title(self, "left", kind_title(kind))
        self.setTitle(tr("Layer {layer}, {kind}: histograms over time (colour: log₁₀(1 + count), "
                         "{bins} fixed bins)").format(layer=snap.layers[layer],
                                                     kind=kind_title(kind),
                                                     bins=len(edges) - 1), size="10pt")  # fmt: skip
        self.set_iteration(iteration)

    def set_iteration(self, iteration: int) -> None:
        self.cursor.setValue(iteration)
