"""The (lr, momentum) map: each cell equals the same run alone, and on a quadratic its fastest
cell sits at heavy-ball's optimum."""

import numpy as np
import pytest

from lab.engine.core.fields import ConfigError
from lab.engine.core.optimizers import parse_optimizer
from lab.engine.optimize.functions import builtin_surface
from lab.engine.optimize.sweep2d import second_axis, sweep2d_csv, sweep_lr_momentum
from lab.engine.optimize.theory import local_theory
from lab.engine.optimize.trajectories import TrajectoryConfig, run_trajectories

BOOK = TrajectoryConfig("book", (parse_optimizer("momentum"),), (-7.0, 2.0), 200)


@pytest.mark.parametrize("name", ["momentum", "nesterov", "adam"])
def test_every_cell_equals_the_same_run_alone(name):
    optimizer = parse_optimizer(name)
    lrs, values = np.array([0.01, 0.1, 0.5, 1.2, 3.0]), np.array([0.0, 0.5, 0.9, 0.99])
    result = sweep_lr_momentum(BOOK, optimizer, lrs, values, tolerance=1e-2)
    assert result.parameter == second_axis(optimizer)
    for r, value in enumerate(values):
        for c, lr in enumerate(lrs):
            alone = run_trajectories(TrajectoryConfig(
                "book", (optimizer.with_params(lr=float(lr), **{result.parameter: value}),),
                (-7.0, 2.0), 200))
            assert result.diverged_at[r, c] == alone.diverged_at[0]
            assert result.steps_to_tolerance[r, c] == alone.first_within(1e-2)[0]
            if alone.diverged_at[0] < 0:
                assert result.final_loss[r, c] == alone.losses[0, -1]
    assert (result.steps_to_tolerance >= 0).any()  # the grid holds cells of every kind
    assert (result.diverged_at >= 0).any() == (name != "adam")  # Adam's steps are bounded


def test_the_fastest_cell_is_heavy_balls_optimum_within_the_grid():
    theory = local_theory(builtin_surface("book"))
    lr_star, beta_star, _ = theory.heavy_ball
    lrs = np.logspace(-1, 0.5, 60)
    values = np.linspace(0, 0.95, 60)
    config = TrajectoryConfig("book", (parse_optimizer("momentum"),), (-7.0, 2.0), 500)
    result = sweep_lr_momentum(config, parse_optimizer("momentum"), lrs, values, 1e-8)
    lr, beta, steps = result.best()
    assert steps == result.steps_to_tolerance[result.steps_to_tolerance >= 0].min()
    step_lr = np.log(lrs[1] / lrs[0])
    assert abs(np.log(lr / lr_star)) <= 2 * step_lr
    assert abs(beta - beta_star) <= 2 * (values[1] - values[0])


def test_a_map_needs_a_second_axis_and_sane_values():
    with pytest.raises(ConfigError, match="neither momentum nor"):
        second_axis(parse_optimizer("adagrad"))
    with pytest.raises(ConfigError, match=r"in \[0, 1\)"):
        sweep_lr_momentum(BOOK, parse_optimizer("momentum"), [0.1], [1.0])
    with pytest.raises(ConfigError, match="positive"):
        sweep_lr_momentum(BOOK, parse_optimizer("momentum"), [0.0], [0.5])


def test_csv_has_a_row_per_cell():
    result = sweep_lr_momentum(BOOK, parse_optimizer("momentum"), [0.1, 0.2], [0.5, 0.9, 0.0])
    lines = sweep2d_csv(result).splitlines()
    assert lines[0] == "lr,momentum,steps_to_tolerance,final_loss,diverged_at"
    assert len(lines) == 1 + 6
