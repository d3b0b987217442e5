"""The training lab's controller, without a window: the preset's runs listed and one selected,
a run trained to its end with its curves told in the table's order and its result saved, live
learning-rate changes marked where they took effect, edits and removals that keep results, the
hand-off from the search lab, and closing mid-training without a thread left behind."""

import threading
from dataclasses import replace

import numpy as np
import pytest

from lab.engine.train.records import RunStatus
from lab.ui.train.controller import TrainController


@pytest.fixture
def controller(qtbot, tmp_path):
    made = TrainController(tmp_path / "runs")
    made.apply_preset("book-optimizers")
    yield made
    assert made.shutdown(10.0)


def shorten(controller, iterations=20):
    for entry in controller.runs:
        entry.config = replace(entry.config, iterations=iterations, epochs=0, eval_every=10,
                               data=replace(entry.config.data, train_size=1000))


def test_a_preset_lists_its_runs_and_selects_the_first(qtbot, controller):
    listed, selected = [], []
    controller.runs_listed.connect(lambda entries: listed.append([e.name for e in entries]))
    controller.selection_changed.connect(selected.append)
    controller.select("adam")
    controller.apply_preset("book-optimizers")
    assert listed == [["sgd", "momentum", "adagrad", "adam"]]
    assert selected[-1] == "sgd" and controller.selected_entry().name == "sgd"
    assert controller.preset == "book-optimizers"


@pytest.mark.slow
def test_a_run_trains_its_curves_are_told_and_its_result_is_saved(qtbot, controller):
    shorten(controller)
    drawn = []
    controller.curves_drawn.connect(drawn.extend)
    with qtbot.waitSignal(controller.run_ended, timeout=120_000) as ended:
        assert controller.start("adam") == "adam"
    assert ended.args == ["adam", RunStatus.FINISHED]
    adam = controller.runs["adam"]
    assert (controller.store.root / adam.folder / "metrics.csv").is_file()
    last = [d for d in drawn if d.rows.name == "adam"][-1]
    assert last.rows.n == 20 and last.color == adam.color
    assert np.array_equal(last.rows.loss, adam.history.snapshot().loss)
    # starting it again keeps its results: a copy trains
    with qtbot.waitSignal(controller.run_ended, timeout=120_000) as again:
        assert controller.start("adam") == "adam-2"
    assert again.args[0] == "adam-2" and controller.runs["adam"] is adam
    assert controller.selected == "adam-2"


@pytest.mark.slow
def test_live_lr_changes_are_marked_where_they_took_effect(qtbot, controller):
    shorten(controller, iterations=100_000)
    controller.select("sgd")  # constant lr 0.01
    controller.start("sgd")
    history = controller.runs["sgd"].history
    qtbot.waitUntil(lambda: history.n > 5, timeout=60_000)
    assert controller.set_live_lr(0.05)
    assert controller.set_live_lr(0.02)
    qtbot.waitUntil(lambda: 0.02 in [round(float(v), 6) for v in history.snapshot().lr],
                    timeout=20_000)
    drawn = []
    controller.curves_drawn.connect(drawn.extend)
    controller._dirty.add("sgd")
    controller.redraw()
    rows = history.snapshot()
    lrs = np.round(rows.lr.astype(float), 6)
    first = {lr: int(rows.iterations[np.argmax(lrs == lr)]) for lr in (0.05, 0.02)}
    assert drawn[-1].lr_marks == ((first[0.05], 0.05), (first[0.02], 0.02))
    controller.stop_all()
    controller.select("momentum")  # not training: nothing is sent
    assert not controller.set_live_lr(0.3)


def test_edits_keep_results_and_removal_forgets_the_curves(qtbot, controller):
    dropped = []
    controller.curves_dropped.connect(dropped.append)
    sgd = controller.runs["sgd"]
    same = controller.replace_config("sgd", sgd.config)
    assert same is None and controller.runs["sgd"] is sgd  # nothing changed
    edited = controller.replace_config("sgd", replace(sgd.config, name="sgd-fast",
                                                      batch_size=32))
    assert edited.name == "sgd-fast" and controller.runs.names()[0] == "sgd-fast"
    assert controller.selected == "sgd-fast"
    controller.remove_run("adam")
    assert "adam" not in controller.runs and dropped[-1] == "adam"
    controller.set_color("momentum", "#000000")
    assert controller.runs["momentum"].color == "#000000" and dropped[-1] == "momentum"


def test_a_hand_off_is_a_new_selected_run(qtbot, controller):
    config = controller.runs["adam"].config
    entry = controller.add_handoff(config)
    assert entry.name == "adam-2" and controller.selected == "adam-2"
    assert controller.configs["adam-2"] == replace(config, name="adam-2")


@pytest.mark.slow
def test_closing_mid_training_stops_saves_and_joins(qtbot, tmp_path):
    controller = TrainController(tmp_path / "runs")
    controller.apply_preset("book-optimizers")
    shorten(controller, iterations=100_000)
    controller.start_all()
    qtbot.waitUntil(lambda: all(e.history.n > 0 for e in controller.runs), timeout=60_000)
    assert controller.shutdown(10.0)
    assert all(e.status is RunStatus.STOPPED and e.folder for e in controller.runs)
    assert not [t for t in threading.enumerate() if t.name.startswith("runs-")]
