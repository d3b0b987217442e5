"""The checks a typed function passes before SymPy sees it: length, syntax, size, nesting and an
allow-list of what may appear, each refusal naming what was refused and its column.

Why apart from :mod:`lab.engine.optimize.expressions`: nothing here needs SymPy, so the process
that asks for a function (the window, the CLI) answers a typo at once, and only text that could
be a function goes on to be built and differentiated, which happens in the compiler process
with a time and memory budget (:mod:`lab.engine.optimize.surface_compiler`).

Learners type ``x^2`` for a power: ``^`` is read as ``**``. It cannot be left to Python, whose
``^`` is an exclusive or that binds more loosely than ``+`` (``x^2 + y^2`` would be
``x ^ (2 + y) ^ 2``), so it is replaced in the text before parsing; columns in messages are
counted in the text as typed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

MAX_LENGTH = 500
# Nesting levels (see _check_shape): the book's and the built-in functions need at most 6. At 20
# the slowest shapes still differentiate in well under a second and use under a third of the
# stack.
MAX_DEPTH = 20
MAX_NODES = 200  # numbers, names, operators and calls
VARIABLES = ("x", "y")
CONSTANT_NAMES = ("pi", "e")
FUNCTION_NAMES = ("sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh",
                  "arctan", "atan", "arcsin", "asin", "arccos", "acos")  # fmt: skip
TOO_DEEP = "the expression is nested too deeply to be differentiated"
ALLOWED = "numbers, x, y, pi, e, + - * / and ** or ^ for powers"

# what the user typed, in words: never Python's internal node names ('BinOp', 'Mod')
_OPERATORS = {
    ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.BitOr: "|", ast.BitAnd: "&",
    ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>", ast.Invert: "~", ast.Not: "not",
    ast.And: "and", ast.Or: "or", ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=",
    ast.Gt: ">", ast.GtE: ">=", ast.Is: "is", ast.IsNot: "is not", ast.In: "in",
    ast.NotIn: "not in",
}  # fmt: skip
_CONSTRUCTS = {
    ast.List: "a list '[...]'", ast.Tuple: "a comma-separated list", ast.Set: "braces '{...}'",
    ast.Dict: "braces '{...}'", ast.Subscript: "indexing '[...]'", ast.Lambda: "'lambda'",
    ast.IfExp: "'if ... else'", ast.NamedExpr: "the operator ':='", ast.Starred: "'*' unpacking",
    ast.JoinedStr: "text", ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension", ast.Await: "'await'",
    ast.Yield: "'yield'", ast.YieldFrom: "'yield'", ast.Slice: "a slice ':'",
}  # fmt: skip
_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


class ExpressionError(ValueError):
    """A typed expression was rejected; the message says why and where."""


@dataclass(frozen=True, eq=False)
class CheckedText:
    """Text that passed every check here: its parse tree, and where each node was typed."""

    text: str  # as typed, less surrounding whitespace
    body: ast.expr
    source: str  # what Python parsed: '^' written as '**'
    columns: tuple[int, ...]  # 1-based column as typed of each character of ``source``

    def column(self, offset: int) -> int:
        """The column in the typed text of ``source[offset]`` (past the end: one past it)."""
        if offset < len(self.columns):
            return self.columns[offset]
        return self.columns[-1] + 1

    def where(self, node: ast.AST) -> str:
        """" at column N" for ``node``: for an operator, where the operator itself was typed."""
        offset = operator_offset(self.source, node)
        return self.start(node) if offset is None else f" at column {self.column(offset)}"

    def start(self, node: ast.AST) -> str:
        """" at column N" where ``node`` starts (for messages that quote it whole)."""
        offset = getattr(node, "col_offset", None)
        if offset is None:
            return ""
        return f" at column {self.column(_characters(self.source, offset))}"


def operator_offset(source: str, node: ast.AST) -> int | None:
    """Where ``node``'s operator starts in ``source`` (None: ``node`` has none to point at)."""
    if isinstance(node, ast.BinOp):
        left, symbol = node.left, _SYMBOLS.get(type(node.op)) or _OPERATORS[type(node.op)]
    elif isinstance(node, ast.Compare):
        left, symbol = node.left, _OPERATORS[type(node.ops[0])]
    elif isinstance(node, ast.BoolOp):
        left, symbol = node.values[0], _OPERATORS[type(node.op)]
    else:
        return None
    # past closing brackets and spaces
    found = source.find(symbol, _characters(source, left.end_col_offset))
    return None if found < 0 else found


def _characters(source: str, utf8_offset: int) -> int:
    """ast counts columns in UTF-8 bytes; messages count characters."""
    return len(source.encode()[:utf8_offset].decode(errors="ignore"))


def check_text(text) -> CheckedText:
    """Refuse what cannot be a function of x and y, without SymPy and without recursing.

    Raises
    ------
    ExpressionError
        With a one-line message naming the problem (and the column where there is one).
    """
    if not isinstance(text, str):
        raise ExpressionError(f"the expression must be text, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"the expression is {len(text)} characters long; the limit is {MAX_LENGTH}")
    stripped = text.strip()
    if not stripped:
        raise ExpressionError("the expression is empty")
    checked = _translated(stripped, len(text) - len(text.lstrip()))
    try:
        tree = ast.parse(checked.source, mode="eval")
    except SyntaxError as err:
        # offset None or past the end means the text ended too early
        ended = not err.offset or err.offset > len(checked.source)
        where = ("at the end of the expression" if ended
                 else f"at column {checked.column(err.offset - 1)}")
        raise ExpressionError(f"syntax error {where}: {err.msg}") from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError("the expression could not be parsed") from None
    checked = CheckedText(stripped, tree.body, checked.source, checked.columns)
    _check_shape(tree.body)
    _check_nodes(checked)
    return checked


def _translated(text: str, lead: int) -> CheckedText:
    """``text`` with '^' as '**' and line breaks and tabs as spaces (one line, same columns),
    and the column of each character as typed (``lead`` spaces stripped before it)."""
    source, columns = [], []
    for column, char in enumerate(text, start=lead + 1):
        python = "**" if char == "^" else " " if char in "\t\r\n\f\v" else char
        source.append(python)
        columns += [column] * len(python)
    return CheckedText(text, ast.Constant(0), "".join(source), tuple(columns))


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
        if isinstance(node, ast.expr_context | ast.operator | ast.unaryop | ast.cmpop
                      | ast.boolop):
            continue
        nodes += 1
        if nodes > MAX_NODES:
            raise ExpressionError(
                f"the expression has more than {MAX_NODES} numbers, names and operators")
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
            f"and each switch between + - and * /); the limit is {MAX_DEPTH}")


def _check_nodes(checked: CheckedText) -> None:
    """Every node on the allow-list; the first refusal in reading order is reported."""
    nodes = sorted(ast.walk(checked.body), key=lambda n: getattr(n, "col_offset", 0))
    called = {id(node.func) for node in nodes if isinstance(node, ast.Call)}
    for node in nodes:
        problem = "" if id(node) in called else _problem(node)
        if problem:
            raise ExpressionError(problem.format(where=checked.where(node)))


def _problem(node: ast.AST) -> str:
    """What is wrong with ``node`` ('{where}' stands for its column), or ''."""
    if isinstance(node, ast.expr_context | ast.operator | ast.unaryop | ast.cmpop | ast.boolop):
        return ""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"only numbers are allowed{{where}}, not {_shown(repr(value))}"
        return ""
    if isinstance(node, ast.Name):
        if node.id in VARIABLES or node.id in CONSTANT_NAMES:
            return ""
        return f"unknown name '{_shown(node.id)}'{{where}}; use x, y, pi, e"
    if isinstance(node, ast.BinOp | ast.UnaryOp | ast.BoolOp):
        op = type(node.op)
        if op in _ARITHMETIC or op in (ast.USub, ast.UAdd):
            return ""
        return f"the operator '{_OPERATORS[op]}'{{where}} is not allowed; use {ALLOWED}"
    if isinstance(node, ast.Compare):
        op = _OPERATORS[type(node.ops[0])]
        return f"the comparison '{op}'{{where}} is not allowed; a function gives one number"
    if isinstance(node, ast.Call):
        return _call_problem(node)
    if isinstance(node, ast.Attribute):
        return f"attribute access ('.{_shown(node.attr)}') is not allowed{{where}}"
    what = _CONSTRUCTS.get(type(node), "this construct")
    return f"{what}{{where}} is not allowed; use {ALLOWED}"


def _call_problem(node: ast.Call) -> str:
    if isinstance(node.func, ast.Attribute):
        return f"attribute access ('.{_shown(node.func.attr)}') is not allowed{{where}}"
    if not isinstance(node.func, ast.Name):
        return "only named functions can be called{where}"
    name = node.func.id
    if name not in FUNCTION_NAMES:
        allowed = ", ".join(sorted(FUNCTION_NAMES))
        return f"unknown function '{_shown(name)}'{{where}}; allowed: {allowed}"
    if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
        return f"{name}() takes exactly one argument{{where}}"
    return ""


def _shown(text: str) -> str:
    """A piece of the user's text for a message: short, braces doubled for str.format."""
    text = text if len(text) <= 40 else text[:37] + "..."
    return text.replace("{", "{{").replace("}", "}}")
