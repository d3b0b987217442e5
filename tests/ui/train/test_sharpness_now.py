"""The Stability page's "Measure sharpness now", driven like a user: a training run started
without sharpness probes measured between two iterations (one hollow point where it ran), a
finished run measured from its folder (the point in sharpness.csv, in the page's CSV and back
in a window that restores the lab's saved state), diverged weights and no selection answered
with a message."""

from dataclasses import replace

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt

from lab.engine.train.landscape.probed_run import SHARPNESS_CSV, read_sharpness
from lab.engine.train.landscape.probes import ProbeConfig
from lab.engine.train.records import RunStatus
from tests.ui.train.conftest import _alone
from tests.ui.train.helpers import click, select, shorten

QUICK = ProbeConfig(samples=100, lanczos_steps=5)  # no sharpness every K


def _measure(qtbot, tab):
    with qtbot.waitSignal(tab.sharpness_now.measured, timeout=120_000) as measured:
        qtbot.mouseClick(tab.measure_bar.measure, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.measure_bar.measure.isEnabled(), timeout=10_000)
    return measured.args


def test_a_training_run_is_measured_between_two_iterations(qtbot, train_lab):
    lab, tab, c = train_lab, train_lab.landscape, train_lab.controller
    shorten(lab, iterations=100_000)
    tab.set_probes(QUICK)
    select(qtbot, lab, "sgd")
    c.start("sgd")
    history = c.runs["sgd"].history
    qtbot.waitUntil(lambda: history.n > 3, timeout=60_000)
    lab.tabs.setCurrentWidget(tab)
    tab.pages.setCurrentWidget(tab.stability_page)
    name, row = _measure(qtbot, tab)
    done = history.n
    assert name == "sgd" and row.on_demand and 0 < row.iteration <= done
    assert c.probe_log.rows("sgd") == [row]  # exactly one point, where it ran
    assert row.threshold == pytest.approx(2 / 0.01) and np.isfinite(row.sharpness)
    x, y = tab.stability.on_demand("sgd")
    assert list(x) == [row.iteration] and y[0] == pytest.approx(row.sharpness)
    assert "sgd: sharpness" in tab.measure_bar.status.text()
    with qtbot.waitSignal(c.runner.paused, timeout=60_000):
        c.set_paused("sgd", True)
    paused_at = history.n
    _, again = _measure(qtbot, tab)  # a paused run too, where it stopped
    assert again.iteration == paused_at and history.n == paused_at
    assert again.on_demand and np.isfinite(again.sharpness)
    with qtbot.waitSignal(c.run_ended, timeout=60_000):
        c.stop("sgd")
    folder = c.store.root / c.runs["sgd"].folder
    assert read_sharpness(folder / SHARPNESS_CSV) == [row, again]  # saved with the run


def test_a_finished_run_is_measured_saved_and_restored(qtbot, train_lab, tmp_path):
    lab, tab, c = train_lab, train_lab.landscape, train_lab.controller
    shorten(lab, iterations=20)
    tab.set_probes(QUICK)
    with qtbot.waitSignal(c.run_ended, timeout=120_000) as ended:
        select(qtbot, lab, "momentum")
        click(qtbot, lab, "Start")
    assert ended.args == ["momentum", RunStatus.FINISHED]
    folder = c.store.root / c.runs["momentum"].folder
    assert not (folder / SHARPNESS_CSV).exists()  # trained without probes
    busy = []
    tab.sharpness_now.busy_changed.connect(lambda running, cancelable: busy.append(
        (running, cancelable, tab.measure_bar.cancel.isEnabled())))
    name, row = _measure(qtbot, tab)
    assert busy == [(True, True, True), (False, False, False)]  # cancelable in the worker
    assert (name, row.iteration, row.on_demand) == ("momentum", 20, True)
    assert row.threshold == pytest.approx(2 * 1.9 / 0.01)
    assert read_sharpness(folder / SHARPNESS_CSV) == [row]
    assert c.probe_log.rows("momentum", folder) == [row]
    assert list(tab.stability.on_demand("momentum")[0]) == [20]
    [csv] = [text() for label, text in tab.csv_exports() if label == "Sharpness"]
    assert csv.splitlines()[0].endswith(",on_demand") and csv.splitlines()[1].endswith(",1")
    _, again = _measure(qtbot, tab)  # a second point is added, not written over the first
    assert read_sharpness(folder / SHARPNESS_CSV) == [row, again]
    with qtbot.waitSignal(tab.sharpness_now.busy_changed, timeout=120_000,
                          check_params_cb=lambda running, _cancelable: not running):
        assert tab.sharpness_now.request()
        qtbot.mouseClick(tab.measure_bar.cancel, Qt.MouseButton.LeftButton)
    assert tab.measure_bar.measure.isEnabled() and not tab.measure_bar.cancel.isEnabled()
    # cancelled before it wrote: no third point; done before the cancel reached it: the point
    # it wrote is shown too. Never one without the other.
    kept = c.probe_log.rows("momentum", folder)
    assert read_sharpness(folder / SHARPNESS_CSV) == kept and kept[:2] == [row, again]
    if len(kept) == 2:
        assert tab.measure_bar.status.text() == "Cancelled."
    saved = lab.save_state()  # what the window keeps as it closes: the runs and their folders
    other = _alone(qtbot, tmp_path / "data")  # the window opened again on the same folders
    try:
        other.restore_state(saved)
        other.controller.redraw()
        assert other.controller.probe_log.rows("momentum", folder) == kept
        assert list(other.landscape.stability.on_demand("momentum")[0]) == [20] * len(kept)
    finally:
        other.shutdown()


def test_diverged_weights_and_no_selection_give_a_message(qtbot, train_lab):
    from lab.engine.train.weights import load_weights, save_weights

    lab, tab, c = train_lab, train_lab.landscape, train_lab.controller
    shorten(lab, iterations=5)
    tab.set_probes(QUICK)
    with qtbot.waitSignal(c.run_ended, timeout=120_000):
        select(qtbot, lab, "sgd")
        click(qtbot, lab, "Start")
    weights = c.store.weights_path(c.runs["sgd"].folder)
    model, model_config, _ = load_weights(weights)
    with torch.no_grad():
        next(model.parameters()).fill_(float("inf"))  # what a diverged run leaves
    save_weights(model, model_config, weights, run=replace(c.runs["sgd"].config))
    with qtbot.waitSignal(tab.sharpness_now.said, timeout=120_000,
                          check_params_cb=lambda text: "not measured" in text) as said:
        qtbot.mouseClick(tab.measure_bar.measure, Qt.MouseButton.LeftButton)
    assert "not finite" in said.args[0] and "diverged" in said.args[0]
    qtbot.waitUntil(lambda: tab.measure_bar.measure.isEnabled(), timeout=10_000)
    assert c.probe_log.rows("sgd", weights.parent) == []
    assert not (weights.parent / SHARPNESS_CSV).exists()
    c.select(None)
    assert not tab.sharpness_now.request()
    assert tab.measure_bar.status.text() == "Select a run in the run list first."
    select(qtbot, lab, "adam")  # queued: nothing trained yet
    assert not tab.sharpness_now.request()
    assert "no saved weights" in tab.measure_bar.status.text()
