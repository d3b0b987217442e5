"""The training lab, driven like a user: runs side by side, pause/resume/stop, divergence,
results, clean shutdown, and every action that could lose a result."""

import threading
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from lab.engine.core.optimizers import make_optimizer
from lab.engine.train.records import RunStatus
from tests.ui.train.helpers import (
    answer_next_dialog,
    click,
    select,
    shorten,
    wait_all_ended,
)

pytestmark = pytest.mark.slow  # trains MNIST runs in the real window


def test_book_optimizers_preset_is_loaded(train_lab):
    assert train_lab.controller.runs.names() == ["sgd", "momentum", "adagrad", "adam"]
    assert train_lab.controls.run_list.names() == ["sgd", "momentum", "adagrad", "adam"]
    assert all(train_lab.controls.run_list.status(n) == "queued"
               for n in train_lab.controller.runs.names())


def test_runs_train_side_by_side_and_show_results(qtbot, train_lab):
    shorten(train_lab)
    click(qtbot, train_lab, "Start all")
    wait_all_ended(qtbot, train_lab, timeout=180000)
    for entry in train_lab.controller.runs:
        assert train_lab.controls.run_list.status(entry.name) == "finished"
        assert entry.history.n == 30
        assert list(entry.history.snapshot().eval_iteration) == [10, 20, 30]
        assert entry.name in train_lab.curves.loss.curves
        assert entry.name in train_lab.curves.accuracy.curves
        assert "left" not in train_lab.controls.run_list.item(
            train_lab.controls.run_list.names().index(entry.name), 2).text()
    select(qtbot, train_lab, "adam")  # the test images are read in a worker (once)
    qtbot.waitUntil(lambda: "<b>adam</b>: test accuracy" in train_lab.evaluation.summary.text(),
                    timeout=20000)
    assert train_lab.evaluation.shown_mistakes() == 24
    assert train_lab.evaluation.matrix.image.image is not None


def test_pause_resume_all_and_stop(qtbot, train_lab):
    shorten(train_lab, iterations=100_000)
    select(qtbot, train_lab, "sgd")
    click(qtbot, train_lab, "Start")
    entry = train_lab.controller.runs["sgd"]
    qtbot.waitUntil(lambda: entry.history.n > 5, timeout=30000)
    with qtbot.waitSignal(train_lab.controller.runner.paused, timeout=20000):  # its last points out
        click(qtbot, train_lab, "Pause")
    assert train_lab.controls.run_list.status("sgd") == "paused"
    frozen = entry.history.n
    # momentum trains meanwhile: the runner gives runs slices in turn and sends updates at
    # the end of a slice, so a paused run that still advanced would show it by momentum's third
    # batch of updates
    batches = []
    train_lab.controller.runner.updated.connect(
        lambda batch: batches.append({instance for instance, _ in batch}))
    train_lab.controller.start("momentum")
    witness = train_lab.controller.runs["momentum"].instance
    qtbot.waitUntil(lambda: sum(witness in b for b in batches) >= 3, timeout=60000)
    assert entry.history.n == frozen
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=20000,
                          check_params_cb=lambda name, _status: name == "momentum"):
        train_lab.controller.runner.stop(witness)
    click(qtbot, train_lab, "Resume all")
    assert train_lab.controls.run_list.status("sgd") == "running"
    qtbot.waitUntil(lambda: entry.history.n > frozen, timeout=10000)
    assert train_lab.controller.runs["momentum"].status is RunStatus.STOPPED
    assert all(train_lab.controller.runs[n].status is RunStatus.QUEUED
               for n in ("adagrad", "adam"))  # Resume all starts nothing new
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=10000) as blocker:
        click(qtbot, train_lab, "Stop")
    assert blocker.args == ["sgd", RunStatus.STOPPED]
    assert train_lab.controls.run_list.status("sgd") == "stopped"
    assert "left" not in train_lab.controls.run_list.item(0, 2).text()  # no ETA once stopped


def test_start_all_resumes_paused_runs_and_never_restarts_finished_ones(qtbot, train_lab):
    shorten(train_lab, iterations=20)
    momentum = train_lab.controller.runs["momentum"]
    momentum.config = replace(momentum.config, iterations=100_000)
    select(qtbot, train_lab, "adam")
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=180000):
        click(qtbot, train_lab, "Start")
    adam = train_lab.controller.runs["adam"]
    result, history = adam.result, adam.history
    select(qtbot, train_lab, "momentum")
    click(qtbot, train_lab, "Start")
    qtbot.waitUntil(lambda: train_lab.controller.runs["momentum"].history.n > 2, timeout=30000)
    click(qtbot, train_lab, "Pause all")
    assert train_lab.controller.runs["momentum"].status is RunStatus.PAUSED
    click(qtbot, train_lab, "Start all")
    assert train_lab.controller.runs["momentum"].status is RunStatus.RUNNING
    runs = train_lab.controller.runs
    qtbot.waitUntil(lambda: all(runs[n].status.ended for n in ("sgd", "adagrad")),
                    timeout=60000)
    assert runs["adam"] is adam and adam.result is result and adam.history is history
    assert adam.status is RunStatus.FINISHED and train_lab.controller.runs.names() == [
        "sgd", "momentum", "adagrad", "adam"]
    click(qtbot, train_lab, "Stop all")
    qtbot.waitUntil(lambda: not train_lab.controller.runner.is_busy(), timeout=10000)


def test_starting_a_finished_run_again_makes_a_new_run(qtbot, train_lab):
    shorten(train_lab, iterations=10)
    select(qtbot, train_lab, "adam")
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=180000):
        click(qtbot, train_lab, "Start")
    first = train_lab.controller.runs["adam"]
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=180000) as blocker:
        click(qtbot, train_lab, "Start")
    assert blocker.args == ["adam-2", RunStatus.FINISHED]
    assert train_lab.controller.runs.names() == ["sgd", "momentum", "adagrad", "adam", "adam-2"]
    assert train_lab.controller.runs["adam"] is first and first.history.n == 10 and first.result
    assert train_lab.controller.runs["adam-2"].color != first.color


def test_live_learning_rates_typed_quickly_are_all_applied_in_order(qtbot, train_lab):
    shorten(train_lab, iterations=100_000)
    select(qtbot, train_lab, "momentum")
    click(qtbot, train_lab, "Start")
    history = lambda: train_lab.controller.runs["momentum"].history  # noqa: E731
    qtbot.waitUntil(lambda: history().n > 3, timeout=30000)
    for value in ("0.123", "0.0456"):  # typed and entered within one slice
        train_lab.controls.live_lr.selectAll()
        qtbot.keyClicks(train_lab.controls.live_lr, value)
        qtbot.keyClick(train_lab.controls.live_lr, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: history().snapshot().lr[-1] == pytest.approx(0.0456),
                    timeout=10000)
    rows = history().snapshot()
    lrs = [round(float(v), 6) for v in rows.lr]
    assert 0.123 in lrs and lrs.index(0.123) < lrs.index(0.0456)
    train_lab.controller.redraw()  # the curves mark where each change took effect
    qtbot.waitUntil(lambda: len(train_lab.curves.loss.marks.get("momentum", [])) == 2,
                    timeout=5000)
    marks = [line.value() for line in train_lab.curves.loss.marks["momentum"]]
    assert marks == [rows.iterations[lrs.index(0.123)], rows.iterations[lrs.index(0.0456)]]
    click(qtbot, train_lab, "Stop all")
    qtbot.waitUntil(lambda: not train_lab.controller.runner.is_busy(), timeout=10000)


def test_a_diverging_run_is_marked_and_the_others_go_on(qtbot, train_lab):
    shorten(train_lab)
    train_lab.controller.runs["sgd"].config = replace(train_lab.controller.runs["sgd"].config,
                                           optimizer=make_optimizer("sgd", lr=1e3))
    click(qtbot, train_lab, "Start all")
    wait_all_ended(qtbot, train_lab, timeout=180000)
    assert train_lab.controls.run_list.status("sgd").startswith("diverged at iteration")
    assert "left" not in train_lab.controls.run_list.item(0, 2).text()
    assert train_lab.controller.runs["sgd"].history.n > 0
    assert all(train_lab.controls.run_list.status(n) == "finished" for n in ("momentum", "adam"))


def test_reapplying_a_preset_mid_training_gives_fresh_runs_nothing_old(qtbot, train_lab):
    shorten(train_lab, iterations=100_000)
    click(qtbot, train_lab, "Start all")
    qtbot.waitUntil(lambda: all(e.history.n > 0 for e in train_lab.controller.runs), timeout=60000)
    old = {e.instance for e in train_lab.controller.runs}
    ended = set()
    train_lab.controller.runner.ended.connect(lambda instance, *_: ended.add(instance))
    train_lab.presets.chosen.emit("book-optimizers")  # as the preset bar does
    fresh = list(train_lab.controller.runs)
    # a run's end is its last message (its last batch goes out before it): once every old run's
    # end is here, all that was on its way has been delivered
    qtbot.waitUntil(lambda: ended >= old, timeout=20000)
    train_lab.controller.redraw()
    assert list(train_lab.controller.runs) == fresh
    for entry in fresh:
        assert entry.status is RunStatus.QUEUED and entry.history.n == 0
        assert train_lab.controls.run_list.status(entry.name) == "queued"
        assert entry.name not in train_lab.curves.loss.curves


def test_edit_with_no_change_changes_nothing_and_a_finished_run_is_copied(qtbot, train_lab):
    shorten(train_lab, iterations=10)
    select(qtbot, train_lab, "adam")
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=180000):
        click(qtbot, train_lab, "Start")
    adam = train_lab.controller.runs["adam"]
    answer_next_dialog()  # the editor: OK without a change
    click(qtbot, train_lab, "Edit…")
    assert train_lab.controller.runs.names() == ["sgd", "momentum", "adagrad", "adam"]
    assert train_lab.controller.runs["adam"] is adam
    assert adam.result is not None and adam.history.n == 10
    edited = replace(adam.config, batch_size=64)
    copy = train_lab.controller.replace_config("adam", edited)
    assert copy.name == "adam-2" and copy.config.batch_size == 64
    assert train_lab.controller.runs["adam"] is adam and adam.result is not None
    queued = replace(train_lab.controller.runs["sgd"].config, name="sgd-fast", batch_size=32)
    train_lab.controller.replace_config("sgd", queued)
    assert train_lab.controller.runs.names()[0] == "sgd-fast"


def test_removing_a_run_with_results_asks_first(qtbot, train_lab):
    shorten(train_lab, iterations=10)
    select(qtbot, train_lab, "adam")
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=180000):
        click(qtbot, train_lab, "Start")
    asked = []
    answer_next_dialog(QMessageBox.StandardButton.No, asked)
    click(qtbot, train_lab, "Remove")
    assert "adam" in train_lab.controller.runs and "Remove adam" in asked[0]
    answer_next_dialog(QMessageBox.StandardButton.Yes)
    click(qtbot, train_lab, "Remove")
    assert "adam" not in train_lab.controller.runs
    assert "adam" not in train_lab.controls.run_list.names()
    select(qtbot, train_lab, "sgd")  # a queued run without results goes at once
    click(qtbot, train_lab, "Remove")
    assert train_lab.controller.runs.names() == ["momentum", "adagrad"]


def test_add_and_duplicate(qtbot, train_lab):
    select(qtbot, train_lab, "adam")
    click(qtbot, train_lab, "Duplicate")
    assert "adam-2" in train_lab.controller.runs
    click(qtbot, train_lab, "Add")
    runs = train_lab.controller.runs
    assert len(runs) == 6 and len(set(e.color for e in runs)) == 6


def test_recolouring_a_run(qtbot, train_lab):
    shorten(train_lab, iterations=10)
    select(qtbot, train_lab, "adam")
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=180000):
        click(qtbot, train_lab, "Start")
    train_lab.controller.set_color("adam", "#000000")
    curve = train_lab.curves.loss.curves["adam"][1]
    assert curve.opts["pen"].color().name() == "#000000"
    assert train_lab.controls.run_list.item(3, 0).foreground().color().name() == "#000000"


def test_one_colour_per_optimizer_in_both_labs(window, train_lab):
    table = window.labs[0].optimizers
    for name in ("sgd", "momentum", "adagrad", "adam"):
        assert train_lab.controller.runs[name].color == table.rows[name].color


def test_constant_lr_axis_reads_from_zero(qtbot, train_lab):
    shorten(train_lab, iterations=10)
    select(qtbot, train_lab, "sgd")  # constant lr 0.01
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=180000):
        click(qtbot, train_lab, "Start")
    low, high = train_lab.curves.lr_plot.getViewBox().viewRange()[1]
    assert low == 0 and high == pytest.approx(0.011)
    labels = [text for _, text in train_lab.curves.lr_plot.getAxis("left")._tickLevels[0]]
    assert labels == ["0", "0.005", "0.01"]


def test_batchnorm_grid_32_runs_distinct_colours_and_legend_fits(qtbot, train_lab):
    train_lab.controller.apply_preset("book-batchnorm-grid")
    assert len(train_lab.controller.runs) == 32
    assert len({e.color.lower() for e in train_lab.controller.runs}) == 32
    for entry in train_lab.controller.runs:
        entry.config = replace(entry.config, epochs=0, iterations=3, eval_every=1)
    train_lab.tabs.setCurrentWidget(train_lab.grid)
    click(qtbot, train_lab, "Start all")
    wait_all_ended(qtbot, train_lab, timeout=120000)
    train_lab.controller.redraw()
    train_lab.show_grid()
    assert len(train_lab.grid.plots) == 16
    first = train_lab.grid.plots["01"]
    assert len(first.listDataItems()) == 2  # with and without batch norm
    assert "W std 1" in first.titleLabel.text
    assert not train_lab.curves.loss.legend.isVisible()  # 32 names would bury the curves
    train_lab.controller.apply_preset("book-optimizers")
    train_lab.controller.add_run()
    # the legend comes back once the five new runs draw curves (it held when none were drawn)
    shorten(train_lab, iterations=3)
    click(qtbot, train_lab, "Start all")
    wait_all_ended(qtbot, train_lab, timeout=120000)
    train_lab.controller.redraw()
    names = train_lab.controller.runs.names()
    assert len(names) == 5 and sorted(train_lab.curves.loss.curves) == sorted(names)
    assert train_lab.curves.loss.legend.isVisible()
    assert sorted(label.text for _, label in train_lab.curves.loss.legend.items) == sorted(names)


def test_closing_the_window_mid_training_joins_the_runs(qtbot, settings):
    from lab.ui.shell.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    lab = win.lab("train")
    qtbot.waitUntil(lambda: len(lab.controller.runs) == 4, timeout=10000)
    shorten(lab, iterations=100_000)
    click(qtbot, lab, "Start all")
    qtbot.waitUntil(lambda: all(e.history.n > 0 for e in lab.controller.runs), timeout=30000)
    win.close()
    assert not lab.controller.runner.is_busy()
    assert not [t for t in threading.enumerate() if t.name.startswith("runs-")]


def test_many_start_stop_cycles_leave_no_thread_behind(qtbot, train_lab):
    shorten(train_lab, iterations=100_000)
    before = {t.name for t in threading.enumerate()}
    config = train_lab.controller.runs["adam"].config
    for _ in range(20):
        entry = train_lab.controller.add_config(config)
        with qtbot.waitSignal(train_lab.controller.run_ended, timeout=20000):
            train_lab.controller.start(entry.name)
            train_lab.controller.stop_all()
        assert entry.status is RunStatus.STOPPED
        runners = [t for t in threading.enumerate() if t.name.startswith("runs-")]
        assert len(runners) <= 1
    extra = {t.name for t in threading.enumerate()} - before - {"runs-training"}
    assert not extra
