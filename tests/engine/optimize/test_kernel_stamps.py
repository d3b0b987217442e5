"""The trajectory loop's cached code includes the program interpreter and the newer update rules
it calls (numba links them in), and both live in other modules: the loop's cache stamp must
still change when they or the opcode table change, or a launch would load a stale loop."""

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


def test_loop_stamp_changes_with_the_newer_rules(monkeypatch):
    """The newer update rules live in kernel_rules (linked into the loop like the
    interpreter): an edit there recompiles the loop."""
    from lab.engine.optimize import kernel_rules

    assert kernel_rules.CODE_STAMP == module_stamp("lab.engine.optimize.kernel_rules")
    before = function_stamp(kernels.integrate.py_func)
    monkeypatch.setattr(kernel_rules, "CODE_STAMP", "an edited rule")
    assert function_stamp(kernels.integrate.py_func) != before
