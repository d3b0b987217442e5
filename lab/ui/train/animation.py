"""The training lab's animation (File > Export animation…): the curves growing over the runs.

Frame k draws every curve up to ``x0 + (x1 - x0) * k / (n - 1)`` on its x axis (iterations or
epochs); the smoothed loss is a trailing average, so cutting the full curve draws what the plot
showed at that moment. The ranges and curves are put back afterwards
(lab.ui.export.growing_curves).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QWidget

from lab.io.files import ExportError
from lab.ui.export.growing_curves import GrowingCurves


class TrainingGrowth(GrowingCurves):
    """Training curves growing along their x axis over the run(s)."""

    default_frames = 60

    def __init__(self, label: str, widget: QWidget, runs=None):
        super().__init__(label, widget)
        self.runs = runs  # the lab's runs model, to refuse while a run is still training

    def begin(self) -> None:
        if self.runs is not None and any(e.status.active for e in self.runs):
            raise ExportError("a run is still training: animate the curves once it has "
                              "finished or stopped")
        super().begin()
        if not any(curves for *_, curves in self._saved):
            self._saved = []
            raise ExportError("there are no curves to animate yet: train a run first")

    def show_frame(self, k: int, n: int) -> None:
        for plot, view_range, _, curves in self._saved:
            finite = [x[np.isfinite(x)] for _, x, _ in curves]
            lo = min((f.min() for f in finite if len(f)), default=0.0)
            hi = max((f.max() for f in finite if len(f)), default=0.0)
            cut = lo + (hi - lo) * k / max(n - 1, 1)
            for item, x, y in curves:
                item.setData(*(grown(x, y, cut, item.opts.get("symbol") is None)
                               if k < n - 1 else (x, y)))
            self.hold_range(plot, view_range)


def grown(x: np.ndarray, y: np.ndarray, cut: float, interpolate: bool):
    """The points with x <= cut (x ascending); a line without symbols also reaches ``cut``
    itself (linear interpolation), so sparse curves (accuracy, 5 points) grow smoothly; a
    curve with symbols stops at its last measured point (no dot where nothing was measured)."""
    j = int(np.searchsorted(x, cut, side="right"))
    xs, ys = x[:j], y[:j]
    if interpolate and 0 < j < len(x) and x[j] > x[j - 1]:
        t = (cut - x[j - 1]) / (x[j] - x[j - 1])
        xs, ys = np.append(xs, cut), np.append(ys, y[j - 1] + t * (y[j] - y[j - 1]))
    return xs, ys
