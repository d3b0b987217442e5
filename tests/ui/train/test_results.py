"""Results that outlive the window: run folders restored after a restart (a damaged one named
and skipped), weights out and back in, datasets, exports; slow work in workers with one clear
message on any failure."""

import json

import numpy as np
import pytest

from lab.data.idx import write_idx
from lab.engine.train.records import RunStatus
from lab.engine.train.run_store import history_csv
from lab.ui.train import jobs
from tests.ui.train.helpers import click, select, shorten, wait_all_ended

pytestmark = pytest.mark.slow  # trains and restores MNIST runs


def reopen(qtbot, settings, count):
    from lab.ui.shell.main_window import MainWindow

    again = MainWindow(settings)
    qtbot.addWidget(again)
    messages = []
    lab = again.lab("train")
    lab.status_message.connect(messages.append)
    qtbot.waitUntil(lambda: len(lab.controller.runs) == count, timeout=10000)
    return again, lab, messages


def test_results_are_saved_as_runs_end_and_restored_after_a_restart(qtbot, settings, window,
                                                                    train_lab, tmp_path):
    shorten(train_lab, iterations=20)
    select(qtbot, train_lab, "adam")
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=180000):
        click(qtbot, train_lab, "Start")
    adam = train_lab.controller.runs["adam"]
    folder = train_lab.controller.store.root / adam.folder
    assert folder.parent == tmp_path / "settings-data" / "runs"
    assert (folder / "weights.safetensors").is_file() and (folder / "metrics.csv").is_file()
    accuracy, losses = adam.result.evaluation.test_acc, adam.history.snapshot().loss.copy()
    train_lab.controller.set_color("adam", "#123456")
    window.close()

    again, lab, _ = reopen(qtbot, settings, 4)
    restored = lab.controller.runs["adam"]
    assert restored.status is RunStatus.FINISHED and restored.color == "#123456"
    assert np.array_equal(restored.history.snapshot().loss, losses)
    assert restored.result.evaluation.test_acc == accuracy
    assert lab.controller.runs["sgd"].status is RunStatus.QUEUED
    lab.tabs.setCurrentIndex(2)
    select(qtbot, lab, "adam")
    qtbot.waitUntil(lambda: f"{accuracy:.2%}" in lab.evaluation.summary.text(), timeout=20000)
    qtbot.waitUntil(lambda: "adam" in lab.curves.loss.curves, timeout=5000)
    [weights] = lab.weights_exports()  # the weights come back from the run folder
    written = weights.write(str(tmp_path / "out.safetensors"))
    assert {p.suffix for p in written} == {".safetensors", ".json", ".pt"}
    assert weights.name == "adam"  # the file name File ▸ Export proposes
    from lab.engine.train.weights import run_config

    assert run_config(json.loads((tmp_path / "out.json").read_text())) == restored.config
    with qtbot.waitSignal(lab.controller.results.job_done, timeout=60000) as done:
        lab.controller.results.evaluate_weights(str(tmp_path / "out.safetensors"))
    assert done.args[1] == f"out.safetensors: test accuracy {accuracy:.2%}"
    assert lab.evaluation.summary.text().startswith("<b>out.safetensors</b>")
    again.close()


def test_a_damaged_run_folder_is_named_and_skipped_the_rest_loads(qtbot, settings, window,
                                                                  train_lab):
    shorten(train_lab, iterations=10)
    click(qtbot, train_lab, "Start all")
    wait_all_ended(qtbot, train_lab, timeout=180000)
    damaged = train_lab.controller.store.root / train_lab.controller.runs["momentum"].folder
    (damaged / "metrics.csv").write_text("iteration,epoch\n1,2\n")
    before = sorted(p.name for p in train_lab.controller.store.root.iterdir())
    window.close()

    again, lab, messages = reopen(qtbot, settings, 4)
    assert [e.status for e in lab.controller.runs] == [RunStatus.FINISHED, RunStatus.QUEUED,
                                             RunStatus.FINISHED, RunStatus.FINISHED]
    assert any(damaged.name in m for m in messages)
    assert (damaged / "metrics.csv").read_text() == "iteration,epoch\n1,2\n"  # not rewritten
    assert sorted(p.name for p in lab.controller.store.root.iterdir()) == before
    again.close()


def test_stopped_runs_are_saved_too(qtbot, train_lab):
    """... and with the one history the window drew while the run trained: the same object
    from the first update to the run folder, no merge at the end."""
    shorten(train_lab, iterations=100_000)
    select(qtbot, train_lab, "sgd")
    click(qtbot, train_lab, "Start")
    qtbot.waitUntil(lambda: train_lab.controller.runs["sgd"].history.n > 3, timeout=30000)
    live = train_lab.controller.runs["sgd"].history
    qtbot.waitUntil(lambda: "sgd" in train_lab.curves.loss.curves, timeout=5000)  # drawn from it
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=10000):
        click(qtbot, train_lab, "Stop")
    sgd = train_lab.controller.runs["sgd"]
    assert sgd.history is live and sgd.result.history is live and live.sealed
    folder = train_lab.controller.store.root / sgd.folder
    assert (folder / "metrics.csv").read_text() == history_csv(live)
    meta = json.loads((folder / "run.json").read_text())
    assert meta["status"] == "stopped" and meta["history"]["rows"] == sgd.history.n
    assert meta["evaluation"]["test_acc"] == sgd.result.evaluation.test_acc


def test_weights_that_do_not_fit_get_one_clear_message(qtbot, window, train_lab, tmp_path):
    shorten(train_lab, iterations=10)
    select(qtbot, train_lab, "adam")
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=180000):
        click(qtbot, train_lab, "Start")
    [weights] = train_lab.weights_exports()
    weights.write(str(tmp_path / "adam.safetensors"))
    meta = tmp_path / "adam.json"  # the .pt file's configuration lies beside it
    meta.write_text(meta.read_text().replace('"hidden": [\n      100,', '"hidden": [\n      7,'))
    assert '"hidden": [\n      7,' in meta.read_text()
    with qtbot.waitSignal(train_lab.controller.results.job_failed, timeout=60000) as failed:
        train_lab.controller.results.evaluate_weights(str(tmp_path / "adam.pt"))
    assert failed.args[0] == "weights" and "does not match" in window.last_error
    assert "\n" not in window.last_error and window._error_box.isVisible()


@pytest.mark.parametrize("error", [MemoryError(), RecursionError(), ZeroDivisionError("x"),
                                   TypeError("t"), RuntimeError("r"), OSError(5, "I/O")])
def test_no_failure_of_a_weights_or_dataset_job_escapes(qtbot, window, train_lab, monkeypatch,
                                                        error):
    def broken(*_args):
        raise error

    monkeypatch.setattr(jobs, "evaluate_weights_file", broken)
    monkeypatch.setattr(jobs, "read_dataset_folder", broken)
    for start in (lambda: train_lab.controller.results.evaluate_weights("x.safetensors"),
                  lambda: train_lab.controller.results.use_dataset_folder("folder")):
        with qtbot.waitSignal(train_lab.controller.results.job_failed, timeout=10000) as failed:
            start()
        assert failed.args[1] == window.last_error and window.last_error
        assert "Traceback" not in window.last_error and "\n" not in window.last_error
    assert train_lab.controller.results.data_folder is None


def test_dataset_folder_good_and_bad(qtbot, window, train_lab, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "train-images-idx3-ubyte").write_bytes(b"\x00\x00\x08\x03garbage")
    with qtbot.waitSignal(train_lab.controller.results.job_failed, timeout=20000):
        train_lab.controller.results.use_dataset_folder(str(bad))
    assert "bad" in window.last_error and train_lab.controller.results.data_folder is None
    good = tmp_path / "good"
    good.mkdir()
    rng = np.random.default_rng(0)
    for split, n in (("train", 200), ("t10k", 50)):
        write_idx(good / f"{split}-images-idx3-ubyte.gz",
                  rng.integers(0, 255, (n, 28, 28), dtype=np.uint8))
        write_idx(good / f"{split}-labels-idx1-ubyte.gz",
                  rng.integers(0, 3, n, dtype=np.uint8))
    with qtbot.waitSignal(train_lab.controller.results.job_done, timeout=20000):
        train_lab.controller.results.use_dataset_folder(str(good))
    assert "3 classes" in window.statusBar().currentMessage()
    shorten(train_lab, iterations=10)
    for entry in train_lab.controller.runs:
        assert entry.config.data.folder == str(good)
    select(qtbot, train_lab, "adam")
    with qtbot.waitSignal(train_lab.controller.run_ended, timeout=180000):
        click(qtbot, train_lab, "Start")
    assert train_lab.controller.runs["adam"].result.evaluation.confusion.shape == (3, 3)
    # the test set was read with the folder: selecting the run shows it at once
    select(qtbot, train_lab, "sgd")
    select(qtbot, train_lab, "adam")
    assert "adam" in train_lab.evaluation.summary.text()
    assert train_lab.evaluation.shown_mistakes() > 0


def test_exports(qtbot, window, train_lab, tmp_path):
    shorten(train_lab, iterations=20)
    click(qtbot, train_lab, "Start all")
    wait_all_ended(qtbot, train_lab, timeout=180000)
    for label, widget in ((t.label, t.widget) for t in train_lab.export_targets()[:3]):
        assert window.export_image(widget, str(tmp_path / f"{label}.png")), window.last_error
        assert window.export_image(widget, str(tmp_path / f"{label}.svg")), window.last_error
    [export] = train_lab.csv_exports()
    text = export.text()
    assert text.startswith("run,iteration,epoch,loss,lr,grad_norm,train_acc,val_acc")
    assert len(text.splitlines()) == 1 + 4 * 20


def test_load_weights_from_the_menu_uses_a_worker(qtbot, window, train_lab, monkeypatch):
    """File > Load weights… starts the job and returns at once (the GUI never waits)."""
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: ("/nowhere/w.safetensors", "")))
    action = next(a for a in window.menuBar().actions()[0].menu().actions()
                  if a.text().startswith("&Load weights"))
    with qtbot.waitSignal(train_lab.controller.results.job_failed, timeout=20000) as failed:
        action.trigger()
    assert "w.safetensors" in failed.args[1] and window.last_error == failed.args[1]


def test_closing_mid_training_keeps_what_the_runs_had_done(qtbot, settings, window, train_lab):
    shorten(train_lab, iterations=100_000)
    for name in ("sgd", "adam"):
        select(qtbot, train_lab, name)
        click(qtbot, train_lab, "Start")
    runs = train_lab.controller.runs
    qtbot.waitUntil(lambda: all(runs[n].history.n > 2 for n in ("sgd", "adam")),
                    timeout=60000)
    window.close()
    assert not train_lab.controller.runner.is_busy()
    done = {n: train_lab.controller.runs[n].history.n for n in ("sgd", "adam")}

    again, lab, _ = reopen(qtbot, settings, 4)
    for name, n in done.items():
        entry = lab.controller.runs[name]
        assert entry.status is RunStatus.STOPPED and entry.history.n == n > 2
    assert lab.controller.runs["momentum"].status is RunStatus.QUEUED
    again.close()
