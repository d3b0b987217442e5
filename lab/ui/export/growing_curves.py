"""Animations that grow a lab's own curves: the base of the optimizer lab's playback and of the
training curves growing (each lab's animation module says how much to draw in frame k).

Both work on the lab's own widgets through public pyqtgraph calls, so an animation frame is the
picture the lab shows, and the last frame is its still export. The view range is held at the
final picture's during the frames, so the axes do not jump, and every curve's data and every
view's range are put back afterwards.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from lab.ui.export.animation import AnimationSource


def plots_in(widget: QWidget) -> list[pg.PlotWidget]:
    """The plot itself, or the visible plots of a composite (the 2x2 maps)."""
    if isinstance(widget, pg.PlotWidget):
        return [widget]
    return [p for p in widget.findChildren(pg.PlotWidget) if p.isVisibleTo(widget)]


class GrowingCurves(AnimationSource):
    """Holds every plot's view range and curve data; subclasses choose how much to draw."""

    def __init__(self, label: str, widget: QWidget):
        self.label, self.widget = label, widget
        self._saved: list = []

    def begin(self) -> None:
        self._saved = []
        for plot in plots_in(self.widget):
            box = plot.getViewBox()
            curves = [(item, np.asarray(item.xData), np.asarray(item.yData))
                      for item in plot.listDataItems()
                      if isinstance(item, pg.PlotDataItem) and item.isVisible()
                      and item.xData is not None and len(item.xData)]  # fmt: skip
            self._saved.append((plot, box.viewRange(), list(box.state["autoRange"]), curves))
            box.disableAutoRange()

    def hold_range(self, plot, view_range) -> None:
        (x0, x1), (y0, y1) = view_range
        plot.getViewBox().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def end(self) -> None:
        for plot, view_range, auto, curves in self._saved:
            for item, x, y in curves:
                item.setData(x, y)
            self.hold_range(plot, view_range)
            box = plot.getViewBox()
            box.enableAutoRange(x=auto[0], y=auto[1])
        self._saved = []
