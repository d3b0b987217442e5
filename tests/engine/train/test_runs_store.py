"""Run folders: a run saved as it ends loads back equal; damaged folders are named and skipped;
nothing is overwritten."""

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from lab.engine.train.config import TrainConfig
from lab.engine.train.history import History
from lab.engine.train.models import ModelConfig, build_model
from lab.engine.train.records import Evaluation, RunResult, RunStatus, Update
from lab.engine.train.run_store import RunStore, RunStoreError, history_csv
from lab.engine.train.weights import load_weights, run_config

MODEL = ModelConfig(hidden=(8,))
OLD_FOLDERS = Path(__file__).parent / "old_run_folders"  # written by the string-status code


def make_result(name="a,b", status=RunStatus.FINISHED, n=30):
    history = History(name)
    for it in range(1, n + 1):
        acc = (0.5 + it / 100, 0.4 + it / 100) if it % 10 == 0 else (None, None)
        history.add(Update(name, it, 100, it / 7, 2.0 / it, 0.01 * it, 0.3, *acc,
                           elapsed_s=0.01 * it))
    if status is RunStatus.DIVERGED:
        history.add(Update(name, n + 1, 100, (n + 1) / 7, math.nan, 0.1, math.inf,
                           status=RunStatus.DIVERGED))
    history.seal()
    model = build_model(MODEL, torch.Generator().manual_seed(0))
    weights = {k: v.detach().clone() for k, v in model.state_dict().items()}
    confusion = np.array([[5, 1], [2, 7]])
    evaluation = Evaluation(0.8, confusion, np.array([3, 9, 11]), np.array([1, 0, 0]))
    return RunResult(status, history, MODEL, weights,
                     evaluation if status is RunStatus.FINISHED else None,
                     n + 1 if status is RunStatus.DIVERGED else None), model


def test_a_saved_run_loads_back_equal(tmp_path):
    store = RunStore(tmp_path / "runs")
    result, model = make_result()
    config = TrainConfig("a,b", iterations=100, model=MODEL)
    folder = store.save(config, "#123456", result)
    assert folder.parent == tmp_path / "runs" and "," in folder.name
    loaded = store.load(folder.name)
    assert loaded.config == config and loaded.color == "#123456"
    h, back = result.history.snapshot(), loaded.result.history.snapshot()
    assert back.n == 30 and np.array_equal(back.iterations, h.iterations)
    for column in ("loss", "lr", "grad_norm", "train_acc", "val_acc"):
        assert np.array_equal(getattr(back, column), getattr(h, column))
    assert list(back.eval_iteration) == [10, 20, 30]
    assert back.eval_epoch == pytest.approx(h.eval_epoch)
    assert back.total == 100 and loaded.result.status is RunStatus.FINISHED
    assert loaded.result.history.sealed
    ev = loaded.result.evaluation
    assert ev.test_acc == 0.8 and np.array_equal(ev.confusion, [[5, 1], [2, 7]])
    assert list(ev.wrong_index) == [3, 9, 11] and list(ev.wrong_pred) == [1, 0, 0]
    again, config_back, meta = load_weights(store.weights_path(folder.name))
    assert config_back == MODEL and meta["run"] == "a,b"
    assert run_config(meta) == config  # the weights alone say how the run was made
    x = torch.rand(4, 784)
    model.eval()
    assert torch.equal(again(x), model(x))


def test_names_cannot_escape_and_saves_never_overwrite(tmp_path):
    store = RunStore(tmp_path / "runs")
    result, _ = make_result("../../x")
    config = TrainConfig("../../x", iterations=100, model=MODEL)
    first = store.save(config, "#000000", result)
    second = store.save(config, "#000000", result)
    assert first != second and first.parent == second.parent == tmp_path / "runs"
    assert sorted(p.name for p in first.iterdir()) == [
        "metrics.csv", "run.json", "weights.json", "weights.pt", "weights.safetensors"]
    # nothing made anywhere else: (tmp_path / "x" was never where "../../x" could lead)
    assert [p.name for p in tmp_path.iterdir()] == ["runs"]
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == sorted([first.name,
                                                                           second.name])


def test_a_diverged_run_keeps_its_finite_part_and_nan(tmp_path):
    store = RunStore(tmp_path)
    result, _ = make_result(status=RunStatus.DIVERGED)
    folder = store.save(TrainConfig("d", iterations=100, model=MODEL), "#000000", result)
    loaded = store.load(folder.name).result
    assert loaded.status is RunStatus.DIVERGED and loaded.diverged_at == 31
    assert loaded.history.n == 31 and math.isnan(loaded.history.snapshot().loss[-1])
    assert loaded.evaluation is None


def test_metrics_csv_quotes_names_and_is_plain(tmp_path):
    result, _ = make_result()
    text = history_csv(result.history)
    assert text.splitlines()[0] == "iteration,epoch,loss,lr,grad_norm,train_acc,val_acc"
    assert len(text.splitlines()) == 31


@pytest.mark.parametrize("status", [RunStatus.FINISHED, RunStatus.STOPPED, RunStatus.DIVERGED])
def test_every_kept_status_round_trips_as_its_name(tmp_path, status):
    """A status is written as its name (the one conversion, at the file) and read back as the
    same member; the weights' metadata names it the same way."""
    store = RunStore(tmp_path)
    result, _ = make_result(status=status)
    folder = store.save(TrainConfig("s", iterations=100, model=MODEL), "#000000", result)
    assert json.loads((folder / "run.json").read_text())["status"] == status.value
    assert load_weights(folder / "weights.safetensors")[2]["status"] == status.value
    assert store.load(folder.name).result.status is status


@pytest.mark.parametrize("status", ["running", "failed", "Finished", 3, None])
def test_a_status_no_saved_run_has_is_refused_by_name(tmp_path, status):
    store = RunStore(tmp_path)
    result, _ = make_result()
    folder = store.save(TrainConfig("s", iterations=100, model=MODEL), "#000000", result)
    meta = json.loads((folder / "run.json").read_text())
    (folder / "run.json").write_text(json.dumps({**meta, "status": status}))
    with pytest.raises(RunStoreError, match=rf"{folder.name} is damaged: unknown status"):
        store.load(folder.name)


@pytest.mark.parametrize("name, status, rows", [("20240101-000000-stopped", RunStatus.STOPPED, 5),
                                                ("20240101-000000-diverged", RunStatus.DIVERGED,
                                                 6)])
def test_folders_saved_before_typed_statuses_load_and_save_the_same(tmp_path, name, status,
                                                                    rows):
    """Run folders written by the code that kept statuses as strings (and named the data split's
    fields val_split and seed) load as they were; saving what they hold writes the same
    metrics.csv, and a run.json that loads back to the same run (its config in today's names)."""
    old = tmp_path / "old"
    shutil.copytree(OLD_FOLDERS / name, old / name)
    loaded = RunStore(old).load(name)
    assert loaded.result.status is status and loaded.color == "#2ca02c"
    rows_back = loaded.result.history.snapshot()
    assert rows_back.n == rows and list(rows_back.eval_iteration) == [2, 4]
    assert (loaded.result.diverged_at == 6) is (status is RunStatus.DIVERGED)
    again = RunStore(tmp_path / "new").save(loaded.config, loaded.color, loaded.result)
    assert (again / "metrics.csv").read_text() == (old / name / "metrics.csv").read_text()
    saved, before = json.loads((again / "run.json").read_text()), json.loads(
        (old / name / "run.json").read_text())
    assert {k: v for k, v in saved.items() if k != "config"} == {
        k: v for k, v in before.items() if k != "config"}
    reloaded = RunStore(tmp_path / "new").load(again.name)
    assert reloaded.config == loaded.config and reloaded.result.status is status


@pytest.mark.parametrize("damage", ["no run.json", "bad json", "short csv", "bad number",
                                    "no weights", "bad config", "wrong format"])
def test_a_damaged_folder_is_named_and_skipped_the_rest_loads(tmp_path, damage):
    store = RunStore(tmp_path)
    result, _ = make_result()
    good = store.save(TrainConfig("good", iterations=100, model=MODEL), "#000000", result)
    bad = store.save(TrainConfig("bad", iterations=100, model=MODEL), "#000000", result)
    meta = bad / "run.json"
    metrics = bad / "metrics.csv"
    if damage == "no run.json":
        meta.unlink()
    elif damage == "bad json":
        meta.write_text(meta.read_text()[:40])
    elif damage == "short csv":
        metrics.write_text("\n".join(metrics.read_text().splitlines()[:10]) + "\n")
    elif damage == "bad number":
        metrics.write_text(metrics.read_text().replace("0.3", "zero", 1))
    elif damage == "no weights":
        (bad / "weights.safetensors").unlink()
    elif damage == "bad config":
        data = json.loads(meta.read_text())
        data["config"]["batch_size"] = -3
        meta.write_text(json.dumps(data))
    elif damage == "wrong format":
        meta.write_text("[1, 2]")
    before = {p.name: p.read_bytes() for p in bad.iterdir()}
    loaded, problems = store.load_many([bad.name, good.name])
    assert [r.config.name for r in loaded] == ["good"]
    assert len(problems) == 1 and bad.name in problems[0]
    assert {p.name: p.read_bytes() for p in bad.iterdir()} == before  # nothing rewritten
    with pytest.raises(RunStoreError, match=bad.name):
        store.load(bad.name)


def test_an_unwritable_store_says_so(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result, _ = make_result()
    with pytest.raises(RunStoreError, match="cannot create a run folder"):
        RunStore(blocker / "runs").save(TrainConfig("a", iterations=100, model=MODEL),
                                        "#000000", result)
