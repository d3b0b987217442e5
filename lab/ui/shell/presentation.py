"""Presentation mode (View > Presentation, F11): full screen, larger fonts, thicker plot lines.

Why: on a projector at the back of a lecture hall, 9-pt labels and 1-px curves vanish. Entering
enlarges the application font (every control, menu and dialog), the plots' tick labels and titles
(lab.ui.common.style.plot_title) and every live plot's curve and axis pens, and goes full
screen; leaving puts back exactly what was saved on entry: the window state, the application
font, each tick font, pen and title, and the room each axis kept for its labels (so every plot,
the contour maps too, gets its size, ticks and range back).

Font changes once crashed here: Qt asks every widget for its paint-device metrics when a font
is re-resolved, and a widget that kept a control in an attribute named ``metric`` (shadowing
the virtual ``QWidget.metric``) made PySide call a combo box as that override and segfault
while reporting the error. tests/ui/test_qt_overrides.py keeps such names out.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QPen
from PySide6.QtWidgets import QApplication, QMenu, QScrollArea, QWidget
from shiboken6 import isValid

from lab.ui.common.i18n import tr
from lab.ui.common.style import scale_titles

FONT_SCALE = 1.5  # plot tick labels: a 9-pt label reads like 13.5 pt
CONTROL_FONT_SCALE = 1.25  # controls: larger, while every lab still fits 1366 x 768
PEN_SCALE = 2.5  # curves and axes; a cosmetic width 0 counts as 1 px
SHORTCUT = "F11"


def _thicker(pen: QPen, scale: float) -> QPen:
    pen = QPen(pen)
    pen.setWidthF(max(pen.widthF(), 1.0) * scale)
    return pen


def _scaled(font: QFont, scale: float) -> QFont:
    """``font`` ``scale`` times larger, in points or, for a pixel-sized font, in pixels."""
    font = QFont(font)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    else:
        font.setPixelSize(round(font.pixelSize() * scale))
    return font


class _SidePanelFitter(QObject):
    """Keeps every column that scrolls only vertically (the labs' side panels) as wide as its
    controls at the font in force: :func:`lab.ui.common.panel.side_panel` sized them for the
    normal font, and larger text would be cut off at the right. Qt lays out a hidden tab's
    controls only when it is shown, so each panel is fitted whenever its layout is redone.
    :meth:`restore` puts the widths back."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self._panels: dict[QWidget, tuple[QScrollArea, int]] = {}
        for scroll in root.findChildren(QScrollArea):
            inner = scroll.widget()
            if (inner is not None and scroll.widgetResizable()
                    and scroll.horizontalScrollBarPolicy()
                    == Qt.ScrollBarPolicy.ScrollBarAlwaysOff):
                self._panels[inner] = (scroll, scroll.minimumWidth())
                inner.installEventFilter(self)
                self._fit(inner)

    def eventFilter(self, watched, event) -> bool:
        # a Qt override: an exception escaping it is what crashed font changes before
        try:
            if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show):
                self._fit(watched)
        except Exception:  # noqa: BLE001 - a panel left at its width beats a crash
            pass
        return False

    def _fit(self, inner: QWidget) -> None:
        scroll, width = self._panels.get(inner, (None, 0))
        if scroll is None or not isValid(scroll):
            return
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(max(width, inner.minimumSizeHint().width() + bar + 4))

    def restore(self) -> None:
        for inner, (scroll, width) in self._panels.items():
            if isValid(inner):
                inner.removeEventFilter(self)
            if isValid(scroll):
                scroll.setMinimumWidth(width)
        self._panels = {}
        self.deleteLater()


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


def _plots(root: QWidget) -> list[pg.PlotItem]:
    return [item for view in root.findChildren(pg.GraphicsView)
            for item in view.scene().items() if isinstance(item, pg.PlotItem)]  # fmt: skip


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
        self._saved_text_space: list[tuple[pg.AxisItem, float, float]] = []
        self._saved_font: QFont | None = None
        self._fitter: _SidePanelFitter | None = None
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
        app = QApplication.instance()
        self._saved_font = QFont(app.font())
        size = self._saved_font.pointSizeF()
        size = size if size > 0 else 10.0
        app.setFont(_scaled(self._saved_font, CONTROL_FONT_SCALE))
        self._fitter = _SidePanelFitter(self._window)
        self._saved_pens = []
        for item in _curves(self._window):
            if item.opts.get("pen") is None:  # markers only, no line
                continue
            pen = pg.mkPen(item.opts["pen"])
            self._saved_pens.append((item, QPen(pen)))
            item.setPen(_thicker(pen, PEN_SCALE))
        self._saved_axis_widths = []
        tick_font = QFont(self._saved_font)
        tick_font.setPointSizeF(size * FONT_SCALE)
        # an axis widens for larger tick labels but shrinks only when they get 10 px narrower:
        # the space its labels had is given back on leaving, so the plots get their size back
        self._saved_text_space = [(axis, axis.textWidth, axis.textHeight)
                                  for axis in _axes(self._window)]
        for axis in _axes(self._window):
            self._saved_axis_widths.append((axis, axis.pen().widthF(), axis.style["tickFont"]))
            axis.setPen(_thicker(axis.pen(), PEN_SCALE))
            axis.setStyle(tickFont=tick_font)
        scale_titles(_plots(self._window), FONT_SCALE)
        self._window.setWindowState(self._saved_state | Qt.WindowState.WindowFullScreen)

    def leave(self) -> None:
        self.active = False
        self._window.setWindowState(self._saved_state)
        if self._saved_font is not None:
            QApplication.instance().setFont(self._saved_font)
            self._saved_font = None
        if self._fitter is not None:
            self._fitter.restore()
            self._fitter = None
        for item, pen in self._saved_pens:
            if isValid(item):  # a curve cleared meanwhile is gone
                item.setPen(pen)
        for axis, width, tick_font in self._saved_axis_widths:
            if isValid(axis):
                axis.setStyle(tickFont=tick_font)
                pen = QPen(axis.pen())  # the theme may have changed its colour meanwhile
                pen.setWidthF(width)
                axis.setPen(pen)
        for axis, text_width, text_height in self._saved_text_space:
            if isValid(axis):
                axis.textWidth, axis.textHeight = text_width, text_height
                axis._adjustSize()  # pyqtgraph's own resize from the text space
        scale_titles(_plots(self._window), 1.0)
        self._saved_pens, self._saved_axis_widths, self._saved_text_space = [], [], []
