"""The training lab's Landscape tab, driven like a user: the probes typed into its form, two
short runs trained with snapshots and sharpness, their shared PCA plane computed through the tab
(filling in pass by pass), a line between the runs, a computation cancelled; the Stability
view's threshold line following a live learning-rate change."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from lab.engine.train.landscape.probes import SharpnessRow
from lab.engine.train.records import RunStatus
from lab.io.files import ExportError
from lab.ui.train.stability_view import first_meeting, measured_values
from tests.ui.train.helpers import click, select, shorten


def _type(qtbot, field, text):
    field.selectAll()
    qtbot.keyClicks(field, text)


def _train(qtbot, lab, names):
    for name in names:
        with qtbot.waitSignal(lab.controller.run_ended, timeout=120_000) as ended:
            select(qtbot, lab, name)
            click(qtbot, lab, "Start")
        assert ended.args == [name, RunStatus.FINISHED]


def _tick(lab, names):
    runs = lab.landscape.settings.runs
    for i in range(runs.count()):
        item = runs.item(i)
        item.setCheckState(Qt.CheckState.Checked if item.text() in names
                           else Qt.CheckState.Unchecked)  # fmt: skip


@pytest.mark.slow
def test_a_shared_plane_is_computed_through_the_tab(qtbot, train_lab):
    lab, tab = train_lab, train_lab.landscape
    shorten(lab, iterations=20)
    probes = tab.settings.probes.widgets
    _type(qtbot, probes["snapshot_every"], "5")
    _type(qtbot, probes["sharpness_every"], "10")
    _type(qtbot, probes["samples"], "100")
    config = lab.controller.probe_log.config
    assert (config.snapshot_every, config.sharpness_every, config.samples) == (5, 10, 100)
    _train(qtbot, lab, ["sgd", "momentum"])
    for name in ("sgd", "momentum"):  # kept in the run folder, sharpness seen live
        folder = lab.controller.store.root / lab.controller.runs[name].folder
        assert (folder / "weights.snapshots.safetensors").is_file()
        assert (folder / "sharpness.csv").is_file()
        assert [r.iteration for r in lab.controller.probe_log.rows(name)] == [0, 10, 20]
    lab.tabs.setCurrentWidget(tab)
    assert tab.settings.runs.count() == 2  # the runs with results
    _tick(lab, ["sgd", "momentum"])
    form = tab.settings.form.widgets
    _type(qtbot, form["grid"], "9")
    _type(qtbot, form["samples"], "100")
    passes = []
    tab.worker.progressed.connect(passes.append)
    with qtbot.waitSignal(tab.computed, timeout=120_000) as done:
        qtbot.mouseClick(tab.settings.compute, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert result.kind == "pca" and result.runs == ["sgd", "momentum"]
    assert result.measured == result.total == 81 and np.isfinite(result.loss).all()
    assert len(passes) >= 2 and passes[0].measured < 81  # coarse first, then refined
    image = tab.map.image.image
    assert image is not None and image.shape[:2] == (65, 65)  # 9 points, upsampled 8×
    assert len({tuple(p) for p in image.reshape(-1, image.shape[-1])}) > 3  # bands
    for name in ("sgd", "momentum"):
        iterations, coords = result.paths[name]
        assert list(iterations) == [0, 5, 10, 15, 20]
        x, y = tab.map.path_items[name].getData()
        np.testing.assert_allclose(np.c_[x, y], coords)
    assert "%" in tab.map.plotItem.titleLabel.text  # the explained variance
    assert tab.settings.progress.value() == 100
    tab.slider.setValue(0)  # the markers go back to the initial weights
    markers = tab.map.marker_positions()
    np.testing.assert_allclose(markers["sgd"], result.paths["sgd"][1][0])
    crawl = next(s for s in lab.animation_sources() if s.label == "Paths over the landscape")
    crawl.begin()  # the animation: the markers crawl from the start to the end
    crawl.show_frame(2, 3)
    np.testing.assert_allclose(tab.map.marker_positions()["momentum"],
                               result.paths["momentum"][1][-1])
    crawl.end()
    assert tab.slider.value() == 0
    # a line between the two runs' final weights: a curve
    tab.settings.form.widgets["plane"].setCurrentText("line")
    with qtbot.waitSignal(tab.computed, timeout=120_000) as line:
        qtbot.mouseClick(tab.settings.compute, Qt.MouseButton.LeftButton)
    assert line.args[0].betas is None and tab.stack.currentWidget() is tab.line
    assert len(tab.line.plotItem.listDataItems()[0].getData()[0]) == 9
    # a large plane, cancelled after its first pass: nothing more drawn, no thread left
    tab.settings.form.widgets["plane"].setCurrentText("random")
    _type(qtbot, form["grid"], "61")
    _type(qtbot, form["samples"], "1000")
    tab.worker.progressed.connect(lambda _: tab.settings.cancel.click())
    with qtbot.waitSignal(tab.worker.cancelled, timeout=120_000):
        qtbot.mouseClick(tab.settings.compute, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.worker.is_busy(), timeout=10_000)
    assert tab.settings.compute.isEnabled() and not tab.settings.cancel.isEnabled()
    assert tab.settings.status.text() == "Cancelled."


@pytest.mark.slow
def test_the_threshold_line_follows_a_live_lr_change(qtbot, train_lab):
    lab, tab = train_lab, train_lab.landscape
    shorten(lab, iterations=100_000)
    tab.set_probes(lab.controller.probe_log.config.__class__(sharpness_every=5, samples=50,
                                                             lanczos_steps=5))
    controller = lab.controller
    select(qtbot, lab, "sgd")  # gradient descent at 0.01: threshold 2/0.01
    controller.start("sgd")
    history = controller.runs["sgd"].history
    qtbot.waitUntil(lambda: history.n > 5 and bool(controller.probe_log.rows("sgd")),
                    timeout=60_000)
    assert controller.set_live_lr(0.05)
    qtbot.waitUntil(lambda: 0.05 in np.round(history.snapshot().lr, 6), timeout=30_000)
    controller._dirty.add("sgd")
    controller.redraw()
    x, y = tab.stability.threshold_data("sgd")
    lrs = np.round(history.snapshot().lr[: len(y)], 6)
    assert y[0] == pytest.approx(200.0) and y[-1] == pytest.approx(40.0)
    np.testing.assert_allclose(y, 2 / lrs)
    controller.stop_all()
    qtbot.waitUntil(lambda: controller.runs["sgd"].status.ended, timeout=30_000)


def test_sharpness_meets_the_line_at_the_first_measurement_above_it():
    rows = [SharpnessRow("gd", 0, 10.0, 40.0, 0.0), SharpnessRow("gd", 5, 39.0, 40.0, 0.0),
            SharpnessRow("gd", 10, 41.0, 40.0, 0.0), SharpnessRow("gd", 15, 45.0, 40.0, 0.0)]
    assert first_meeting(rows, preconditioned=False) == (10, 41.0)
    assert first_meeting(rows[:2], preconditioned=False) is None
    adam = [SharpnessRow("adam", 0, 5.0, 380.0, 0.0, None),
            SharpnessRow("adam", 5, 6.0, 380.0, 0.0, 400.0)]
    x, values = measured_values(adam, preconditioned=True)  # before its first step: no P
    assert list(x) == [5] and list(values) == [400.0]
    assert first_meeting(adam, preconditioned=True) == (5, 400.0)


def test_the_tabs_settings_travel_in_a_session_and_a_preset_turns_probes_on(qtbot, train_lab):
    lab, tab = train_lab, train_lab.landscape
    _type(qtbot, tab.settings.probes.widgets["snapshot_every"], "40")
    tab.settings.form.widgets["plane"].setCurrentText("random")
    _type(qtbot, tab.settings.form.widgets["grid"], "15")
    section = lab.session_section()
    saved = section.save()
    assert saved["landscape"]["probes"]["snapshot_every"] == 40
    assert section.schema.problems(saved) == []
    bad = {**saved, "landscape": {"landscape": {"grid": 1000}}}
    assert any("grid" in p for p in section.schema.problems(bad))
    _type(qtbot, tab.settings.probes.widgets["snapshot_every"], "0")
    tab.settings.form.widgets["plane"].setCurrentText("pca")
    section.restore(saved)
    assert lab.controller.probe_log.config.snapshot_every == 40
    assert tab.settings.form.build()[0].plane == "random"
    assert tab.settings.form.build()[0].grid == 15
    lab.presets.chosen.emit("edge-of-stability")  # as the preset bar does
    assert lab.controller.probe_log.config.sharpness_every == 5
    assert tab.settings.probes.widgets["sharpness_every"].text() == "5"
    assert tab.pages.currentWidget() is tab.stability_page
    assert [label for label, _ in tab.export_targets()][0] == "Loss landscape"
    crawl = next(s for s in lab.animation_sources() if s.label == "Paths over the landscape")
    with pytest.raises(ExportError, match="compute a landscape"):
        crawl.begin()  # nothing computed yet
