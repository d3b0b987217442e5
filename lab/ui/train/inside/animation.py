"""File > Export animation… for the Inside tab: the chosen run's histograms of the chosen layer
and kind evolving over the run, one measurement per frame (for slides).

The axes are fixed before the first frame (to the range every measurement's outline needs), so
the picture does not jump from frame to frame; the view is put back afterwards.
"""

from __future__ import annotations

import numpy as np

from lab.io.files import ExportError
from lab.ui.common.i18n import N_, tr
from lab.ui.export.animation import AnimationSource


class HistogramsEvolving(AnimationSource):
    label = N_("Inside: histograms over the run")
    default_frames = 60

    def __init__(self, tab):
        self.tab = tab
        self.widget = tab.outlines
        self._snap = None

    def begin(self) -> None:
        tab = self.tab
        self._snap = tab.inside.snapshot(tab.run.currentData())
        if self._snap is None:
            raise ExportError(tr("no measurements to animate yet: measure a run inside first"))
        self._choice = (tab.layer.currentData() or 0, tab.kind.currentData())
        every = self._snap.iterations.tolist()
        self.widget.draw(self._snap, *self._choice, every[-1], pinned=every)
        box = self.widget.getViewBox()
        x_range, y_range = box.viewRange()
        box.setRange(xRange=x_range, yRange=y_range, padding=0)
        box.disableAutoRange()

    def show_frame(self, k: int, n: int) -> None:
        iterations = self._snap.iterations
        index = int(np.round(k * (len(iterations) - 1) / max(n - 1, 1)))
        at = int(iterations[index])
        self.widget.draw(self._snap, *self._choice, at, pinned=[at])

    def end(self) -> None:
        """The outlines as the tab shows them (its cursor and pins), auto-ranged again."""
        self.widget.getViewBox().enableAutoRange()
        tab = self.tab
        self.widget.draw(self._snap, *self._choice, tab.inside.iteration, tab.pinned)
        self._snap = None
