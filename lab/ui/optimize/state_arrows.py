"""The state view's drawing on a contour map: arrows, boxes, a circle and paths at the point.

What to draw comes from the engine (lab.engine.optimize.step_state); this only scales and
places it. Quantities in the gradient's units share one scale per update, chosen so the longest
is a fifth of the map's smaller side (their ratios are what the eye compares); steps, step sizes
and points are drawn at the map's own scale. Curves are PlotCurveItems, not PlotDataItems, so
the animation export (lab.ui.export.growing_curves) leaves them alone and the state view moves
them itself at each frame.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from lab.engine.optimize.step_state import (
    ARROW,
    BOX,
    CIRCLE,
    GRADIENT_UNITS,
    PATH,
    Mark,
    StepState,
    gradient_scale,
)

GRADIENT_SHARE = 0.2  # the longest gradient-unit mark: this share of the map's smaller side
# one colour per kind of quantity, the same on every map and in the view's table
# (bright on the map's blue bands, and unlike the optimizers' own colours)
COLORS = {"−g": "#ff1744", "Δθ": "#000000", "z": "#ffffff", "y": "#00e5ff",
          "s": "#ff9100", "±η": "#ff9100", "η·|O|": "#ff9100"}  # fmt: skip
MOMENTUM_COLOR, SECOND_MOMENT_COLOR = "#ffffff", "#ffd600"
LABEL_FILL = (0, 0, 0, 110)  # a dark backing keeps a label legible over any band or path
Z_VALUE = 15  # above the paths and markers, below the start target


def color_of(mark: Mark) -> str:
    if mark.symbol in COLORS:
        return COLORS[mark.symbol]
    return MOMENTUM_COLOR if mark.shape == ARROW else SECOND_MOMENT_COLOR


class StateOverlay:
    """Draws one :class:`StepState` on ``plot``; ``show(None)`` clears it."""

    def __init__(self, plot: pg.PlotWidget):
        self.plot = plot
        self.state: StepState | None = None
        self._curves: list[pg.PlotCurveItem] = []
        self._heads: list[pg.ArrowItem] = []
        self._labels: list[pg.TextItem] = []
        plot.getViewBox().sigRangeChanged.connect(lambda *_: self._draw())

    def show(self, state: StepState | None) -> None:
        self.state = state
        self._draw()

    def drawn(self) -> dict[str, np.ndarray]:
        """What is on the map, by symbol: each mark's points in map units (tests, export)."""
        return {label.toPlainText(): np.column_stack(curve.getData())
                for curve, label in zip(self._curves, self._labels, strict=False)
                if curve.isVisible()}  # fmt: skip

    def _draw(self) -> None:
        marks = () if self.state is None else self.state.marks
        self._sync(len(marks))
        if not marks:
            return
        (x0, x1), (y0, y1) = self.plot.getViewBox().viewRange()
        scale = gradient_scale(self.state, GRADIENT_SHARE * min(x1 - x0, y1 - y0))
        for k, mark in enumerate(marks):
            size = scale if mark.units == GRADIENT_UNITS else 1.0
            points = outline(mark, size)
            color = color_of(mark)
            finite = np.all(np.isfinite(points))
            style = pg.QtCore.Qt.PenStyle.DashLine if mark.shape == PATH else \
                pg.QtCore.Qt.PenStyle.SolidLine
            self._curves[k].setData(points[:, 0], points[:, 1],
                                    pen=pg.mkPen(color, width=3, style=style))
            self._curves[k].setVisible(bool(finite))
            self._labels[k].setText(mark.symbol, color=color)
            self._labels[k].setPos(*points[-1] if mark.shape != BOX else points[2])
            self._labels[k].setVisible(bool(finite))
            self._place_head(self._heads[k], mark, points, color, finite)

    def _place_head(self, head: pg.ArrowItem, mark: Mark, points: np.ndarray, color: str,
                    finite: bool) -> None:
        """An arrowhead at an arrow's tip, turned in pixels (the axes' scales may differ)."""
        if mark.shape != ARROW or not finite:
            head.hide()
            return
        px, py = self.plot.getViewBox().viewPixelSize()
        dx, dy = (points[1] - points[0]) / (px or 1.0, py or 1.0)
        if math.hypot(dx, dy) < 1.0:
            head.hide()
            return
        head.setStyle(angle=math.degrees(math.atan2(dy, -dx)), brush=pg.mkBrush(color),
                      pen=pg.mkPen(color))
        head.setPos(*points[1])
        head.show()

    def _sync(self, n: int) -> None:
        while len(self._curves) < n:
            curve = pg.PlotCurveItem()
            head = pg.ArrowItem(headLen=14, tipAngle=35)
            label = pg.TextItem(anchor=(0, 1), fill=LABEL_FILL)
            for item in (curve, head, label):
                item.setZValue(Z_VALUE)
                self.plot.addItem(item)
            self._curves.append(curve)
            self._heads.append(head)
            self._labels.append(label)
        for j in range(len(self._curves)):
            if j >= n:
                for item in (self._curves[j], self._heads[j], self._labels[j]):
                    item.hide()


def outline(mark: Mark, scale: float) -> np.ndarray:
    """The mark's points in map units: an arrow's two ends, a box's closed outline (half-widths
    per axis), a circle of 64 segments, or the path itself."""
    ox, oy = mark.origin
    if mark.shape == ARROW:
        dx, dy = np.asarray(mark.value) * scale
        return np.array([[ox, oy], [ox + dx, oy + dy]])
    if mark.shape == BOX:
        hx, hy = np.abs(np.asarray(mark.value)) * scale
        return np.array([[ox - hx, oy - hy], [ox + hx, oy - hy], [ox + hx, oy + hy],
                         [ox - hx, oy + hy], [ox - hx, oy - hy]])
    if mark.shape == CIRCLE:
        angle = np.linspace(0, 2 * np.pi, 65)
        r = float(mark.value[0]) * scale
        return np.column_stack([ox + r * np.cos(angle), oy + r * np.sin(angle)])
    return np.asarray(mark.value, dtype=float)


class StateOnMaps:
    """The chosen optimizer's state on the single map and on its own map of the 2×2 (the first
    four optimizers have one), while the state view is the tab shown."""

    def __init__(self, single: pg.PlotWidget, small: list[pg.PlotWidget]):
        self.single = StateOverlay(single)
        self.small = [StateOverlay(m) for m in small]
        self.visible = False
        self.state: StepState | None = None

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        self.show(self.state)

    def show(self, state: StepState | None) -> None:
        self.state = state
        shown = state if self.visible else None
        self.single.show(shown)
        for k, overlay in enumerate(self.small):
            overlay.show(shown if shown is not None and shown.index == k else None)
