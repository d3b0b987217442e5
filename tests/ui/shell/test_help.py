"""Help: F1 opens the current lab's guide (lab/guides/) in the interface's language in every
lab; every listed shortcut is bound to an action of the window and every window shortcut is
listed; the lab, export and play keys work."""

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit, QMainWindow, QMenu, QTabWidget

import lab.guides as guides
from lab.guides import LABS, read_guide
from lab.ui.common.i18n import install_translators, remove_translators, tr
from lab.ui.common.lab import Lab
from lab.ui.init.panel import InitLab
from lab.ui.optimize.panel import OptimizerLab
from lab.ui.search.panel import SearchLab
from lab.ui.shell.help import SHORTCUTS, guide_markdown, lab_shortcuts
from lab.ui.train.panel import TrainLab

ROOT = Path(__file__).resolve().parents[3]

LAB_CLASSES = (OptimizerLab, InitLab, TrainLab, SearchLab)


class Shell(QMainWindow):
    """The little of the main window that the Help actions use, with stand-ins that carry each
    lab's title and guide and the protocol's defaults (the guide test needs no lab to
    compute)."""

    def __init__(self):
        super().__init__()
        self.labs = []
        self.tabs = QTabWidget()
        for cls in LAB_CLASSES:
            stand_in = Lab()
            stand_in.title, stand_in.guide = cls.title, cls.guide
            self.labs.append(stand_in)
            self.tabs.addTab(stand_in, tr(cls.title))
        self.setCentralWidget(self.tabs)
        self.export_menu = QMenu(self)
        from lab.ui.shell.help import HelpActions

        self.help_actions = HelpActions(self, self.menuBar().addMenu(tr("&Help")))

    def current_lab(self):
        return self.tabs.currentWidget()

    def show_lab(self, lab) -> None:
        self.tabs.setCurrentWidget(lab)


def visible_lines(markdown: str) -> list[str]:
    """The guide's headings and first words of each item, as the rendered text shows them."""
    lines = []
    for line in markdown.splitlines():
        if line.startswith(("# ", "## ", "- ")):
            lines.append(line.split(" ", 1)[1].replace("*", "")[:12])
    return lines


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp):
    translators = install_translators(qapp, request.param)
    yield request.param
    remove_translators(qapp, translators)


def test_every_lab_names_a_guide():
    assert sorted(cls.guide for cls in LAB_CLASSES) == sorted(LABS)


@pytest.mark.parametrize("index", range(len(LAB_CLASSES)))
def test_f1_shows_the_current_labs_guide_in_the_current_language(qtbot, language, index):
    shell = Shell()  # built after the language is installed, as the app does
    qtbot.addWidget(shell)
    shell.show()
    shell.activateWindow()
    qtbot.waitUntil(shell.isActiveWindow)
    qtbot.keyClick(shell, Qt.Key.Key_1 + index, Qt.KeyboardModifier.ControlModifier)
    lab = shell.labs[index]
    assert shell.current_lab() is lab
    qtbot.keyClick(shell, Qt.Key.Key_F1)
    dialog = shell.help_actions.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == tr("Guide: {lab}").format(lab=tr(lab.title))
    text = dialog.text.toPlainText()
    expected = visible_lines(read_guide(lab.guide, language))
    assert len(expected) > 8 and all(line in text for line in expected), (expected, text)
    titles = {name: read_guide(name, language).splitlines()[0][2:] for name in LABS}
    assert text.splitlines()[0] == titles[lab.guide]
    assert not set(text.splitlines()) & {t for name, t in titles.items() if name != lab.guide}
    dialog.close()


def test_a_damaged_guide_is_a_message_not_a_crash(qapp, tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "optimizer.md").write_bytes(b"\xff\xfe not UTF-8")
    monkeypatch.setattr(guides, "GUIDES_DIR", tmp_path)
    text = guide_markdown("optimizer", "en")
    assert text.startswith("The guide could not be read:") and "utf-8" in text


@pytest.fixture
def shown(window, qtbot):
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.isActiveWindow())
    return window


def bound_keys(window) -> dict[str, object]:
    """Every shortcut of the window's actions and menus, as portable text."""
    keys = {}
    actions = list(window.actions())
    for menu_action in window.menuBar().actions():
        actions += menu_action.menu().actions()
    for action in actions:
        for sequence in action.shortcuts():
            keys[sequence.toString(QKeySequence.SequenceFormat.PortableText)] = action
    return keys


def test_every_listed_shortcut_is_bound_and_every_bound_one_listed(window):
    listed = [keys for keys, _ in SHORTCUTS + lab_shortcuts([lab.title for lab in window.labs])]
    bound = bound_keys(window)
    assert sorted(listed) == sorted(bound)
    for keys in listed:
        assert bound[keys].isEnabled() or keys == "Space"


def documented_keys(path: Path) -> set[str]:
    """The keys of a Markdown shortcut table ("| Keys | Action |"): "Ctrl+S / Ctrl+O" is two,
    "Ctrl+1 … Ctrl+4" four."""
    keys, in_table = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("| Keys |"):
            in_table = True
            continue
        if not in_table or line.startswith("|---"):
            continue
        if not line.startswith("|"):
            break
        cell = line.split("|")[1].strip()
        run = re.fullmatch(r"Ctrl\+(\d) … Ctrl\+(\d)", cell)
        if run:
            keys |= {f"Ctrl+{k}" for k in range(int(run[1]), int(run[2]) + 1)}
        else:
            keys |= {part.strip() for part in cell.split("/")}
    return keys


@pytest.mark.parametrize("doc", ["README.md", "docs/app.md"])
def test_the_documented_shortcut_table_lists_every_key_the_window_binds(window, doc):
    """The README's table once stopped at Ctrl+3 while the window bound Ctrl+4."""
    assert documented_keys(ROOT / doc) == set(bound_keys(window))


def test_f1_opens_the_guide_in_the_whole_window(shown, qtbot):
    lab = shown.labs[2]
    qtbot.keyClick(shown, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(shown, Qt.Key.Key_F1)
    dialog = shown.help_actions.dialog
    assert dialog.isVisible() and dialog.windowTitle() == f"Guide: {lab.title}"
    assert "Try this" in dialog.text.toPlainText()
    dialog.close()


def test_shortcuts_dialog_lists_them(window):
    window.help_actions.shortcuts_action.trigger()
    text = window.help_actions.dialog.text.toPlainText()
    for keys, _action in SHORTCUTS:
        assert keys in text
    assert "Ctrl+3" in text and "training lab" in text


def test_ctrl_e_opens_the_export_menu(shown, qtbot):
    menu = shown.export_menu
    with qtbot.waitSignal(menu.aboutToShow):
        qtbot.keyClick(shown, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert menu.isVisible()
    assert any("PNG" in action.text() for action in menu.actions())
    menu.hide()


def test_space_plays_and_pauses_but_not_in_text_fields(shown, qtbot):
    lab = shown.labs[0]
    shown.show_lab(lab)
    play = lab.playback.play
    lab.map.setFocus()
    assert not play.isChecked()
    qtbot.keyClick(shown, Qt.Key.Key_Space)
    assert play.isChecked()
    qtbot.keyClick(shown, Qt.Key.Key_Space)
    assert not play.isChecked()
    field = lab.function.findChild(QLineEdit)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    before = field.text()
    qtbot.keyClick(field, Qt.Key.Key_Space)
    assert not play.isChecked()
    assert field.text() != before  # the space was typed
    shown.show_lab(shown.labs[1])
    assert not shown.help_actions.play_action.isEnabled()
