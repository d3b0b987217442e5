"""The state the kernel records, step by step, is the reference's own: the gradient it used,
every tensor it keeps in ``optimizer.state`` (and Schedule-Free's y) and the step taken."""

from __future__ import annotations

import numpy as np
import pytest

from lab.engine.core.optimizer_state import STATE_SLOTS
from lab.engine.core.optimizers import OPTIMIZERS, make_optimizer
from lab.engine.optimize.trajectories import (
    SweepConfig,
    TrajectoryConfig,
    run_trajectories,
    sweep_learning_rates,
    trajectories_csv,
)
from tests.engine.core.test_optimizers import decay, lr_for
from tests.engine.torch_reference import reference_run

STEPS = 60
START = (-7.0, 2.0)
# every variant whose state differs in kind: flags that add a buffer, warm-up, no Nesterov
VARIANTS = {
    "momentum": {"dampening": 0.3}, "rmsprop": {"centered": 1.0, "momentum": 0.5},
    "adagrad": {"initial_accumulator_value": 0.1, "lr_decay": 0.01},
    "muon": {"nesterov": 0.0, "ns_steps": 2}, "schedulefree_sgd": {"warmup_steps": 10},
    "schedulefree_adamw": {"warmup_steps": 10, "r": 1.0}, "rprop": {"step_size_max": 0.3},
    "adafactor": {"beta2_decay": -0.5},
}
CASES = [(name, {}) for name in OPTIMIZERS] + list(VARIANTS.items())


def assert_state_equal(ours: np.ndarray, ref: np.ndarray, what: str) -> None:
    """Equal to 1e-9, relative to each value or to the column's largest (values that pass
    through zero are compared at the scale of the column)."""
    scale = np.max(np.abs(ref), axis=0, keepdims=True)
    bad = np.abs(ours - ref) > 1e-9 * np.maximum(np.abs(ref), scale)
    assert not bad.any(), (f"{what}: first differs after update {np.argmax(bad.any(1)) + 1}: "
                           f"{ours[bad.any(1)][0]} vs {ref[bad.any(1)][0]}")


@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
@pytest.mark.parametrize("name, extra", CASES, ids=[f"{n}{'+' if e else ''}" for n, e in CASES])
def test_recorded_state_is_the_references_after_every_step(name, extra, weight_decay):
    config = make_optimizer(name, lr=lr_for(name, "book"), **decay(name, weight_decay), **extra)
    result = run_trajectories(TrajectoryConfig("book", (config,), START, steps=STEPS),
                              record_state=True)
    ref = reference_run("book", config, START, STEPS)
    values = result.state_values(0)
    columns = {c.key for c in result.state_columns(0)}
    assert columns == set(ref.states[0]) | {"delta"}, "the same state as the reference keeps"
    for key, ours in values.items():
        want = (np.diff(ref.path, axis=0) if key == "delta"
                else np.array([s[key] for s in ref.states]))  # fmt: skip
        assert_state_equal(ours, want, key)
    assert np.abs(values["grad"]).max() > 0 and np.abs(values["delta"]).max() > 0


def test_recording_changes_nothing_else_and_is_off_by_default():
    configs = tuple(make_optimizer(n, lr=lr_for(n, "book")) for n in OPTIMIZERS)
    request = TrajectoryConfig("book", configs, START, steps=STEPS)
    plain, recorded = run_trajectories(request), run_trajectories(request, record_state=True)
    assert plain.state is None and recorded.state.shape == (len(configs), STEPS, STATE_SLOTS)
    np.testing.assert_array_equal(plain.paths, recorded.paths)
    with pytest.raises(ValueError, match="did not record"):
        plain.state_values(0)


def test_a_diverged_run_records_nothing_after_it_stopped():
    result = run_trajectories(TrajectoryConfig("book", (make_optimizer("sgd", lr=1.5),), START,
                                               steps=200), record_state=True)
    k = result.diverged_at[0]
    assert 0 < k < 200
    grad = result.state_values(0)["grad"]
    assert np.isfinite(grad[:k]).all() and np.isnan(grad[k:]).all()


def test_the_csv_has_each_optimizers_state_columns():
    configs = (make_optimizer("adam", lr=0.3), make_optimizer("rprop", lr=0.1),
               make_optimizer("nadam", lr=0.1))
    result = run_trajectories(TrajectoryConfig("book", configs, START, steps=3),
                              record_state=True)
    lines = trajectories_csv(result).splitlines()
    header = lines[0].split(",")
    assert header == ["optimizer", "step", "x", "y", "loss", "lr", "grad_x", "grad_y",
                      "delta_x", "delta_y", "exp_avg_x", "exp_avg_y", "exp_avg_sq_x",
                      "exp_avg_sq_y", "prev_x", "prev_y", "step_size_x", "step_size_y",
                      "mu_product"]
    rows = [dict(zip(header, line.split(","), strict=True)) for line in lines[1:]]
    assert len(rows) == 3 * 4
    assert rows[0]["grad_x"] == "" and rows[0]["exp_avg_x"] == ""  # step 0: no update yet
    adam_2, rprop_2 = rows[2], rows[6]
    values = result.state_values(0)
    assert float(adam_2["exp_avg_y"]) == values["exp_avg"][1, 1]
    assert float(adam_2["delta_x"]) == result.paths[0, 2, 0] - result.paths[0, 1, 0]
    assert adam_2["step_size_x"] == "" and rprop_2["exp_avg_x"] == ""
    assert float(rprop_2["step_size_x"]) == result.state_values(1)["step_size"][1, 0]
    assert float(rows[11]["mu_product"]) == result.state_values(2)["mu_product"][2, 0]


def test_without_recording_the_csv_keeps_its_columns():
    result = run_trajectories(TrajectoryConfig("book", (make_optimizer("adam"),), START,
                                               steps=2))
    assert trajectories_csv(result).splitlines()[0] == "optimizer,step,x,y,loss,lr"


def test_sweeps_do_not_record(monkeypatch):
    from lab.engine.optimize import trajectories

    seen = []
    real = trajectories.integrate_batch

    def spy(*args, **kwargs):
        seen.append(args[4:] + tuple(kwargs.values()))
        return real(*args, **kwargs)

    monkeypatch.setattr(trajectories, "integrate_batch", spy)
    sweep_learning_rates(TrajectoryConfig("book", (make_optimizer("adam"),), START, steps=5),
                         SweepConfig(lr_count=2))
    assert seen == [()]
