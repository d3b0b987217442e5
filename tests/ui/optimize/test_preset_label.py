"""The preset box names what the optimizer lab shows, after a restart too (issue 16, items 17 and
20): restored settings name their preset, or say "modified"; every row comes back as it was; a
typed function leaves the preset's note behind; a rejected one moves nothing."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QEvent, QPoint, QSize, Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionComboBox

from lab.engine.optimize.presets import OPTIMIZER_PRESETS


@pytest.fixture
def labs(qtbot):
    """Optimizer labs alone (``labs()`` builds one on the book's preset), shut down after."""
    from lab.ui.optimize.panel import OptimizerLab

    built = []

    def build(state: dict | None = None):
        lab = OptimizerLab()
        qtbot.addWidget(lab)
        built.append(lab)
        with qtbot.waitSignal(lab.computed, timeout=120_000):  # a cold kernel cache compiles
            if state is None:
                lab.load_default()
            else:  # what the window does at the next launch with the saved settings
                assert lab.restore_state(json.loads(json.dumps(state)))
        return lab

    yield build
    for lab in built:
        lab.shutdown()


def choose(qtbot, lab, key: str) -> None:
    """Choose a preset in the box, as a mouse click does."""
    combo = lab.presets.combo
    with qtbot.waitSignal(lab.computed, timeout=30_000):
        combo.setCurrentIndex(combo.findData(key))
        combo.activated.emit(combo.currentIndex())


def enter(qtbot, field, text: str) -> None:
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def rows(lab) -> dict[str, tuple]:
    """What every optimizer row shows: ticked, and its learning rate as typed."""
    return {name: (row.check.isChecked(), row.lr.field.text())
            for name, row in lab.optimizers.rows.items()}  # fmt: skip


def test_a_restart_names_the_preset_shown_and_brings_back_every_row(qtbot, labs):
    lab = labs()
    choose(qtbot, lab, "rosenbrock-valley")  # after the book's figure (AdaGrad at 1.5)
    before = rows(lab)
    again = labs(lab.save_state())
    assert again.presets.combo.currentData() == "rosenbrock-valley"
    assert not again.presets.modified
    assert again.presets.note.text() == OPTIMIZER_PRESETS["rosenbrock-valley"].note
    assert rows(again) == before  # the unticked AdaGrad row too


def test_an_edit_says_modified_across_a_restart_until_the_preset_is_chosen_again(qtbot, labs):
    lab = labs()
    choose(qtbot, lab, "saddle-point")
    with qtbot.waitSignal(lab.computed, timeout=30_000):
        enter(qtbot, lab.settings.steps, "45")
    note = OPTIMIZER_PRESETS["saddle-point"].note
    for shown in (lab, again := labs(lab.save_state())):
        bar = shown.presets
        assert bar.modified and bar.combo.currentData() == "saddle-point"
        assert "(modified)" in bar.combo.currentText()
        assert note not in bar.note.text() and note in bar.note.toolTip()
    again.presets.show_preset("saddle-point")  # what File > Open session does after restoring
    assert again.presets.modified
    choose(qtbot, again, "saddle-point")
    assert not again.presets.modified and again.presets.note.text() == note
    assert again.presets.combo.currentText() == OPTIMIZER_PRESETS["saddle-point"].title
    assert again.result.paths.shape[1] == 101


def test_settings_saved_without_a_preset_name_one_only_if_they_match(labs):
    lab = labs()
    state = lab.save_state()
    state.pop("preset", None)  # what settings saved before the box was saved hold
    assert labs(state).presets.combo.currentData() == "book-fig-6-8"
    state["steps"] = 31
    other = labs(state)
    assert other.presets.combo.currentIndex() == -1 and not other.presets.modified
    assert "match no preset" in other.presets.note.text()


def test_a_typed_function_leaves_the_preset_note_behind(qtbot, labs):
    lab = labs()
    choose(qtbot, lab, "rosenbrock-valley")
    note = OPTIMIZER_PRESETS["rosenbrock-valley"].note
    assert lab.presets.note.text() == note
    with qtbot.waitSignal(lab.computed, timeout=30_000):
        enter(qtbot, lab.function.edit, "x**2 + 3*y**2")
    assert lab.function.spec == "x**2 + 3*y**2" and lab.presets.modified
    assert note not in lab.presets.note.text()


def test_a_rejected_function_shows_its_message_and_moves_nothing(qtbot, labs):
    lab = labs()
    lab.resize(1346, 690)  # what the lab gets in a 1366×768 window
    lab.show()
    qtbot.waitExposed(lab)
    qtbot.waitUntil(lambda: lab.size() == QSize(1346, 690), timeout=5000)
    where = [(w.mapTo(lab, QPoint(0, 0)), w.size()) for w in (lab.maps, lab.optimizers)]
    with qtbot.waitSignal(lab.surfaces.failed, timeout=10_000):
        enter(qtbot, lab.function.edit, "x+*y")
    assert lab.function.error.isVisible() and "column 3" in lab.function.error.text()
    for _ in range(3):  # the layout requests the message posted (nested layouts) take effect
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    assert [(w.mapTo(lab, QPoint(0, 0)), w.size()) for w in (lab.maps, lab.optimizers)] == where
    # the function in use is still the preset's: the box still names it
    assert not lab.presets.modified and lab.presets.combo.currentData() == "book-fig-6-8"


def test_the_box_shows_a_modified_title_whole(qtbot, labs):
    lab = labs()
    lab.resize(1346, 690)
    lab.show()
    qtbot.waitExposed(lab)
    choose(qtbot, lab, "ill-conditioned")  # the longest title with "(modified)" added
    with qtbot.waitSignal(lab.computed, timeout=30_000):
        enter(qtbot, lab.settings.steps, "150")
    combo = lab.presets.combo
    assert combo.currentText().endswith("(modified)")
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    assert combo.fontMetrics().horizontalAdvance(combo.currentText()) <= field.width()


def test_every_preset_is_named_unmodified_once_chosen(qtbot, labs):
    """The comparison sees a preset as the table shows it (registry order, every default)."""
    lab = labs()
    for key in OPTIMIZER_PRESETS:
        choose(qtbot, lab, key)
        assert lab.presets.key == key and not lab.presets.modified, key
