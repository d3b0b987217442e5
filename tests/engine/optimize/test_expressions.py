"""Typed expressions: accepted forms, precise rejections, and nothing is ever evaluated."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lab.engine.optimize.expressions import MAX_LENGTH, ExpressionError, parse_expression
from lab.engine.optimize.functions import typed_surface


@pytest.mark.parametrize("text, x, y, expected", [
    ("x**2/20 + y**2", -7.0, 2.0, 49 / 20 + 4),
    ("sin(x)*cos(y) + 0.1*(x**2+y**2)", 0.5, -1.0, math.sin(0.5) * math.cos(-1) + 0.1 * 1.25),
    ("-x + +y", 1.0, 2.0, 1.0),
    ("exp(-x**2) * log(1 + y**2)", 0.3, 2.0, math.exp(-0.09) * math.log(5)),
    ("sqrt(abs(x)) + tanh(y) + arctan(x*y)", -4.0, 0.5,
     2 + math.tanh(0.5) + math.atan(-2.0)),
    ("pi*x + e*y", 1.0, 1.0, math.pi + math.e),
    ("cosh(x) - sinh(y)", 0.2, 0.3, math.cosh(0.2) - math.sinh(0.3)),
])
def test_valid_expressions_evaluate_like_math(text, x, y, expected):
    surface = typed_surface(text)
    assert surface.value(x, y) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("text", ["x**2/20 + y**2", "sin(x)*cos(y) + 0.1*(x**2+y**2)",
                                  "(1 - x)**2 + 100*(y - x**2)**2", "sqrt(x**2 + y**2 + 1)",
                                  "abs(x) + y**4", "exp(x/3)*cos(y)"])
def test_symbolic_gradients_match_finite_differences(text):
    surface = typed_surface(text)
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-2, 2, 50), rng.uniform(-2, 2, 50)
    h = 1e-6
    fd_x = (surface.value(x + h, y) - surface.value(x - h, y)) / (2 * h)
    fd_y = (surface.value(x, y + h) - surface.value(x, y - h)) / (2 * h)
    gx, gy = surface.gradient(x, y)
    np.testing.assert_allclose(gx, fd_x, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(gy, fd_y, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("text, message", [
    ("x**2 +", "syntax error at the end"),
    ("x ** )", "syntax error at column 6"),
    ("x ** 2 + z", "unknown name 'z'"),
    ("foo(x)", "unknown function 'foo'"),
    ("__import__('os').system('echo hi')", "attribute access"),
    ("__import__('os')", "unknown function '__import__'"),
    ("x.real", "attribute access"),
    ("9**9**9", "too large"),
    ("2**1000 * x", "too large"),
    ("x**(10**10)", "too large"),
    ("1e308*10 + x", "out of range"),
    ("x / 0", "division by zero"),
    ("'a' + x", "only numbers"),
    ("[x, y]", "'List' is not allowed"),
    ("lambda: 1", "'Lambda' is not allowed"),
    ("sin(x, y)", "exactly one argument"),
    ("x if y else 1", "'IfExp' is not allowed"),
    ("x" * (MAX_LENGTH + 1), "limit is 500"),
    ("", "empty"),
    ("log(-1) + x", "undefined"),
])
def test_bad_expressions_get_precise_messages(text, message):
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_expression(text)


def test_long_expression_is_rejected_quickly():
    start = time.perf_counter()
    with pytest.raises(ExpressionError):
        parse_expression("x+" * 5000 + "y")
    assert time.perf_counter() - start < 1.0  # a guard against hanging, not a benchmark


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="xy0123456789+-*/() .,sinexpcoqrtabl_'\"[]", max_size=60))
def test_any_text_is_either_a_surface_or_an_expression_error(text):
    try:
        surface = typed_surface(text)
    except ExpressionError:
        return
    value = surface.value(np.array([0.3, -1.2]), np.array([0.7, 2.0]))
    assert value.shape == (2,)
