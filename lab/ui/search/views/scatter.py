"""Trials on two parameters (by default learning rate x weight decay, both on log axes),
coloured by validation accuracy: the book's reading of where the good region of a search is.

:class:`TrialScatter` is the plot alone (the CLI's ``lr_wd_scatter.png`` draws it too);
:class:`ScatterView` adds the choice of axes for a space with other parameters.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from lab.ui.common.i18n import tr
from lab.ui.common.style import axis_title
from lab.ui.search.views.common import (
    GREY,
    TrialView,
    acc_colours,
    acc_levels,
    categories,
    colormap,
    colour_bar,
    is_done,
    is_stopped,
    label,
    position,
    ring,
    tooltip,  # fmt: skip
)

VAL_ACC = "val_acc"  # an axis may also be the outcome (a one-parameter space)
JITTER = 0.15  # on a categorical axis, in choice spacings


class LogAxis(pg.AxisItem):
    """On a log axis spanning less than a decade pyqtgraph labels every minor tick (0.06, 0.07,
    0.08... written over each other): keep the labels of 1, 2 and 5 times a power of ten."""

    def tickStrings(self, values, scale, spacing):
        strings = super().tickStrings(values, scale, spacing)
        if not self.logMode:
            return strings
        keep = []
        for v, text in zip(values, strings, strict=False):
            mantissa = 10 ** (v - math.floor(v + 1e-9))
            keep.append(text if min(abs(mantissa - m) for m in (1, 2, 5)) < 0.05 else "")
        return keep


def jitter(number: int, width: float = JITTER) -> float:
    """A fixed offset in [-width, width] for trial ``number`` (Knuth's multiplicative hash)."""
    return ((number * 2654435761) % 2**32 / 2**32 - 0.5) * 2 * width


class TrialScatter(pg.GraphicsLayoutWidget):
    """One point per finished trial; items are made once and refilled with ``setData``."""

    trial_clicked = Signal(int)

    def __init__(self, x_key: str = "lr", y_key: str = "weight_decay"):
        super().__init__()
        self.plot = self.addPlot(row=0, col=0, rowspan=2,
                                 axisItems={"bottom": LogAxis("bottom"), "left": LogAxis("left")})
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.hideButtons()
        for side in ("bottom", "left"):  # "lr (x0.001)" on a log axis misleads
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.cmap = colormap()
        self.bar, self.bar_title = colour_bar(self.ci, self.cmap, row=0, col=1)
        self.fit_colours = False  # colours on the whole 0-1 scale (True: fitted to the trials)
        self.done = pg.ScatterPlotItem(pen=pg.mkPen("#333", width=0.5), size=9, hoverable=True,
                                       tip=self._tip)  # fmt: skip
        self.stopped = pg.ScatterPlotItem(symbol="x", brush=GREY, pen=pg.mkPen(GREY), size=8,
                                          hoverable=True, tip=self._tip)  # fmt: skip
        self.ring = ring()
        for item in (self.stopped, self.done, self.ring):
            self.plot.addItem(item)
        self.done.setZValue(1)
        self.done.sigClicked.connect(self._clicked)
        self.stopped.sigClicked.connect(self._clicked)
        self._rows: dict[int, dict] = {}
        self._params: tuple = ()
        self._pos: dict[int, tuple[float, float]] = {}
        self._selected: int | None = None
        self._title = None
        self._cats: tuple = (None, None)
        self.set_axes(x_key, y_key, x_key != VAL_ACC, y_key != VAL_ACC)

    def set_axes(self, x_key: str, y_key: str, x_log: bool, y_log: bool,
                 x_cats: list | None = None, y_cats: list | None = None) -> None:  # fmt: skip
        """Which row keys the axes show, log or linear, or a categorical parameter's choices."""
        self.x_key, self.y_key = x_key, y_key
        self.x_log, self.y_log = x_log and x_cats is None, y_log and y_cats is None
        self._cats = (x_cats, y_cats)
        self.plot.setLogMode(x=self.x_log, y=self.y_log)  # positions are given as log10 already
        for side, key, cats in (("bottom", x_key, x_cats), ("left", y_key, y_cats)):
            axis = self.plot.getAxis(side)
            axis_title(self.plot, side, tr("validation accuracy") if key == VAL_ACC else label(key))
            axis.setTicks([[(i, str(c)) for i, c in enumerate(cats)]] if cats else None)

    def show_rows(self, rows, params: tuple = ()) -> None:
        """Draw ``rows`` (trial_rows' dicts); ``params`` are the names the tooltip lists."""
        self._rows = {r["number"]: r for r in rows}
        self._params = tuple(params) or (self.x_key, self.y_key)
        self._pos = {}
        done, stopped = [], []
        for r in rows:
            if not (is_done(r) or is_stopped(r)):
                continue
            x = position(r.get(self.x_key), self.x_log, self._cats[0])
            y = position(r.get(self.y_key), self.y_log, self._cats[1])
            # trials on one choice would hide each other: spread them a little, the same way
            # at every refresh (by trial number)
            x += jitter(r["number"]) if self._cats[0] else 0.0
            y += jitter(r["number"] + 7919) if self._cats[1] else 0.0
            if np.isfinite(x) and np.isfinite(y):
                self._pos[r["number"]] = (x, y)
                (done if is_done(r) else stopped).append(r)
        levels = acc_levels(done, self.fit_colours)
        self.bar.setLevels(levels)
        self._fill(self.done, done, brush=acc_colours(self.cmap, [r["val_acc"] for r in done],
                                                      levels))  # fmt: skip
        self._fill(self.stopped, stopped)
        title = tr("{done} complete trials, {other} pruned, diverged or failed").format(
            done=len(done), other=len(stopped))
        if title != self._title:
            self._title = title
            self.plot.setTitle(title)
        self.select(self._selected)

    def _fill(self, item: pg.ScatterPlotItem, rows: list, **style) -> None:
        numbers = [r["number"] for r in rows]
        xy = np.array([self._pos[n] for n in numbers], float).reshape(-1, 2)
        item.setData(x=xy[:, 0], y=xy[:, 1], data=numbers, **style)

    def select(self, number: int | None) -> None:
        self._selected = number
        if number in self._pos:
            x, y = self._pos[number]
            self.ring.setData(x=[x], y=[y])
        else:
            self.ring.setData(x=[], y=[])

    def count(self) -> int:
        """How many trials are drawn (coloured points and grey crosses)."""
        return len(self.done.data) + len(self.stopped.data)

    def _tip(self, x, y, data) -> str:
        row = self._rows.get(data)
        return tooltip(row, self._params) if row else ""

    def _clicked(self, _item, points, _event) -> None:
        if len(points):
            self.trial_clicked.emit(int(points[0].data()))


class ScatterView(TrialView):
    """The scatter with two axis choices (x and y) listing the space's parameters."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.x_combo, self.y_combo = QComboBox(), QComboBox()
        bar = QHBoxLayout()
        for text, combo in ((tr("x:"), self.x_combo), (tr("y:"), self.y_combo)):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            bar.addWidget(QLabel(text))
            bar.addWidget(combo)
            combo.currentIndexChanged.connect(self._axes_changed)
        bar.addStretch(1)
        self.scatter = TrialScatter()
        self.scatter.trial_clicked.connect(self.trial_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scatter, 1)
        self._snapshot = None
        self._keys: tuple = ()

    def show_trials(self, snapshot) -> None:
        self._snapshot = snapshot
        keys = tuple(snapshot.params) + (VAL_ACC,)
        if keys != self._keys:
            self._fill_combos(keys, snapshot.params)
        self._apply_axes()
        self.scatter.show_rows(snapshot.rows, snapshot.params)

    def _fill_combos(self, keys: tuple, params: tuple) -> None:
        self._keys = keys
        x = "lr" if "lr" in params else (params[0] if params else VAL_ACC)
        rest = [p for p in params if p != x]
        y = "weight_decay" if "weight_decay" in rest else (rest[0] if rest else VAL_ACC)
        for combo, pick in ((self.x_combo, x), (self.y_combo, y)):
            combo.blockSignals(True)
            combo.clear()
            for key in keys:
                combo.addItem(tr("validation accuracy") if key == VAL_ACC else label(key), key)
            combo.setCurrentIndex(keys.index(pick))
            combo.blockSignals(False)

    def _apply_axes(self) -> None:
        snap = self._snapshot
        x, y = self.x_combo.currentData(), self.y_combo.currentData()
        if snap is None or x is None or y is None:
            return
        self.scatter.set_axes(x, y, x in snap.log_params, y in snap.log_params,
                              categories(snap, x) if x != VAL_ACC else None,
                              categories(snap, y) if y != VAL_ACC else None)  # fmt: skip

    def _axes_changed(self) -> None:
        if self._snapshot is not None:
            self._apply_axes()
            self.scatter.show_rows(self._snapshot.rows, self._snapshot.params)
            self.scatter.plot.enableAutoRange()

    def select_trial(self, number: int | None) -> None:
        self.scatter.select(number)

    def set_colour_fit(self, fit: bool) -> None:
        self.scatter.fit_colours = fit
        if self._snapshot is not None:
            self.scatter.show_rows(self._snapshot.rows, self._snapshot.params)

    def export_widget(self) -> QWidget:
        return self.scatter
