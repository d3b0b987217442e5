"""Parallel coordinates: one vertical axis per search parameter plus validation accuracy, one
polyline per trial coloured by its accuracy; brushing an axis (drag a range on it) keeps the
trials inside every brush and fades the rest, so "which settings give the best runs?" is read
by selecting the top of the accuracy axis (TensorBoard's HParams and W&B's parallel plot).

Every line, axis and brush is painted by ONE graphics item (:class:`_Lines`), so a refresh of
100 trials is a few arrays, not hundreds of items.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lab.ui.common.i18n import tr
from lab.ui.common.theme import plot_colors
from lab.ui.search.views.common import (
    GREY,
    SELECTED,
    TrialView,
    acc_colours,
    acc_levels,
    categories,
    colormap,
    colour_bar,
    fmt,
    is_done,
    is_stopped,
    label,
    position,  # fmt: skip
    tooltip,
)

VAL_ACC = "val_acc"
AXIS_GRAB = 0.25  # a press this close to an axis (in axis spacings) brushes it
PICK_PX = 6  # a click or hover this close to a line (in pixels) picks its trial
TOP = 1.0  # axes run from 0 to TOP in the plot; names sit above


class _Lines(pg.GraphicsObject):
    """Axes, brushes and all the polylines, painted in one pass."""

    def __init__(self):
        super().__init__()
        self.axes = 0
        self.lines: list[tuple[list[QPolygonF], QColor, str]] = []  # (pieces, colour, kind)
        self.selected: list[QPolygonF] = []
        self.brushes: list[tuple[int, float, float]] = []  # axis index, low, high (0..1)

    def boundingRect(self) -> QRectF:
        return QRectF(-0.5, -0.05, max(self.axes, 1), TOP + 0.1)

    def paint(self, painter: QPainter, *_args) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fg = QColor(plot_colors().foreground)  # read at paint time: follows the theme
        band = QColor(SELECTED)
        band.setAlpha(45)
        for axis, low, high in self.brushes:
            painter.fillRect(QRectF(axis - 0.06, low, 0.12, high - low), band)
        # 1 px: Qt's raster engine antialiases 1 px lines on a fast path, wider ones through the
        # stroker (15x slower here: 100 lines took 110 ms at 1.6 px, 8 ms at 1 px)
        styles = {"faded": 1.0, "stopped": 1.0, "done": 1.0}
        for kind in ("faded", "stopped", "done"):  # brushed trials on top of faded ones
            for pieces, colour, k in self.lines:
                if k != kind:
                    continue
                pen = QPen(colour, styles[kind])
                pen.setCosmetic(True)
                if kind == "stopped":
                    pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                for piece in pieces:
                    painter.drawPolyline(piece)
        pen = QPen(QColor(SELECTED), 3.5)
        pen.setCosmetic(True)
        painter.setPen(pen)
        for piece in self.selected:
            painter.drawPolyline(piece)
        pen = QPen(fg, 1.2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        for axis in range(self.axes):
            painter.drawLine(QPointF(axis, 0), QPointF(axis, TOP))
        pen = QPen(QColor(SELECTED), 2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        for axis, low, high in self.brushes:
            painter.drawRect(QRectF(axis - 0.06, low, 0.12, high - low))


class _Tick(pg.TextItem):
    """A tick label on a translucent patch of the plot's background, so it stays readable over
    the lines; the patch follows the theme at every paint."""

    def paint(self, painter, *args) -> None:
        halo = QColor(plot_colors().background)
        halo.setAlpha(190)
        self.fill = pg.mkBrush(halo)
        super().paint(painter, *args)


class _BrushBox(pg.ViewBox):
    """Drag along an axis: brush it; double-click an axis: clear its brush; click: pick."""

    def __init__(self, view: ParallelView):
        super().__init__(enableMenu=False)
        self.view = view
        self.setMouseEnabled(x=False, y=False)
        self._drag: tuple[int, float] | None = None

    def _axis_at(self, x: float) -> int | None:
        axis = round(x)
        ok = 0 <= axis < len(self.view.axes) and abs(x - axis) <= AXIS_GRAB
        return axis if ok else None

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        start = self.mapSceneToView(ev.buttonDownScenePos())
        if ev.isStart():
            index = self._axis_at(start.x())
            self._drag = None if index is None else (index, start.y())
        if self._drag is None:
            ev.ignore()
            return
        ev.accept()
        index, y0 = self._drag
        y1 = self.mapSceneToView(ev.scenePos()).y()
        self.view.set_brush_normalised(index, min(y0, y1), max(y0, y1), emit=ev.isFinish())
        if ev.isFinish():
            self._drag = None

    def mouseClickEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        ev.accept()
        p = self.mapSceneToView(ev.scenePos())
        if ev.double():
            index = self._axis_at(p.x())
            if index is not None:
                self.view.clear_brush(self.view.axes[index])
            return
        number = self.view.trial_at(p.x(), p.y())
        if number is not None:
            self.view.trial_clicked.emit(number)

    def hoverEvent(self, ev) -> None:
        if ev.isExit():
            self.setToolTip("")
            return
        p = self.mapSceneToView(ev.scenePos())
        number = self.view.trial_at(p.x(), p.y())
        row = self.view.rows.get(number) if number is not None else None
        self.setToolTip(tooltip(row, self.view.params) if row else "")


class ParallelView(TrialView):
    """Parallel coordinates with brushing; ``brushed()`` is the set of trials inside every
    brush (all drawn trials when there is none)."""

    brush_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.canvas = pg.GraphicsLayoutWidget()
        self.box = _BrushBox(self)
        self.plot = self.canvas.addPlot(row=0, col=0, rowspan=2, viewBox=self.box)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.hideButtons()
        self.cmap = colormap()
        self.bar, self.bar_title = colour_bar(self.canvas.ci, self.cmap, row=0, col=1)
        self.fit_colours = False  # colours on the whole 0-1 scale (True: fitted to the trials)
        self._snapshot = None
        self.lines = _Lines()
        self.plot.addItem(self.lines)
        self._texts: list[pg.TextItem] = []
        self._tick_spec: tuple = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.axes: tuple[str, ...] = ()
        self.params: tuple[str, ...] = ()
        self.rows: dict[int, dict] = {}
        self.numbers = np.zeros(0, int)
        self.coords = np.zeros((0, 0))  # trial x axis: the value on its axis (log10, index...)
        self.norm = np.zeros((0, 0))  # the same, 0..1 along each axis
        self.ranges: list[tuple[float, float]] = []
        self.brushes: dict[str, tuple[float, float]] = {}  # axis name -> (low, high), coords
        self._colours: list[QColor] = []
        self._kinds: list[str] = []
        self._selected: int | None = None

    # ---- data -----------------------------------------------------------------------------
    def show_trials(self, snapshot) -> None:
        self._snapshot = snapshot
        rows = [r for r in snapshot.rows if is_done(r) or is_stopped(r)]
        self.params = tuple(snapshot.params)
        self.axes = self.params + (VAL_ACC,)
        self.rows = {r["number"]: r for r in rows}
        self.numbers = np.array([r["number"] for r in rows], int)
        cats = [categories(snapshot, p) for p in self.params] + [None]
        logs = [p in snapshot.log_params for p in self.params] + [False]
        self.coords = np.array([[position(r.get(a), log, c) for a, log, c in
                                 zip(self.axes, logs, cats, strict=True)] for r in rows],
                               float).reshape(len(rows), len(self.axes))  # fmt: skip
        self.ranges = [_range(self.coords[:, i], c) for i, c in enumerate(cats)]
        low = np.array([lo for lo, _ in self.ranges])
        span = np.array([hi - lo for lo, hi in self.ranges])
        self.norm = (self.coords - low) / span * TOP
        levels = acc_levels(rows, self.fit_colours)
        self.bar.setLevels(levels)
        acc = [r["val_acc"] if is_done(r) else levels[0] for r in rows]
        self._colours = [b.color() for b in acc_colours(self.cmap, acc, levels)]
        self._kinds = ["done" if is_done(r) else "stopped" for r in rows]
        self.lines.axes = len(self.axes)
        self.plot.setXRange(-0.45, len(self.axes) - 0.55, padding=0)
        self.plot.setYRange(-0.04, TOP + 0.1, padding=0)
        self._ticks(cats, logs)
        self._repaint()

    def _ticks(self, cats: list, logs: list) -> None:
        """Axis names above the axes, tick labels left of them (made again only on change)."""
        spec = []
        for i, (name, (lo, hi), c, log) in enumerate(zip(self.axes, self.ranges, cats, logs,
                                                         strict=True)):  # fmt: skip
            title = tr("val acc") if name == VAL_ACC else label(name)
            spec.append((i, TOP + 0.02, title, (0.5, 1.0)))
            for value, text in _tick_values(lo, hi, c, log):
                spec.append((i - 0.015, (value - lo) / (hi - lo) * TOP, text, (1.0, 0.5)))
        spec = tuple(spec)
        if spec == self._tick_spec:
            return
        self._tick_spec = spec
        while len(self._texts) < len(spec):
            item = _Tick(color=plot_colors().foreground)
            item.setZValue(5)
            self.plot.addItem(item)
            self._texts.append(item)
        for item, (x, y, text, anchor) in zip(self._texts, spec, strict=False):
            item.setText(text)
            item.setAnchor(anchor)
            item.setPos(x, y)
            item.show()
        for item in self._texts[len(spec):]:
            item.hide()

    def _repaint(self) -> None:
        inside = self._inside()
        lines = []
        for k, number in enumerate(self.numbers):
            pieces = _pieces(self.norm[k])
            if inside[k]:
                colour, kind = (QColor(GREY), "stopped") if self._kinds[k] == "stopped" \
                    else (self._colours[k], "done")
            else:
                colour, kind = QColor(GREY), "faded"
                colour.setAlpha(60)
            lines.append((pieces, colour, kind))
            if number == self._selected:
                self.lines.selected = pieces
        if self._selected not in self.rows:
            self.lines.selected = []
        self.lines.lines = lines
        self.lines.brushes = [(self.axes.index(a), *self._normalised(a, lo, hi))
                              for a, (lo, hi) in self.brushes.items() if a in self.axes]
        self.lines.update()

    # ---- brushing -------------------------------------------------------------------------
    def _inside(self) -> np.ndarray:
        keep = np.ones(len(self.numbers), bool)
        for name, (lo, hi) in self.brushes.items():
            if name in self.axes:
                col = self.coords[:, self.axes.index(name)]
                with np.errstate(invalid="ignore"):
                    keep &= (col >= lo) & (col <= hi)
        return keep

    def brushed(self) -> set[int]:
        """The trials inside every brush (AND over axes); every drawn trial without brushes."""
        return {int(n) for n in self.numbers[self._inside()]}

    def set_brush(self, axis: str, low: float, high: float) -> None:
        """Brush ``axis`` (a parameter or "val_acc") from ``low`` to ``high`` in axis
        coordinates (log10 on a log axis, the choice's index on a categorical one)."""
        self.brushes[axis] = (min(low, high), max(low, high))
        self._repaint()
        self.brush_changed.emit()

    def set_brush_normalised(self, index: int, low: float, high: float, emit: bool) -> None:
        lo, hi = self.ranges[index]
        self.brushes[self.axes[index]] = (lo + low / TOP * (hi - lo), lo + high / TOP * (hi - lo))
        self._repaint()
        if emit:
            self.brush_changed.emit()

    def clear_brush(self, axis: str | None = None) -> None:
        """Remove ``axis``'s brush (every brush when None)."""
        if axis is None:
            self.brushes.clear()
        else:
            self.brushes.pop(axis, None)
        self._repaint()
        self.brush_changed.emit()

    def _normalised(self, axis: str, low: float, high: float) -> tuple[float, float]:
        """A brush's (bottom, top) on the plot's 0..TOP scale."""
        lo, hi = self.ranges[self.axes.index(axis)]
        a, b = (low - lo) / (hi - lo) * TOP, (high - lo) / (hi - lo) * TOP
        return max(a, -0.02), min(b, TOP + 0.02)  # drawn no farther than the axis' ends

    # ---- picking --------------------------------------------------------------------------
    def trial_at(self, x: float, y: float) -> int | None:
        """The trial whose line passes within PICK_PX pixels of (x, y) (view coordinates)."""
        if not len(self.numbers) or not self.axes:
            return None
        left = int(np.clip(math.floor(x), 0, len(self.axes) - 1))
        right = min(left + 1, len(self.axes) - 1)
        t = float(np.clip(x - left, 0, 1))
        ys = self.norm[:, left] * (1 - t) + self.norm[:, right] * t
        _, pixel = self.box.viewPixelSize()
        dist = np.abs(ys - y) / max(pixel, 1e-12)
        dist[~self._inside()] += PICK_PX  # a faded line loses to a brushed one nearby
        dist = np.where(np.isfinite(dist), dist, np.inf)
        k = int(np.argmin(dist))
        return int(self.numbers[k]) if dist[k] <= PICK_PX else None

    def select_trial(self, number: int | None) -> None:
        self._selected = number
        self._repaint()

    def set_colour_fit(self, fit: bool) -> None:
        self.fit_colours = fit
        if self._snapshot is not None:
            self.show_trials(self._snapshot)

    def export_widget(self) -> QWidget:
        return self.canvas


def _pieces(points: np.ndarray) -> list[QPolygonF]:
    """The polyline through the finite points, broken where a value is missing."""
    pieces, current = [], []
    for i, y in enumerate(points):
        if np.isfinite(y):
            current.append(QPointF(i, float(y)))
        else:
            if len(current) > 1:
                pieces.append(QPolygonF(current))
            current = []
    if len(current) > 1:
        pieces.append(QPolygonF(current))
    return pieces


def _range(values: np.ndarray, cats: list | None) -> tuple[float, float]:
    """An axis' (low, high): the choices' indices, or the values' span, never empty."""
    if cats is not None:
        return (-0.5, 0.5) if len(cats) == 1 else (0.0, float(len(cats) - 1))
    finite = values[np.isfinite(values)]
    if not len(finite):
        return 0.0, 1.0
    lo, hi = float(finite.min()), float(finite.max())
    if hi - lo < 1e-12:
        return lo - 0.5, hi + 0.5
    return lo, hi


def _tick_values(lo: float, hi: float, cats: list | None, log: bool) -> list[tuple[float, str]]:
    if cats is not None:
        return [(float(i), str(c)) for i, c in enumerate(cats)]
    if log:
        powers = range(math.ceil(lo - 1e-9), math.floor(hi + 1e-9) + 1)
        if len(powers) >= 2:
            step = max(1, math.ceil(len(powers) / 6))
            return [(float(p), fmt(10.0 ** p)) for p in powers[::step]]
        return [(v, fmt(10.0 ** v)) for v in np.linspace(lo, hi, 3)]
    return [(float(v), fmt(float(v))) for v in np.linspace(lo, hi, 5)]
