"""The Inside tab, driven as a user would: measurement turned on in the tab, runs started,
the views fed live and at the end, two runs side by side, the loss-curve cursor, and a run
reopened from its folder showing its measurements again."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt

from lab.engine.train.run_store import DIAGNOSTICS_CSV, HISTOGRAMS_NPZ
from lab.ui.export.animation import AnimationRequest, render_all
from lab.ui.export.images import export_png, export_svg
from tests.ui.train.helpers import click, select, shorten


def _turn_on(qtbot, lab, every):
    tab = lab.inside_tab
    lab.tabs.setCurrentWidget(tab)
    tab.every.setValue(every)
    qtbot.mouseClick(
        tab.measure, Qt.MouseButton.LeftButton, pos=QPoint(5, tab.measure.height() // 2)
    )
    assert lab.controller.diagnostics is not None
    assert lab.controller.diagnostics.every == every


def _start(qtbot, lab, name):
    select(qtbot, lab, name)
    click(qtbot, lab, "Start")


def test_measurements_reach_the_views_live_while_a_run_trains(qtbot, train_lab):
    shorten(train_lab, iterations=100_000)
    _turn_on(qtbot, train_lab, every=5)
    tab, inside = train_lab.inside_tab, train_lab.inside
    with qtbot.waitSignal(
        inside.measured, timeout=60000, check_params_cb=lambda names: "sgd" in names
    ):
        _start(qtbot, train_lab, "sgd")
    qtbot.waitUntil(lambda: len(tab._iterations) >= 3, timeout=60000)
    assert train_lab.controller.runs["sgd"].status.active  # live, not at the end
    assert tab.run.currentData() == "sgd"
    assert tab.heatmap.picture is not None and tab.heatmap.picture.shape[1] >= 2
    assert inside.iteration == tab._iterations[-1]  # the cursor follows the latest
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=30000):
        click(qtbot, train_lab, "Stop")


def test_two_runs_side_by_side_the_cursor_and_a_reopened_run(qtbot, train_lab, tmp_path):
    shorten(train_lab, iterations=30)
    _turn_on(qtbot, train_lab, every=10)
    c, tab, inside = train_lab.controller, train_lab.inside_tab, train_lab.inside
    for name in ("sgd", "adam"):
        with qtbot.waitSignal(c.run_ended, timeout=120000):
            _start(qtbot, train_lab, name)
    c.redraw()
    assert inside.measured_runs() == ["sgd", "adam"]
    assert tab._iterations == [0, 10, 20, 30]
    # the per-layer curves: one value per measurement and layer, the update ratio from step 1
    tab.views.setCurrentWidget(tab.curves)
    ratio = tab.curves.series["ratio"]
    assert ratio.shape == (4, 5) and np.isnan(ratio[0]).all() and np.isfinite(ratio[1:]).all()
    units = tab.curves.series["units"]  # dead fractions of the hidden layers (none after the last)
    assert ((units[:, :4] >= 0) & (units[:, :4] <= 1)).all() and np.isnan(units[:, 4]).all()
    assert "ms per iteration" in tab.cost.text()
    assert tab.symptoms.text()
    # side by side at the cursor; the slider moves it, every view follows
    tab.views.setCurrentWidget(tab.side)
    tab.other.setCurrentIndex(
        tab.other.findData("sgd" if tab.run.currentData() == "adam" else "adam")
    )
    tab.other.activated.emit(tab.other.currentIndex())
    assert tab.side.difference is not None
    tab.slider.setValue(1)
    assert inside.iteration == 10
    assert "10" in tab.side.overlay.titleLabel.text
    assert tab.heatmap.cursor.value() == 10
    # a click on the loss curves moves the cursor too
    train_lab.tabs.setCurrentWidget(train_lab.curves)
    plot = train_lab.curves.loss
    box = plot.getViewBox()
    where = plot.mapFromScene(box.mapViewToScene(box.viewRect().center()))
    expected = round(box.viewRect().center().x())
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert abs(inside.iteration - expected) <= 1
    assert train_lab.loss_cursor.line.isVisible()
    # File > Export: every Inside view as PNG and SVG, the measurements as the CLI's CSV
    targets = [t for t in train_lab.export_targets() if t.label.startswith("Inside")]
    assert len(targets) == 4
    for k, target in enumerate(targets):
        assert export_png(target.widget, tmp_path / f"{k}.png").stat().st_size > 1000
        assert "<svg" in export_svg(target.widget, tmp_path / f"{k}.svg").read_text()
    (csv_export,) = [e for e in train_lab.csv_exports() if e.label.startswith("Inside")]
    rows = csv_export.text().splitlines()
    assert rows[0].startswith("run,iteration,layer,kind") and len(rows) == 1 + 2 * 4 * (4 * 5 + 4)
    # File > Export animation…: the histograms evolving, one measurement a frame
    (source,) = [s for s in train_lab.animation_sources() if "Inside" in s.label]
    frames = render_all(source, AnimationRequest(str(tmp_path / "h.gif"), 240, 5, 4))
    assert len(frames) == 4 and frames[0].tobytes() != frames[-1].tobytes()
    assert sorted(tab.outlines.drawn) == [0, 10, 20, 30]  # put back: spread over the run
    # saved with the run, and shown again when the runs come back from their folders
    folder = c.store.root / c.runs["adam"].folder
    assert (folder / DIAGNOSTICS_CSV).is_file() and (folder / HISTOGRAMS_NPZ).is_file()
    state = train_lab.save_state()
    assert state["inside"]["measuring"] and state["inside"]["every"] == 10
    train_lab.restore_state(state)
    c.redraw()
    assert inside.measured_runs() == ["sgd", "adam"]
    train_lab.tabs.setCurrentWidget(tab)
    tab.views.setCurrentIndex(0)
    tab.run.setCurrentIndex(tab.run.findData("adam"))
    tab.run.activated.emit(tab.run.currentIndex())
    assert tab.heatmap.picture is not None and tab.heatmap.picture.shape[1] >= 4
    assert len(tab.outlines.drawn) == 4
    assert "run folder" in tab.cost.text()


def test_file_export_tensorboard_log_writes_one_folder_per_run(
    qtbot, train_lab, tmp_path, monkeypatch
):
    shorten(train_lab, iterations=20)
    _turn_on(qtbot, train_lab, every=10)
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=120000):
        _start(qtbot, train_lab, "sgd")
    (export,) = train_lab.folder_exports()
    with qtbot.waitSignal(train_lab.tensorboard.worker.done, timeout=60000):
        export.write(str(tmp_path / "tb"))
    (folder,) = (tmp_path / "tb").iterdir()
    assert folder.name == "sgd" and any(folder.rglob("events.out.tfevents.*"))
    from lab.engine.train.diagnostics import tensorboard

    def missing():
        raise tensorboard.TensorBoardError(tensorboard.MISSING)

    monkeypatch.setattr(tensorboard, "require_tensorboardx", missing)
    with qtbot.waitSignal(train_lab.error_raised) as raised:
        export.write(str(tmp_path / "tb2"))
    assert "pip install" in raised.args[1] and not (tmp_path / "tb2").exists()


def test_the_inside_settings_travel_in_a_session_and_bad_ones_are_named(qtbot, train_lab):
    tab = train_lab.inside_tab
    _turn_on(qtbot, train_lab, every=25)
    tab.kind.setCurrentIndex(tab.kind.findData("gradient"))
    section = train_lab.session_section()
    saved = section.save()
    assert saved["inside"]["measuring"] and saved["inside"]["every"] == 25
    assert saved["inside"]["kind"] == "gradient"
    assert section.schema.problems(saved) == []
    bad = {**saved, "inside": {"measuring": "yes", "every": 0, "kind": "weights", "zoom": 2}}
    problems = section.schema.problems(bad)
    assert len(problems) == 4 and any("inside.zoom" in p for p in problems)
    tab.measure.setChecked(False)
    tab.kind.setCurrentIndex(0)
    section.restore(saved)
    assert train_lab.controller.diagnostics.every == 25 and tab.every.value() == 25
    assert tab.measure.isChecked() and tab.kind.currentData() == "gradient"
