"""A preset chooser with the preset's one-line note beneath it.

The rule every lab follows: the box names a preset only while that preset is what the lab
shows. A lab that gives the bar ``current`` (what it shows now, comparable with ``state_of`` of a
preset) gets the rule from the state itself, whatever brought it there (a choice, an edit,
saved settings, a session): the chosen preset while it still matches, else another preset that
matches, else the chosen one marked "modified" (its note no longer describes the view), else
"no preset". A lab without ``current`` says "modified" itself (:meth:`PresetBar.mark_modified`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from lab.ui.common.i18n import tr
from lab.ui.common.lab import PresetShown


def _config_of(preset) -> object:
    return preset.config


class PresetBar(QWidget):
    chosen = Signal(str)  # the preset's key

    def __init__(self, presets: dict, parent: QWidget | None = None, *,
                 current: Callable[[], object] | None = None,
                 state_of: Callable[[object], object] = _config_of):  # fmt: skip
        super().__init__(parent)
        self._presets = presets
        self._current, self._state_of = current, state_of
        self._key: str | None = None  # the preset chosen last (the one "modified" refers to)
        self.modified = False
        self.combo = QComboBox()
        for key, preset in presets.items():
            self.combo.addItem(tr(preset.title), key)
        self.combo.setPlaceholderText(tr("No preset (your own settings)"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        # the note keeps its room while a message covers it (overlay_note): nothing below moves
        policy = self.note.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.note.setSizePolicy(policy)
        self.row = QHBoxLayout()
        self.row.addWidget(QLabel(tr("Preset")))
        self.row.addWidget(self.combo)
        self._note_cell = QGridLayout()
        self._note_cell.setContentsMargins(0, 0, 0, 0)
        self._note_cell.addWidget(self.note, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.row)
        layout.addLayout(self._note_cell)
        self._covers: list[QWidget] = []
        self.combo.activated.connect(lambda _: self.chosen.emit(self.combo.currentData()))
        self._reserve_width()

    @property
    def key(self) -> str | None:
        """The preset chosen last, matching or modified (saved with the lab's settings)."""
        return self._key

    def show_preset(self, key: str) -> None:
        """``key`` was chosen (or restored): name it, "modified" if the lab shows otherwise."""
        self._key = key
        self.refresh()

    def forget(self) -> None:
        """No preset was chosen (saved settings without one): the box names one only if the
        lab's state matches it."""
        self._key = None
        self.refresh()

    def refresh(self) -> None:
        """Name what the lab shows now (labs call this whenever their state may have changed)."""
        if self._current is None:
            if self._key is not None:
                self._show_clean(self._key)
            return
        state = self._current()
        matching = [k for k, p in self._presets.items()
                    if state is not None and self._state_of(p) == state]  # fmt: skip
        if self._key in matching:
            self._show_clean(self._key)
        elif matching:
            self._key = matching[0]
            self._show_clean(self._key)
        elif self._key is not None:
            self._show_modified()
        else:
            self._show_none()

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
        """The user changed a setting (labs without ``current``; the others compare states)."""
        if self._current is not None:
            self.refresh()
        elif self._key is not None and not self.modified:
            self._show_modified()

    def overlay_note(self, widget: QWidget) -> None:
        """Show ``widget`` (a field's error) in the note's place while it is visible: the note
        keeps its room, so the message moves nothing below the bar."""
        self._note_cell.addWidget(widget, 0, 0)
        self._covers.append(widget)
        widget.installEventFilter(self)
        self._update_cover()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched in self._covers and event.type() in (QEvent.Type.ShowToParent,
                                                         QEvent.Type.HideToParent):
            self._update_cover()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # presentation mode: larger text
            self._reserve_width()

    # ---- display -------------------------------------------------------------------------------
    def _reserve_width(self) -> None:
        """Room for the longest text the box can show ("… (modified)", the placeholder), so it
        is never clipped and the row never shifts when a preset becomes modified."""
        metrics = self.combo.fontMetrics()
        titles = [tr(p.title) for p in self._presets.values()]
        shown = max((metrics.horizontalAdvance(t) for t in titles), default=0)
        longest = max([metrics.horizontalAdvance(self.combo.placeholderText())]
                      + [metrics.horizontalAdvance(tr("{title} (modified)").format(title=t))
                         for t in titles])  # fmt: skip
        self.combo.setMinimumWidth(self.combo.sizeHint().width() + max(longest - shown, 0))

    def _update_cover(self) -> None:
        self.note.setVisible(not any(w.isVisibleTo(self) for w in self._covers))

    def _select(self, key: str | None) -> None:
        for i in range(self.combo.count()):  # only the shown item carries "(modified)"
            self.combo.setItemText(i, tr(self._presets[self.combo.itemData(i)].title))
        self.combo.setCurrentIndex(-1 if key is None else self.combo.findData(key))

    def _show_clean(self, key: str) -> None:
        self._select(key)
        self.modified = False
        self._set_note(tr(self._presets[key].note), QPalette.ColorRole.WindowText, "")

    def _show_modified(self) -> None:
        self._select(self._key)
        self.modified = True
        preset = self._presets[self._key]
        self.combo.setItemText(self.combo.currentIndex(),
                               tr("{title} (modified)").format(title=tr(preset.title)))
        # the preset's note describes the preset, not the view: it moves to the tooltip
        self._set_note(tr("(modified) You changed settings since choosing this preset; choose "
                          "it again to go back to it."), QPalette.ColorRole.PlaceholderText,
                       tr("The preset: {note}").format(note=tr(preset.note)))

    def _show_none(self) -> None:
        self._select(None)
        self.modified = False
        self._set_note(tr("These settings match no preset; choose one to load it."),
                       QPalette.ColorRole.PlaceholderText, "")

    def _set_note(self, text: str, role: QPalette.ColorRole, tip: str) -> None:
        self.note.setText(text)
        self.note.setForegroundRole(role)  # greyed or not, readable in either theme
        self.note.setToolTip(tip)
