"""The optimizer lab's animation (File > Export animation…): its playback, trajectories growing.

Frame k is playback step ``round(k * steps / (n - 1))`` set on the lab's own scrubber (markers,
update arrows and the loss plot's cursor move as in playback); each trajectory, and each loss
curve, is drawn up to that step. The ranges and curves are put back afterwards
(lab.ui.export.growing_curves).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from lab.io.files import ExportError
from lab.ui.export.growing_curves import GrowingCurves

MAX_DEFAULT_FRAMES = 200


class OptimizerPlayback(GrowingCurves):
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
            self.hold_range(plot, view_range)

    def end(self) -> None:
        super().end()
        self.lab.playback.scrubber.setValue(self._step)
        self.lab.playback.play.setChecked(self._playing)
