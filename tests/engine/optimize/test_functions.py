"""Built-in test functions: known minima really are minima, gradients are right."""

import numpy as np
import pytest

from lab.engine.optimize.expressions import ExpressionError
from lab.engine.optimize.functions import BUILTIN_FUNCTIONS, builtin_surface, resolve_surface

NAMED = ["book", "rosenbrock", "beale", "himmelblau", "rastrigin", "saddle", "booth", "quadratic"]


def test_registry_holds_the_issue_functions():
    assert set(NAMED) <= set(BUILTIN_FUNCTIONS)


@pytest.mark.parametrize("name", NAMED)
def test_minima_have_zero_gradient_and_are_local_minima(name):
    surface = builtin_surface(name)
    xmin, xmax, ymin, ymax = surface.box
    assert xmin < xmax and ymin < ymax
    for mx, my in surface.minima:
        gx, gy = surface.gradient(mx, my)
        assert abs(gx) < 1e-4 and abs(gy) < 1e-4
        angles = np.linspace(0, 2 * np.pi, 16, endpoint=False)
        ring = surface.value(mx + 1e-2 * np.cos(angles), my + 1e-2 * np.sin(angles))
        assert np.all(ring > surface.value(mx, my))


def test_book_function_and_gradient_match_the_book():
    surface = builtin_surface("book")
    assert surface.value(-7.0, 2.0) == pytest.approx(49 / 20 + 4)
    gx, gy = surface.gradient(-7.0, 2.0)
    assert (gx, gy) == (pytest.approx(-0.7), pytest.approx(4.0))


def test_saddle_has_no_minimum_and_quadratic_takes_kappa():
    assert builtin_surface("saddle").minima == ()
    quad = resolve_surface("quadratic:kappa=100")
    gx, gy = quad.gradient(1.0, 1.0)
    assert (gx, gy) == (pytest.approx(1.0), pytest.approx(100.0))


@pytest.mark.parametrize("spec, message", [("quadratic:kapa=3", "no parameter kapa"),
                                           ("book:a=1", "no parameter a"),
                                           ("quadratic:kappa=x", "not a number")])
def test_bad_builtin_parameters(spec, message):
    with pytest.raises(ExpressionError, match=message):
        resolve_surface(spec)


def test_value_on_a_grid_has_the_grid_shape():
    surface = builtin_surface("rastrigin")
    xs, ys = np.meshgrid(np.linspace(-5, 5, 30), np.linspace(-5, 5, 20))
    assert surface.value(xs, ys).shape == (20, 30)
