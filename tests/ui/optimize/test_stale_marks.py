"""The preset hint and the lr sweep say when they no longer describe what is shown (issue 7)."""

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def shown(qtbot, window, lab):
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return lab


def test_preset_hint_marks_itself_modified_after_a_user_edit(qtbot, shown):
    lab = shown
    note = lab.presets.note
    assert not note.text().startswith("(modified)")
    steps = lab.settings.steps
    with qtbot.waitSignal(lab.computed, timeout=20000):
        steps.selectAll()
        qtbot.keyClicks(steps, "45")
        qtbot.keyClick(steps, Qt.Key.Key_Return)
    assert lab.result.paths.shape[1] == 46
    assert note.text().startswith("(modified)")
    with qtbot.waitSignal(lab.computed, timeout=20000):  # choosing the preset again resets it
        lab.presets.combo.activated.emit(lab.presets.combo.currentIndex())
    assert not note.text().startswith("(modified)") and lab.result.paths.shape[1] == 31


def test_sweep_greys_when_settings_change_but_not_when_a_learning_rate_is_picked(qtbot, shown):
    lab = shown
    lab.tabs.setCurrentWidget(lab.sweep)
    with qtbot.waitSignal(lab.sweep_computed, timeout=30000):
        qtbot.mouseClick(lab.sweep.run, Qt.MouseButton.LeftButton)
    view = lab.sweep.plot.getPlotItem().vb
    assert view.opacity() == 1.0 and "Click a point" in lab.sweep.status.text()
    scatter = lab.sweep._items[0].scatter
    with qtbot.waitSignal(lab.computed, timeout=20000):  # picking an lr keeps the sweep valid
        scatter.sigClicked.emit(scatter, [scatter.points()[40]], None)
    assert view.opacity() == 1.0
    with qtbot.waitSignal(lab.computed, timeout=20000):  # a new start point does not
        qtbot.mouseClick(lab.map.viewport() if lab.map.isVisible() else
                         lab.multiples.maps[0].viewport(), Qt.MouseButton.LeftButton)
    assert view.opacity() < 1.0 and "sweep again" in lab.sweep.status.text()
    with qtbot.waitSignal(lab.sweep_computed, timeout=30000):
        qtbot.mouseClick(lab.sweep.run, Qt.MouseButton.LeftButton)
    assert view.opacity() == 1.0 and "sweep again" not in lab.sweep.status.text()
