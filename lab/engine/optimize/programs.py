"""Sympy expressions as small stack programs (reverse Polish notation).

Why a stack program: the same flat arrays are run vectorised by numpy (contours, losses) and per
point inside the compiled trajectory kernel, with no generated source code and no ``exec``. A
program is three arrays: opcodes, integer arguments (constant indices) and constants.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lab.engine.optimize.expressions import TOO_DEEP, symbols, sympy_module


@dataclass(frozen=True)
class Opcode:
    """One instruction of the stack machine.

    ``arity`` operands are popped and one result pushed (leaves pop none). ``numpy`` is the
    vectorised evaluator used for grids; the compiled kernel (lab.engine.optimize.program_kernel)
    implements the same instruction per point under the same ``code`` and refuses to import if
    a code of this table is missing there. ``sympy`` is the sympy function compiled to it.
    """

    name: str
    code: int
    arity: int
    numpy: Callable | None = None
    sympy: str | None = None


# The one table of opcodes, one row each: name, arity, numpy function, sympy function compiled
# to it. The code of an opcode is its row number. Edge values (nan/inf) follow numpy in both
# evaluators; tests/engine/optimize/test_programs.py checks every row against the kernel.
_ROWS = (
    ("x",      0, None,        None),    # push the point's x
    ("y",      0, None,        None),    # push the point's y
    ("const",  0, None,        None),    # push consts[arg]
    ("add",    2, np.add,      None),
    ("sub",    2, np.subtract, None),
    ("mul",    2, np.multiply, None),
    ("div",    2, np.divide,   None),    # a/0 = ±inf, 0/0 = nan
    ("pow",    2, np.power,    None),    # nan for a < 0 and a fractional exponent
    ("neg",    1, np.negative, None),
    ("sin",    1, np.sin,      "sin"),
    ("cos",    1, np.cos,      "cos"),
    ("tan",    1, np.tan,      "tan"),
    ("exp",    1, np.exp,      "exp"),   # inf above log(max float) ≈ 709.78
    ("log",    1, np.log,      "log"),   # -inf at 0, nan below
    ("sqrt",   1, np.sqrt,     None),    # from sympy's Pow(base, 1/2)
    ("abs",    1, np.abs,      "Abs"),
    ("tanh",   1, np.tanh,     "tanh"),
    ("sinh",   1, np.sinh,     "sinh"),
    ("cosh",   1, np.cosh,     "cosh"),
    ("arctan", 1, np.arctan,   "atan"),
    ("arcsin", 1, np.arcsin,   "asin"),  # nan outside [-1, 1]
    ("arccos", 1, np.arccos,   "acos"),  # nan outside [-1, 1]
    ("sign",   1, np.sign,     "sign"),  # from the derivative of abs
)  # fmt: skip
OPCODES: tuple[Opcode, ...] = tuple(Opcode(name, code, arity, fn, sym)
                                    for code, (name, arity, fn, sym) in enumerate(_ROWS))
# a tuple of ints: numba freezes it as a constant, and the kernel cache stamp
# (lab.engine.jit.kernel_cache) hashes it with the opcode numbers
ARITY: tuple[int, ...] = tuple(op.arity for op in OPCODES)
_CODE = {op.name: op.code for op in OPCODES}
# named codes for the emitter and the kernel (numba reads module-level ints as constants)
OP_X, OP_Y, OP_CONST = _CODE["x"], _CODE["y"], _CODE["const"]
OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW = (_CODE[k] for k in ("add", "sub", "mul", "div", "pow"))
OP_NEG, OP_SIN, OP_COS, OP_TAN, OP_EXP = (_CODE[k] for k in ("neg", "sin", "cos", "tan", "exp"))
OP_LOG, OP_SQRT, OP_ABS, OP_TANH, OP_SINH = (_CODE[k] for k in ("log", "sqrt", "abs", "tanh",
                                                                "sinh"))  # fmt: skip
OP_COSH, OP_ATAN, OP_ASIN, OP_ACOS, OP_SIGN = (_CODE[k] for k in ("cosh", "arctan", "arcsin",
                                                                  "arccos", "sign"))  # fmt: skip
_FROM_SYMPY = {op.sympy: op.code for op in OPCODES if op.sympy is not None}
# longest program accepted: the kernel runs both gradient programs at every step
MAX_PROGRAM = 20_000


class UnsupportedExpression(ValueError):
    """The expression (or its derivative) uses something the stack machine cannot run."""


@dataclass(frozen=True, eq=False)
class Program:
    """A compiled expression: ``ops[i]`` with ``args[i]`` indexing ``consts`` for OP_CONST.

    Checked on construction: every opcode is in :data:`OPCODES`, no instruction pops an empty
    stack, one value is left, and ``depth`` slots suffice; a bad program fails here, not as a
    silent NaN in the kernel.
    """

    ops: np.ndarray  # int64
    args: np.ndarray  # int64
    consts: np.ndarray  # float64
    depth: int  # stack slots needed

    def __post_init__(self) -> None:
        height = deepest = 0
        for op, arg in zip(self.ops.tolist(), self.args.tolist(), strict=True):
            if not 0 <= op < len(OPCODES):
                raise UnsupportedExpression(f"unknown opcode {op}")
            arity = OPCODES[op].arity
            if height < arity:
                raise UnsupportedExpression(f"opcode '{OPCODES[op].name}' finds too few operands")
            if op == OP_CONST and not 0 <= arg < len(self.consts):
                raise UnsupportedExpression(f"constant index {arg} out of range")
            height += 1 - arity
            deepest = max(deepest, height)
        if height != 1 or deepest > self.depth:
            raise UnsupportedExpression("the program does not leave exactly one value")

    def __call__(self, x: np.ndarray | float, y: np.ndarray | float) -> np.ndarray:
        """Evaluate on arrays (broadcast like numpy); invalid points give nan or inf."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        shape = np.broadcast_shapes(x.shape, y.shape)
        stack: list[np.ndarray] = []
        with np.errstate(all="ignore"):
            for op, arg in zip(self.ops.tolist(), self.args.tolist(), strict=True):
                if op == OP_X:
                    stack.append(x)
                elif op == OP_Y:
                    stack.append(y)
                elif op == OP_CONST:
                    stack.append(np.float64(self.consts[arg]))
                elif OPCODES[op].arity == 2:
                    b = stack.pop()
                    stack.append(OPCODES[op].numpy(stack.pop(), b))
                else:
                    stack.append(OPCODES[op].numpy(stack.pop()))
        return np.broadcast_to(stack.pop(), shape).astype(np.float64, copy=True)




def compile_expression(expr) -> Program:
    """Compile a sympy expression in x, y into a :class:`Program`."""
    sp = sympy_module()
    X, Y = symbols()
    ops: list[int] = []
    args: list[int] = []
    consts: list[float] = []
    depth = [0, 0]  # current, maximum

    def push(op: int, arg: int = 0, delta: int = 0) -> None:
        ops.append(op)
        args.append(arg)
        depth[0] += delta
        depth[1] = max(depth[1], depth[0])

    def const(value: float) -> None:
        consts.append(float(value))
        push(OP_CONST, len(consts) - 1, +1)

    def emit(node) -> None:
        if node == X:
            push(OP_X, delta=+1)
        elif node == Y:
            push(OP_Y, delta=+1)
        elif node.is_number:
            try:
                value = complex(node.evalf())
            except (TypeError, ValueError, OverflowError):  # zoo (complex infinity) and kin
                value = complex(np.nan, np.nan)
            if value != value:  # nan: e.g. log(0) * 0 left by differentiation
                raise UnsupportedExpression(
                    "the expression or its gradient is undefined everywhere (it contains "
                    f"{node}, e.g. from log(0) or 0/0)")
            if value.imag != 0:
                raise UnsupportedExpression(
                    f"the expression or its gradient takes the complex value {node}; only real "
                    "functions can be plotted")
            const(value.real)
        elif isinstance(node, sp.Add | sp.Mul):
            terms = node.args
            emit(terms[0])
            for term in terms[1:]:
                emit(term)
                push(OP_ADD if isinstance(node, sp.Add) else OP_MUL, delta=-1)
        elif isinstance(node, sp.Pow):
            base, exponent = node.args
            if exponent == sp.Rational(1, 2):
                emit(base)
                push(OP_SQRT)
            elif exponent == -1:
                const(1.0)
                emit(base)
                push(OP_DIV, delta=-1)
            else:
                emit(base)
                emit(exponent)
                push(OP_POW, delta=-1)
        elif node.func.__name__ in _FROM_SYMPY and len(node.args) == 1:
            emit(node.args[0])
            push(_FROM_SYMPY[node.func.__name__])
        else:
            raise UnsupportedExpression(f"'{node.func.__name__}' cannot be evaluated")

    try:
        emit(sp.sympify(expr))
    except RecursionError:
        raise UnsupportedExpression(TOO_DEEP) from None
    if len(ops) > MAX_PROGRAM:
        raise UnsupportedExpression(
            f"the expression's gradient needs {len(ops)} instructions; the limit is "
            f"{MAX_PROGRAM}: simplify the expression")
    return Program(
        ops=np.asarray(ops, dtype=np.int64),
        args=np.asarray(args, dtype=np.int64),
        consts=np.asarray(consts if consts else [0.0], dtype=np.float64),
        depth=max(depth[1], 1),
    )


@dataclass(frozen=True, eq=False)
class CompiledSurface:
    """f and its analytic gradient (by symbolic differentiation) as programs."""

    f: Program
    dfdx: Program
    dfdy: Program

    def value(self, x, y) -> np.ndarray:
        return self.f(x, y)

    def gradient(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        return self.dfdx(x, y), self.dfdy(x, y)


def compile_surface(expr) -> CompiledSurface:
    """Differentiate ``expr`` symbolically and compile f, df/dx and df/dy."""
    sp = sympy_module()
    X, Y = symbols()
    try:
        gx = sp.diff(expr, X)
        gy = sp.diff(expr, Y)
        for name, g in (("df/dx", gx), ("df/dy", gy)):
            if g.has(sp.DiracDelta, sp.Heaviside, sp.Derivative, sp.Subs):
                raise UnsupportedExpression(f"{name} is not an ordinary function here")
    except RecursionError:  # sympy recurses per nesting level; parse_expression bounds it
        raise UnsupportedExpression(TOO_DEEP) from None
    return CompiledSurface(compile_expression(expr), compile_expression(gx),
                           compile_expression(gy))  # fmt: skip
