"""The state view, driven like a user: choose an optimizer with the keyboard, step the playback
with the arrow keys; its numbers are the reference's (torch.optim, lion-pytorch) and the map
draws them at the point."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from lab.engine.core.optimizers import make_optimizer
from lab.engine.optimize.step_rules import vec
from lab.engine.optimize.trajectories import TrajectoryConfig, run_trajectories
from lab.ui.optimize.contour_map import ContourMap
from lab.ui.optimize.playback_bar import PlaybackBar
from lab.ui.optimize.state_arrows import StateOnMaps
from lab.ui.optimize.state_view import StateView
from tests.engine.torch_reference import reference_run

START = (-7.0, 2.0)
CONFIGS = (make_optimizer("adam", lr=0.3), make_optimizer("lion", lr=0.2))


@pytest.fixture
def views(qtbot):
    """The view, a playback bar and one map, wired as the lab wires them."""
    result = run_trajectories(TrajectoryConfig("book", CONFIGS, START, steps=10),
                              record_state=True)
    view, bar, plot = StateView(), PlaybackBar(), ContourMap()
    plot.setRange(xRange=(-10, 10), yRange=(-5, 5), padding=0)
    maps = StateOnMaps(plot, [])
    for w in (view, bar, plot):
        qtbot.addWidget(w)
    view.shown.connect(maps.show)
    bar.step_changed.connect(view.set_step)
    maps.set_visible(True)
    bar.set_maximum(10)
    view.set_result(result, ["#1f77b4", "#ff7f0e"])
    return view, bar, maps, result


def cell(view, symbol: str, column: int) -> str:
    for r in range(view.table.rowCount()):
        if view.table.item(r, 0).text() == symbol:
            return view.table.item(r, column).text()
    raise KeyError(symbol)


def test_stepping_with_the_keys_shows_the_references_adam_state(qtbot, views):
    view, bar, maps, result = views
    ref = reference_run("book", CONFIGS[0], START, 10)
    bar.scrubber.setFocus()
    qtbot.keyClick(bar.scrubber, Qt.Key.Key_Home)
    for step in range(4):
        assert view.update_label.text().startswith(f"{step + 1}:")
        assert cell(view, "m", 2) == vec(ref.states[step]["exp_avg"])
        assert cell(view, "v", 2) == vec(ref.states[step]["exp_avg_sq"])
        assert cell(view, "g", 2) == vec(ref.states[step]["grad"])
        assert cell(view, "Δθ", 2) == vec(ref.path[step + 1] - ref.path[step])
        drawn = maps.single.drawn()  # the step's arrow runs from the marker to the next point
        np.testing.assert_allclose(drawn["Δθ"], ref.path[step: step + 2], atol=1e-12)
        assert {"−g", "−m̂", "√v̂"} <= drawn.keys()
        assert "step taken:" in view.rule.toPlainText()
        qtbot.keyClick(bar.scrubber, Qt.Key.Key_Right)


def test_choosing_lion_by_keyboard_draws_its_square_of_sign_steps(qtbot, views):
    view, bar, maps, result = views
    view.optimizer.setFocus()
    qtbot.keyClick(view.optimizer, Qt.Key.Key_Down)
    assert view.optimizer.currentText() == "lion" and view.state.name == "lion"
    ref = reference_run("book", CONFIGS[1], START, 10)
    bar.scrubber.setValue(3)
    assert cell(view, "m", 2) == vec(ref.states[3]["exp_avg"])
    assert cell(view, "m", 1) == vec(ref.states[2]["exp_avg"])  # before the update
    drawn = maps.single.drawn()
    corner = drawn["±η"][2]  # the square's corner where the step lands
    np.testing.assert_allclose(np.abs(drawn["Δθ"][1] - drawn["Δθ"][0]), [0.2, 0.2], rtol=1e-12)
    assert np.abs(corner - drawn["±η"][0]).tolist() == pytest.approx([0.4, 0.4])


def test_a_new_run_keeps_the_chosen_optimizer_and_hiding_clears_the_map(qtbot, views):
    view, bar, maps, result = views
    view.optimizer.setCurrentIndex(1)
    view.set_result(result, ["#000", "#111"])
    assert view.optimizer.currentText() == "lion"
    maps.set_visible(False)
    assert maps.single.drawn() == {}
    maps.set_visible(True)
    assert "−c" in maps.single.drawn()
