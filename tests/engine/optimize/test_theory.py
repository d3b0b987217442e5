"""The quadratic theory against its closed forms, against SymPy's Hessian, and against the
trajectories the compiled kernel computes."""

import math

import numpy as np
import pytest
import sympy

from lab.engine.core.optimizers import parse_optimizer
from lab.engine.core.schedules import parse_schedule
from lab.engine.optimize.functions import builtin_surface, resolve_surface
from lab.engine.optimize.theory import (
    TheoryError,
    hessian,
    local_theory,
    observed_errors,
    predicted_errors,
)
from lab.engine.optimize.trajectories import TrajectoryConfig, run_trajectories


def test_the_books_bowl_has_the_figures_of_the_closed_forms():
    theory = local_theory(builtin_surface("book"))  # H = diag(0.1, 2)
    assert theory.at_minimum and theory.quadratic and theory.convex
    assert np.allclose(theory.eigenvalues, [0.1, 2.0], rtol=1e-9)
    assert np.allclose(np.abs(theory.eigenvectors), np.eye(2), atol=1e-9)
    assert theory.condition == pytest.approx(20.0, rel=1e-9)
    assert theory.stability_limit == pytest.approx(1.0, rel=1e-9)
    assert theory.best_lr == pytest.approx(2 / 2.1, rel=1e-9)  # 0.952: the book's 0.95
    assert theory.best_contraction == pytest.approx(19 / 21, rel=1e-9)
    lr, beta, rate = theory.heavy_ball
    assert (round(lr, 3), round(beta, 3), round(rate, 3)) == (1.336, 0.403, 0.635)
    assert rate == pytest.approx(math.sqrt(beta))
    assert theory.critical_momentum(0.5, 2.0) == pytest.approx(0.0)  # √(0.5·2) = 1


def test_the_hessian_equals_sympys_away_from_any_minimum():
    x, y = sympy.symbols("x y")
    formula = "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2"
    exact = sympy.hessian(sympy.sympify(formula), (x, y))
    point = (0.7, -1.3)
    expected = np.array(exact.subs({x: point[0], y: point[1]}).evalf(), dtype=float)
    assert np.allclose(hessian(builtin_surface("beale"), point), expected, rtol=1e-7)


def test_rosenbrock_at_its_minimum_is_not_a_quadratic():
    theory = local_theory(builtin_surface("rosenbrock"))
    assert np.allclose(theory.hessian, [[802, -400], [-400, 200]], rtol=1e-7)
    assert not theory.quadratic and theory.condition > 2500


def test_a_saddle_has_no_condition_number_and_needs_a_point():
    with pytest.raises(TheoryError, match="no known minimum"):
        local_theory(builtin_surface("saddle"))
    theory = local_theory(builtin_surface("saddle"), (0.0, 0.0))
    assert np.allclose(theory.eigenvalues, [-2.0, 2.0])
    assert not theory.convex and theory.condition is None and theory.best_lr is None
    assert theory.heavy_ball is None and theory.stability_limit == pytest.approx(1.0)
    assert theory.to_dict()["condition_number"] is None


def _run(optimizer: str, steps: int, schedule: str = "constant", function: str = "book"):
    config = TrajectoryConfig(function, (parse_optimizer(optimizer),), (-7.0, 2.0), steps,
                              parse_schedule(schedule))
    return run_trajectories(config)


@pytest.mark.parametrize("lr, diverges", [(1.01, True), (0.99, False)])
def test_gd_diverges_just_above_the_stability_limit_and_converges_just_below(lr, diverges):
    result = _run(f"sgd:lr={lr}", 1000)
    assert (result.diverged_at[0] >= 0) == diverges
    if not diverges:
        assert np.abs(result.paths[0, -1]).max() < 1e-8


@pytest.mark.parametrize("optimizer, momentum, schedule", [
    ("sgd:lr=0.95", 0.0, "constant"),
    ("sgd:lr=0.3", 0.0, "cosine:T_max=60"),
    ("momentum:lr=0.1,momentum=0.9", 0.9, "constant"),
    ("momentum:lr=1.336,momentum=0.403", 0.403, "constant"),
    ("nesterov:lr=0.2,momentum=0.8", 0.8, "step:step_size=10,gamma=0.5"),
])
def test_predicted_error_per_eigendirection_equals_the_observed_one(optimizer, momentum,
                                                                    schedule):
    for function in ("book", "quadratic:kappa=50", "booth"):
        surface = resolve_surface(function)
        theory = local_theory(surface)
        result = _run(optimizer, 60, schedule, function)
        name = optimizer.split(":")[0]
        predicted = predicted_errors(theory, (-7.0, 2.0), result.lrs[0], name, momentum)
        observed = observed_errors(theory, result.paths[0])
        finite = np.isfinite(observed).all(1)  # up to a divergence, which both then show
        assert finite[:3].all(), function
        # rounding scales with the larger component: eigen-axes need not be the x and y axes
        scale = np.maximum(1.0, observed[finite].max(1, keepdims=True))
        assert np.all(np.abs(predicted[finite] - observed[finite]) <= 1e-9 * scale), function
        at = result.diverged_at[0]
        if at >= 0:  # the kernel stops a run far outside the view: so did the model
            assert predicted[at].max() > surface.divergence_bound / 2, function


def test_the_heavy_ball_optimum_beats_the_best_fixed_rate():
    theory = local_theory(builtin_surface("book"))
    lr, beta, rate = theory.heavy_ball
    gd = predicted_errors(theory, (-7.0, 2.0), np.full(100, theory.best_lr))
    heavy = predicted_errors(theory, (-7.0, 2.0), np.full(100, lr), "momentum", beta)
    assert heavy[-1].max() < gd[-1].max() * 1e-3
    assert gd[-1, 0] == pytest.approx(7 * theory.best_contraction**100, rel=1e-9)


def test_optimizers_without_a_closed_form_are_refused():
    theory = local_theory(builtin_surface("book"))
    with pytest.raises(TheoryError, match="closed form"):
        predicted_errors(theory, (1.0, 1.0), np.full(3, 0.1), "adam")
