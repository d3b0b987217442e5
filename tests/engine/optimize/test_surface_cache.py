"""The compiled-surface cache: a launch draws a formula it has compiled before without SymPy,
with exactly the programs SymPy gives; anything stale or damaged is compiled again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from lab.engine.optimize import functions, surface_cache
from lab.engine.optimize.expressions import ExpressionError, parse_expression
from lab.engine.optimize.functions import BUILTIN_FUNCTIONS, builtin_surface
from lab.engine.optimize.programs import CompiledSurface, compile_surface

LAUNCH = textwrap.dedent("""
    import json, sys
    from lab.engine.optimize import surface_compiler
    from lab.engine.optimize.functions import resolve_surface
    surface = resolve_surface(sys.argv[1])
    programs = {part: {"ops": p.ops.tolist(), "args": p.args.tolist(),
                       "consts": p.consts.tolist(), "depth": p.depth}
                for part, p in (("f", surface.compiled.f), ("dfdx", surface.compiled.dfdx),
                                ("dfdy", surface.compiled.dfdy))}
    print(json.dumps({"sympy": "sympy" in sys.modules, "formula": surface.formula,
                      "compiled": surface_compiler._child is not None,
                      "programs": programs}))
""")


def launch(cache, spec: str) -> dict:
    env = {**os.environ, "DESCENT_LAB_KERNEL_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", LAUNCH, spec], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def as_dict(compiled: CompiledSurface) -> dict:
    return {part: {"ops": p.ops.tolist(), "args": p.args.tolist(), "consts": p.consts.tolist(),
                   "depth": p.depth}
            for part, p in (("f", compiled.f), ("dfdx", compiled.dfdx), ("dfdy", compiled.dfdy))}


def fresh(formula: str) -> CompiledSurface:
    """What SymPy compiles the formula to (the reference the cache must reproduce)."""
    return compile_surface(parse_expression(formula).expr)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DESCENT_LAB_KERNEL_CACHE", str(tmp_path))
    functions._build.cache_clear()
    yield tmp_path
    functions._build.cache_clear()


@pytest.mark.parametrize("spec", ["book", "quadratic:kappa=100", " sin(x)*exp(-y**2) + x**2 "])
def test_second_launch_needs_no_sympy_and_gets_sympys_programs(tmp_path, spec):
    first = launch(tmp_path, spec)
    assert first["compiled"]  # a cold cache: parsed and differentiated in the compiler process
    assert not first["sympy"]  # ... and never in the app's
    second = launch(tmp_path, spec)
    assert not second["sympy"] and not second["compiled"]
    assert second["formula"] == first["formula"] == first["formula"].strip()
    assert second["programs"] == first["programs"] == as_dict(fresh(first["formula"]))


def test_every_builtin_round_trips_exactly(cache):
    for name, spec in BUILTIN_FUNCTIONS.items():
        formula = spec.formula.format(**spec.params)
        compiled = fresh(formula)
        surface_cache.store(formula, compiled)
        loaded = surface_cache.load(formula)
        assert loaded is not None, name
        assert as_dict(loaded) == as_dict(compiled), name
        x, y = np.meshgrid(np.linspace(-3, 3, 7), np.linspace(-2, 2, 5))
        for a, b in zip(loaded.gradient(x, y), compiled.gradient(x, y), strict=True):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("damage", [
    lambda d: "{not json",
    lambda d: json.dumps({**d, "formula": "x**2"}),  # another formula's programs
    lambda d: json.dumps({**d, "stamp": "1:0.0:old"}),  # another compiler's
    lambda d: json.dumps({**d, "dfdx": {**d["dfdx"], "ops": [99]}}),  # an unknown opcode
    lambda d: json.dumps({**d, "f": {**d["f"], "ops": d["f"]["ops"][:-1]}}),  # too few ops
    lambda d: json.dumps({**d, "dfdy": {**d["dfdy"], "consts": ["a"]}}),
    lambda d: json.dumps({k: v for k, v in d.items() if k != "f"}),
])
def test_a_damaged_entry_is_compiled_again(cache, damage):
    formula = "x**2/20 + y**2"
    builtin_surface("book")  # compiles and stores
    path = surface_cache.entry_path(formula)
    data = json.loads(path.read_text())
    path.write_text(damage(data))
    assert surface_cache.load(formula) is None
    functions._build.cache_clear()
    surface = builtin_surface("book")  # compiled again, and the entry repaired
    assert as_dict(surface.compiled) == as_dict(fresh(formula))
    assert json.loads(path.read_text()) == data


def test_entries_are_keyed_on_the_compiler(cache, monkeypatch):
    formula = "x**2/20 + y**2"
    builtin_surface("book")
    assert surface_cache.load(formula) is not None
    monkeypatch.setattr(surface_cache, "compiler_stamp", lambda: "1:9.9:another-compiler")
    assert surface_cache.load(formula) is None
    monkeypatch.setattr(surface_cache, "compiler_stamp", lambda: None)  # unknown: no cache
    assert surface_cache.entry_path(formula) is None and surface_cache.load(formula) is None


def test_an_unwritable_cache_only_costs_the_compile(cache, monkeypatch):
    blocked = cache / "a-file"  # a cache "folder" that is a file: no one can write under it
    blocked.write_text("")
    monkeypatch.setenv("DESCENT_LAB_KERNEL_CACHE", str(blocked))
    surface = builtin_surface("book")
    assert as_dict(surface.compiled) == as_dict(fresh("x**2/20 + y**2"))
    assert surface_cache.load("x**2/20 + y**2") is None


def test_rejected_formulas_are_never_stored(cache):
    with pytest.raises(ExpressionError, match=r"log\(0\) is undefined"):
        functions.typed_surface("log(0)*x")
    assert not list(cache.rglob("*.json"))
