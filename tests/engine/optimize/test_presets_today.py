"""The presets of today's optimizers show what each is for, in numbers."""

from __future__ import annotations

import numpy as np

from lab.engine.optimize.presets import OPTIMIZER_PRESETS
from lab.engine.optimize.trajectories import run_trajectories


def run(key: str):
    result = run_trajectories(OPTIMIZER_PRESETS[key].config)
    assert (result.diverged_at == -1).all()
    return result, {label: i for i, label in enumerate(result.labels)}


def test_lion_steps_every_coordinate_by_exactly_eta_and_reaches_the_valleys_end():
    result, at = run("lion-sign-steps")
    steps = np.abs(np.diff(result.paths[at["lion"]], axis=0))
    np.testing.assert_allclose(steps, 0.01, rtol=1e-9)
    adam_steps = np.abs(np.diff(result.paths[at["adam"]], axis=0))
    assert adam_steps[-100:].max() < 0.5 * 0.01  # Adam's have shrunk
    assert np.abs(result.paths[at["lion"], -1] - (1.0, 1.0)).max() < 0.2  # hopping around it
    first = result.first_within(0.1)
    assert first[at["lion"]] > 0 and first[at["adam"]] == -1 and first[at["sgd"]] == -1


def test_muon_steps_all_have_the_same_length():
    result, at = run("muon-normalised-steps")
    lengths = np.linalg.norm(np.diff(result.paths[at["muon"]], axis=0), axis=1)
    lr = OPTIMIZER_PRESETS["muon-normalised-steps"].config.optimizers[0].lr
    assert 0.67 * lr < lengths.min() and lengths.max() < 0.73 * lr  # NS5 maps 1 to 0.70
    momentum = np.linalg.norm(np.diff(result.paths[at["momentum"]], axis=0), axis=1)
    assert momentum.max() > 20 * momentum.min()  # the gradient's size sets momentum's steps


def test_schedule_free_settles_lower_than_its_base_method_under_noise():
    result, at = run("schedule-free-noise")
    final = result.losses[:, -200:].mean(axis=1)
    assert final[at["schedulefree_sgd"]] < final[at["sgd"]] / 5
    assert final[at["schedulefree_adamw"]] < final[at["adam"]] / 5
