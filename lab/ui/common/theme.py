"""Light and dark themes: the application palette and every live plot, from one place.

Why: pyqtgraph paints its own white background and dark axes, so a dark desktop left the plots
white and dark-on-dark hints unreadable. The theme follows the desktop's colour scheme
(``QStyleHints.colorScheme``, live through ``colorSchemeChanged``) unless View > Theme picks Light
or Dark (kept in QSettings). When the choice differs from the desktop, Fusion's palette for the
chosen scheme is set; when it agrees, the desktop's own style and palette come back. Plots are
re-styled by walking the window's pyqtgraph views, and new plots read pyqtgraph's config options,
which :func:`apply_plot_colors` sets.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QPen
from PySide6.QtWidgets import QWidget

from lab.ui.common.i18n import N_

CHOICES = ("system", "light", "dark")
THEME_NAMES = {"system": N_("System"), "light": N_("Light"), "dark": N_("Dark")}
SETTINGS_KEY = "view/theme"


@dataclass(frozen=True)
class PlotColors:
    background: str
    foreground: str  # axes, tick labels, titles, legend text


LIGHT = PlotColors(background="#ffffff", foreground="#222222")
DARK = PlotColors(background="#1e1f22", foreground="#d8d8d8")
# text colours that meant "the theme's foreground" when an item was made (re-coloured on change)
_THEME_TEXT = {"#222", "#222222", "#333", "#333333", LIGHT.foreground, DARK.foreground}

_current = LIGHT


def plot_colors() -> PlotColors:
    """The plot colours of the theme in force (for widgets that colour text themselves)."""
    return _current


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark colour scheme (Unknown counts as light)."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    """Fusion-style dark palette (the colours of Qt's own Fusion dark scheme)."""
    p = QPalette()
    window, base, text = QColor("#2b2b2e"), QColor("#1e1f22"), QColor("#e6e6e6")
    disabled = QColor("#7a7a7a")
    roles = {
        QPalette.ColorRole.Window: window, QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base, QPalette.ColorRole.AlternateBase: QColor("#27282c"),
        QPalette.ColorRole.ToolTipBase: QColor("#3a3a3e"), QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Text: text, QPalette.ColorRole.Button: QColor("#35363a"),
        QPalette.ColorRole.ButtonText: text, QPalette.ColorRole.BrightText: QColor("#ff6b6b"),
        QPalette.ColorRole.Link: QColor("#6cb6ff"), QPalette.ColorRole.Highlight: QColor("#2f65ca"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.PlaceholderText: QColor("#9a9a9a"),
        QPalette.ColorRole.Light: QColor("#4a4b50"), QPalette.ColorRole.Midlight: QColor("#3c3d42"),
        QPalette.ColorRole.Mid: QColor("#26272a"), QPalette.ColorRole.Dark: QColor("#151518"),
        QPalette.ColorRole.Shadow: QColor("#000000"),
    }  # fmt: skip
    for role, colour in roles.items():
        p.setColor(role, colour)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):  # fmt: skip
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def apply_plot_colors(colors: PlotColors) -> None:
    """Make ``colors`` the theme's: plots built from now on read pyqtgraph's config options."""
    global _current
    _current = colors
    pg.setConfigOptions(background=colors.background, foreground=colors.foreground)


def _recolor(pen: QPen, color: str) -> QPen:
    pen = QPen(pen)  # keep width and style (presentation mode thickens them)
    pen.setColor(QColor(color))
    return pen


def restyle_plots(root: QWidget, colors: PlotColors) -> int:
    """Background, axes, titles, legends and text of every pyqtgraph view under ``root``.

    Returns the number of views re-styled. Coloured text (a red warning title) keeps its colour;
    only text in a theme foreground colour follows the theme. 3-D views (pyqtgraph.opengl, only
    imported once one was made) take the background too; they have no axes or text."""
    gl = sys.modules.get("pyqtgraph.opengl")
    for view in root.findChildren(gl.GLViewWidget) if gl is not None else ():
        view.setBackgroundColor(colors.background)
    views = root.findChildren(pg.GraphicsView)
    for view in views:
        view.setBackground(colors.background)
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem):
                item.setPen(_recolor(item.pen(), colors.foreground))
                item.setTextPen(_recolor(item.textPen(), colors.foreground))
                if item.label is not None and item.labelText:
                    item.labelStyle["color"] = colors.foreground
                    item._updateLabel()
            elif isinstance(item, pg.LabelItem):
                if _is_theme_text(item.opts.get("color")):
                    item.setText(item.text, color=colors.foreground)
            elif isinstance(item, pg.LegendItem):
                item.setLabelTextColor(colors.foreground)
            elif isinstance(item, pg.TextItem) and _is_theme_text(item.color):
                item.setColor(colors.foreground)
    return len(views)


def _is_theme_text(color) -> bool:
    if color is None:
        return True  # pyqtgraph's default: the foreground option
    name = QColor(pg.mkColor(color)).name() if not isinstance(color, str) else color.lower()
    return name in _THEME_TEXT or QColor(name).name() in _THEME_TEXT
