"""The Landscape tab's animation (File > Export animation…): each run's marker crawling along
its path over the plane, frame k at iteration last·k/(n − 1) (the slider's own motion)."""

from __future__ import annotations

from lab.io.files import ExportError
from lab.ui.export.animation import AnimationSource


class PathCrawl(AnimationSource):
    """Moves the tab's iteration slider from 0 to the paths' last iteration."""

    default_frames = 60

    def __init__(self, label: str, tab):
        self.label, self.tab, self.widget = label, tab, tab.map
        self._saved: int | None = None

    def begin(self) -> None:
        result = self.tab.result
        if result is None or result.betas is None or not result.paths:
            raise ExportError("there is no plane with paths to animate: compute a landscape of "
                              "runs with snapshots first")
        self._saved = self.tab.slider.value()

    def show_frame(self, k: int, n: int) -> None:
        self.tab.slider.setValue(round(self.tab.slider.maximum() * k / max(n - 1, 1)))

    def end(self) -> None:
        if self._saved is not None:
            self.tab.slider.setValue(self._saved)
            self._saved = None
