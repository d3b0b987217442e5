"""The function's landscape as filled contours, with trajectories drawn over it.

The bands come precomputed and coloured by a worker (surface_loader: log-spaced above the
minimum), once for every map: the image item only draws the bytes. The start point is a
draggable target; a click also moves it.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QImage

from lab.engine.optimize.trajectories import TrajectoryResult
from lab.ui.common.i18n import tr
from lab.ui.common.style import plot_title
from lab.ui.optimize.surface_loader import PreparedSurface

MAX_DOTTED_STEPS = 300


class BandImage(pg.ImageItem):
    """The worker's coloured bands, kept as a QImage in the raster engine's own opaque 32-bit
    format: converted once per function (~0.1 ms), then every paint is a plain scaled copy
    (pyqtgraph's RGBA8888 image was converted again on each paint of each map)."""

    def render(self) -> None:
        super().render()
        if self.qimage is not None and self.qimage.format() != QImage.Format.Format_RGB32:
            self.qimage = self.qimage.convertToFormat(QImage.Format.Format_RGB32)


class ContourMap(pg.PlotWidget):
    """Filled contours + trajectories; emits ``start_moved(x, y)`` when the user moves the start."""

    start_moved = Signal(float, float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.setObjectName("contour-map")
        self.setLabel("bottom", "x")
        self.setLabel("left", "y")
        self.image = BandImage(axisOrder="row-major")
        self.image.setZValue(-10)
        self.addItem(self.image)
        self.minima = pg.ScatterPlotItem(symbol="star", size=16, brush="#ffd700",
                                         pen=pg.mkPen("#333", width=1))  # fmt: skip
        self.minima.setZValue(5)
        self.addItem(self.minima)
        self._paths: list[pg.PlotDataItem] = []
        # every optimizer's marker in one item: a scatter item's bounds are asked for dozens of
        # times a paint, so seven one-point items cost seven times what one seven-point item does
        self.markers = pg.ScatterPlotItem(size=12, pen=pg.mkPen("#000", width=1.5))
        self.markers.setZValue(10)
        self.addItem(self.markers)
        self._brushes: list = []
        self._arrows: list[pg.ArrowItem] = []
        self._result: TrajectoryResult | None = None
        self._step = 0
        self._box = (-1.0, 1.0, -1.0, 1.0)  # the function's view box (sizes the eigen-axes)
        self.target = pg.TargetItem((0, 0), size=14, movable=True,
                                    pen=pg.mkPen("#000", width=2), brush="#ffffffaa")
        self.target.setZValue(20)
        self.target.setToolTip(tr("start point: drag it, or click anywhere on the map"))
        self.addItem(self.target)
        self.target.sigPositionChanged.connect(self._target_moved)
        self.axes = [pg.PlotDataItem(pen=pg.mkPen("#5a2d82", width=2, style=Qt.PenStyle.DashLine))
                     for _ in range(2)]
        self.axis_labels = [pg.TextItem(color="#5a2d82", anchor=(0, 1)) for _ in range(2)]
        for item in (*self.axes, *self.axis_labels):
            item.setZValue(4)
            item.setVisible(False)
            self.addItem(item, ignoreBounds=True)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.getViewBox().sigRangeChanged.connect(lambda *_: self._place_arrows())

    def set_surface(self, prepared: PreparedSurface) -> None:
        """Show a function whose bands were computed in a worker (shared by every map)."""
        surface = prepared.surface
        xmin, xmax, ymin, ymax = self._box = surface.box
        self.image.setImage(prepared.rgba, autoLevels=False)  # RGBA bytes: drawn as they are
        self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        if surface.minima:
            self.minima.setData(pos=np.asarray(surface.minima, dtype=float))
        else:
            self.minima.clear()
        self.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        plot_title(self, tr(surface.title), 10)

    def set_theory(self, theory) -> None:
        """The Hessian's eigenvectors through the model's centre, each as long as the level
        set's axis in its direction (∝ 1/√λ): the long axis is the flat direction. None: hidden."""
        visible = theory is not None
        for item in (*self.axes, *self.axis_labels):
            item.setVisible(visible)
        if not visible:
            return
        x0, x1, y0, y1 = self._box
        longest = 0.4 * min(x1 - x0, y1 - y0)
        curvatures = np.abs(theory.eigenvalues)
        flattest = max(float(curvatures.min()), 1e-12)
        cx, cy = theory.center
        for i in range(2):
            half = longest * math.sqrt(flattest / max(float(curvatures[i]), 1e-12))
            dx, dy = theory.eigenvectors[:, i] * half
            self.axes[i].setData([cx - dx, cx + dx], [cy - dy, cy + dy])
            self.axis_labels[i].setText(f"v{'₁₂'[i]}  λ{'₁₂'[i]} = {theory.eigenvalues[i]:.3g}")
            self.axis_labels[i].setPos(cx + dx, cy + dy)

    def set_start(self, x: float, y: float) -> None:
        self.target.blockSignals(True)
        self.target.setPos(x, y)
        self.target.blockSignals(False)

    def set_result(self, result: TrajectoryResult, colors: list[str]) -> None:
        self._result = result
        self._sync_items(len(result.labels))
        self._brushes = [pg.mkBrush(color) for color in colors]
        # a dot per step shows the step sizes of a short run; for long runs the dots merge into
        # the line and cost most of each repaint (11 x 5000 symbols on every slider move)
        symbol = "o" if result.paths.shape[1] <= MAX_DOTTED_STEPS + 1 else None
        for i, color in enumerate(colors):
            self._paths[i].setData(result.paths[i, :, 0], result.paths[i, :, 1],
                                   pen=pg.mkPen(color, width=2), symbol=symbol, symbolSize=4,
                                   symbolBrush=color, symbolPen=None, connect="finite")
            self._arrows[i].setStyle(brush=pg.mkBrush(color))
        self.set_step(min(self._step, result.paths.shape[1] - 1) if self._step else
                      result.paths.shape[1] - 1)

    def set_step(self, step: int) -> None:
        """Move each optimizer's marker to ``step``; the arrow shows the next update."""
        self._step = step
        if self._result is None:
            return
        points, brushes = [], []
        for i in range(len(self._result.labels)):
            point = self._last_finite(i, step)
            if point is not None:
                points.append(point)
                brushes.append(self._brushes[i])
        if points:
            self.markers.setData(pos=np.asarray(points), brush=brushes)
        else:
            self.markers.clear()
        self._place_arrows()

    def _place_arrows(self) -> None:
        if self._result is None:
            return
        px, py = self.getViewBox().viewPixelSize()
        paths = self._result.paths
        for i, arrow in enumerate(self._arrows[: len(self._result.labels)]):
            k = self._step
            if k + 1 >= paths.shape[1] or not np.all(np.isfinite(paths[i, k:k + 2])):
                arrow.hide()
                continue
            dx, dy = (paths[i, k + 1] - paths[i, k]) / (px or 1.0, py or 1.0)
            if math.hypot(dx, dy) < 1e-9:
                arrow.hide()
                continue
            # the arrow is drawn in pixels (y down); angle 0 points left
            arrow.setStyle(angle=math.degrees(math.atan2(dy, -dx)))
            arrow.setPos(*paths[i, k + 1])
            arrow.show()

    def _last_finite(self, i: int, step: int):
        path = self._result.paths[i, : step + 1]
        finite = np.nonzero(np.all(np.isfinite(path), axis=1))[0]
        return None if not len(finite) else path[finite[-1]]

    def _sync_items(self, n: int) -> None:
        while len(self._paths) < n:
            path = pg.PlotDataItem()
            arrow = pg.ArrowItem(headLen=20, tipAngle=40, pen=pg.mkPen("#000", width=1))
            for item, z in ((path, 1), (arrow, 11)):
                item.setZValue(z)
                self.addItem(item)
            self._paths.append(path)
            self._arrows.append(arrow)
        for items in (self._paths, self._arrows):
            for j, item in enumerate(items):
                item.setVisible(j < n)

    def _target_moved(self) -> None:
        pos = self.target.pos()
        self.start_moved.emit(float(pos.x()), float(pos.y()))

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        point = self.getViewBox().mapSceneToView(event.scenePos())
        if not self.getViewBox().sceneBoundingRect().contains(event.scenePos()):
            return
        self.target.setPos(point.x(), point.y())  # emits start_moved through the target
