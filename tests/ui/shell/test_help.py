"""Help: F1 opens the current lab's guide in every lab; every listed shortcut is bound to an
action of the window and every window shortcut is listed; the lab, export and play keys work."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit

from lab.ui.shell.help import GUIDES, SHORTCUTS, lab_shortcuts


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


@pytest.mark.parametrize("index", [0, 1, 2])
def test_f1_opens_the_current_labs_guide(shown, qtbot, index):
    lab = shown.labs[index]
    qtbot.keyClick(shown, Qt.Key.Key_1 + index, Qt.KeyboardModifier.ControlModifier)
    assert shown.current_lab() is lab
    qtbot.keyClick(shown, Qt.Key.Key_F1)
    dialog = shown.help_actions.dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.toPlainText()
    guide = GUIDES[lab.title]
    assert dialog.windowTitle() == f"Guide: {lab.title}"
    assert "Try this" in text and "In the course" in text
    assert guide.course.split("(")[0].strip() in text
    dialog.close()


def test_every_lab_has_a_guide(window):
    assert {lab.title for lab in window.labs} <= set(GUIDES)


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
