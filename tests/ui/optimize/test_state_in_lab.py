"""The state view inside the optimizer lab: its tab, the 2×2 maps, the animation export and
the window's CSV export (the CLI's writer, with the state columns)."""

import numpy as np
from PySide6.QtCore import Qt


def show_state_tab(qtbot, lab) -> None:
    bar = lab.tabs.tabBar()
    index = lab.tabs.indexOf(lab.state_view)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert lab.tabs.currentWidget() is lab.state_view


def test_the_state_tab_draws_on_the_chosen_optimizers_small_map(qtbot, lab):
    assert lab.two_by_two.isChecked()  # the book's preset opens in the 2x2
    overlays = lab.state_view.maps.small
    assert all(o.drawn() == {} for o in overlays)  # nothing drawn until the tab is shown
    show_state_tab(qtbot, lab)
    lab.playback.scrubber.setFocus()
    qtbot.keyClick(lab.playback.scrubber, Qt.Key.Key_Home)
    view = lab.state_view
    view.optimizer.setFocus()
    for _ in range(3):
        qtbot.keyClick(view.optimizer, Qt.Key.Key_Down)
    assert view.optimizer.currentText() == "adam"
    drawn = [o.drawn() for o in overlays]
    assert drawn[0] == drawn[1] == drawn[2] == {} and {"−m̂", "√v̂", "Δθ"} <= drawn[3].keys()
    np.testing.assert_allclose(drawn[3]["Δθ"], lab.result.paths[3, :2])
    qtbot.keyClick(lab.playback.scrubber, Qt.Key.Key_Right)
    np.testing.assert_allclose(overlays[3].drawn()["Δθ"], lab.result.paths[3, 1:3])
    lab.tabs.setCurrentWidget(lab.loss)
    assert overlays[3].drawn() == {}


def test_the_animation_moves_the_state_with_its_frames(qtbot, lab):
    show_state_tab(qtbot, lab)
    lab.two_by_two.setChecked(False)
    source = next(s for s in lab.animation_sources() if s.widget is lab.map)
    source.begin()
    try:
        for k, step in ((0, 0), (3, 10)):
            source.show_frame(k, 10)
            np.testing.assert_allclose(lab.state_view.maps.single.drawn()["Δθ"],
                                       lab.result.paths[0, step: step + 2])
    finally:
        source.end()


def test_the_windows_csv_has_the_state_columns(lab):
    export = next(e for e in lab.csv_exports() if e.label == "Trajectories")
    header = export.text().splitlines()[0].split(",")
    assert header[:8] == ["optimizer", "step", "x", "y", "loss", "lr", "grad_x", "grad_y"]
    assert {"momentum_buffer_x", "sum_y", "exp_avg_x", "exp_avg_sq_y"} <= set(header)


def test_the_map_exports_with_the_state_drawn(qtbot, window, lab, tmp_path):
    show_state_tab(qtbot, lab)
    lab.two_by_two.setChecked(False)
    assert "Δθ" in lab.state_view.maps.single.drawn()
    for suffix in ("png", "svg"):
        path = tmp_path / f"map.{suffix}"
        assert window.export_image(lab.map, str(path)), window.last_error
    assert "Δθ" in (tmp_path / "map.svg").read_text()
