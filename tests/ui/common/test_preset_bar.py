"""The shared preset box's rule (issue 16, item 17): it names a preset only while the lab shows
that preset; otherwise the chosen one is marked "modified" (its note moves to the tooltip), or,
with none chosen, it says that no preset matches. A message laid over the note moves nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lab.ui.common.preset_bar import PresetBar


@dataclass(frozen=True)
class Preset:
    title: str
    note: str
    config: int


PRESETS = {"one": Preset("One", "the first", 1), "two": Preset("Two", "the second", 2)}


@pytest.fixture
def shown(qtbot):
    """A bar over a lab whose state is ``state["value"]``."""
    state = {"value": 1}
    bar = PresetBar(PRESETS, current=lambda: state["value"])
    qtbot.addWidget(bar)
    return bar, state


def test_the_chosen_preset_while_it_matches_then_modified(shown):
    bar, state = shown
    bar.show_preset("one")
    assert (bar.combo.currentText(), bar.note.text(), bar.modified) == ("One", "the first", False)
    state["value"] = 5
    bar.refresh()
    assert bar.modified and bar.combo.currentText() == "One (modified)"
    assert "the first" not in bar.note.text() and "the first" in bar.note.toolTip()
    assert bar.combo.itemText(1) == "Two"  # only the shown item says so
    state["value"] = 1  # edited back: the preset is true again
    bar.refresh()
    assert not bar.modified and bar.combo.currentText() == "One"


def test_another_matching_preset_is_named_and_none_says_so(shown):
    bar, state = shown
    bar.show_preset("one")
    state["value"] = 2
    bar.refresh()
    assert bar.key == "two" and not bar.modified and bar.note.text() == "the second"
    state["value"] = 7
    bar.forget()  # restored settings that name no preset
    assert bar.key is None and bar.combo.currentIndex() == -1 and not bar.modified
    assert "match no preset" in bar.note.text()


def test_a_bar_without_a_state_is_told_when_modified(qtbot):
    bar = PresetBar(PRESETS)
    qtbot.addWidget(bar)
    bar.show_preset("two")
    assert not bar.modified
    bar.mark_modified()
    assert bar.modified and bar.combo.currentText() == "Two (modified)"
    bar.show_preset("two")
    assert not bar.modified and bar.combo.currentText() == "Two"


def test_a_message_over_the_note_moves_nothing(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    bar = PresetBar(PRESETS, current=lambda: 1)
    below = QLabel("below")
    layout = QVBoxLayout(page)
    layout.addWidget(bar)
    layout.addWidget(below)
    message = QLabel("⚠ a long message about the function field")
    message.hide()
    bar.overlay_note(message)
    bar.show_preset("one")
    page.show()
    qtbot.waitExposed(page)
    before = below.geometry()
    message.show()
    assert not bar.note.isVisible() and message.isVisible()
    layout.activate()
    assert below.geometry() == before
    message.hide()
    assert bar.note.isVisible()
