"""A landscape as a picture: the plane's loss as filled bands in log levels with every run's
path drawn over it, or a line's loss as a curve; and its PNG for ``descent-lab landscape``.

Why bands in log levels (as the optimizer lab's map): a trained network's loss spans decades
between the minimum the paths end in and the rim of the plane; evenly spaced levels would spend
every colour on the rim. The grid (25×25 by default) is interpolated bilinearly in log loss
before it is banded, so the bands' edges follow the surface rather than its cells.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QRectF

from lab.ui.common.i18n import tr
from lab.ui.common.palette import next_color
from lab.ui.common.style import axis_title

LEVELS = 12
UPSAMPLE = 8


def log_bands(loss: np.ndarray, levels: int = LEVELS, upsample: int = UPSAMPLE) -> np.ndarray:
    """Band index per pixel (0 … levels−1; −1 where not measured), the grid interpolated
    ``upsample`` times in log loss."""
    log = np.log(np.maximum(loss, 1e-12))
    fine = _bilinear(log, upsample)
    finite = np.isfinite(fine)
    if not finite.any():
        return np.full(fine.shape, -1)
    low, high = float(fine[finite].min()), float(fine[finite].max())
    edges = np.linspace(low, high, levels + 1)[1:-1]
    bands = np.digitize(np.where(finite, fine, low), edges)
    return np.where(finite, bands, -1)


def fill_measured(loss: np.ndarray) -> np.ndarray:
    """A grid still being measured, its missing points interpolated (linearly in log loss)
    from the measured ones: after each coarse-to-fine pass the measured points are every
    measured row × every measured column (lab.engine.train.landscape.evaluate), so the map shows
    the coarse surface at once instead of scattered dots."""
    finite = np.isfinite(loss)
    if finite.all() or not finite.any():
        return loss
    rows, cols = np.flatnonzero(finite.any(1)), np.flatnonzero(finite.any(0))
    sub = np.log(np.maximum(loss[np.ix_(rows, cols)], 1e-12))
    if not np.isfinite(sub).all() or len(rows) < 2 or len(cols) < 2:
        return loss
    across = np.stack([np.interp(np.arange(loss.shape[1]), cols, r) for r in sub])
    full = np.stack([np.interp(np.arange(loss.shape[0]), rows, c) for c in across.T], axis=1)
    return np.exp(full)


def _bilinear(grid: np.ndarray, factor: int) -> np.ndarray:
    """``grid`` resampled on a ``factor``-times finer lattice with the same corners."""
    rows, cols = grid.shape
    r = np.linspace(0, rows - 1, (rows - 1) * factor + 1)
    c = np.linspace(0, cols - 1, (cols - 1) * factor + 1)
    r0, c0 = np.minimum(r.astype(int), rows - 2 if rows > 1 else 0), \
        np.minimum(c.astype(int), cols - 2 if cols > 1 else 0)
    fr, fc = (r - r0)[:, None], (c - c0)[None, :]
    r1, c1 = np.minimum(r0 + 1, rows - 1), np.minimum(c0 + 1, cols - 1)
    g = grid
    return ((1 - fr) * (1 - fc) * g[r0][:, c0] + (1 - fr) * fc * g[r0][:, c1]
            + fr * (1 - fc) * g[r1][:, c0] + fr * fc * g[r1][:, c1])  # fmt: skip


class LandscapeMap(pg.PlotWidget):
    """The plane's bands, the paths in their colours, the centre marked."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.setObjectName("landscape-map")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.addItem(self.image)
        # each path is named at its end (a TextItem), not in a legend: a legend's labels,
        # deleted with the widget, were asked for their size while half collected
        self.path_items: dict[str, pg.PlotDataItem] = {}
        self.name_items: list[pg.TextItem] = []
        self.paths: dict = {}  # {run: (iterations, coords)}: where the markers move
        self.markers = pg.ScatterPlotItem(size=13, symbol="o", pen=pg.mkPen("#111", width=1.5))
        self.markers.setZValue(10)
        self.addItem(self.markers)
        self.colors: dict[str, str] = {}
        self.iteration: int | None = None  # the slider's iteration (None: the paths' ends)
        self.center = self.plot([0.0], [0.0], pen=None, symbol="star", symbolSize=16,
                                symbolBrush="#ffd700", symbolPen=pg.mkPen("#333"))  # fmt: skip
        self.center.setZValue(5)

    def set_landscape(self, result, colors: dict[str, str]) -> None:
        """Show a plane (``result``: lab.engine.train.landscape.job.Landscape)."""
        bands = log_bands(fill_measured(result.loss))
        lut = (pg.colormap.get("viridis").getLookupTable(0.0, 1.0, LEVELS) if LEVELS else None)
        rgb = np.where(bands[..., None] >= 0, lut[np.clip(bands, 0, LEVELS - 1)], 255)
        self.image.setImage(rgb.astype(np.uint8), autoLevels=False)
        a, b = result.alphas, result.betas
        self.image.setRect(QRectF(a[0], b[0], a[-1] - a[0], b[-1] - b[0]))
        for item in [*self.path_items.values(), *self.name_items]:
            self.removeItem(item)
        self.path_items, self.name_items = {}, []
        for name, (_, coords) in result.paths.items():
            item = self.plot(coords[:, 0], coords[:, 1],
                             pen=pg.mkPen(colors[name], width=2.5), symbol="o", symbolSize=5,
                             symbolBrush=colors[name], symbolPen=None)  # fmt: skip
            self.path_items[name] = item
            label = pg.TextItem(name, color=colors[name], fill=pg.mkBrush(255, 255, 255, 200),
                                anchor=(0, 1))  # fmt: skip
            label.setPos(float(coords[-1, 0]), float(coords[-1, 1]))
            self.addItem(label)
            self.name_items.append(label)
        self.paths, self.colors = dict(result.paths), dict(colors)
        self.set_iteration(self.iteration)
        x_label, y_label = _axis_labels(result)
        self.setLabel("bottom", x_label)
        axis_title(self, "left", y_label)
        self.setTitle(_title(result), size="10pt")
        self.setRange(xRange=(a[0], a[-1]), yRange=(b[0], b[-1]), padding=0)

    def set_iteration(self, iteration: int | None) -> None:
        """Put a marker on each path at its last snapshot at or before ``iteration`` (None:
        at the path's end)."""
        self.iteration = iteration
        spots = []
        for name, (iterations, coords) in self.paths.items():
            if not len(iterations):
                continue
            k = len(iterations) - 1 if iteration is None else \
                max(0, int(np.searchsorted(iterations, iteration, side="right")) - 1)
            spots.append({"pos": (float(coords[k, 0]), float(coords[k, 1])),
                          "brush": pg.mkBrush(self.colors.get(name, "#fff")), "data": name})
        self.markers.setData(spots)

    def marker_positions(self) -> dict[str, tuple[float, float]]:
        """Where each path's marker is (what a test reads)."""
        return {spot.data(): (spot.pos().x(), spot.pos().y()) for spot in self.markers.points()}


def _axis_labels(result) -> tuple[str, str]:
    if result.kind == "pca":
        first, second = result.explained
        return (tr("PC 1 ({share:.1%} of the variance)").format(share=first),
                tr("PC 2 ({share:.1%} of the variance)").format(share=second))
    return tr("direction 1 (filter-normalised)"), tr("direction 2 (filter-normalised)")


def _title(result) -> str:
    runs = ", ".join(result.runs)
    if result.kind == "pca":  # two lines: a long list of runs must not widen the plot
        share = " + ".join(f"{v:.1%}" for v in result.explained)
        return tr("Loss on the runs' shared PCA plane (explained variance {share})").format(
            share=share) + "<br>" + html.escape(runs)
    return tr("Loss on a random plane around {run}").format(run=result.runs[0])


class LandscapeLine(pg.PlotWidget):
    """A line's loss as a curve over t."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.setObjectName("landscape-line")

    def set_landscape(self, result, color: str) -> None:
        self.clear()
        self.plot(result.alphas, result.loss, pen=pg.mkPen(color, width=2.5))
        axis_title(self, "left", tr("loss"))
        if result.kind == "hessian":
            self.setLabel("bottom", tr("t along the top Hessian eigenvector"))
            self.setTitle(tr("Loss along the top Hessian eigenvector of {run} (λ = {value:.4g})")
                          .format(run=result.runs[0], value=result.sharpness), size="10pt")
        else:
            self.setLabel("bottom", tr("t (0: start, 1: end)"))
            self.setTitle(tr("Loss along the line {runs}").format(
                runs=" → ".join(result.runs) if len(result.runs) > 1 else
                tr("from the initial to the final weights of {run}").format(run=result.runs[0])),
                size="10pt")


def write_landscape_png(result, path: str | Path) -> Path:
    """The landscape drawn by the widgets above, as a PNG (offscreen when there is no display)."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from lab.ui.common.application import make_application
    from lab.ui.common.style import apply_plot_style
    from lab.ui.export.images import export_png

    app = make_application()
    apply_plot_style()
    colors: dict[str, str] = {}
    for name in result.runs:
        colors[name] = next_color(colors.values())
    if result.betas is None:
        widget = LandscapeLine()
        widget.set_landscape(result, colors[result.runs[0]])
    else:
        widget = LandscapeMap()
        widget.set_landscape(result, colors)
    widget.resize(900, 720)
    widget.show()
    app.processEvents()
    try:
        return export_png(widget, path)
    finally:
        widget.close()
        widget.deleteLater()
        # delete it now, while its Python items are whole: a deferred delete that runs during a
        # later garbage collection asks half-collected labels for their size hints
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
