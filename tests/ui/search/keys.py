"""A user's hands for the panel tests: typing into a field, choosing in a list, clicking a
button, the way the keyboard and the mouse do (Qt emits what it emits; no signal by hand)."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox

CTRL = Qt.KeyboardModifier.ControlModifier


def type_text(qtbot, field, text: str) -> None:
    """Select what ``field`` (a line edit or a spin box) holds and type ``text`` over it."""
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick ``text`` in a closed list with the keys: Home, then Down to it."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(index):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def click(qtbot, widget, at: QPoint | None = None) -> None:
    """A left click at ``at`` (by default the middle of ``widget``)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center()
                     if at is None else at)  # fmt: skip


def cell(editor, row: int, column: int):
    """The space editor's widget in ``row``, ``column`` (name, scale, low, high, choices)."""
    return editor.table.cellWidget(row, column)
