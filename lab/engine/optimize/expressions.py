"""Typed functions f(x, y): an ``ast`` allow-list turned into a sympy expression.

User text is never evaluated. It is parsed with :func:`ast.parse`, every node is checked
against a short allow-list, and the tree is rebuilt node by node as a sympy expression. Constant
sub-expressions are folded with plain floats first so that ``9**9**9`` is rejected before sympy
could try to compute it exactly. sympy is imported on first use: it costs half a second, which
the window's first paint should not wait for.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from functools import cache

MAX_LENGTH = 500
MAX_CONSTANT_EXPONENT = 64.0

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
VARIABLES = ("x", "y")


@cache
def symbols():
    """The real symbols x and y (sympy imported here, on first use)."""
    import sympy

    return sympy.symbols("x y", real=True)

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


class ExpressionError(ValueError):
    """A typed expression was rejected; the message says why and where."""


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
    if not isinstance(text, str):
        raise ExpressionError("the expression must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"the expression is {len(text)} characters long; the limit is {MAX_LENGTH}"
        )
    stripped = text.strip()
    if not stripped:
        raise ExpressionError("the expression is empty")
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as err:
        # offset 0 means the text ended too early
        where = f"at column {err.offset}" if err.offset else "at the end of the expression"
        raise ExpressionError(f"syntax error {where}: {err.msg}") from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError("the expression could not be parsed") from None
    try:
        expr = _Builder().build(tree.body)
    except RecursionError:
        raise ExpressionError("the expression is nested too deeply") from None
    import sympy as sp

    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ExpressionError("the expression is undefined (division by zero or infinity)")
    return ParsedExpression(text=stripped, expr=expr)


class _Builder:
    """Rebuilds an allow-listed AST as sympy, folding constants to catch huge powers."""

    def __init__(self):
        import sympy

        self.sp = sympy

    def build(self, node: ast.AST):
        return self._visit(node)[0]

    def _visit(self, node: ast.AST) -> tuple[object, float | None]:
        """Return the sympy form and, for a constant sub-expression, its float value."""
        col = getattr(node, "col_offset", None)
        where = f" at column {col + 1}" if col is not None else ""
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ExpressionError(f"only numbers are allowed{where}, not {value!r}")
            if isinstance(value, float) and not math.isfinite(value):
                raise ExpressionError(f"number out of range{where}")
            if isinstance(value, int) and abs(value) > 10**15:
                raise ExpressionError(f"integer too large{where}")
            sym = self.sp.Integer(value) if isinstance(value, int) else self.sp.Float(value)
            return sym, float(value)
        if isinstance(node, ast.Name):
            if node.id in VARIABLES:
                return symbols()[VARIABLES.index(node.id)], None
            if node.id in CONSTANTS:
                name, value = CONSTANTS[node.id]
                return getattr(self.sp, name), value
            raise ExpressionError(f"unknown name '{node.id}'{where}; use x, y, pi, e")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            expr, value = self._visit(node.operand)
            if isinstance(node.op, ast.USub):
                return -expr, (None if value is None else -value)
            return expr, value
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return self._binary(node, where)
        if isinstance(node, ast.Call):
            return self._call(node, where)
        if isinstance(node, ast.Attribute):
            raise ExpressionError(f"attribute access ('.{node.attr}') is not allowed{where}")
        raise ExpressionError(f"'{type(node).__name__}' is not allowed{where}")

    def _binary(self, node: ast.BinOp, where: str) -> tuple[object, float | None]:
        left, lv = self._visit(node.left)
        right, rv = self._visit(node.right)
        op = type(node.op)
        if op is ast.Pow and rv is not None and abs(rv) > MAX_CONSTANT_EXPONENT:
            raise ExpressionError(
                f"exponent {rv:g}{where} is too large (limit {MAX_CONSTANT_EXPONENT:g})"
            )
        value = None
        if lv is not None and rv is not None:
            value = _fold(op, lv, rv, where)
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
        return left**right, value

    def _call(self, node: ast.Call, where: str) -> tuple[object, float | None]:
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute):
                raise ExpressionError(
                    f"attribute access ('.{node.func.attr}') is not allowed{where}"
                )
            raise ExpressionError(f"only named functions can be called{where}")
        name = node.func.id
        if name not in FUNCTIONS:
            allowed = ", ".join(sorted(FUNCTIONS))
            raise ExpressionError(f"unknown function '{name}'{where}; allowed: {allowed}")
        if node.keywords or len(node.args) != 1:
            raise ExpressionError(f"{name}() takes exactly one argument{where}")
        arg, value = self._visit(node.args[0])
        folded = None
        if value is not None:
            try:
                folded = float(_FLOAT_FUNCTIONS[name](value))
            except (ValueError, OverflowError):
                raise ExpressionError(f"{name}({value:g}) is undefined{where}") from None
        return getattr(self.sp, FUNCTIONS[name])(arg), folded


def _fold(op: type, a: float, b: float, where: str) -> float:
    """Evaluate a constant binary operation on floats, rejecting overflow."""
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
        raise ExpressionError(f"division by zero{where}") from None
    except OverflowError:
        raise ExpressionError(f"number out of range{where}") from None
    if isinstance(value, complex) or not math.isfinite(value):
        raise ExpressionError(f"number out of range{where}")
    return float(value)
