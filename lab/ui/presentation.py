"""Presentation mode (View > Presentation, F11): full screen, larger fonts, thicker plot lines.

Why: on a projector at the back of a lecture hall, 9-pt labels and 1-px curves vanish. Entering
scales the plots' tick labels and every live plot's curve and axis pens and goes full screen;
leaving puts back exactly what was saved on entry: the window state, each tick font and pen.
(Control fonts are not scaled yet: see the note in :meth:`Presentation.enter`.)
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QPen
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from shiboken6 import isValid

from lab.ui.i18n import tr

FONT_SCALE = 1.5  # a 9-pt label reads like 13.5 pt
PEN_SCALE = 2.5  # curves and axes; a cosmetic width 0 counts as 1 px
SHORTCUT = "F11"


def _thicker(pen: QPen, scale: float) -> QPen:
    pen = QPen(pen)
    pen.setWidthF(max(pen.widthF(), 1.0) * scale)
    return pen


def _curves(root: QWidget) -> list:
    """Every curve drawn in a pyqtgraph view under ``root`` (a PlotDataItem draws through its
    own PlotCurveItem, so only free-standing curve items are taken besides)."""
    items = []
    for view in root.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, pg.PlotDataItem):
                items.append(item)
            elif isinstance(item, pg.PlotCurveItem) and not isinstance(item.parentItem(),
                                                                        pg.PlotDataItem):
                items.append(item)
    return items


def _axes(root: QWidget) -> list[pg.AxisItem]:
    return [item for view in root.findChildren(pg.GraphicsView)
            for item in view.scene().items() if isinstance(item, pg.AxisItem)]  # fmt: skip


class Presentation(QObject):
    """The checkable View > Presentation action and what it changes and restores."""

    toggled = Signal(bool)

    def __init__(self, window: QWidget, menu: QMenu):
        super().__init__(window)
        self._window = window
        self.active = False
        self._saved_state = Qt.WindowState.WindowNoState
        self._saved_pens: list[tuple[object, QPen]] = []
        self._saved_axis_widths: list[tuple[pg.AxisItem, float, QFont | None]] = []
        self.action = QAction(tr("&Presentation"), self, checkable=True,
                              shortcut=QKeySequence(SHORTCUT))
        self.action.setToolTip(tr("Full screen, larger text and thicker lines, for a projector"))
        self.action.toggled.connect(self.set_active)
        menu.addAction(self.action)
        window.addAction(self.action)  # F11 works in full screen, where the menu bar may hide

    def set_active(self, on: bool) -> None:
        """Enter (``True``) or leave (``False``) presentation mode; a repeat does nothing."""
        if on == self.active:
            return
        self.enter() if on else self.leave()
        self.action.setChecked(on)
        self.toggled.emit(on)

    def enter(self) -> None:
        self.active = True
        self._saved_state = self._window.windowState()
        # Tick labels grow; the controls' font does not: with PySide6 6.11 any font change
        # re-resolved through the shown optimizer lab (QApplication.setFont, QWidget.setFont, a
        # font-size style sheet set and then removed) segfaults inside shiboken, with or
        # without this module, so widget fonts are left alone until that is found.
        size = QApplication.instance().font().pointSizeF()
        size = size if size > 0 else 10.0
        self._saved_pens = []
        for item in _curves(self._window):
            if item.opts.get("pen") is None:  # markers only, no line
                continue
            pen = pg.mkPen(item.opts["pen"])
            self._saved_pens.append((item, QPen(pen)))
            item.setPen(_thicker(pen, PEN_SCALE))
        self._saved_axis_widths = []
        tick_font = QFont(QApplication.instance().font())
        tick_font.setPointSizeF(size * FONT_SCALE)
        for axis in _axes(self._window):
            self._saved_axis_widths.append((axis, axis.pen().widthF(), axis.style["tickFont"]))
            axis.setPen(_thicker(axis.pen(), PEN_SCALE))
            axis.setStyle(tickFont=tick_font)
        self._window.setWindowState(self._saved_state | Qt.WindowState.WindowFullScreen)

    def leave(self) -> None:
        self.active = False
        self._window.setWindowState(self._saved_state)
        for item, pen in self._saved_pens:
            if isValid(item):  # a curve cleared meanwhile is gone
                item.setPen(pen)
        for axis, width, tick_font in self._saved_axis_widths:
            if isValid(axis):
                axis.setStyle(tickFont=tick_font)
                pen = QPen(axis.pen())  # the theme may have changed its colour meanwhile
                pen.setWidthF(width)
                axis.setPen(pen)
        self._saved_pens, self._saved_axis_widths = [], []
