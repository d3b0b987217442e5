"""Activation std and gradient std against depth, on a log axis: vanishing or exploding at a
glance. Configuration B, when compared, is dashed."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from lab.engine.init.probe import ProbeResult
from lab.ui.common.i18n import tr
from lab.ui.common.log_ticks import keep_log_labels_apart
from lab.ui.common.style import axis_title, legend_outside


def positive(values: np.ndarray) -> np.ndarray:
    """Values for a log axis: non-positive ones become gaps (NaN) instead of warnings."""
    return np.where(values > 0, values, np.nan)


class DepthCurves(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("depth-curves")
        self.setBackground("w")
        self.setLogMode(x=False, y=True)
        self.setLabel("bottom", tr("layer"))
        axis_title(self, "left", tr("std (log scale)"))
        self.getAxis("left").enableAutoSIPrefix(False)
        keep_log_labels_apart(self)
        self.showGrid(x=True, y=True, alpha=0.2)
        self.setTitle(tr("Spread per layer"), size="10pt")
        self.legend = legend_outside(self.getPlotItem())  # beside the data, not over it

    def show_results(self, a: ProbeResult, b: ProbeResult | None) -> None:
        self.clear()
        self.legend.clear()
        for result, tag, style in ((a, "A", Qt.PenStyle.SolidLine),
                                   (b, "B", Qt.PenStyle.DashLine)):  # fmt: skip
            if result is None:
                continue
            layers = np.arange(1, len(result.layers) + 1)
            for kind, color, label in (("activation", "#1f77b4", tr("activation std")),
                                       ("gradient", "#d62728", tr("gradient std"))):  # fmt: skip
                values = positive(result.series(kind))
                if np.all(np.isnan(values)):
                    continue
                self.plot(layers, values, pen=pg.mkPen(color, width=2, style=style),
                          symbol="o", symbolSize=5, symbolBrush=color, connect="finite",
                          name=f"{tag}: {label}")
