"""View > Theme: System, Light or Dark for the application and every live plot (the colours
themselves are lab.ui.common.theme's)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from lab.ui.common.i18n import tr
from lab.ui.common.readable_style import ReadableFusion
from lab.ui.common.theme import (
    CHOICES,
    DARK,
    LIGHT,
    SETTINGS_KEY,
    THEME_NAMES,
    apply_plot_colors,
    dark_palette,
    restyle_plots,
    system_is_dark,
)

DESKTOP_STYLE = "desktop-style"  # the application property that keeps the desktop's style


class Theme(QObject):
    """View > Theme: System, Light, Dark; applies to the application and ``window``'s plots."""

    changed = Signal(bool)  # dark or not, after everything is re-styled

    def __init__(self, window: QWidget, settings: QSettings, menu: QMenu):
        super().__init__(window)
        self._window = window
        self._settings = settings
        app = QApplication.instance()
        # the desktop's style, noted by the first window (a later one may find ours in force)
        self._desktop_style = app.property(DESKTOP_STYLE) or app.style().name()
        app.setProperty(DESKTOP_STYLE, self._desktop_style)
        stored = str(settings.value(SETTINGS_KEY, "system"))
        self.choice = stored if stored in CHOICES else "system"
        self.menu = menu.addMenu(tr("&Theme"))
        group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        for choice in CHOICES:
            action = QAction(tr(THEME_NAMES[choice]), self, checkable=True)
            action.setChecked(choice == self.choice)
            action.triggered.connect(lambda _=False, c=choice: self.set_choice(c))
            group.addAction(action)
            self.menu.addAction(action)
            self.actions[choice] = action
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._desktop_changed)
        self.dark = False
        self.apply()

    def is_dark(self) -> bool:
        return self.choice == "dark" or (self.choice == "system" and system_is_dark())

    def set_choice(self, choice: str) -> None:
        """Pick a theme (System, Light, Dark), keep it in the settings and apply it at once."""
        if choice not in CHOICES:
            raise ValueError(f"theme must be one of {', '.join(CHOICES)}, not {choice!r}")
        self.choice = choice
        self.actions[choice].setChecked(True)
        self._settings.setValue(SETTINGS_KEY, choice)
        self.apply()

    def _desktop_changed(self, _scheme=None) -> None:
        self.apply()  # a fixed choice that now differs from the desktop needs Fusion's palette

    def apply(self) -> None:
        """Palette and style for the application, then every live plot."""
        app = QApplication.instance()
        dark = self.is_dark()
        own = dark == system_is_dark()  # the desktop's own look is the one chosen
        self._set_style(self._desktop_style if own else "fusion")
        if own:
            app.setPalette(QPalette())  # empty: the platform's palette, live as it changes
        else:
            app.setPalette(dark_palette() if dark else app.style().standardPalette())
        self.dark = dark
        colors = DARK if dark else LIGHT
        apply_plot_colors(colors)
        restyle_plots(self._window, colors)
        self.changed.emit(dark)

    @staticmethod
    def _set_style(name: str) -> None:
        """Fusion (the desktop's or ours) is drawn with readable check boxes (ReadableFusion)."""
        app = QApplication.instance()
        if name.lower() == "fusion":
            if not isinstance(app.style(), ReadableFusion):
                app.setStyle(ReadableFusion())
        elif app.style().name() != name:
            app.setStyle(name)
