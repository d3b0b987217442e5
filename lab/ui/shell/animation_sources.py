"""What each lab animates: the optimizer lab's playback and the training curves growing.

Both work on the lab's own widgets through public pyqtgraph calls, so an animation frame is the
picture the lab shows (and the last frame is its still export):

- optimizer lab: frame k is playback step ``round(k * steps / (n - 1))`` set on the lab's own
  scrubber (markers, update arrows and the loss plot's cursor move as in playback); each
  trajectory, and each loss curve, is drawn up to that step (they grow).
- training lab: frame k draws every curve up to ``x0 + (x1 - x0) * k / (n - 1)`` on its x axis
  (iterations or epochs); the smoothed loss is a trailing average, so cutting the full curve
  draws what the plot showed at that moment.

The view range is held at the final picture's during the frames, so axes do not jump, and
everything is put back afterwards.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from lab.io.files import ExportError
from lab.ui.common.i18n import N_
from lab.ui.export.animation import AnimationSource

MAX_DEFAULT_FRAMES = 200


def plots_in(widget: QWidget) -> list[pg.PlotWidget]:
    """The plot itself, or the visible plots of a composite (the 2x2 maps)."""
    if isinstance(widget, pg.PlotWidget):
        return [widget]
    return [p for p in widget.findChildren(pg.PlotWidget) if p.isVisibleTo(widget)]


class _GrowingCurves(AnimationSource):
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

    def _hold_range(self, plot, view_range) -> None:
        (x0, x1), (y0, y1) = view_range
        plot.getViewBox().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def end(self) -> None:
        for plot, view_range, auto, curves in self._saved:
            for item, x, y in curves:
                item.setData(x, y)
            self._hold_range(plot, view_range)
            box = plot.getViewBox()
            box.enableAutoRange(x=auto[0], y=auto[1])
        self._saved = []


class OptimizerPlayback(_GrowingCurves):
    """The optimizer lab's playback: trajectories growing, markers and update arrows moving."""

    def __init__(self, label: str, widget: QWidget, lab):
        super().__init__(label, widget)
        self.lab = lab
        steps = 0 if lab.result is None else lab.result.paths.shape[1] - 1
        self.default_frames = max(2, min(steps + 1, MAX_DEFAULT_FRAMES))
        self.max_frames = max(2, steps + 1)  # more would repeat steps
        self._step = 0
        self._playing = False

    def begin(self) -> None:
        if self.lab.result is None:
            raise ExportError("there are no trajectories to animate yet")
        bar = self.lab.playback
        self._playing = bar.play.isChecked()
        bar.play.setChecked(False)
        self._step = bar.step()
        self._steps = self.lab.result.paths.shape[1] - 1
        bar.scrubber.setValue(self._steps)  # the final picture fixes the ranges held
        super().begin()

    def show_frame(self, k: int, n: int) -> None:
        step = round(k * self._steps / max(n - 1, 1))
        self.lab.playback.scrubber.setValue(step)  # markers, arrows and cursor, as in playback
        for plot, view_range, _, curves in self._saved:
            for item, x, y in curves:
                if len(x) == self._steps + 1:  # a trajectory or a loss curve: one point a step
                    item.setData(x[: step + 1], y[: step + 1])
            self._hold_range(plot, view_range)

    def end(self) -> None:
        super().end()
        self.lab.playback.scrubber.setValue(self._step)
        self.lab.playback.play.setChecked(self._playing)


class TrainingGrowth(_GrowingCurves):
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
            self._hold_range(plot, view_range)


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


def animation_sources(lab) -> list[AnimationSource]:
    """The animations a lab offers (its plots that change over a run), by the lab's kind."""
    from lab.ui.optimize.panel import OptimizerLab
    from lab.ui.search.animation import search_sources
    from lab.ui.search.panel import SearchLab
    from lab.ui.train.panel import TrainLab

    if isinstance(lab, OptimizerLab):
        return [OptimizerPlayback(N_("Contour map"), lab.maps.currentWidget(), lab),
                OptimizerPlayback(N_("Loss plot"), lab.loss, lab)]
    if isinstance(lab, TrainLab):
        return [TrainingGrowth(N_("Loss curves"), lab.loss, lab.runs),
                TrainingGrowth(N_("Accuracy curves"), lab.accuracy, lab.runs),
                TrainingGrowth(N_("Learning rate"), lab.lr_plot, lab.runs)]
    if isinstance(lab, SearchLab):
        return search_sources(lab)  # the trials filling in, view by view
    return []
