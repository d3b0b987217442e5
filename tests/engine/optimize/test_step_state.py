"""The state view's numbers are the reference's: every quantity it lists, at every playback
step, equals the reference optimizer's state after that update, and the rule written out with
the update's values computes the step the reference took."""

from __future__ import annotations

import numpy as np
import pytest

from lab.engine.core.optimizers import OPTIMIZERS, make_optimizer
from lab.engine.optimize.step_state import (
    ARROW,
    BOX,
    CIRCLE,
    GRADIENT_UNITS,
    MAP_UNITS,
    PATH,
    gradient_scale,
    step_state,
    update_for_step,
)
from lab.engine.optimize.trajectories import TrajectoryConfig, run_trajectories
from tests.engine.core.test_optimizers import decay, lr_for
from tests.engine.torch_reference import reference_run

STEPS = 8
START = (-7.0, 2.0)
EXTRA = {"rmsprop": {"centered": 1.0}, "muon": {"nesterov": 0.0},
         "schedulefree_adamw": {"warmup_steps": 3}}  # fmt: skip


def run(name: str, weight_decay: float = 0.0, steps: int = STEPS, **extra):
    extra = {"lr": lr_for(name, "book"), **EXTRA.get(name, {}), **extra}
    config = make_optimizer(name, **decay(name, weight_decay), **extra)
    result = run_trajectories(TrajectoryConfig("book", (config,), START, steps=steps),
                              record_state=True)
    return config, result


@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_the_view_shows_the_references_state_and_step(name, weight_decay):
    config, result = run(name, weight_decay)
    ref = reference_run("book", config, START, STEPS)
    symbols = {c.symbol: c.key for c in result.state_columns(0)}
    for step in range(STEPS + 1):
        state = step_state(result, 0, step)
        u = state.update
        assert u == min(step + 1, STEPS)
        np.testing.assert_allclose(state.point, ref.path[u - 1], rtol=1e-12, atol=1e-14)
        taken = ref.path[u] - ref.path[u - 1]
        for quantity in state.quantities:
            key = symbols[quantity.symbol]
            want = taken if key == "delta" else ref.states[u - 1][key]
            np.testing.assert_allclose(quantity.after, want, rtol=1e-9, atol=1e-12,
                                       err_msg=f"{name} {key} after update {u}")
            if quantity.before is not None and u >= 2:
                np.testing.assert_allclose(quantity.before, ref.states[u - 2][key], rtol=1e-9,
                                           atol=1e-12)
        if state.step_check is not None:  # the worked lines' arithmetic is the reference's
            scale = max(np.abs(taken).max(), 1e-300)
            assert np.abs(state.step_check - taken).max() <= 1e-9 * scale, (
                name, u, state.step_check, taken)
        assert state.worked and state.worked[0].startswith(f"t = {u},")


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_every_optimizer_writes_its_rule_out_to_the_step(name):
    """Every registry entry has its worked rule (the test above then holds its arithmetic
    against the reference's step), at an early and a late update: RAdam's two branches."""
    _, result = run(name)
    for step in (1, STEPS - 1):
        assert step_state(result, 0, step).step_check is not None, (name, step)


def test_arrows_point_the_way_they_push_and_boxes_are_square_roots():
    _, result = run("adam")
    state = step_state(result, 0, 2)
    marks = {m.symbol: m for m in state.marks}
    values = result.state_values(0)
    np.testing.assert_array_equal(marks["−g"].value, -values["grad"][2])
    # bias-corrected, as the step uses them: m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) at t = 3
    np.testing.assert_allclose(marks["−m̂"].value, -values["exp_avg"][2] / (1 - 0.9**3))
    np.testing.assert_allclose(marks["√v̂"].value,
                               np.sqrt(values["exp_avg_sq"][2] / (1 - 0.999**3)))
    assert marks["√v̂"].shape == BOX and marks["−m̂"].shape == ARROW
    # the step against η is the arrow against the box (ε aside)
    np.testing.assert_allclose(marks["Δθ"].value / result.lrs[0, 2],
                               marks["−m̂"].value / marks["√v̂"].value, rtol=1e-6)
    assert marks["Δθ"].units == MAP_UNITS and marks["−g"].units == GRADIENT_UNITS
    assert all(m.origin == tuple(result.paths[0, 2]) for m in state.marks)


def test_the_longest_gradient_mark_gets_the_length_asked_for():
    _, result = run("adam")
    state = step_state(result, 0, 0)
    scale = gradient_scale(state, 2.0)
    lengths = [np.hypot(*m.value) if m.shape == ARROW else np.abs(m.value).max()
               for m in state.marks if m.units == GRADIENT_UNITS]
    assert max(lengths) * scale == pytest.approx(2.0)


def test_lion_steps_land_on_the_corners_of_its_square():
    _, result = run("lion")
    for step in range(STEPS):
        state = step_state(result, 0, step)
        marks = {m.symbol: m for m in state.marks}
        np.testing.assert_allclose(np.abs(marks["Δθ"].value), marks["±η"].value, rtol=1e-12)
        assert np.all(np.sign(marks["−c"].value) == np.sign(marks["Δθ"].value))


def test_muons_steps_all_land_on_its_circle():
    _, result = run("muon", weight_decay=0.0)
    radii = set()
    for step in range(STEPS):
        marks = {m.symbol: m for m in step_state(result, 0, step).marks}
        assert marks["η·|O|"].shape == CIRCLE
        assert np.hypot(*marks["Δθ"].value) == pytest.approx(marks["η·|O|"].value[0], rel=1e-12)
        radii.add(float(marks["η·|O|"].value[0]))
    # the same length whatever the gradient's size (within bfloat16's few per cent)
    assert max(radii) / min(radii) < 1.06


def test_schedule_free_draws_z_and_y_from_the_start_and_takes_g_at_y():
    _, result = run("schedulefree_sgd")
    state = step_state(result, 0, 4)
    marks = {m.symbol: m for m in state.marks}
    assert marks["z"].shape == PATH == marks["y"].shape
    np.testing.assert_array_equal(marks["z"].value[0], START)
    np.testing.assert_array_equal(marks["z"].value[1:], result.state_values(0)["z"][:5])
    assert marks["−g"].origin == tuple(result.state_values(0)["y"][3])


def test_playback_stops_at_the_update_where_a_run_diverged():
    _, result = run("sgd", steps=200, lr=1.5)
    k = int(result.diverged_at[0])
    assert 0 < k < 200
    assert update_for_step(result, 0, 150) == k
    state = step_state(result, 0, 150)
    assert np.isfinite(state.quantities[0].after).all()


def test_no_state_without_recording():
    config = make_optimizer("adam")
    result = run_trajectories(TrajectoryConfig("book", (config,), START, steps=3))
    assert step_state(result, 0, 1) is None
