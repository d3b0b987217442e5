"""The training lab, driven like a user: runs side by side, pause/stop, divergence, results,
weights out and back in, datasets, clean shutdown."""

import threading
from dataclasses import replace

import numpy as np
import pytest

from lab.data.idx import write_idx
from lab.engine.core.optimizers import make_optimizer


@pytest.fixture
def train_lab(qtbot, window):
    lab = window.train_lab
    window.show_lab(lab)
    qtbot.waitUntil(lambda: len(lab.configs) == 4, timeout=10000)
    return lab


def shorten(lab, iterations=30, **changes):
    for name, config in list(lab.configs.items()):
        lab.configs[name] = replace(config, iterations=iterations, epochs=0, eval_every=10,
                                    data=replace(config.data, train_size=1000), **changes)


def wait_all_ended(qtbot, lab, timeout=60000):
    qtbot.waitUntil(lambda: all(lab.run_list.status(n) in ("finished", "stopped") or
                                lab.run_list.status(n).startswith(("diverged", "failed"))
                                for n in lab.configs), timeout=timeout)


def test_book_optimizers_preset_is_loaded(train_lab):
    assert list(train_lab.configs) == ["sgd", "momentum", "adagrad", "adam"]
    assert train_lab.run_list.names() == ["sgd", "momentum", "adagrad", "adam"]


def test_runs_train_side_by_side_and_show_results(qtbot, train_lab):
    shorten(train_lab)
    train_lab.start_all()
    wait_all_ended(qtbot, train_lab)
    for name, history in train_lab.histories.items():
        assert train_lab.run_list.status(name) == "finished"
        assert history.n == 30 and history.eval_iteration == [10, 20, 30]
        assert name in train_lab.loss.curves and name in train_lab.accuracy.curves
    train_lab.run_list.select("adam")
    assert "test accuracy" in train_lab.evaluation.summary.text()
    assert train_lab.evaluation.grid.count() == 24
    assert train_lab.evaluation.matrix.image.image is not None


def test_pause_resume_stop(qtbot, train_lab):
    shorten(train_lab, iterations=100_000)
    train_lab.run_list.select("sgd")
    train_lab.start_selected()
    history = lambda: train_lab.histories["sgd"]  # noqa: E731 (a restart replaces it)
    qtbot.waitUntil(lambda: history().n > 5, timeout=30000)
    train_lab.pause_selected()
    assert train_lab.run_list.status("sgd") == "paused"
    qtbot.wait(300)  # let any batch already on its way arrive
    frozen = history().n
    qtbot.wait(300)
    assert history().n == frozen
    train_lab.start_selected()  # resumes
    qtbot.waitUntil(lambda: history().n > frozen, timeout=10000)
    with qtbot.waitSignal(train_lab.run_ended, timeout=10000) as ended:
        train_lab.stop_selected()
    assert ended.args == ["sgd", "stopped"] and train_lab.run_list.status("sgd") == "stopped"


def test_live_learning_rate(qtbot, train_lab):
    shorten(train_lab, iterations=100_000)
    train_lab.run_list.select("momentum")
    train_lab.start_selected()
    qtbot.waitUntil(lambda: train_lab.histories["momentum"].n > 3, timeout=30000)
    train_lab.set_live_lr(0.123)
    qtbot.waitUntil(lambda: train_lab.histories["momentum"].lr[-1] == pytest.approx(0.123),
                    timeout=10000)
    train_lab.stop_all()


def test_a_diverging_run_is_marked_and_the_others_go_on(qtbot, train_lab):
    shorten(train_lab)
    train_lab.configs["sgd"] = replace(train_lab.configs["sgd"],
                                       optimizer=make_optimizer("sgd", lr=1e3))
    train_lab.start_all()
    wait_all_ended(qtbot, train_lab)
    assert train_lab.run_list.status("sgd").startswith("diverged at iteration")
    assert train_lab.histories["sgd"].n > 0
    assert all(train_lab.run_list.status(n) == "finished" for n in ("momentum", "adam"))


def test_weights_export_and_load_round_trip(qtbot, window, train_lab, tmp_path):
    shorten(train_lab)
    train_lab.run_list.select("adam")
    with qtbot.waitSignal(train_lab.run_ended, timeout=60000):
        train_lab.start_selected()
    [(label, writer)] = train_lab.weights_exports()
    assert "adam" in label
    writer(str(tmp_path / "adam.safetensors"))
    accuracy = train_lab.runs["adam"].evaluation.test_acc
    assert window.load_weights(str(tmp_path / "adam.safetensors"))
    assert f"{accuracy:.2%}" in window.statusBar().currentMessage()
    assert window.load_weights(str(tmp_path / "adam.pt"))
    meta = tmp_path / "adam.json"
    meta.write_text(meta.read_text().replace('"hidden": [\n      100,', '"hidden": [\n      7,'))
    assert not window.load_weights(str(tmp_path / "adam.safetensors"))
    assert "does not match" in window.last_error


def test_exports(qtbot, window, train_lab, tmp_path):
    shorten(train_lab, iterations=20)
    train_lab.start_all()
    wait_all_ended(qtbot, train_lab)
    for label, widget in train_lab.export_targets()[:3]:
        assert window.export_image(widget, str(tmp_path / f"{label}.png")), window.last_error
        assert window.export_image(widget, str(tmp_path / f"{label}.svg")), window.last_error
    [(_, make_text)] = train_lab.csv_exports()
    text = make_text()
    assert text.startswith("run,iteration,epoch,loss,lr,grad_norm,train_acc,val_acc")
    assert len(text.splitlines()) == 1 + 4 * 20


def test_dataset_folder_good_and_bad(qtbot, window, train_lab, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "train-images-idx3-ubyte").write_bytes(b"\x00\x00\x08\x03garbage")
    assert not window.use_dataset_folder(str(bad))
    assert "bad" in window.last_error and train_lab.data_folder is None
    good = tmp_path / "good"
    good.mkdir()
    rng = np.random.default_rng(0)
    for split, n in (("train", 200), ("t10k", 50)):
        write_idx(good / f"{split}-images-idx3-ubyte.gz",
                  rng.integers(0, 255, (n, 28, 28), dtype=np.uint8))
        write_idx(good / f"{split}-labels-idx1-ubyte.gz",
                  rng.integers(0, 3, n, dtype=np.uint8))
    assert window.use_dataset_folder(str(good))
    assert "3 classes" in window.statusBar().currentMessage()
    shorten(train_lab, iterations=10)
    for config in train_lab.configs.values():  # shorten() kept the folder
        assert config.data.folder == str(good)
    train_lab.run_list.select("adam")
    with qtbot.waitSignal(train_lab.run_ended, timeout=60000):
        train_lab.start_selected()
    assert train_lab.runs["adam"].evaluation.confusion.shape == (3, 3)


def test_closing_the_window_mid_training_joins_the_runs(qtbot, settings):
    from lab.ui.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    lab = win.train_lab
    qtbot.waitUntil(lambda: len(lab.configs) == 4, timeout=10000)
    shorten(lab, iterations=100_000)
    lab.start_all()
    qtbot.waitUntil(lambda: all(h.n > 0 for h in lab.histories.values()), timeout=30000)
    win.close()  # the thread-leak fixture fails the test if the scheduler is left running
    assert not lab.scheduler.is_busy() or not any(
        t.name.startswith("runs-") for t in threading.enumerate())


def test_fifty_start_stop_cycles_leave_no_thread_behind(qtbot, train_lab):
    shorten(train_lab, iterations=100_000)
    before = {t.name for t in threading.enumerate()}
    for _ in range(50):
        with qtbot.waitSignal(train_lab.run_ended, timeout=20000):
            train_lab.start("adam")
            train_lab.stop_all()
        runners = [t for t in threading.enumerate() if t.name.startswith("runs-")]
        assert len(runners) <= 1
    extra = {t.name for t in threading.enumerate()} - before - {"runs-training"}
    assert not extra


def test_run_editor_validates_everything(qtbot, train_lab):
    from lab.ui.train.run_editor import RunEditor

    editor = RunEditor(train_lab.configs["sgd"], {"adam"})
    qtbot.addWidget(editor)
    editor.fields["name"].setText("adam")
    editor.fields["hidden"].setText("100,x")
    editor.fields["optimizer"].setText("sgd:lr=-1")
    config, problems = editor.build()
    assert config is None and len(problems) == 3
    editor.fields["name"].setText("sgd-fast")
    editor.fields["hidden"].setText("64,32")
    editor.fields["optimizer"].setText("adam:lr=0.002")
    editor.fields["iterations"].setText("50")
    config, problems = editor.build()
    assert not problems and config.model.hidden == (64, 32) and config.optimizer.name == "adam"
    train_lab.replace_config("sgd", config)
    assert "sgd-fast" in train_lab.run_list.names() and "sgd" not in train_lab.configs


def test_add_duplicate_remove(train_lab):
    train_lab.run_list.select("adam")
    train_lab.duplicate_run()
    assert "adam-copy" in train_lab.configs
    train_lab.add_run()
    assert len(train_lab.configs) == 6
    train_lab.run_list.select("adam-copy")
    train_lab.remove_run()
    assert "adam-copy" not in train_lab.run_list.names()


def test_recolouring_a_run(qtbot, train_lab):
    shorten(train_lab, iterations=10)
    train_lab.run_list.select("adam")
    with qtbot.waitSignal(train_lab.run_ended, timeout=60000):
        train_lab.start_selected()
    train_lab.set_color("adam", "#000000")
    curve = train_lab.loss.curves["adam"][1]
    assert curve.opts["pen"].color().name() == "#000000"
    assert train_lab.run_list.item(3, 0).foreground().color().name() == "#000000"


def test_batchnorm_grid_shows_one_plot_per_weight_scale(qtbot, train_lab):
    train_lab.apply_preset("book-batchnorm-grid")
    assert len(train_lab.configs) == 32
    for name, config in list(train_lab.configs.items()):
        train_lab.configs[name] = replace(config, epochs=0, iterations=3, eval_every=1)
    train_lab.tabs.setCurrentWidget(train_lab.grid)
    train_lab.start_all()
    wait_all_ended(qtbot, train_lab)
    train_lab.show_grid()
    assert len(train_lab.grid.plots) == 16
    first = train_lab.grid.plots["01"]
    assert len(first.listDataItems()) == 2  # with and without batch norm
    assert "W std 1" in first.titleLabel.text


def test_runs_persist_across_sessions(qtbot, settings, window, train_lab):
    train_lab.apply_preset("book-dropout")
    train_lab.set_color("dropout", "#123456")
    window.close()
    from lab.ui.main_window import MainWindow

    again = MainWindow(settings)
    qtbot.addWidget(again)
    lab = again.train_lab
    qtbot.waitUntil(lambda: len(lab.configs) == 2, timeout=10000)
    assert list(lab.configs) == ["no-dropout", "dropout"]
    assert lab.configs["dropout"].model.dropout == 0.2 and lab.colors["dropout"] == "#123456"
    assert lab.presets.combo.currentData() == "book-dropout"
    again.close()
