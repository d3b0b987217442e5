"""What a run keeps and measures as it trains: snapshots on disk, sharpness with its threshold,
the fixed evaluation set."""

import pytest
import torch

from lab.engine.core.commands import SetLr
from lab.engine.core.draws import epoch_indices, minibatch_generator
from lab.engine.core.optimizers import make_optimizer
from lab.engine.train.config import DataConfig, TrainConfig
from lab.engine.train.data import cached_data
from lab.engine.train.landscape.eval_set import seen_indices
from lab.engine.train.landscape.probes import (
    ProbeConfig,
    ProbeError,
    RunProbes,
    parse_every,
    sharpness_csv,
)
from lab.engine.train.landscape.sharpness import sharpness
from lab.engine.train.landscape.snapshots import SnapshotError, load_snapshots, save_snapshots
from lab.engine.train.models import ModelConfig
from lab.engine.train.training import TrainingRun

SMALL = DataConfig(train_size=200)


@pytest.fixture(scope="module")
def data():
    return cached_data(SMALL, "cpu")


def _config(optimizer=None, **changes):
    return TrainConfig("probe", model=ModelConfig(hidden=(12,)), data=SMALL, iterations=7,
                       batch_size=50, optimizer=optimizer or make_optimizer("sgd", lr=0.1),
                       eval_every=-1, final_evaluation=False, **changes)  # fmt: skip


def _train(config, data, probes, commands=None):
    run = TrainingRun(config, data, "cpu")
    probe = RunProbes(run, probes)
    probe.observe(0)
    steps = run.steps()
    update = next(steps)
    while True:
        probe.observe(update.iteration, last=update.iteration == run.total)
        try:
            update = steps.send((commands or {}).get(update.iteration))
        except StopIteration:
            return run, probe


def test_snapshots_keep_step_zero_every_k_and_the_last(data, tmp_path):
    config = _config()
    run, probe = _train(config, data, ProbeConfig(snapshot_every=3))
    assert probe.snapshots.iterations == [0, 3, 6, 7]
    last = probe.snapshots.tensors[7]
    for name, p in run.model.named_parameters():
        assert torch.equal(last[name], p.detach())
    first = TrainingRun(config, data, "cpu")  # a fresh run holds the initial weights
    for name, p in first.model.named_parameters():
        assert torch.equal(probe.snapshots.tensors[0][name], p.detach())
    path = save_snapshots(probe.snapshots, tmp_path / "probe.snapshots.safetensors",
                          {"name": "probe"}, {})
    shapes = {n: tuple(p.shape) for n, p in run.model.named_parameters()}
    back, meta = load_snapshots(path, shapes)
    assert back.iterations == [0, 3, 6, 7] and meta["config"] == {"name": "probe"}
    assert all(torch.equal(back.tensors[6][n], probe.snapshots.tensors[6][n]) for n in shapes)
    with pytest.raises(SnapshotError, match="do not match"):
        load_snapshots(path, {**shapes, "extra.weight": (1, 1)})


def test_a_damaged_or_missing_snapshots_file_is_one_clear_message(tmp_path):
    bad = tmp_path / "bad.snapshots.safetensors"
    bad.write_bytes(b"not a safetensors file at all")
    with pytest.raises(SnapshotError, match="cannot be read"):
        load_snapshots(bad, {"0.weight": (2, 2)})
    with pytest.raises(SnapshotError, match="--snapshots every=K"):
        load_snapshots(tmp_path / "missing.snapshots.safetensors", {})


def test_sharpness_rows_and_a_threshold_that_follows_the_live_learning_rate(data):
    run, probe = _train(_config(), data, ProbeConfig(sharpness_every=3, samples=120),
                        commands={4: SetLr(0.05)})
    assert [r.iteration for r in probe.rows] == [0, 3, 6, 7]
    thresholds = [r.threshold for r in probe.rows]
    assert thresholds == pytest.approx([20.0, 20.0, 40.0, 40.0])  # 2/η, η 0.1 then 0.05
    x = data.train_x[seen_indices(run.config, len(data.train_x), 120)]
    y = data.train_y[seen_indices(run.config, len(data.train_x), 120)]
    direct = sharpness(run.model, x, y, steps=60, tol=1e-9)
    assert probe.rows[-1].sharpness == pytest.approx(direct.value, rel=1e-3)
    assert all(r.residual < 0.05 * abs(r.sharpness) for r in probe.rows)
    text = sharpness_csv(probe.rows)
    assert text.splitlines()[0] == "run,iteration,sharpness,threshold,residual"


def test_adam_gets_a_preconditioned_sharpness_and_its_threshold(data):
    adam = make_optimizer("adam", lr=0.01)
    _, probe = _train(_config(adam), data, ProbeConfig(sharpness_every=7, samples=100))
    first, last = probe.rows
    assert first.preconditioned is None  # no second moment before the first step
    assert last.preconditioned is not None and last.preconditioned > 0
    assert last.threshold == pytest.approx(38 / 0.01)
    assert sharpness_csv(probe.rows).splitlines()[0].endswith(",preconditioned")


def test_the_evaluation_set_is_the_first_images_the_run_saw():
    for sampling in ("epoch", "replacement"):
        config = _config(sampling=sampling)
        drawn = epoch_indices(minibatch_generator(config.seed), 200, 50, 4, sampling)
        first_seen = list(dict.fromkeys(drawn.tolist()))[:30]
        assert seen_indices(config, 200, 30).tolist() == first_seen
    assert len(seen_indices(_config(), 200, 5000)) == 200  # never more than there are


def test_every_k_is_parsed_and_checked():
    assert parse_every("every=5", "snapshot") == {"snapshot_every": 5}
    assert parse_every("every=10,samples=500,steps=30", "sharpness") == {
        "sharpness_every": 10, "samples": 500, "lanczos_steps": 30}
    assert parse_every("4", "sharpness") == {"sharpness_every": 4}
    for text, what, message in (("samples=5", "snapshot", "unknown setting"),
                                ("every=x", "sharpness", "whole number"),
                                ("samples=5", "sharpness", "needs every=K")):
        with pytest.raises(ProbeError, match=message):
            parse_every(text, what)
