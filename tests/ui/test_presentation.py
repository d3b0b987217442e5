"""Presentation mode: larger tick labels, thicker plot pens, full screen; leaving restores
exactly what was there."""

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPen
from PySide6.QtWidgets import QApplication

from lab.ui.help import SHORTCUTS
from lab.ui.presentation import FONT_SCALE, PEN_SCALE


def curve_pens(window) -> dict:
    pens = {}
    for view in window.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, pg.PlotDataItem) and item.opts.get("pen") is not None:
                pens[item] = QPen(pg.mkPen(item.opts["pen"]))
    return pens


def axis_widths(window) -> dict:
    return {item: item.pen().widthF() for view in window.findChildren(pg.GraphicsView)
            for item in view.scene().items() if isinstance(item, pg.AxisItem)}


def test_enter_enlarges_and_leave_restores_exactly(window):
    app = QApplication.instance()
    ticks = {axis: axis.style["tickFont"] for axis in axis_widths(window)}
    state = window.windowState()
    pens, widths = curve_pens(window), axis_widths(window)
    assert pens and widths
    action = window.presentation.action
    assert action.shortcut() == QKeySequence("F11")
    action.trigger()
    assert window.presentation.active and action.isChecked()
    for axis in ticks:
        assert axis.style["tickFont"].pointSizeF() == app.font().pointSizeF() * FONT_SCALE
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    for item, pen in pens.items():
        now = pg.mkPen(item.opts["pen"])
        assert now.widthF() == max(pen.widthF(), 1.0) * PEN_SCALE
        assert now.color() == pen.color()
    for axis, width in widths.items():
        assert axis.pen().widthF() == max(width, 1.0) * PEN_SCALE
    action.trigger()
    assert not window.presentation.active
    assert {axis: axis.style["tickFont"] for axis in ticks} == ticks
    assert window.windowState() == state
    for item, pen in pens.items():
        assert pg.mkPen(item.opts["pen"]) == pen
    assert axis_widths(window) == widths


def test_theme_change_in_presentation_keeps_thick_axes(window):
    window.presentation.set_active(True)
    try:
        window.theme.set_choice("dark")
        widths = list(axis_widths(window).values())
        assert min(widths) >= PEN_SCALE
    finally:
        window.presentation.set_active(False)
        window.theme.set_choice("system")
    assert max(axis_widths(window).values()) < PEN_SCALE


def test_f11_listed_in_help():
    assert "F11" in dict(SHORTCUTS)
