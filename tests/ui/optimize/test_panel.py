"""The optimizer lab, driven like a user: sliders, start point, typed functions, sweep, export."""

import threading

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QImage

from lab.engine.core.schedules import make_schedule
from lab.engine.optimize.presets import OPTIMIZER_PRESETS


def test_opens_on_the_book_preset(lab):
    assert lab.result.labels == ("sgd", "momentum", "adagrad", "adam")
    assert lab.result.paths.shape == (4, 31, 2)
    np.testing.assert_allclose(lab.result.paths[:, 0], [[-7, 2]] * 4)
    assert lab.two_by_two.isChecked()
    assert lab.readout.rowCount() == 4


def test_moving_a_learning_rate_slider_recomputes(qtbot, lab):
    row = lab.optimizers.rows["sgd"]
    with qtbot.waitSignal(lab.computed, timeout=10000):
        row.lr.slider.setValue(row.lr.slider.value() - 100)
    assert lab.result.lrs[0, 0] == pytest.approx(row.lr.value())
    assert row.lr.value() < 0.95
    assert lab.result.lrs[0, 0] != 0.95


def test_typing_a_learning_rate_recomputes(qtbot, lab):
    field = lab.optimizers.rows["adam"].lr.field
    with qtbot.waitSignal(lab.computed, timeout=10000):
        field.setText("0.05")
        field.editingFinished.emit()
    assert lab.result.lrs[3, 0] == pytest.approx(0.05)


def test_dragging_the_start_point_recomputes(qtbot, lab):
    lab.two_by_two.setChecked(False)
    with qtbot.waitSignal(lab.computed, timeout=10000):
        lab.map.target.setPos(3.0, -1.5)
    np.testing.assert_allclose(lab.result.paths[:, 0], [[3.0, -1.5]] * 4)


def test_clicking_the_map_moves_the_start_point(qtbot, lab):
    lab.two_by_two.setChecked(False)
    lab.map.resize(600, 500)
    # the click's position is computed from the map's geometry: once it has the size asked for
    qtbot.waitUntil(lambda: lab.map.size() == QSize(600, 500), timeout=5000)
    view = lab.map.getViewBox()
    scene_point = view.mapViewToScene(QPointF(4.0, 1.0))
    widget_point = lab.map.mapFromScene(scene_point)
    with qtbot.waitSignal(lab.computed, timeout=10000):
        qtbot.mouseClick(lab.map.viewport(), Qt.MouseButton.LeftButton, pos=widget_point)
    x, y = lab.result.paths[0, 0]
    assert x == pytest.approx(4.0, abs=0.2) and y == pytest.approx(1.0, abs=0.2)


def type_function(qtbot, lab, text: str) -> None:
    """Select the field's text and type over it, then press Enter, as a user does."""
    edit = lab.function.edit
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_bad_expression_shows_its_message_and_keeps_the_function(qtbot, lab):
    before = lab.function.spec
    with qtbot.waitSignal(lab.surfaces.failed, timeout=10000):
        type_function(qtbot, lab, "__import__('os').system('rm -rf /')")
    assert lab.function.error.isVisibleTo(lab)
    assert "attribute access" in lab.function.error.text()
    assert lab.function.spec == before
    with qtbot.waitSignal(lab.surfaces.failed, timeout=10000):
        type_function(qtbot, lab, "9**9**9")
    assert "too large" in lab.function.error.text()
    assert lab.function.spec == before


def test_a_typed_function_is_used(qtbot, lab, monkeypatch):
    from lab.ui.optimize import surface_loader

    prepared, threads = [], []

    def counting(spec):
        threads.append(threading.current_thread() is threading.main_thread())
        prepared.append(surface_loader.prepare_surface.__wrapped__(spec))
        return prepared[-1]

    counting.__wrapped__ = surface_loader.prepare_surface
    monkeypatch.setattr(surface_loader, "prepare_surface", counting)
    with qtbot.waitSignal(lab.computed, timeout=10000):
        type_function(qtbot, lab, "x**2 + 2*y**2")
    assert not lab.function.error.isVisibleTo(lab)
    assert lab.function.spec == "x**2 + 2*y**2"
    x, y = lab.result.paths[0, 0]
    assert lab.result.losses[0, 0] == pytest.approx(x**2 + 2 * y**2)
    # one grid, computed once off the GUI thread, drawn by the map and the four small maps
    assert len(prepared) == 1 and threads == [False]
    for m in [lab.map, *lab.multiples.maps]:
        np.testing.assert_array_equal(m.image.image, prepared[0].rgba)
    # going back to a function already prepared is answered from the cache
    with qtbot.waitSignal(lab.surface_shown, timeout=10000):
        lab.function.combo.setCurrentIndex(lab.function.combo.findData("book"))
    with qtbot.waitSignal(lab.surface_shown, timeout=10000):
        type_function(qtbot, lab, "x**2 + 2*y**2")
    assert len(prepared) == 1  # the book function (the preset's) and the typed one: cached
    assert lab.function.spec == "x**2 + 2*y**2"


def test_schedule_choice_changes_the_learning_rates(qtbot, lab):
    with qtbot.waitSignal(lab.computed, timeout=10000):
        lab.schedule.combo.setCurrentIndex(lab.schedule.combo.findData("cosine"))
    expected = make_schedule("cosine").lrs(np.array([0.95]), 30)[0]
    np.testing.assert_allclose(lab.result.lrs[0], expected)


def enter(qtbot, field, text: str) -> None:
    """Type over a field's text and press Enter, as a user does."""
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_steps_noise_and_clipping_reach_the_engine(qtbot, lab):
    with qtbot.waitSignal(lab.computed, timeout=10000):
        enter(qtbot, lab.settings.steps, "120")
    assert lab.result.paths.shape[1] == 121
    assert lab.playback.scrubber.maximum() == 120
    with qtbot.waitSignal(lab.computed, timeout=10000):
        enter(qtbot, lab.settings.noise, "0.5")
    noisy = lab.result.paths.copy()
    with qtbot.waitSignal(lab.computed, timeout=10000):
        enter(qtbot, lab.settings.seed, "4")
    assert not np.array_equal(noisy, lab.result.paths)


def test_every_preset_computes(qtbot, lab):
    for key, preset in OPTIMIZER_PRESETS.items():
        with qtbot.waitSignal(lab.computed, timeout=10000):
            lab.apply_preset(key)
        assert set(lab.result.labels) == {o.name for o in preset.config.optimizers}
        assert lab.presets.note.text() == preset.note
        assert lab.result.paths.shape[1] == preset.config.steps + 1


def test_playback_advances_the_step(qtbot, window, lab):
    window.show()
    qtbot.waitExposed(window)
    play = lab.playback.play
    lab.playback.speed.setCurrentIndex(lab.playback.speed.count() - 1)
    qtbot.mouseClick(lab.playback.scrubber, Qt.MouseButton.LeftButton,
                     pos=lab.playback.scrubber.rect().center())  # page towards the middle
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    assert play.isChecked()
    # the button says what it does in plain text with a standard icon: no ⏸ glyph, which
    # common fonts draw as an empty box
    assert play.text() == "Pause" and not play.icon().isNull()
    assert all(ord(c) < 0x2000 for c in play.text())
    qtbot.waitUntil(lambda: lab.playback.step() >= 10, timeout=5000)
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    assert not play.isChecked() and play.text() == "Play"
    assert lab.loss.cursor.value() == lab.playback.step()


def test_sweep_runs_in_a_worker_and_a_click_sets_the_learning_rate(qtbot, lab):
    with qtbot.waitSignal(lab.sweep_computed, timeout=20000):
        lab.sweep.run.click()
        assert not lab.sweep.run.isEnabled()
    sweep = lab.sweep.sweep
    assert sweep.final_loss.shape == (4, 100)
    scatter = lab.sweep._items[0].scatter
    point = scatter.points()[40]
    with qtbot.waitSignal(lab.computed, timeout=10000):
        scatter.sigClicked.emit(scatter, [point], None)
    assert lab.optimizers.rows["sgd"].lr.value() == pytest.approx(sweep.lrs[40], rel=1e-2)


def test_closing_mid_sweep_quits_cleanly(qtbot, settings):
    from lab.ui.shell.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    lab = win.labs[0]
    lab.settings.steps.set_value(5000)
    for row in lab.optimizers.rows.values():
        row.check.setChecked(True)
    lab.controller.run_sweep()
    assert lab.controller.sweep_worker.is_busy()
    win.close()  # the thread-leak fixture fails this test if a worker is left running
    assert not lab.controller.sweep_worker.is_busy()


def test_exports_png_svg_and_csv(qtbot, window, lab, tmp_path):
    for label, widget in ((t.label, t.widget) for t in lab.export_targets()):
        png, svg = tmp_path / f"{label}.png", tmp_path / f"{label}.svg"
        assert window.export_image(widget, str(png)), window.last_error
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert not QImage(str(png)).isNull()
        assert window.export_image(widget, str(svg)), window.last_error
        text = svg.read_text()
        assert "<svg" in text and "</svg>" in text
    [export] = lab.csv_exports()
    label, make_text = export.label, export.text
    csv_path = tmp_path / "trajectories.csv"
    assert window.export_csv(make_text(), str(csv_path))
    lines = csv_path.read_text().splitlines()
    # the CLI's columns, then each optimizer's state (docs/files.md)
    assert lines[0].startswith("optimizer,step,x,y,loss,lr,grad_x,grad_y,delta_x,delta_y,")
    assert len(lines) == 1 + 4 * 31


def test_export_to_a_bad_path_gives_a_message_and_no_file(qtbot, window, lab, tmp_path):
    target = tmp_path / "no-such-folder" / "map.png"
    assert not window.export_image(lab.map, str(target))
    assert "does not exist" in window.last_error
    assert list(tmp_path.iterdir()) == []  # the missing folder was not made, nothing written
    assert not window.export_image(lab.map, str(tmp_path / "map.jpg"))
    assert ".png or .svg" in window.last_error
    assert list(tmp_path.iterdir()) == []


def test_copy_image_to_clipboard(qtbot, window):
    from PySide6.QtGui import QGuiApplication

    window.copy_first_plot()
    assert not QGuiApplication.clipboard().image().isNull()


def test_settings_persist_across_sessions(qtbot, settings, window, lab):
    with qtbot.waitSignal(lab.computed, timeout=10000):
        lab.optimizers.rows["sgd"].lr.set_value(0.42)
    window.close()
    from lab.ui.shell.main_window import MainWindow

    again = MainWindow(settings)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.labs[0].computed, timeout=10000):
        pass
    assert again.labs[0].optimizers.rows["sgd"].lr.value() == pytest.approx(0.42)
    again.close()


def test_update_rules_are_shown(lab):
    tip = lab.optimizers.rows["adam"].check.toolTip()
    assert "m̂" in tip and "torch.optim.Adam" in tip


def test_unticking_everything_asks_for_an_optimizer(qtbot, window, lab):
    for row in lab.optimizers.rows.values():
        row.check.setChecked(False)
    qtbot.waitUntil(lambda: "at least one" in window.statusBar().currentMessage(), timeout=3000)


def test_export_menu_lists_plots_and_csv(qtbot, window):
    window._fill_export_menu()
    texts = [a.text() for a in window.export_menu.actions() if a.text()]
    assert "Contour map as PNG or SVG…" in texts and "Trajectories as CSV…" in texts


def test_window_does_not_import_torch():
    import subprocess
    import sys

    code = ("import sys; import lab.ui.shell.main_window; "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**__import__('os').environ,
                                          "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "False"
