"""View > Language: the menu that keeps the user's language choice and offers a restart."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from lab.ui.common.i18n import (
    LANGUAGES,
    N_,
    SETTINGS_KEY,
    resolve_language,
    restart_command,
    tr,
    tr_into,
)


class LanguageMenu(QObject):
    """View > Language: System / English / 简体中文. The choice is kept in QSettings and takes
    effect after a restart, which the menu offers to do at once."""

    def __init__(self, window: QWidget, settings: QSettings, view_menu: QMenu):
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.menu = view_menu.addMenu(tr("&Language"))
        self.group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        current = str(settings.value(SETTINGS_KEY, "system"))
        if current not in LANGUAGES:
            current = "system"
        for code, label in (("system", tr("System")), *LANGUAGES.items()):
            action = QAction(label, self, checkable=True)
            action.setChecked(code == current)
            action.triggered.connect(lambda _=False, c=code: self.choose(c))
            self.group.addAction(action)
            self.menu.addAction(action)
            self.actions[code] = action
        self.box: QMessageBox | None = None

    def choose(self, code: str, ask: bool = True) -> None:
        """Keep ``code`` as the language; say it applies after a restart and offer one."""
        if str(self._settings.value(SETTINGS_KEY, "system")) == code:
            return
        self._settings.setValue(SETTINGS_KEY, code)
        self._settings.sync()
        self.actions[code].setChecked(True)
        if not ask:
            return
        new = resolve_language(code)
        self.box = QMessageBox(QMessageBox.Icon.Information, _both(new, N_("Language"), " / "),
                               _both(new, N_("The new language takes effect when Descent Lab "
                                             "starts again."), "\n\n"), parent=self._window)
        restart = self.box.addButton(_both(new, N_("Restart now"), " / "),
                                     QMessageBox.ButtonRole.AcceptRole)
        self.box.addButton(_both(new, N_("Later"), " / "), QMessageBox.ButtonRole.RejectRole)
        self.box.buttonClicked.connect(lambda b: b is restart and self.restart())
        self.box.open()

    def restart(self) -> None:
        """Close the window (the labs save their settings and stop their runs), start the app
        again and quit this one."""
        if not self._window.close():
            return
        program, arguments = restart_command()
        QProcess.startDetached(program, arguments)
        QCoreApplication.quit()


def _both(language: str, text: str, between: str) -> str:
    """``text`` in the language just chosen, then in the one the window speaks now if that
    differs: whoever chose can read it, and so can whoever chose by mistake."""
    chosen, now = tr_into(language, text), tr(text)
    return chosen if chosen == now else f"{chosen}{between}{now}"
