"""Sympy expressions as small stack programs (reverse Polish notation).

Why a stack program: the same flat arrays are run vectorised by numpy (contours, losses) and per
point inside the compiled trajectory kernel, with no generated source code and no ``exec``. A
program is three arrays: opcodes, integer arguments (constant indices) and constants.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from lab.engine.optimize.expressions import symbols

# opcodes shared with lab.engine.optimize.kernels (keep the numbers in sync)
OP_X, OP_Y, OP_CONST = 0, 1, 2
OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW, OP_NEG = 3, 4, 5, 6, 7, 8
OP_SIN, OP_COS, OP_TAN, OP_EXP, OP_LOG, OP_SQRT, OP_ABS = 10, 11, 12, 13, 14, 15, 16
OP_TANH, OP_SINH, OP_COSH, OP_ATAN, OP_ASIN, OP_ACOS, OP_SIGN = 17, 18, 19, 20, 21, 22, 23

_UNARY_OPS = {
    "sin": OP_SIN, "cos": OP_COS, "tan": OP_TAN, "exp": OP_EXP, "log": OP_LOG,
    "Abs": OP_ABS, "tanh": OP_TANH, "sinh": OP_SINH, "cosh": OP_COSH,
    "atan": OP_ATAN, "asin": OP_ASIN, "acos": OP_ACOS, "sign": OP_SIGN,
}  # fmt: skip
_NUMPY_UNARY = {
    OP_SIN: np.sin, OP_COS: np.cos, OP_TAN: np.tan, OP_EXP: np.exp, OP_LOG: np.log,
    OP_SQRT: np.sqrt, OP_ABS: np.abs, OP_TANH: np.tanh, OP_SINH: np.sinh, OP_COSH: np.cosh,
    OP_ATAN: np.arctan, OP_ASIN: np.arcsin, OP_ACOS: np.arccos, OP_SIGN: np.sign,
}  # fmt: skip
_NUMPY_BINARY = {OP_ADD: np.add, OP_SUB: np.subtract, OP_MUL: np.multiply,
                 OP_DIV: np.divide, OP_POW: np.power}  # fmt: skip


class UnsupportedExpression(ValueError):
    """The expression (or its derivative) uses something the stack machine cannot run."""


@dataclass(frozen=True, eq=False)
class Program:
    """A compiled expression: ``ops[i]`` with ``args[i]`` indexing ``consts`` for OP_CONST."""

    ops: np.ndarray  # int64
    args: np.ndarray  # int64
    consts: np.ndarray  # float64
    depth: int  # stack slots needed

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
                elif op in _NUMPY_BINARY:
                    b = stack.pop()
                    stack.append(_NUMPY_BINARY[op](stack.pop(), b))
                elif op == OP_NEG:
                    stack.append(np.negative(stack.pop()))
                else:
                    stack.append(_NUMPY_UNARY[op](stack.pop()))
        return np.broadcast_to(stack.pop(), shape).astype(np.float64, copy=True)


@cache
def _sympy():
    import sympy

    return sympy


def compile_expression(expr) -> Program:
    """Compile a sympy expression in x, y into a :class:`Program`."""
    sp = _sympy()
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
            value = complex(node.evalf())
            if value.imag != 0:
                raise UnsupportedExpression(f"complex constant {node}")
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
        elif node.func.__name__ in _UNARY_OPS and len(node.args) == 1:
            emit(node.args[0])
            push(_UNARY_OPS[node.func.__name__])
        else:
            raise UnsupportedExpression(f"'{node.func.__name__}' cannot be evaluated")

    emit(sp.sympify(expr))
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
    sp = _sympy()
    X, Y = symbols()
    gx = sp.diff(expr, X)
    gy = sp.diff(expr, Y)
    for name, g in (("df/dx", gx), ("df/dy", gy)):
        if g.has(sp.DiracDelta, sp.Heaviside, sp.Derivative, sp.Subs):
            raise UnsupportedExpression(f"{name} is not an ordinary function here")
    return CompiledSurface(compile_expression(expr), compile_expression(gx),
                           compile_expression(gy))  # fmt: skip
