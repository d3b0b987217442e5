"""The book's 2x2 layout: one contour map per optimizer (first four ticked).

Each small map carries the start point too, so the view the book preset opens in accepts a click
or a drag like the single map does; the maps re-emit it as one ``start_moved``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from lab.engine.optimize.trajectories import TrajectoryResult
from lab.ui.common.style import plot_title
from lab.ui.optimize.contour_map import ContourMap
from lab.ui.optimize.surface_loader import PreparedSurface


class SmallMultiples(QWidget):
    start_moved = Signal(float, float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("small-multiples")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.maps = [ContourMap() for _ in range(4)]
        for k, m in enumerate(self.maps):
            grid.addWidget(m, k // 2, k % 2)
            m.start_moved.connect(self.start_moved)

    def set_start(self, x: float, y: float) -> None:
        """Show the start point on every map (without re-emitting it)."""
        for m in self.maps:
            m.set_start(x, y)

    def set_surface(self, prepared: PreparedSurface) -> None:
        """One grid for the four maps (computed once, in the surface worker)."""
        for m in self.maps:
            m.set_surface(prepared)

    def set_result(self, result: TrajectoryResult, colors: list[str]) -> None:
        for k, m in enumerate(self.maps):
            m.setVisible(k < len(result.labels))
            if k < len(result.labels):
                one = TrajectoryResult(result.labels[k:k + 1], result.paths[k:k + 1],
                                       result.losses[k:k + 1], result.lrs[k:k + 1],
                                       result.diverged_at[k:k + 1], result.minima)
                m.set_result(one, [colors[k]])
                plot_title(m, result.labels[k], 10, color=colors[k])

    def set_step(self, step: int) -> None:
        for m in self.maps:
            m.set_step(step)
