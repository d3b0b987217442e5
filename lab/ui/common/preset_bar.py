"""A preset chooser with the preset's one-line note beneath it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from lab.ui.common.i18n import tr
from lab.ui.common.lab import PresetShown


class PresetBar(QWidget):
    chosen = Signal(str)  # the preset's key

    def __init__(self, presets: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self._presets = presets
        self._key: str | None = None
        self.modified = False
        self.combo = QComboBox()
        for key, preset in presets.items():
            self.combo.addItem(tr(preset.title), key)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.ColorRole.WindowText)  # readable in either theme
        self.row = QHBoxLayout()
        self.row.addWidget(QLabel(tr("Preset")))
        self.row.addWidget(self.combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.row)
        layout.addWidget(self.note)
        self.combo.activated.connect(lambda _: self.chosen.emit(self.combo.currentData()))

    def show_preset(self, key: str) -> None:
        """Select ``key`` and show its note (without emitting ``chosen``)."""
        self.combo.setCurrentIndex(self.combo.findData(key))
        self._key = key
        self.modified = False
        self.note.setText(tr(self._presets[key].note))
        self.note.setForegroundRole(QPalette.ColorRole.WindowText)

    def show_known(self, key: str | None) -> None:
        """Show ``key`` if it names one of the presets (a session's preset); else nothing."""
        if key in self._presets:
            self.show_preset(key)

    def shown(self) -> PresetShown | None:
        """The preset on screen and whether the user has edited since (the lab protocol)."""
        key = self.combo.currentData()
        if key not in self._presets:
            return None
        return PresetShown(key, self._presets[key].title, self.modified)

    def mark_modified(self) -> None:
        """The user changed a setting: the note describes the preset, no longer what is shown."""
        if self._key is None or self.modified:
            return
        self.modified = True
        self.note.setText(tr("(modified) {note}").format(note=tr(self._presets[self._key].note)))
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # greyed, any theme
        self.note.setToolTip(tr("You changed settings since choosing this preset; choose it "
                                "again to go back to it."))
