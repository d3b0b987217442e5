"""Dark mode: the palette and every lab's plots follow View > Theme and the desktop's scheme."""

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from lab.ui.common import theme
from lab.ui.common.theme import DARK, LIGHT, SETTINGS_KEY
from lab.ui.shell import theme_menu


@pytest.fixture
def themed(window):
    yield window
    window.theme.set_choice("system")  # back to the desktop's look for the tests that follow
    assert theme.plot_colors() == LIGHT


def views_of(lab) -> list:
    return lab.findChildren(pg.GraphicsView)


def assert_plots(window, colors) -> None:
    for lab in window.labs:
        views = views_of(lab)
        assert views, f"{lab.title} has no plots to check"
        checked = 0
        for view in views:
            assert view.backgroundBrush().color() == QColor(colors.background), lab.title
            axes = [i for i in view.scene().items() if isinstance(i, pg.AxisItem)]
            for axis in axes:
                assert axis.pen().color() == QColor(colors.foreground), lab.title
                assert axis.textPen().color() == QColor(colors.foreground), lab.title
            checked += len(axes)
        assert checked, f"{lab.title} has no axes to check"  # some views hold none yet
    assert pg.getConfigOption("background") == colors.background  # plots made later


def lightness(role: QPalette.ColorRole) -> int:
    return QApplication.instance().palette().color(role).lightness()


def test_dark_applies_to_every_labs_plots_and_light_restores(themed):
    assert_plots(themed, LIGHT)
    themed.theme.set_choice("dark")
    assert themed.theme.dark
    assert_plots(themed, DARK)
    assert lightness(QPalette.ColorRole.Window) < 80
    assert lightness(QPalette.ColorRole.WindowText) > 180
    themed.theme.set_choice("light")
    assert_plots(themed, LIGHT)
    assert lightness(QPalette.ColorRole.Window) > 180
    assert lightness(QPalette.ColorRole.WindowText) < 80


def test_choice_is_kept_in_settings_and_menu(themed, settings):
    actions = themed.theme.actions
    assert list(actions) == ["system", "light", "dark"]
    actions["dark"].trigger()
    assert settings.value(SETTINGS_KEY) == "dark"
    assert actions["dark"].isChecked() and not actions["system"].isChecked()
    with pytest.raises(ValueError, match="theme must be one of"):
        themed.theme.set_choice("purple")
    assert themed.theme.choice == "dark"


def test_stored_choice_applies_at_start(qtbot, settings):
    from lab.ui.shell.main_window import MainWindow

    settings.setValue(SETTINGS_KEY, "dark")
    win = MainWindow(settings)
    qtbot.addWidget(win)
    try:
        assert win.theme.dark
        assert_plots(win, DARK)
    finally:
        win.theme.set_choice("system")
        win.close()


def test_system_choice_follows_the_desktop_live(themed, monkeypatch):
    hints = QGuiApplication.styleHints()
    monkeypatch.setattr(theme_menu, "system_is_dark", lambda: True)
    with qtbot_signal(themed.theme.changed) as seen:
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert seen == [True]
    assert_plots(themed, DARK)
    monkeypatch.setattr(theme_menu, "system_is_dark", lambda: False)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert_plots(themed, LIGHT)


class qtbot_signal:
    """Collects a signal's arguments emitted within the block (direct connections)."""

    def __init__(self, signal):
        self.signal, self.seen = signal, []

    def __enter__(self):
        self.signal.connect(self.seen.append)
        return self.seen

    def __exit__(self, *exc):
        self.signal.disconnect(self.seen.append)


def test_red_warning_titles_keep_their_colour_theme_text_follows(themed):
    plot = pg.PlotWidget()
    themed.labs[0].layout().addWidget(plot)
    plot.setTitle("warning", color="#d62728")
    plot.getPlotItem().getAxis("left").setLabel("loss")
    themed.theme.set_choice("dark")
    assert plot.getPlotItem().titleLabel.opts["color"] == "#d62728"
    assert plot.getPlotItem().getAxis("left").labelStyle["color"] == DARK.foreground
    assert plot.backgroundBrush().color() == QColor(DARK.background)


def test_preset_hint_readable_in_dark(themed):
    from lab.ui.common.preset_bar import PresetBar

    bars = themed.findChildren(PresetBar)
    assert bars
    themed.theme.set_choice("dark")
    for bar in bars:
        bar.mark_modified()
        palette = bar.note.palette()
        text = palette.color(bar.note.foregroundRole())
        back = palette.color(QPalette.ColorRole.Window)
        assert abs(text.lightness() - back.lightness()) > 90, bar.note.text()


def test_busy_overlay_follows_the_theme(themed, qtbot):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from lab.ui.common.busy_overlay import BusyOverlay

    host = QWidget()
    qtbot.addWidget(host)
    target = QWidget()
    QVBoxLayout(host).addWidget(target)
    host.resize(300, 200)
    overlay = BusyOverlay(target, "compiling…")
    host.show()  # hidden widgets take a new palette only when shown
    themed.theme.set_choice("dark")

    def corner() -> int:
        return overlay.grab().toImage().pixelColor(2, 2).lightness()

    qtbot.waitUntil(lambda: corner() < 80)  # palette change events reach it through the loop
    assert overlay.label.palette().color(overlay.label.foregroundRole()).lightness() > 180
    themed.theme.set_choice("light")
    qtbot.waitUntil(lambda: corner() > 180)


def test_init_formula_box_follows_the_theme(themed, qtbot):
    """The initializer's formula box was a fixed light style sheet: light in the dark theme."""
    lab = themed.labs[1]
    themed.show_lab(lab)
    themed.show()  # hidden widgets take a new palette only when shown
    box = lab.controls.formula
    assert box.text()

    def painted() -> QColor:
        return box.grab().toImage().pixelColor(1, 1)  # inside the padding: the box itself

    def text_contrast() -> int:
        palette = box.palette()
        return abs(palette.color(box.foregroundRole()).lightness()
                   - palette.color(box.backgroundRole()).lightness())

    themed.theme.set_choice("dark")
    qtbot.waitUntil(lambda: painted().lightness() < 80)
    assert painted() == box.palette().color(box.backgroundRole())
    assert text_contrast() > 120
    themed.theme.set_choice("light")
    qtbot.waitUntil(lambda: painted().lightness() > 180)
    assert text_contrast() > 120
