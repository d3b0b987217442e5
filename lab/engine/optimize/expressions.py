"""Typed functions f(x, y): an ``ast`` allow-list turned into a sympy expression.

User text is never evaluated. It is parsed with :func:`ast.parse`, every node is checked
against a short allow-list, and the tree is rebuilt node by node as a sympy expression. Constant
sub-expressions are folded with plain floats first so that ``9**9**9`` is rejected before sympy
could try to compute it exactly. The tree's size and nesting depth are bounded before sympy sees
it: sympy recurses about twenty Python frames per level when it differentiates, so a 230-character
continued fraction ``x/(1+x/(1+...))`` would exhaust the interpreter's stack. sympy is imported on
first use: it costs half a second, which a launch should not wait for (formulas compiled before
come from :mod:`lab.engine.optimize.surface_cache` without it).
"""

from __future__ import annotations

import ast
import math
import sys
from dataclasses import dataclass
from functools import cache

from lab.engine.core.imports import import_once

MAX_LENGTH = 500
MAX_CONSTANT_EXPONENT = 64.0
# Nesting levels (see _shape): the book's and the built-in functions need at most 6. At 20 the
# slowest shapes still differentiate in well under a second and use under a third of the stack.
MAX_DEPTH = 20
MAX_NODES = 200  # numbers, names, operators and calls

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
    _check_shape(tree.body)
    try:
        expr = _Builder().build(tree.body)
        sp = sympy_module()
        undefined = expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo)
    except RecursionError:
        raise ExpressionError(TOO_DEEP) from None
    if undefined:
        raise ExpressionError("the expression is undefined (division by zero or infinity)")
    return ParsedExpression(text=stripped, expr=expr)


TOO_DEEP = "the expression is nested too deeply to be differentiated"
_FAMILY = {ast.Add: "+", ast.Sub: "+", ast.Mult: "*", ast.Div: "*"}


def _check_shape(root: ast.AST) -> None:
    """Refuse trees larger than MAX_NODES or nested deeper than MAX_DEPTH, without recursing.

    A level is a function call, a unary sign, a power, or a switch between the additive and
    the multiplicative operators: ``a + b - c + d`` is one level (sympy flattens it into one
    Add), ``x/(1 + x/(1 + x))`` is four. Parentheses alone add nothing.
    """
    nodes = 0
    deepest = 0
    pending: list[tuple[ast.AST, int, str | None]] = [(root, 0, None)]
    while pending:
        node, depth, parent_family = pending.pop()
        if isinstance(node, ast.expr_context | ast.operator | ast.unaryop):
            continue
        nodes += 1
        if nodes > MAX_NODES:
            raise ExpressionError(
                f"the expression has more than {MAX_NODES} numbers, names and operators"
            )
        family = None
        if isinstance(node, ast.BinOp):
            family = _FAMILY.get(type(node.op))
            depth += 0 if family is not None and family == parent_family else 1
        elif isinstance(node, ast.Call | ast.UnaryOp):
            depth += 1
        deepest = max(deepest, depth)
        pending.extend((child, depth, family) for child in ast.iter_child_nodes(node))
    if deepest > MAX_DEPTH:
        raise ExpressionError(
            f"the expression is nested {deepest} levels deep (function calls, powers, signs "
            f"and each switch between + - and * /); the limit is {MAX_DEPTH}"
        )


class _Builder:
    """Rebuilds an allow-listed AST as sympy, folding constants to catch huge powers."""

    def __init__(self):
        self.sp = sympy_module()

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
        if op is ast.Pow and lv is not None and rv is None and lv <= 0:
            raise ExpressionError(_variable_power_of(lv, node.right, where))
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
            except ValueError:
                raise ExpressionError(f"{name}({value:g}) is undefined{where}") from None
            except OverflowError:
                raise ExpressionError(f"{name}({value:g}) is too large{where}") from None
            if not math.isfinite(folded):
                raise ExpressionError(f"{name}({value:g}) is too large{where}")
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
        if op is ast.Pow:
            raise ExpressionError(
                f"0**{b:g}{where} is undefined (zero to a negative power)"
            ) from None
        raise ExpressionError(f"division by zero{where}") from None
    except OverflowError:
        raise ExpressionError(f"number out of range{where}") from None
    if isinstance(value, complex):
        raise ExpressionError(
            f"({a:g})**{b:g}{where} is not a real number (a negative base needs a whole-number "
            "exponent)"
        )
    if not math.isfinite(value):
        raise ExpressionError(f"number out of range{where}")
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
