"""Typed expressions: accepted forms, precise rejections, and nothing is ever evaluated."""

from __future__ import annotations

import math
import re
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lab.engine.optimize import expression_syntax, expressions
from lab.engine.optimize.expressions import (
    MAX_DEPTH,
    MAX_LENGTH,
    ExpressionError,
    parse_expression,
)
from lab.engine.optimize.functions import typed_surface
from lab.engine.optimize.programs import UnsupportedExpression, compile_surface


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
    ("[x, y]", "a list '[...]' at column 1 is not allowed"),
    ("lambda: 1", "'lambda' at column 1 is not allowed"),
    ("sin(x, y)", "exactly one argument"),
    ("x if y else 1", "'if ... else' at column 1 is not allowed"),
    ("x" * (MAX_LENGTH + 1), "limit is 500"),
    ("", "empty"),
    ("log(-1) + x", "undefined"),
    ("0**x", "0**x at column 1 is undefined where the exponent is <= 0"),
    ("y + 0**(x - 1)", "0**(x - 1) at column 5 is undefined"),
    ("(-1)**x", "(-1)**x at column 1 is not a real number unless the exponent is a whole"),
    ("(-8)**(1/3)*x", "(-8)**0.333333 at column 1 is not a real number"),
    ("0**(-1) + x", "0**-1 at column 1 is undefined (zero to a negative power)"),
    ("exp(1000)*x", "exp(1000) is too large"),
    ("sqrt(-2)*x", "sqrt(-2) is undefined"),
])
def test_bad_expressions_get_precise_messages(text, message):
    with pytest.raises(ExpressionError, match=re.escape(message)):
        parse_expression(text)


def test_long_expression_is_rejected_quickly():
    start = time.perf_counter()
    with pytest.raises(ExpressionError, match="10001 characters long; the limit is 500"):
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


def continued_fraction(levels: int) -> str:
    text = "x"
    for _ in range(levels):
        text = f"x/(1+{text})"
    return text


@pytest.mark.parametrize("text, message", [
    (continued_fraction(38), "nested 76 levels deep"),  # 229 characters: sympy's diff recursed
    ("sin(" * 30 + "x" + ")" * 30, "nested 30 levels deep"),
    ("-" * 300 + "x", "more than 200 numbers, names and operators"),
    ("x+" * 150 + "y", "more than 200"),
    ("x" + "**x" * 40, "nested 40 levels deep"),
    ("(x + y)*" * 5000 + "x", "the limit is 500"),  # 40 kB
])
def test_deep_or_large_expressions_are_refused_before_sympy(monkeypatch, text, message):
    def no_sympy():
        raise AssertionError("sympy reached")

    monkeypatch.setattr(expressions, "_Builder", no_sympy)
    with pytest.raises(ExpressionError, match=re.escape(message)):
        typed_surface(text)


def test_the_deepest_allowed_expressions_compile():
    half = MAX_DEPTH // 2  # two levels per step: a call or division, then a + or -
    with pytest.raises(ExpressionError, match=f"nested {MAX_DEPTH + 2} levels"):
        parse_expression(continued_fraction(half + 1))
    for text in (continued_fraction(half), "exp(x*(" * half + "y" + "))" * half,
                 "tanh(y-" * half + "x" + ")" * half, "sin(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH):
        surface = typed_surface(text)
        assert np.all(np.isfinite(surface.gradient(np.array([0.3]), np.array([0.2]))))


def test_recursion_inside_sympy_is_a_clean_refusal(monkeypatch):
    """The safety net under the depth bound: sympy's RecursionError becomes ExpressionError."""
    import sympy

    monkeypatch.setattr(expression_syntax, "MAX_DEPTH", 10_000)
    monkeypatch.setattr(expression_syntax, "MAX_NODES", 10_000)
    sympy.core.cache.clear_cache()  # cached sub-derivatives would shorten the recursion
    text = continued_fraction(60).replace("1+", "7+")
    with pytest.raises((ExpressionError, UnsupportedExpression), match="nested too deeply"):
        compile_surface(parse_expression(text).expr)  # in this process: the patch holds


NUMBER = st.sampled_from(["x", "y", "0", "1", "2.5", "pi", "e", "-1", "0.0"])


def _nest(inner):
    unary = st.sampled_from(["sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh",
                             "cosh", "arctan", "arcsin", "arccos", "-", ""])
    ops = st.sampled_from(["+", "-", "*", "/", "**"])
    return st.one_of(st.builds(lambda f, a: f"{f}({a})", unary, inner),
                     st.builds(lambda a, o, b: f"({a}){o}({b})", inner, ops, inner))


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.recursive(NUMBER, _nest, max_leaves=40), st.text(max_size=80)))
def test_any_text_is_a_function_or_an_expression_error(text):
    """Never another exception (RecursionError, TypeError from sympy, ...), however nested."""
    try:
        surface = typed_surface(text)
    except ExpressionError as err:
        assert str(err) and "\n" not in str(err)
        return
    value = surface.value(np.array([0.3, -1.2]), np.array([0.7, 2.0]))
    assert value.shape == (2,)
