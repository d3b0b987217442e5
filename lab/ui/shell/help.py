"""Help: the guide to each lab (what to try, what to notice, where the course covers it) and the
list of keyboard shortcuts, both reachable from the Help menu (F1 opens the current lab's guide).

The guides are Markdown files, one per lab and language (lab/guides/), shown here in the
interface's language; the docs link to the same files, so there is one text to keep true.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from lab.guides import read_guide
from lab.ui.common.i18n import N_, current_language, tr

# Fixed shortcuts; the labs' own (Ctrl+1 for the first lab, …) come from lab_shortcuts. Keys are
# written as QKeySequence reads them: tests check that each one is bound to an action.
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("F1", N_("Guide to the current lab")),
    ("Ctrl+E", N_("Export the current lab's plots and data (the Export menu)")),
    ("Ctrl+C", N_("Copy the current lab's first figure as an image")),
    ("Ctrl+S", N_("Save session: every lab's settings in one file")),
    ("Ctrl+O", N_("Open session")),
    ("F11", N_("Presentation mode: full screen, larger text, thicker lines (F11 again leaves)")),
    ("Space", N_("Play or pause the optimizer lab's playback (not while typing in a field)")),
    ("Ctrl+Q", N_("Quit")),
)
MAX_LAB_KEYS = 9  # Ctrl+1 … Ctrl+9


def lab_shortcuts(titles: list[str]) -> tuple[tuple[str, str], ...]:
    """``Ctrl+1`` for the first lab, and so on."""
    return tuple((f"Ctrl+{k}", tr("Switch to the {lab}").format(lab=tr(title)[0].lower()
                                                               + tr(title)[1:]))
                 for k, title in enumerate(titles[:MAX_LAB_KEYS], start=1))


def guide_markdown(guide: str, language: str) -> str:
    """The guide named ``guide`` in ``language``, or one line saying why it cannot be shown
    (a damaged installation loses the guide, never the window)."""
    try:
        return read_guide(guide, language)
    except (OSError, ValueError) as err:  # UnicodeDecodeError is a ValueError
        return tr("The guide could not be read: {reason}").format(reason=err)


def no_guide_html(title: str) -> str:
    return (f"<h2>{tr(title)}</h2><p>{tr('This lab has no guide yet; see the README.')}"
            "</p>")


def shortcuts_html(titles: list[str]) -> str:
    rows = "".join(f"<tr><td><b>{keys}</b></td><td>{tr(action)}</td></tr>"
                   for keys, action in (SHORTCUTS[:1] + lab_shortcuts(titles) + SHORTCUTS[1:]))
    return f"<h2>{tr('Keyboard shortcuts')}</h2><table cellspacing='8'>{rows}</table>"


class HelpDialog(QDialog):
    """A read-only text window; one instance per kind, reused."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def show_html(self, title: str, html: str) -> None:
        self.text.setHtml(html)
        self._show(title)

    def show_markdown(self, title: str, markdown: str) -> None:
        self.text.setMarkdown(markdown)
        self._show(title)

    def _show(self, title: str) -> None:
        self.setWindowTitle(title)
        self.show()
        self.raise_()


TEXT_FIELDS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


class HelpActions:
    """The Help menu (guide, shortcuts) and the window-wide keys: Ctrl+1… labs, Ctrl+E export,
    Space play/pause. ``window`` is the MainWindow (labs, tabs, export_menu, current_lab)."""

    def __init__(self, window, help_menu: QMenu):
        self.window = window
        self.dialog: HelpDialog | None = None
        self.guide_action = QAction(tr("&Guide to this lab"), window,
                                    shortcut=QKeySequence("F1"))
        self.guide_action.triggered.connect(self.show_guide)
        self.shortcuts_action = QAction(tr("&Keyboard shortcuts"), window)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.insertActions(help_menu.actions()[0] if help_menu.actions() else None,
                                [self.guide_action, self.shortcuts_action])
        self.lab_actions = []
        for k, lab in enumerate(window.labs[:MAX_LAB_KEYS], start=1):
            action = QAction(tr(lab.title), window, shortcut=QKeySequence(f"Ctrl+{k}"))
            action.triggered.connect(partial(window.show_lab, lab))
            self.lab_actions.append(action)
        self.export_action = QAction(tr("Export…"), window, shortcut=QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.show_export_menu)
        self.play_action = QAction(tr("Play / pause"), window, shortcut=QKeySequence("Space"))
        self.play_action.triggered.connect(self.toggle_playback)
        window.addActions([*self.lab_actions, self.export_action, self.play_action])
        window.tabs.currentChanged.connect(self._lab_changed)
        self._lab_changed()

    def _lab_changed(self, *_args) -> None:
        # disabled, Space reaches the focused widget (a button, a check box) in the other labs
        self.play_action.setEnabled(self.window.current_lab().has_playback())

    def show_guide(self) -> None:
        lab = self.window.current_lab()
        title = tr("Guide: {lab}").format(lab=tr(lab.title))
        if lab.guide is None:
            self._dialog().show_html(title, no_guide_html(lab.title))
        else:
            self._dialog().show_markdown(title, guide_markdown(lab.guide, current_language()))

    def show_shortcuts(self) -> None:
        self._dialog().show_html(tr("Keyboard shortcuts"),
                                 shortcuts_html([lab.title for lab in self.window.labs]))

    def _dialog(self) -> HelpDialog:
        if self.dialog is None:
            self.dialog = HelpDialog(self.window)
        return self.dialog

    def show_export_menu(self) -> None:
        """The Export menu of the current lab, beneath the File menu."""
        menu = self.window.export_menu
        bar = self.window.menuBar()
        file_action = bar.actions()[0]
        menu.popup(bar.mapToGlobal(bar.actionGeometry(file_action).bottomLeft()))

    def toggle_playback(self) -> None:
        lab = self.window.current_lab()
        if isinstance(QApplication.focusWidget(), TEXT_FIELDS) or not lab.has_playback():
            return  # a text field takes its spaces (it claims them first; this is a guard)
        lab.toggle_playback()
