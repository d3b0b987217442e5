"""Trajectories and sweeps: divergence, determinism, the book's setup, CSV."""

import numpy as np
import pytest

from lab.engine.core.fields import ConfigError
from lab.engine.core.optimizers import make_optimizer
from lab.engine.core.schedules import ScheduleError, make_schedule, parse_schedule
from lab.engine.optimize.trajectories import (
    SweepConfig,
    TrajectoryConfig,
    run_trajectories,
    sweep_learning_rates,
    trajectories_csv,
)

BOOK = (make_optimizer("sgd", lr=0.95), make_optimizer("momentum", lr=0.1),
        make_optimizer("adagrad", lr=1.5), make_optimizer("adam", lr=0.3))


def test_a_diverging_run_stops_and_the_others_go_on():
    optimizers = (make_optimizer("sgd", lr=1.2), make_optimizer("adam", lr=0.3))
    result = run_trajectories(TrajectoryConfig("book", optimizers, (-7.0, 2.0), steps=200))
    k = result.diverged_at[0]
    assert k > 0 and result.diverged_at[1] == -1
    assert np.all(np.isfinite(result.paths[0, :k]))
    assert np.all(np.isnan(result.paths[0, k + 1:]))
    assert np.all(np.isfinite(result.paths[1]))


def test_overflowing_function_marks_divergence_without_warnings():
    config = TrajectoryConfig("exp(x**2) + y**2", (make_optimizer("sgd", lr=0.5),), (3.0, 1.0),
                              steps=50)
    result = run_trajectories(config)
    assert result.diverged_at[0] >= 0


def test_book_preset_reaches_the_minimum_region_in_30_steps():
    result = run_trajectories(TrajectoryConfig("book", BOOK, (-7.0, 2.0), steps=30))
    assert np.all(result.diverged_at == -1)
    assert np.all(result.losses[:, -1] < result.losses[:, 0] / 10)
    # SGD zig-zags in y: the sign of y alternates at lr 0.95 (the book's figure 6-3)
    assert np.all(np.sign(result.paths[0, 1:10, 1]) != np.sign(result.paths[0, :9, 1]))


def test_noise_is_seeded_and_shared():
    config = TrajectoryConfig("book", BOOK, (-7.0, 2.0), steps=50, noise=0.3, noise_seed=7)
    a, b = run_trajectories(config), run_trajectories(config)
    np.testing.assert_array_equal(a.paths, b.paths)
    other = run_trajectories(TrajectoryConfig("book", BOOK, (-7.0, 2.0), steps=50, noise=0.3,
                                              noise_seed=8))
    assert not np.array_equal(a.paths, other.paths)


def test_sweep_equals_individual_runs():
    config = TrajectoryConfig("book", BOOK[:2], (-7.0, 2.0), steps=40)
    lrs = SweepConfig(0.01, 1.5, 4).lrs()
    sweep = sweep_learning_rates(config, SweepConfig(0.01, 1.5, 4))
    assert sweep.final_loss.shape == (2, 4) and sweep.lrs.tolist() == lrs.tolist()
    for i, opt in enumerate(BOOK[:2]):
        for j, lr in enumerate(lrs):
            single = run_trajectories(TrajectoryConfig("book", (opt.with_params(lr=lr),),
                                                       (-7.0, 2.0), steps=40))
            if single.diverged_at[0] >= 0:
                assert sweep.diverged_at[i, j] == single.diverged_at[0]
                assert np.isnan(sweep.final_loss[i, j])
            else:
                assert sweep.final_loss[i, j] == pytest.approx(single.losses[0, -1])


def test_first_within_tolerance():
    result = run_trajectories(TrajectoryConfig("book", BOOK, (-7.0, 2.0), steps=300))
    first = result.first_within(0.05)
    for i in range(len(BOOK)):
        k = first[i]
        assert k > 0
        assert np.linalg.norm(result.paths[i, k]) <= 0.05
        assert np.all(np.linalg.norm(result.paths[i, :k], axis=1) > 0.05)


def test_csv_has_the_documented_columns():
    result = run_trajectories(TrajectoryConfig("book", BOOK[:1], (-7.0, 2.0), steps=3))
    lines = trajectories_csv(result).splitlines()
    assert lines[0] == "optimizer,step,x,y,loss,lr"
    assert lines[1].startswith("sgd,0,-7,2,") and len(lines) == 5


@pytest.mark.parametrize("config, message", [
    (TrajectoryConfig("book", (), (0.0, 0.0)), "optimizers must have at least 1 "),
    (TrajectoryConfig("book", BOOK, (0.0, 0.0), steps=0), r"steps must lie in \[1, 5000\] "
                                                          r"\(not 0\)"),
    (TrajectoryConfig("book", BOOK, (0.0, 0.0), steps=5001), r"\(not 5001\)"),
    (TrajectoryConfig("book", BOOK, (float("nan"), 0.0)),
     r"start\[0\] must be a finite number \(not nan\)"),
    (TrajectoryConfig("book", BOOK, (0.0, 0.0), noise=-1.0), "noise must not be negative"),
])
def test_invalid_requests_are_refused(config, message):
    with pytest.raises(ConfigError, match=message):
        run_trajectories(config)


def test_sweep_rejects_bad_learning_rates():
    config = TrajectoryConfig("book", BOOK, (0.0, 0.0))
    with pytest.raises(ConfigError, match=r"lr_low must be positive \(not -1\); lr_count must "
                                          r"lie in \[2, 1000\] \(not 1\)"):
        sweep_learning_rates(config, SweepConfig(-1.0, 1.0, 1))
    with pytest.raises(ConfigError, match="lr_low must be below lr_high"):
        sweep_learning_rates(config, SweepConfig(1.0, 0.1))
    assert len(SweepConfig().lrs()) == 100 and SweepConfig().lrs()[0] == pytest.approx(1e-4)


@pytest.mark.parametrize("text, message", [("cosin", "unknown schedule"),
                                           ("step:gamma=0", "must be positive"),
                                           ("cosine:T_max=nan", "finite"),
                                           ("onecycle:pct_start=2", r"\(0, 1\]"),
                                           ("step:size=3", "no parameter size")])
def test_bad_schedules_get_clear_messages(text, message):
    with pytest.raises(ScheduleError, match=message):
        parse_schedule(text)


def test_schedule_parse_round_trip():
    schedule = parse_schedule("multistep:milestones=10/20,gamma=0.5")
    assert schedule == make_schedule("multistep", milestones=(10.0, 20.0), gamma=0.5)
    assert schedule.factor_curve(25)[[0, 10, 20]].tolist() == [1.0, 0.5, 0.25]
