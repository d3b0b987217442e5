"""The function as a 3-D surface with the trajectories lifted onto it, rotatable with the mouse.

Why pyqtgraph's GL items (GLViewWidget, GLSurfacePlotItem, GLLinePlotItem) and not Qt's 3-D
graphs: pyqtgraph is already the lab's plotting library (same colours, same item model) and
only needs PyOpenGL (a few MB of pure Python), whereas QtGraphs ships in PySide6-Addons (a
second, far larger wheel the app does not otherwise need). Where OpenGL is missing (no PyOpenGL,
the offscreen platform of the tests, a remote desktop without GL) the view says so and the
contour map remains; the data it would draw (:func:`lifted_paths`, :func:`surface_grid`) is
computed either way.

Heights: z = f(x, y), shown clipped to the grid's 2nd–90th percentile (a Rosenbrock wall would
flatten the valley to nothing) and scaled to half the box's width; paths get the same map.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from lab.ui.common.i18n import tr
from lab.ui.common.theme import plot_colors
from lab.ui.optimize.surface_loader import COLORMAP, band_image

GRID_3D = 81  # vertices a side: smooth at a window's size, cheap to rebuild per function
NO_GL_PLATFORMS = ("offscreen", "minimal")


def surface_grid(surface, n: int = GRID_3D) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(xs (n,), ys (n,), z (n, n) with z[i, j] = f(xs[i], ys[j])) over the view box."""
    xmin, xmax, ymin, ymax = surface.box
    xs, ys = np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    with np.errstate(all="ignore"):
        z = np.asarray(surface.value(gx.ravel(), gy.ravel()), dtype=float).reshape(n, n)
    return xs, ys, z


def lifted_paths(surface, paths: np.ndarray) -> np.ndarray:
    """(optimizers, steps + 1, 3): each path's points with z = f(x, y) (NaN where diverged)."""
    paths = np.asarray(paths, dtype=float)
    with np.errstate(all="ignore"):
        z = np.asarray(surface.value(paths[..., 0].ravel(), paths[..., 1].ravel()),
                       dtype=float).reshape(paths.shape[:2])  # fmt: skip
    return np.concatenate([paths, z[..., None]], axis=-1)


class HeightScale:
    """f's values to drawn heights: clipped to the grid's bulk, scaled to the box's width."""

    def __init__(self, z: np.ndarray, box):
        finite = z[np.isfinite(z)]
        self.low, self.high = (np.percentile(finite, [2, 90]) if finite.size else (0.0, 1.0))
        if not self.high > self.low:
            self.high = self.low + 1.0
        self.size = 0.5 * max(box[1] - box[0], box[3] - box[2])

    def __call__(self, z: np.ndarray) -> np.ndarray:
        return (np.clip(z, self.low, self.high) - self.low) / (self.high - self.low) * self.size


def gl_problem() -> str | None:
    """Why the 3-D view cannot draw here, or None when it can."""
    platform = QGuiApplication.platformName()
    if platform in NO_GL_PLATFORMS:
        return tr("the “{platform}” display has no OpenGL").format(platform=platform)
    try:
        import OpenGL  # noqa: F401  (pyqtgraph.opengl's dependency)
        import pyqtgraph.opengl  # noqa: F401
    except Exception as err:  # ImportError, or a broken GL library underneath
        return tr("OpenGL is not available ({error})").format(error=type(err).__name__)
    return None


class Surface3D(QWidget):
    """The 3-D view; ``lifted`` holds the drawn paths (x, y, f(x, y)) whether or not GL draws."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("surface-3d")
        self.problem = gl_problem()
        self.fallback = QLabel(tr("The 3-D view needs OpenGL: {reason}. The contour map shows "
                                  "the same function and paths.").format(
            reason=self.problem or ""))
        self.fallback.setWordWrap(True)
        self.view = None  # the GLViewWidget, made on first show (a GL context costs)
        self._layout = QStackedLayout(self)
        self._layout.addWidget(self.fallback)
        self.surface = None
        self.grid = None  # (xs, ys, z)
        self.lifted: np.ndarray | None = None
        self._colors: list[str] = []
        self._step = 0
        self._items: list = []
        self._dirty = True

    def set_surface(self, prepared) -> None:
        self.surface = prepared.surface
        self.grid = surface_grid(self.surface)
        self.lifted = None
        self._redraw()

    def set_result(self, result, colors: list[str]) -> None:
        if self.surface is None:
            return
        self.lifted = lifted_paths(self.surface, result.paths)
        self._colors = list(colors)
        self._redraw()

    def set_step(self, step: int) -> None:
        self._step = step
        if self.view is not None and self.isVisible():
            self._draw_markers()

    def set_start(self, x: float, y: float) -> None:
        """The start is each path's first point (nothing to move here)."""

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.problem is None and self.view is None:
            self._make_view()
        if self._dirty:
            self._redraw()

    def _make_view(self) -> None:
        import pyqtgraph.opengl as gl

        self.view = gl.GLViewWidget()
        self.view.setBackgroundColor(plot_colors().background)  # View > Theme: restyle_plots
        self.view.setToolTip(tr("drag to rotate, wheel to zoom"))
        self._layout.addWidget(self.view)
        self._layout.setCurrentWidget(self.view)

    def _redraw(self) -> None:
        """Rebuild the GL items when visible (else on the next show)."""
        self._dirty = True
        if self.view is None or not self.isVisible() or self.grid is None:
            return
        import pyqtgraph.opengl as gl

        for item in self._items:
            self.view.removeItem(item)
        self._items = []
        xs, ys, z = self.grid
        self._scale = HeightScale(z, self.surface.box)
        colors = COLORMAP.map(band_image(z), mode="float")
        mesh = gl.GLSurfacePlotItem(x=xs, y=ys, z=self._scale(np.nan_to_num(z, nan=np.inf)),
                                    colors=colors.reshape(-1, 4),  # one per vertex, x-major
                                    smooth=False)  # fmt: skip
        self._add(mesh)
        if self.lifted is not None:
            for path, color in zip(self.lifted, self._colors, strict=True):
                finite = np.all(np.isfinite(path), axis=1)
                points = path[finite].copy()
                points[:, 2] = self._scale(points[:, 2]) + 0.004 * self._scale.size
                self._add(gl.GLLinePlotItem(pos=points, color=_rgba(color), width=3,
                                            antialias=True))  # fmt: skip
        self._markers = gl.GLScatterPlotItem(size=12)
        self._add(self._markers)
        self._draw_markers()
        xmin, xmax, ymin, ymax = self.surface.box
        self.view.opts["center"] = _vector((xmin + xmax) / 2, (ymin + ymax) / 2,
                                           self._scale.size / 3)
        self.view.setCameraPosition(distance=1.5 * max(xmax - xmin, ymax - ymin),
                                    elevation=32, azimuth=-60)  # fmt: skip
        self._dirty = False

    def _add(self, item) -> None:
        self.view.addItem(item)
        self._items.append(item)

    def _draw_markers(self) -> None:
        if self.lifted is None or not len(self.lifted):
            self._markers.setData(pos=np.zeros((0, 3)))
            return
        k = min(self._step, self.lifted.shape[1] - 1)
        points, colors = [], []
        for path, color in zip(self.lifted, self._colors, strict=True):
            finite = np.nonzero(np.all(np.isfinite(path[: k + 1]), axis=1))[0]
            if len(finite):
                x, y, z = path[finite[-1]]
                points.append((x, y, self._scale(np.array(z)) + 0.01 * self._scale.size))
                colors.append(_rgba(color))
        self._markers.setData(pos=np.array(points, dtype=float).reshape(-1, 3),
                              color=np.array(colors, dtype=float).reshape(-1, 4))


def _rgba(color: str) -> tuple[float, float, float, float]:
    from PySide6.QtGui import QColor

    c = QColor(color)
    return (c.redF(), c.greenF(), c.blueF(), 1.0)


def _vector(x: float, y: float, z: float):
    from PySide6.QtGui import QVector3D

    return QVector3D(x, y, z)
