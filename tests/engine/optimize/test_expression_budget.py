"""Issue 16, 6 and 15: powers hidden behind simplification, the compiler's time and memory
budget, and refusals that name what the user typed ('^' for powers, operators in words, the
column where they typed it)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from lab.engine.optimize.expressions import ExpressionError, parse_expression
from lab.engine.optimize.functions import typed_surface


@pytest.mark.parametrize("text, message", [
    # sympy folds x - x + N to N, then computed 2**N exactly: 3 GB and no end
    ("2**(x-x+999999999999999)", "the exponent at column 5 simplifies to 1e+15, too large"),
    ("(2*x)**(y/y*999999999999999)", "the exponent at column 9 simplifies to 1e+15"),
    ("3**(x-x+100000000)", "the exponent at column 5 simplifies to 1e+08"),
    ("x + (y - y + 2)**(x - x + 65)", "the exponent at column 19 simplifies to 65"),
    # each exponent small, the numbers they build not: 2**(64**4) has 5 million digits
    ("((((2*x)**64)**64)**64)**64", "the power at column 14 gives a number of more than 1,233"),
    ("(" + "*".join(["(x-x+10**15)"] * 6) + ")**64", "gives a number of more than 1,233 digits"),
])  # fmt: skip
def test_powers_hidden_behind_simplification_are_refused(text, message):
    """Through the compiler process (the budget stops a regression instead of hanging here)."""
    with pytest.raises(ExpressionError, match=re.escape(message)):
        typed_surface(text)


def test_the_bound_holds_as_sympy_forms_each_power():
    """In this process too (what the compiler process runs), and small powers still work."""
    with pytest.raises(ExpressionError, match="simplifies to 1e\\+15"):
        parse_expression("2**(x-x+999999999999999)")
    assert str(parse_expression("2**(x - x + 10) * y").expr) == "1024*y"
    assert str(parse_expression("(x-x+1000000000000000)**(1/3)").expr) == "100000"


def test_a_compile_past_its_time_budget_is_stopped_and_the_compiler_replaced():
    from lab.engine.optimize import surface_compiler

    formula = "sin(x*y)*exp(-x**2)*tanh(y**3 + x)*cosh(x/(1 + y**2)) + 0.125*x"
    with pytest.raises(ExpressionError, match=r"took longer than 0\.001 s \(the limit\)"):
        surface_compiler.compile_formula(formula, seconds=0.001)
    assert surface_compiler._child is None  # killed, not left running
    compiled = surface_compiler.compile_formula(formula)  # a new compiler, the full budget
    assert np.isfinite(compiled.f(np.array([0.5]), np.array([0.25]))).all()


def test_a_compile_past_its_memory_budget_is_stopped():
    from lab.engine.optimize import surface_compiler

    # five such terms: one alone sometimes fitted in the heap the imports had left free
    formula = " + ".join(f"sin({k}*x*y)*exp(-x**2/{k})*tanh(y**3 + {k}*x)"
                         f"*cosh(x/({k} + y**2))" for k in range(1, 6)) + " + 0.375*y"
    with pytest.raises(ExpressionError, match=r"needed more than 1 MiB of memory \(the limit\)"):
        surface_compiler.compile_formula(formula, memory=2**20)
    assert surface_compiler._child is None
    surface_compiler.compile_formula(formula)


@pytest.mark.parametrize("text", ["x^2 + y^2", "x ^ 2 + y^ 2", "x**2 + y^2"])
def test_caret_is_the_power_operator(text):
    surface = typed_surface(text)
    x, y = np.array([1.5, -2.0]), np.array([0.5, 3.0])
    np.testing.assert_allclose(surface.value(x, y), x**2 + y**2)


@pytest.mark.parametrize("text, message", [
    ("x % 2", "the operator '%' at column 3 is not allowed; use numbers, x, y, pi, e, "
              "+ - * / and ** or ^ for powers"),
    ("x^2 % y", "the operator '%' at column 5"),  # columns as typed, though '^' became '**'
    ("  (x + 1) // 2", "the operator '//' at column 11"),
    ("x @ y", "the operator '@' at column 3"),
    ("(x + 1) & y", "the operator '&' at column 9"),
    ("not x", "the operator 'not' at column 1"),
    ("x < y", "the comparison '<' at column 3"),
    ("x and y", "the operator 'and' at column 3"),
    ("x[0]", "indexing '[...]' at column 1"),
    ("x^^2", "syntax error at column 3"),
])  # fmt: skip
def test_refusals_name_the_operator_and_its_column(text, message):
    with pytest.raises(ExpressionError, match=re.escape(message)) as raised:
        typed_surface(text)
    assert not re.search(r"BinOp|Mod|Compare|UnaryOp|BoolOp|Subscript", str(raised.value))
