"""Our batched trajectories equal a float64 loop with each optimizer's reference (torch.optim,
lion-pytorch, schedulefree), optimizer by optimizer, path and recorded state."""

from __future__ import annotations

import numpy as np
import pytest

from lab.engine.core.optimizers import (
    OPTIMIZERS,
    OptimizerError,
    make_optimizer,
    parse_optimizer,
    torch_kwargs,
)
from lab.engine.core.schedules import SCHEDULES, make_schedule
from lab.engine.optimize.trajectories import TrajectoryConfig, run_trajectories
from tests.engine.torch_reference import reference_class, torch_trajectory

STEPS = 300
# function -> (start, lr for the SGD family, lr for adaptive rules): stable, non-chaotic runs
CASES = {
    "book": ((-7.0, 2.0), 0.5, 0.1),
    "rosenbrock": ((-1.5, 2.0), 1e-3, 0.01),
    "himmelblau": ((0.5, -0.5), 0.01, 0.05),
    "beale": ((1.0, 1.0), 0.01, 0.01),
    "quadratic": ((-7.0, 4.0), 0.05, 0.1),
    "booth": ((-4.0, -2.0), 0.02, 0.1),
}
SGD_FAMILY = {"sgd", "momentum", "nesterov", "schedulefree_sgd"}
# Runs that bounce across a narrow valley are chaotic: a 1e-16 rounding difference grows ~1.2x
# a step, so no two float implementations agree there. These rates keep the runs stable.
# Fixed-length steps (Muon) bouncing around a minimum are chaotic too where the step's
# direction turns on a near-zero component (its step schedule at 0.1 does).
STABLE = {("rmsprop", "rosenbrock"): 1e-3, ("adadelta", "rosenbrock"): 0.1,
          ("adadelta", "beale"): 0.1, ("adafactor", "rosenbrock"): 3e-3, ("muon", "book"): 0.05}


def lr_for(name: str, function: str) -> float:
    if (name, function) in STABLE:
        return STABLE[name, function]
    if name == "adadelta":
        return 1.0
    _, sgd_lr, adaptive_lr = CASES[function]
    return sgd_lr if name in SGD_FAMILY else adaptive_lr


def decay(name: str, weight_decay: float) -> dict:
    """Weight decay where the optimizer has it (torch's Rprop has none)."""
    return {"weight_decay": weight_decay} if "weight_decay" in OPTIMIZERS[name].defaults else {}


def assert_same_path(ours: np.ndarray, ref: np.ndarray) -> None:
    """Relative agreement to 1e-6 at every step (norm-wise, floor 1e-9 near a minimum at 0)."""
    err = np.linalg.norm(ours - ref, axis=-1)
    scale = np.maximum(np.linalg.norm(ref, axis=-1), 1e-3)
    worst = np.max(err / scale)
    assert worst <= 1e-6, f"relative deviation {worst:.3g} at step {np.argmax(err / scale)}"


@pytest.mark.parametrize("function", [  # the book's function in the fast loop, all in `make test`
    f if f == "book" else pytest.param(f, marks=pytest.mark.slow) for f in CASES])
@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_every_optimizer_matches_torch(function, weight_decay):
    start = CASES[function][0]
    configs = tuple(make_optimizer(name, lr=lr_for(name, function), **decay(name, weight_decay))
                    for name in OPTIMIZERS)
    result = run_trajectories(TrajectoryConfig(function, configs, start, steps=STEPS))
    for i, config in enumerate(configs):
        ref, _ = torch_trajectory(function, config, start, STEPS)
        assert result.diverged_at[i] == -1, f"{config.name} diverged on {function}"
        assert_same_path(result.paths[i], ref)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_non_default_hyperparameters_match_torch(name):
    """Flags and secondary hyperparameters (centered, dampening, lr_decay, betas...)."""
    extra = {"momentum": {"momentum": 0.7, "dampening": 0.3}, "nesterov": {"momentum": 0.5},
             "adagrad": {"lr_decay": 0.01, "initial_accumulator_value": 0.1},
             "rmsprop": {"centered": 1.0, "momentum": 0.5, "alpha": 0.9},
             "adam": {"beta1": 0.8, "beta2": 0.99}, "amsgrad": {"beta2": 0.9},
             "adamw": {"weight_decay": 0.05}, "nadam": {"momentum_decay": 0.01},
             "radam": {"beta2": 0.99}, "adadelta": {"rho": 0.8},
             "adamax": {"beta1": 0.8, "beta2": 0.99, "eps": 1e-3},
             "rprop": {"etaminus": 0.3, "etaplus": 1.5, "step_size_max": 0.5,
                       "step_size_min": 1e-3},
             "muon": {"momentum": 0.8, "nesterov": 0.0, "ns_steps": 3, "weight_decay": 0.0},
             "adafactor": {"beta2_decay": -0.5, "eps2": 1e-2, "d": 2.0},
             "lion": {"beta1": 0.8, "beta2": 0.9},
             "schedulefree_sgd": {"momentum": 0.7, "warmup_steps": 20, "r": 1.0,
                                  "weight_lr_power": 1.0},
             "schedulefree_adamw": {"beta1": 0.8, "beta2": 0.99, "warmup_steps": 20,
                                    "r": 0.5}}.get(name, {})
    config = make_optimizer(name, lr=lr_for(name, "book"), **extra)
    result = run_trajectories(TrajectoryConfig("book", (config,), (-7.0, 2.0), steps=STEPS))
    ref, _ = torch_trajectory("book", config, (-7.0, 2.0), STEPS)
    assert_same_path(result.paths[0], ref)


# every schedule's shape (decays at steps and milestones, warm-up, cosine, one cycle) within
# half the trajectory tests' length: every optimizer under every schedule, at half the cost
SCHEDULE_STEPS = STEPS // 2
SCHEDULE_CASES = {
    "constant": {}, "step": {"step_size": 25, "gamma": 0.5},
    "multistep": {"milestones": (30.0, 75.0), "gamma": 0.3}, "exponential": {"gamma": 0.98},
    "cosine": {}, "warmup_cosine": {"warmup": 15, "start_factor": 0.1, "eta_min": 0.001},
    "onecycle": {},
}


@pytest.mark.parametrize("schedule_name", list(SCHEDULE_CASES))
def test_schedules_match_torch_lr_scheduler(schedule_name):
    assert set(SCHEDULE_CASES) == set(SCHEDULES)
    schedule = make_schedule(schedule_name, **SCHEDULE_CASES[schedule_name])
    configs = tuple(make_optimizer(n, lr=lr_for(n, "book")) for n in OPTIMIZERS)
    result = run_trajectories(TrajectoryConfig("book", configs, (-7.0, 2.0),
                                               steps=SCHEDULE_STEPS, schedule=schedule))
    for i, config in enumerate(configs):
        ref, ref_lrs = torch_trajectory("book", config, (-7.0, 2.0), SCHEDULE_STEPS,
                                        schedule=schedule)
        np.testing.assert_allclose(result.lrs[i], ref_lrs, rtol=1e-9, atol=1e-15)
        assert_same_path(result.paths[i], ref)


def test_cosine_beyond_t_max_matches_torch():
    schedule = make_schedule("cosine", T_max=70, eta_min=0.01)
    config = make_optimizer("sgd", lr=0.3)
    result = run_trajectories(TrajectoryConfig("book", (config,), (-7.0, 2.0), steps=STEPS,
                                               schedule=schedule))
    _, ref_lrs = torch_trajectory("book", config, (-7.0, 2.0), STEPS, schedule=schedule)
    np.testing.assert_allclose(result.lrs[0], ref_lrs, rtol=1e-9, atol=1e-15)


def test_clipping_and_noise_match_torch():
    config = make_optimizer("adam", lr=0.1)
    cfg = TrajectoryConfig("book", (config,), (-7.0, 2.0), steps=100, noise=0.5, noise_seed=3,
                           clip_norm=0.7)
    result = run_trajectories(cfg)
    noise = 0.5 * np.random.default_rng(3).standard_normal((100, 2))
    ref, _ = torch_trajectory("book", config, (-7.0, 2.0), 100, clip=0.7, noise=noise)
    assert_same_path(result.paths[0], ref)


def test_registry_uses_the_references_defaults():
    """Every default, as the reference receives it (tuples joined again), is the reference
    signature's default; fixed values (amsgrad, nesterov) name the variant, not a default."""
    import inspect

    for name, spec in OPTIMIZERS.items():
        signature = inspect.signature(reference_class(make_optimizer(name)))
        defaults = {k: v.default for k, v in signature.parameters.items()}
        kwargs = torch_kwargs(make_optimizer(name))
        assert kwargs.keys() <= defaults.keys(), (name, kwargs.keys() - defaults.keys())
        for key, value in kwargs.items():
            if key in spec.fixed:
                continue
            if key == "momentum" and spec.torch_class == "SGD":
                assert value == 0.9  # our momentum/nesterov: torch's SGD with momentum 0.9
            else:
                assert value == defaults[key], (name, key)


@pytest.mark.parametrize("text, message", [
    ("adamm", "unknown optimizer"), ("adam:lr", "expected key=value"),
    ("adam:lr=abc", "not a number"), ("adam:lr=-1", "lr must be positive"),
    ("adam:lr=nan", "finite"), ("sgd:beta1=0.9", "no hyperparameter beta1"),
    ("adam:beta1=1.5", "[0, 1)"), ("rmsprop:centered=0.5", "flag"),
])
def test_bad_optimizer_specs_get_clear_messages(text, message):
    with pytest.raises(OptimizerError, match=message.replace("[", r"\[").replace(")", r"\)")):
        parse_optimizer(text)
