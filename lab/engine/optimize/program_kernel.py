"""The compiled interpreter of the gradient's stack programs: one program at many points.

Why a module of its own: it is the stack machine of :mod:`lab.engine.optimize.programs` in
machine code (one opcode dispatch per point array, numpy's results at the edges), an idea apart
from the optimizer updates of :mod:`lab.engine.optimize.kernels` that call it once per step.

Why :data:`CODE_STAMP`: the kernel cache (:mod:`lab.engine.jit.kernel_cache`) stamps a kernel
with the code of the kernels it calls *in its own module* and with the simple constants of the
``lab`` modules it names; numba links the compiled :func:`run_program` into ``integrate``'s
cached code. So ``kernels`` calls it as ``PK.run_program`` and this module publishes a stamp of
its own code and of the opcode table: an edit here (or to the table) recompiles ``integrate``
too, never loading a stale copy. Releases the GIL like the loop that calls it.
"""

from __future__ import annotations

import math

from numba import njit

from lab.engine.jit.code_stamps import module_stamp
from lab.engine.jit.kernel_cache import prepare_target
from lab.engine.optimize import programs as P

# numba's CPU target loads here, without the SciPy import it would make on the first call
prepare_target()

# what the compiled program interpreter computes (this module and the opcode table it reads):
# a constant the stamps of the kernels that call run_program include (see the docstring)
CODE_STAMP = module_stamp(__name__, P.__name__)


@njit(cache=True, nogil=True)
def run_program(ops, args, consts, pos, stack, out, col):
    """Evaluate one program at every point pos[i] into out[i, col]; stack is (depth, n)."""
    n = pos.shape[0]
    top = -1
    for k in range(ops.shape[0]):
        op = ops[k]
        if op < 0 or op >= len(P.ARITY):
            raise ValueError("opcode missing from the compiled kernel")
        if op == P.OP_X or op == P.OP_Y:
            top += 1
            for i in range(n):
                stack[top, i] = pos[i, op]  # OP_X == 0, OP_Y == 1: the column
        elif op == P.OP_CONST:
            top += 1
            stack[top, :] = consts[args[k]]
        elif op <= P.OP_POW:  # the binary opcodes (the table's order is checked below)
            top -= 1
            a = stack[top]
            b = stack[top + 1]
            if op == P.OP_ADD:
                for i in range(n):
                    a[i] = a[i] + b[i]
            elif op == P.OP_SUB:
                for i in range(n):
                    a[i] = a[i] - b[i]
            elif op == P.OP_MUL:
                for i in range(n):
                    a[i] = a[i] * b[i]
            elif op == P.OP_DIV:
                for i in range(n):
                    a[i] = _div(a[i], b[i])
            elif op == P.OP_POW:
                for i in range(n):
                    a[i] = _pow(a[i], b[i])
            else:
                raise ValueError("opcode missing from the compiled kernel")
        else:
            a = stack[top]
            for i in range(n):
                a[i] = _unary(op, a[i])
    for i in range(n):
        out[i, col] = stack[0, i]


@njit(cache=True, nogil=True, inline="always")
def _div(a, b):
    if b != 0.0:
        return a / b
    if a == 0.0 or a != a:
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1.0, b)


@njit(cache=True, nogil=True, inline="always")
def _pow(a, b):
    if b == 2.0:
        return a * a
    if a < 0.0 and b != math.floor(b):
        return math.nan
    if a == 0.0 and b < 0.0:
        return math.inf
    try_big = math.log(abs(a)) * b if a != 0.0 else -math.inf
    if try_big > 709.0:
        return math.inf if (a > 0.0 or b % 2.0 == 0.0) else -math.inf
    return a**b


@njit(cache=True, nogil=True, inline="always")
def _unary(op, v):
    """One unary opcode of the table in programs.py, with numpy's results at the edges.

    Guards keep overflow and domain errors quiet (inf or nan as numpy gives them); thresholds
    are where the result leaves the float64 range (log of the largest double, ≈ 709.78).
    """
    if op == P.OP_NEG:
        return -v
    if op == P.OP_SIN:
        return math.sin(v) if math.isfinite(v) else math.nan
    if op == P.OP_COS:
        return math.cos(v) if math.isfinite(v) else math.nan
    if op == P.OP_TAN:
        return math.tan(v) if math.isfinite(v) else math.nan
    if op == P.OP_EXP:
        return math.inf if v > 709.782712893384 else math.exp(v)
    if op == P.OP_LOG:
        return math.log(v) if v > 0.0 else (-math.inf if v == 0.0 else math.nan)
    if op == P.OP_SQRT:
        return math.sqrt(v) if v >= 0.0 else math.nan
    if op == P.OP_ABS:
        return abs(v)
    if op == P.OP_TANH:
        return math.tanh(v)
    if op == P.OP_SINH:
        return math.copysign(math.inf, v) if abs(v) > 710.4758600739439 else math.sinh(v)
    if op == P.OP_COSH:
        return math.inf if abs(v) > 710.4758600739439 else math.cosh(v)
    if op == P.OP_ATAN:
        return math.atan(v)
    if op == P.OP_ASIN:
        return math.asin(v) if abs(v) <= 1.0 else math.nan
    if op == P.OP_ACOS:
        return math.acos(v) if abs(v) <= 1.0 else math.nan
    if op == P.OP_SIGN:
        return v if (v == 0.0 or v != v) else math.copysign(1.0, v)
    raise ValueError("opcode missing from the compiled kernel")


# The unary opcodes _unary implements. Importing fails when the table in programs.py has one
# the kernel lacks (or the reverse): a missing opcode must never evaluate to a silent NaN.
_KERNEL_UNARY = {P.OP_NEG, P.OP_SIN, P.OP_COS, P.OP_TAN, P.OP_EXP, P.OP_LOG, P.OP_SQRT,
                 P.OP_ABS, P.OP_TANH, P.OP_SINH, P.OP_COSH, P.OP_ATAN, P.OP_ASIN, P.OP_ACOS,
                 P.OP_SIGN}  # fmt: skip
_KERNEL_BINARY = {P.OP_ADD, P.OP_SUB, P.OP_MUL, P.OP_DIV, P.OP_POW}
if {(op.code, op.arity) for op in P.OPCODES if op.arity} != {
    *((c, 1) for c in _KERNEL_UNARY), *((c, 2) for c in _KERNEL_BINARY)
}:
    raise ImportError("the opcode table (programs.OPCODES) and the compiled kernel disagree")
# run_program dispatches on the code's position (indexing P.ARITY there cost 5% per step):
# leaves x, y, const first (x and y are the coordinate columns), then binary, then unary
if P.ARITY != tuple(0 if c <= P.OP_CONST else 2 if c <= P.OP_POW else 1
                    for c in range(len(P.OPCODES))) or (P.OP_X, P.OP_Y) != (0, 1):
    raise ImportError("programs.OPCODES must list x, y, const, then binary, then unary opcodes")
