"""The trajectory loop's cached code includes the program interpreter it calls (numba links it
in), and the interpreter lives in another module: the loop's cache stamp must still change
when the interpreter or the opcode table changes, or a launch would load a stale loop."""

from __future__ import annotations

from lab.engine.jit.code_stamps import module_stamp
from lab.engine.jit.kernel_cache import function_stamp
from lab.engine.optimize import kernels, program_kernel


def test_interpreter_stamp_covers_its_code_and_the_opcode_table():
    assert program_kernel.CODE_STAMP is not None
    assert program_kernel.CODE_STAMP == module_stamp("lab.engine.optimize.program_kernel",
                                                     "lab.engine.optimize.programs")


def test_loop_stamp_changes_with_the_interpreter(monkeypatch):
    before = function_stamp(kernels.integrate.py_func)
    assert function_stamp(kernels.integrate.py_func) == before  # deterministic
    monkeypatch.setattr(program_kernel, "CODE_STAMP", "an edited interpreter")
    assert function_stamp(kernels.integrate.py_func) != before
