"""Presentation mode: larger tick labels, thicker plot pens, full screen; leaving restores
exactly what was there."""

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPen
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from lab.ui.shell.help import SHORTCUTS
from lab.ui.shell.presentation import CONTROL_FONT_SCALE, FONT_SCALE, PEN_SCALE


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
    base = app.font().pointSizeF()
    ticks = {axis: axis.style["tickFont"] for axis in axis_widths(window)}
    state = window.windowState()
    pens, widths = curve_pens(window), axis_widths(window)
    assert pens and widths
    action = window.presentation.action
    assert action.shortcut() == QKeySequence("F11")
    action.trigger()
    assert window.presentation.active and action.isChecked()
    for axis in ticks:
        assert axis.style["tickFont"].pointSizeF() == base * FONT_SCALE
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


def test_controls_grow_on_the_shown_optimizer_lab_and_come_back(window, qtbot):
    """F11 on the shown window enlarges every control's font (this segfaulted until the sweep
    plot stopped shadowing QWidget.metric) and leaving gives back the exact sizes."""
    window.show()
    qtbot.waitExposed(window)
    lab = window.labs[0]
    controls = [lab.settings.steps, lab.function, lab.presets, window.menuBar(),
                lab.sweep.run, window.labs[1].findChildren(QWidget)[0]]
    before = [c.font().pointSizeF() for c in controls]
    side = [s for s in window.findChildren(QScrollArea)
            if s.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff]
    widths = [s.minimumWidth() for s in side]
    window.presentation.action.trigger()  # F11 (a key click needs an active window)
    assert window.presentation.active
    grown = [size * CONTROL_FONT_SCALE for size in before]
    qtbot.waitUntil(lambda: [c.font().pointSizeF() for c in controls] == grown, timeout=5000)
    for i in range(window.tabs.count()):  # each lab's side panel fits its larger controls
        window.tabs.setCurrentIndex(i)
        qtbot.waitUntil(lambda: all(
            s.minimumWidth() >= s.widget().minimumSizeHint().width() for s in side
            if s.isVisible()), timeout=5000)
    assert max(s.minimumWidth() - w for s, w in zip(side, widths, strict=True)) > 0
    window.presentation.action.trigger()
    assert not window.presentation.active
    qtbot.waitUntil(lambda: [c.font().pointSizeF() for c in controls] == before, timeout=5000)
    assert [s.minimumWidth() for s in side] == widths


def plot_layout(plots) -> list:
    """What a viewer reads off each plot: its range, its ticks, the room its axes keep for
    their labels."""
    found = []
    for plot in plots:
        box = plot.getViewBox()
        (x0, x1), (y0, y1) = box.viewRange()
        axes = [plot.getAxis(side) for side in ("bottom", "left")]
        found.append((box.viewRange(), [(a.textWidth, a.textHeight) for a in axes],
                      axes[0].tickValues(x0, x1, 400), axes[1].tickValues(y0, y1, 300)))
    return found


def test_leaving_gives_the_maps_their_ticks_and_ranges_back_and_the_2x2_titles_grow(
        window, lab, qtbot):
    """F11 on the optimizer lab's 2×2 maps: larger tick labels widen the y axes (pyqtgraph
    narrows an axis only when its labels shrink by 10 px, so the maps stayed narrower after
    leaving); the four titles grow with the rest, also when a new result retitles them."""
    window.show()
    qtbot.waitExposed(window)
    assert lab.two_by_two.isChecked()
    maps = lab.findChildren(pg.PlotWidget, "contour-map")  # the 2×2 and the single map
    assert len(maps) == 5
    left = maps[0].getAxis("left")
    maps[0].grab()  # painted: the axes measured their labels
    before, room = plot_layout(maps), left.textWidth
    assert {m.getPlotItem().titleLabel.opts["size"] for m in lab.multiples.maps} == {"10pt"}
    window.presentation.set_active(True)
    qtbot.waitUntil(lambda: maps[0].grab() and left.textWidth > room, timeout=5000)
    grown = f"{10 * FONT_SCALE:g}pt"
    assert {m.getPlotItem().titleLabel.opts["size"] for m in lab.multiples.maps} == {grown}
    row = lab.optimizers.rows["sgd"]
    with qtbot.waitSignal(lab.computed, timeout=20000):  # a new result sets the titles again
        row.lr.slider.setValue(row.lr.slider.value() - 50)
    assert {m.getPlotItem().titleLabel.opts["size"] for m in lab.multiples.maps} == {grown}
    window.presentation.set_active(False)
    qtbot.waitUntil(lambda: maps[0].grab() and plot_layout(maps) == before, timeout=5000)
    assert {m.getPlotItem().titleLabel.opts["size"] for m in lab.multiples.maps} == {"10pt"}
