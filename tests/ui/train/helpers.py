"""Driving the training lab like a user: buttons clicked, rows clicked, dialogs answered."""

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox


def shorten(lab, iterations=30, **changes):
    """Short runs on 1000 images (queued runs only: their configs may change)."""
    for entry in lab.controller.runs:
        config = entry.config
        entry.config = replace(config, iterations=iterations, epochs=0, eval_every=10,
                               data=replace(config.data, train_size=1000), **changes)


def click(qtbot, lab, label):
    qtbot.mouseClick(lab.controls.buttons[label], Qt.MouseButton.LeftButton)


def select(qtbot, lab, name):
    """Click the run's row, as a user would."""
    table = lab.controls.run_list
    row = table.names().index(name)
    rect = table.visualItemRect(table.item(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.selected() == name


def ended(entry):
    return entry.status.ended


def wait_all_ended(qtbot, lab, timeout=60000):
    qtbot.waitUntil(lambda: all(ended(e) for e in lab.controller.runs), timeout=timeout)


def answer_next_dialog(button=QMessageBox.StandardButton.Yes, seen=None):
    """Answer the next modal dialog: a QMessageBox with ``button``, a form with OK."""

    def answer():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, answer)
            return
        if seen is not None:
            seen.append(dialog.text() if isinstance(dialog, QMessageBox) else dialog)
        if isinstance(dialog, QMessageBox):
            dialog.button(button).click()
        else:  # a form dialog: press its OK button
            ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            ok.click()

    QTimer.singleShot(0, answer)
