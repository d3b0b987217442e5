"""The optimizer lab's maps, one shown at a time: the contour map, the book's 2×2 view and the
3-D surface. Each gets every function, result, step and start point, so switching shows the
same picture at once; a start moved on any of them is re-emitted as one ``start_moved``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget

from lab.ui.optimize.contour_map import ContourMap
from lab.ui.optimize.small_multiples import SmallMultiples
from lab.ui.optimize.surface_3d import Surface3D


class MapStack(QStackedWidget):
    start_moved = Signal(float, float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.map = ContourMap()
        self.multiples = SmallMultiples()
        self.surface_3d = Surface3D()
        self.views = (self.map, self.multiples, self.surface_3d)
        for view in self.views:
            self.addWidget(view)
        self.map.start_moved.connect(self.start_moved)
        self.multiples.start_moved.connect(self.start_moved)

    def show_view(self, two_by_two: bool, three_d: bool) -> None:
        """The 3-D surface when asked for, else the 2×2 view or the single map."""
        self.setCurrentWidget(self.surface_3d if three_d else
                              self.multiples if two_by_two else self.map)  # fmt: skip

    def set_surface(self, prepared) -> None:
        for view in self.views:
            view.set_surface(prepared)

    def set_start(self, x: float, y: float) -> None:
        for view in self.views:
            view.set_start(x, y)

    def set_result(self, result, colors: list[str]) -> None:
        for view in self.views:
            view.set_result(result, colors)

    def set_step(self, step: int) -> None:
        for view in self.views:
            view.set_step(step)

    def set_theory(self, theory) -> None:
        """The Hessian's eigenvectors as axes on the contour map."""
        self.map.set_theory(theory)
