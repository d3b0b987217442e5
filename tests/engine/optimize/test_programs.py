"""The opcode table: every opcode runs alike in both evaluators; gradients match torch.optim.

The numpy evaluator (Program.__call__, contours and losses) and the compiled kernel
(program_kernel.run_program, trajectories) implement the same table separately, so each opcode is
run through both on points that include the edges of its domain.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lab.engine.core.optimizers import make_optimizer
from lab.engine.optimize import program_kernel
from lab.engine.optimize.programs import (
    ARITY,
    OP_CONST,
    OP_X,
    OP_Y,
    OPCODES,
    Program,
    UnsupportedExpression,
)
from lab.engine.optimize.trajectories import TrajectoryConfig, run_trajectories
from tests.engine.core.test_optimizers import assert_same_path
from tests.engine.torch_reference import TORCH_FUNCTIONS, torch_trajectory

# x against y: ordinary values, zero, the edges of asin/acos/log/sqrt, overflow, nan and inf
EDGES = np.array([-800.0, -3.7, -1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 2.0, 3.0, 800.0, np.inf,
                  np.nan])
X, Y = (a.ravel() for a in np.meshgrid(EDGES, np.array([-2.5, -1.0, 0.0, 0.5, 2.0, 3.0])))


def program_for(op) -> Program:
    """The smallest program using ``op``: its operands are x (and y)."""
    operands = [OP_X, OP_Y][: op.arity] if op.code not in (OP_X, OP_Y, OP_CONST) else []
    ops = np.array([*operands, op.code], dtype=np.int64)
    return Program(ops, np.zeros_like(ops), np.array([1.75]), depth=max(len(operands), 1))


def run_kernel(program: Program, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    pos = np.ascontiguousarray(np.stack([x, y], axis=1))
    out = np.full((len(x), 2), -12345.0)
    stack = np.empty((program.depth, len(x)))
    program_kernel.run_program(program.ops, program.args, program.consts, pos, stack, out, 1)
    return out[:, 1]


def test_the_table_is_consistent():
    assert [op.code for op in OPCODES] == list(range(len(OPCODES)))
    assert len({op.name for op in OPCODES}) == len(OPCODES)
    assert list(ARITY) == [op.arity for op in OPCODES]
    for op in OPCODES:
        assert (op.numpy is None) == (op.arity == 0), op.name


@pytest.mark.parametrize("op", OPCODES, ids=lambda op: op.name)
def test_every_opcode_agrees_in_both_evaluators(op):
    program = program_for(op)
    with np.errstate(all="ignore"):
        if op.arity == 0:
            expected = {OP_X: X, OP_Y: Y, OP_CONST: np.full_like(X, 1.75)}[op.code]
        else:
            expected = op.numpy(*(X, Y)[: op.arity])
    np.testing.assert_array_equal(program(X, Y), expected)
    np.testing.assert_allclose(run_kernel(program, X, Y), expected, rtol=1e-14, atol=0,
                               equal_nan=True)


def test_a_missing_opcode_is_an_error_in_both_evaluators():
    unknown = len(OPCODES)
    with pytest.raises(UnsupportedExpression, match=f"unknown opcode {unknown}"):
        Program(np.array([OP_X, unknown]), np.zeros(2, np.int64), np.zeros(1), depth=1)
    with pytest.raises(UnsupportedExpression, match="too few operands"):
        Program(np.array([OP_X, OPCODES[-1].code, 3]), np.zeros(3, np.int64), np.zeros(1), 1)
    bypass = object.__new__(Program)  # raw arrays reaching the kernel without the table check
    for name, value in (("ops", np.array([OP_X, unknown])), ("args", np.zeros(2, np.int64)),
                        ("consts", np.zeros(1)), ("depth", 1)):
        object.__setattr__(bypass, name, value)
    with pytest.raises(ValueError, match="opcode missing"):
        run_kernel(bypass, X, Y)


MIXED = ("0.05*(x**2 + y**2) + sin(x)*cos(y) + exp(-x**2/8) + log(1 + y**2)"
         " + sqrt(1 + x**2 + y**2) + tanh(x*y) + arctan(x - y)")


def _mixed_torch(x, y):
    return (0.05 * (x**2 + y**2) + torch.sin(x) * torch.cos(y) + torch.exp(-x**2 / 8)
            + torch.log(1 + y**2) + torch.sqrt(1 + x**2 + y**2) + torch.tanh(x * y)
            + torch.atan(x - y))


@pytest.mark.parametrize("name, lr", [("sgd", 0.05), ("momentum", 0.02), ("adam", 0.05),
                                      ("rmsprop", 0.01), ("adagrad", 0.2), ("nadam", 0.05),
                                      ("radam", 0.05), ("adadelta", 1.0)])
def test_trajectory_kernel_matches_torch_on_every_function_opcode(monkeypatch, name, lr):
    """sin, cos, exp, log, sqrt, tanh, arctan: symbolic gradients vs torch autograd."""
    monkeypatch.setitem(TORCH_FUNCTIONS, MIXED, _mixed_torch)
    config = make_optimizer(name, lr=lr)
    start = (1.3, -0.8)
    result = run_trajectories(TrajectoryConfig(MIXED, (config,), start, steps=200))
    ref, _ = torch_trajectory(MIXED, config, start, 200)
    assert result.diverged_at[0] == -1
    assert np.linalg.norm(ref[-1] - ref[0]) > 0.1  # the run really moved
    assert_same_path(result.paths[0], ref)
