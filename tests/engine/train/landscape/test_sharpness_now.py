"""Sharpness measured on demand: between two iterations of a training run (through its probes,
with or without sharpness every K) and at a saved run's final weights; the value is the one
``sharpness`` gives on the same weights and evaluation set, a request changes nothing the run
computes, and the point travels through sharpness.csv marked as asked for."""

import numpy as np
import pytest
import torch

from lab.engine.core.optimizers import make_optimizer
from lab.engine.train.landscape.eval_set import evaluation_set
from lab.engine.train.landscape.job import LandscapeError
from lab.engine.train.landscape.probed_run import (
    SHARPNESS_CSV,
    ProbedRun,
    append_sharpness,
    read_sharpness,
    write_sharpness,
)
from lab.engine.train.landscape.probes import ProbeConfig, SharpnessRow, sharpness_csv
from lab.engine.train.landscape.saved_sharpness import measure_saved
from lab.engine.train.landscape.sharpness import sharpness
from lab.engine.train.training import TrainingRun
from lab.engine.train.weights import save_weights
from tests.engine.train.landscape.test_probes import _config, data  # noqa: F401

SAMPLES = 100


def _drive(run, asks=(), probes=None):
    """Train ``run`` through a ProbedRun, asking for a point after each iteration in ``asks``
    (as the window's runner does: between two iterations); returns (probed, losses)."""
    probed = ProbedRun(run, probes or ProbeConfig(samples=SAMPLES))
    steps = probed.steps()
    update = next(steps)
    while True:
        if update.iteration in asks:
            probed.measure_now()
        try:
            update = steps.send(None)
        except StopIteration:
            return probed, run.history.snapshot().loss.copy()


def test_the_on_demand_value_is_sharpness_on_the_same_weights_and_set(data):  # noqa: F811
    config = _config()
    run = TrainingRun(config, data, "cpu")
    probed = ProbedRun(run, ProbeConfig(samples=SAMPLES))  # no sharpness every K
    steps = probed.steps()
    for _ in range(3):
        update = next(steps)
    row = probed.measure_now()
    x, y = evaluation_set(config, data, SAMPLES)
    expected = sharpness(run.model, x, y, config.l2, config.l1)
    assert row.iteration == update.iteration == 3 and row.on_demand
    assert row.sharpness == expected.value and row.residual == pytest.approx(expected.residual)
    assert row.threshold == pytest.approx(2 / 0.1) and probed.probes.rows == [row]
    steps.close()


def test_a_request_adds_one_point_there_and_changes_no_loss(data):  # noqa: F811
    config = _config(optimizer=make_optimizer("adam", lr=0.01))
    probes = ProbeConfig(sharpness_every=3, samples=SAMPLES)
    plain, losses = _drive(TrainingRun(config, data, "cpu"), probes=probes)
    asked, asked_losses = _drive(TrainingRun(config, data, "cpu"), asks={4}, probes=probes)
    np.testing.assert_array_equal(asked_losses, losses)  # the same run, bit for bit
    for a, b in zip(asked.run.model.parameters(), plain.run.model.parameters(), strict=True):
        assert torch.equal(a, b)
    scheduled = [r.iteration for r in plain.probes.rows]
    assert scheduled == [0, 3, 6, 7]
    rows = asked.probes.rows
    assert [(r.iteration, r.on_demand) for r in rows] == [
        (0, False), (3, False), (4, True), (6, False), (7, False)]
    assert rows[2].preconditioned is not None  # Adam's state: λ₁(P⁻¹H) too
    assert rows[2].threshold == pytest.approx(38 / 0.01)


def test_a_saved_run_is_measured_at_its_final_weights(data, tmp_path):  # noqa: F811
    config = _config()
    run = TrainingRun(config, data, "cpu")
    _drive(run)
    save_weights(run.model, run.model_config, tmp_path / "probe.safetensors",
                 {"iterations": 7}, run=config)  # as `descent-lab train` writes it
    row = measure_saved(tmp_path / "probe", SAMPLES)
    x, y = evaluation_set(config, data, SAMPLES)
    assert row.sharpness == sharpness(run.model, x, y).value
    assert (row.run, row.iteration, row.on_demand) == ("probe", 7, True)
    assert row.threshold == pytest.approx(2 / 0.1) and row.preconditioned is None
    assert measure_saved(tmp_path / "probe", SAMPLES, iteration=5, lr=0.5).threshold == \
        pytest.approx(4.0)  # the caller's history says where and at which rate
    with torch.no_grad():
        next(run.model.parameters()).fill_(float("nan"))
    save_weights(run.model, run.model_config, tmp_path / "gone.safetensors", run=config)
    with pytest.raises(LandscapeError, match="not finite"):
        measure_saved(tmp_path / "gone", SAMPLES)


def test_on_demand_points_travel_through_sharpness_csv(tmp_path):
    scheduled = [SharpnessRow("a", 0, 1.5, 20.0, 0.01), SharpnessRow("a", 5, 2.5, None, 0.02)]
    write_sharpness(tmp_path, scheduled)
    assert "on_demand" not in (tmp_path / SHARPNESS_CSV).read_text()  # as before
    assert read_sharpness(tmp_path / SHARPNESS_CSV) == scheduled
    asked = SharpnessRow("a", 7, 3.0, 20.0, 0.03, on_demand=True)
    append_sharpness(tmp_path, asked)
    text = (tmp_path / SHARPNESS_CSV).read_text()
    assert text.splitlines()[0] == "run,iteration,sharpness,threshold,residual,on_demand"
    assert text == sharpness_csv([*scheduled, asked])
    assert read_sharpness(tmp_path / SHARPNESS_CSV) == [*scheduled, asked]
    adam = SharpnessRow("b", 3, 1.0, 380.0, 0.0, 400.0, on_demand=True)
    append_sharpness(tmp_path, adam)
    assert read_sharpness(tmp_path / SHARPNESS_CSV)[-1] == adam
    (tmp_path / "short.csv").write_text("run,iteration,sharpness,threshold,residual\na,1\n")
    with pytest.raises(ValueError, match="line 2"):
        read_sharpness(tmp_path / "short.csv")
