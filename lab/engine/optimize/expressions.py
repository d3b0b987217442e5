"""Typed functions f(x, y): an ``ast`` allow-list turned into a sympy expression.

User text is never evaluated. It passes the checks of
:mod:`lab.engine.optimize.expression_syntax` (syntax, size, nesting, an allow-list), then the tree
is rebuilt node by node as a sympy expression. Constant sub-expressions are folded with plain
floats first so that ``9**9**9`` is rejected before sympy could try to compute it exactly.

Why every power is checked again as sympy forms it: sympy simplifies as it builds, so
``x - x + 999999999999999`` *is* the integer 999999999999999, and ``2**(x - x + 999999999999999)``
would be computed exactly (gigabytes, for hours) the moment it is formed. So before a power is
formed its exponent is bounded whatever it simplified to, and every number sympy is left holding
is bounded in size (:data:`MAX_NUMBER_BITS`): nothing huge is ever constructed. The compiler
process adds a time and memory budget on top (:mod:`lab.engine.optimize.surface_compiler`).
sympy is imported on first use: it costs half a second, which a launch should not wait for.
"""

from __future__ import annotations

import ast
import math
import sys
from dataclasses import dataclass
from functools import cache

from lab.engine.core.imports import import_once
from lab.engine.optimize.expression_syntax import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_NODES,
    TOO_DEEP,
    VARIABLES,
    CheckedText,
    ExpressionError,
    check_text,
)

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "MAX_NODES", "TOO_DEEP", "ExpressionError",
           "ParsedExpression", "parse_expression", "symbols", "sympy_module"]

MAX_CONSTANT_EXPONENT = 64.0
# The largest number (numerator or denominator) sympy may hold, in bits: float64 ends near 2**1024,
# so anything past 4096 bits is no use to a plot, and a power of it (at most the 64th) stays a
# fraction of a millisecond to compute.
MAX_NUMBER_BITS = 4096

# name the user types -> name of the sympy function; aliases follow numpy and math spellings
FUNCTIONS: dict[str, str] = {
    "sin": "sin", "cos": "cos", "tan": "tan", "exp": "exp", "log": "log", "sqrt": "sqrt",
    "abs": "Abs", "tanh": "tanh", "sinh": "sinh", "cosh": "cosh",
    "arctan": "atan", "atan": "atan", "arcsin": "asin", "asin": "asin",
    "arccos": "acos", "acos": "acos",
}  # fmt: skip
# the same functions on plain floats, for folding constant sub-expressions
_FLOAT_FUNCTIONS = {
    "sin": math.sin, "cos": math.cos, "tan": math.tan, "exp": math.exp, "log": math.log,
    "sqrt": math.sqrt, "abs": abs, "tanh": math.tanh, "sinh": math.sinh, "cosh": math.cosh,
    "arctan": math.atan, "atan": math.atan, "arcsin": math.asin, "asin": math.asin,
    "arccos": math.acos, "acos": math.acos,
}  # fmt: skip
CONSTANTS = {"pi": ("pi", math.pi), "e": ("E", math.e)}


def sympy_module():
    """SymPy, imported on first use through :func:`import_once` (one thread at a time: the
    surface and trajectory workers may both want it first, and an import racing another
    thread's can see a half-initialised module)."""
    import_once("sympy")
    return sys.modules["sympy"]


@cache
def symbols():
    """The real symbols x and y."""
    return sympy_module().symbols("x y", real=True)


@dataclass(frozen=True)
class ParsedExpression:
    """A validated expression: the user's text and its sympy form."""

    text: str
    expr: object  # sympy.Expr


def parse_expression(text: str) -> ParsedExpression:
    """Validate ``text`` and return its sympy expression in x and y.

    Raises
    ------
    ExpressionError
        With a one-line message naming the problem (and the column where there is one).
    """
    checked = check_text(text)
    try:
        expr = _Builder(checked).build(checked.body)
        sp = sympy_module()
        undefined = expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo)
    except RecursionError:
        raise ExpressionError(TOO_DEEP) from None
    if undefined:
        raise ExpressionError("the expression is undefined (division by zero or infinity)")
    return ParsedExpression(text=checked.text, expr=expr)


class _Builder:
    """Rebuilds an allow-listed AST as sympy, folding constants to catch huge powers, and
    bounding every power sympy forms (see the module's docstring)."""

    def __init__(self, checked: CheckedText):
        self.sp = sympy_module()
        self.checked = checked

    def build(self, node: ast.AST):
        return self._visit(node)[0]

    def _visit(self, node: ast.AST) -> tuple[object, float | None]:
        """Return the sympy form and, for a constant sub-expression, its float value."""
        where = self.checked.where(node)
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, float) and not math.isfinite(value):
                raise ExpressionError(f"number out of range{where}")
            if isinstance(value, int) and abs(value) > 10**15:
                raise ExpressionError(f"integer too large{where}")
            sym = self.sp.Integer(value) if isinstance(value, int) else self.sp.Float(value)
            return sym, float(value)
        if isinstance(node, ast.Name):
            if node.id in VARIABLES:
                return symbols()[VARIABLES.index(node.id)], None
            name, value = CONSTANTS[node.id]
            return getattr(self.sp, name), value
        if isinstance(node, ast.UnaryOp):
            expr, value = self._visit(node.operand)
            if isinstance(node.op, ast.USub):
                return -expr, (None if value is None else -value)
            return expr, value
        if isinstance(node, ast.BinOp):
            return self._binary(node, where)
        if isinstance(node, ast.Call):
            return self._call(node, where)
        raise ExpressionError(f"this construct{where} is not allowed")  # check_text let it by

    def _binary(self, node: ast.BinOp, where: str) -> tuple[object, float | None]:
        left, lv = self._visit(node.left)
        right, rv = self._visit(node.right)
        op = type(node.op)
        if op is ast.Pow and rv is not None and abs(rv) > MAX_CONSTANT_EXPONENT:
            raise ExpressionError(f"exponent {rv:g}{self.checked.start(node.right)} is too large "
                                  f"(limit {MAX_CONSTANT_EXPONENT:g})")
        if op is ast.Pow and lv is not None and rv is None and lv <= 0:
            raise ExpressionError(_variable_power_of(lv, node.right, self.checked.start(node)))
        value = None
        if lv is not None and rv is not None:
            value = _fold(op, lv, rv, self.checked.start(node), where)
        if op is ast.Add:
            return left + right, value
        if op is ast.Sub:
            return left - right, value
        if op is ast.Mult:
            return left * right, value
        if op is ast.Div:
            if rv == 0:
                raise ExpressionError(f"division by zero{where}")
            return left / right, value
        return self._power(left, right, node), value

    def _power(self, base, exponent, node: ast.BinOp):
        """``base**exponent``, refused before it is formed when sympy would compute a huge
        number: an exponent that simplified to a number beyond the limit, or numbers that
        grew past MAX_NUMBER_BITS."""
        if not exponent.free_symbols:
            try:
                value = complex(exponent.evalf())
            except (TypeError, ValueError, OverflowError):
                value = complex(math.inf)
            if not (abs(value) <= MAX_CONSTANT_EXPONENT):
                shown = f"{value.real:g}" if value.imag == 0 else "not a real number"
                where = self.checked.start(node.right)
                raise ExpressionError(f"the exponent{where} simplifies to {shown}, too large "
                                      f"(limit {MAX_CONSTANT_EXPONENT:g})")
        self._check_numbers(base, node)
        power = base**exponent
        self._check_numbers(power, node)
        return power

    def _check_numbers(self, expr, node: ast.BinOp) -> None:
        for number in expr.atoms(self.sp.Number):
            if isinstance(number, self.sp.Rational):
                bits = max(abs(number.p).bit_length(), abs(number.q).bit_length())
            else:  # a Float: its exponent is unbounded in sympy, not in float64
                bits = 0 if math.isfinite(float(number)) else MAX_NUMBER_BITS + 1
            if bits > MAX_NUMBER_BITS:
                raise ExpressionError(
                    f"the power{self.checked.where(node)} gives a number of more than "
                    f"{int(MAX_NUMBER_BITS * math.log10(2)):,} digits, too large to compute with")

    def _call(self, node: ast.Call, where: str) -> tuple[object, float | None]:
        name = node.func.id
        arg, value = self._visit(node.args[0])
        folded = None
        if value is not None:
            try:
                folded = float(_FLOAT_FUNCTIONS[name](value))
            except ValueError:
                raise ExpressionError(f"{name}({value:g}) is undefined{where}") from None
            except OverflowError:
                raise ExpressionError(f"{name}({value:g}) is too large{where}") from None
            if not math.isfinite(folded):
                raise ExpressionError(f"{name}({value:g}) is too large{where}")
        return getattr(self.sp, FUNCTIONS[name])(arg), folded


def _fold(op: type, a: float, b: float, where: str, operator: str) -> float:
    """Evaluate a constant binary operation on floats, rejecting overflow (``where``: the
    operation's start, ``operator``: its operator's column)."""
    try:
        if op is ast.Add:
            value = a + b
        elif op is ast.Sub:
            value = a - b
        elif op is ast.Mult:
            value = a * b
        elif op is ast.Div:
            value = a / b
        else:
            value = a**b
    except ZeroDivisionError:
        if op is ast.Pow:
            raise ExpressionError(
                f"0**{b:g}{where} is undefined (zero to a negative power)"
            ) from None
        raise ExpressionError(f"division by zero{operator}") from None
    except OverflowError:
        raise ExpressionError(f"number out of range{operator}") from None
    if isinstance(value, complex):
        raise ExpressionError(
            f"({a:g})**{b:g}{where} is not a real number (a negative base needs a whole-number "
            "exponent)"
        )
    if not math.isfinite(value):
        raise ExpressionError(f"number out of range{operator}")
    return float(value)


def _variable_power_of(base: float, exponent: ast.AST, where: str) -> str:
    """Why ``base**f(x, y)`` with a constant base <= 0 cannot be plotted or differentiated."""
    power = ast.unparse(exponent)
    power = power if len(power) <= 20 else "(...)"
    power = power if isinstance(exponent, ast.Name | ast.Constant) else f"({power})"
    if base == 0:
        return (f"0**{power}{where} is undefined where the exponent is <= 0 and has no "
                "gradient anywhere (d/dx 0**x = 0**x·log 0); use a positive base")
    return (f"({base:g})**{power}{where} is not a real number unless the exponent is a whole "
            "number, so it has no gradient; use a positive base")
