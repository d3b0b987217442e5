"""The kernel cache: in the folder the app controls, kept across edits that change no kernel,
dropped when a kernel (or a constant it reads) changes. Each launch is a fresh process, as a
user's would be; numba's dispatcher counts its cache hits and misses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from lab.engine.jit.kernel_cache import code_stamp

KERNEL = '''\
"""A probe module: one cached kernel and a constant it reads."""
import numpy as np
from numba import njit

SCALE = {scale}
{above}

@njit(cache=True)
def step(x):
    """Docstring {doc}."""
    return x * SCALE + {offset}
'''

LAUNCH = textwrap.dedent("""
    import importlib.util, json, sys
    import lab  # as the app does first: chooses the cache locator
    spec = importlib.util.spec_from_file_location("lab.kernelprobe", sys.argv[1])
    module = importlib.util.module_from_spec(spec)
    sys.modules["lab.kernelprobe"] = module
    spec.loader.exec_module(module)
    value = module.step(2.0)
    stats = module.step.stats
    print(json.dumps({"value": value, "hits": sum(stats.cache_hits.values()),
                      "misses": sum(stats.cache_misses.values()),
                      "path": module.step._cache.cache_path}))
""")


def launch(tmp_path, cache, **parts) -> dict:
    source = KERNEL.format(**{"scale": 3, "above": "", "doc": "one", "offset": 1, **parts})
    (tmp_path / "kernelprobe.py").write_text(source)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_CACHE")}
    env["DESCENT_LAB_KERNEL_CACHE"] = str(cache)
    done = subprocess.run([sys.executable, "-c", LAUNCH, str(tmp_path / "kernelprobe.py")],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_cache_survives_edits_that_change_no_kernel(tmp_path):
    cache = tmp_path / "cache"
    first = launch(tmp_path, cache)
    assert first == {"value": 7.0, "hits": 0, "misses": 1,
                     "path": str(cache / "lab.kernelprobe")}
    assert any(cache.joinpath("lab.kernelprobe").glob("kernelprobe.step-lab.*.nbi"))
    # comments, blank lines and a helper above it move the kernel; its docstring changes
    moved = launch(tmp_path, cache, doc="two",
                   above="# a comment\n\ndef helper(values):\n    return sorted(values)\n\n")
    assert moved["value"] == 7.0 and moved["hits"] == 1 and moved["misses"] == 0


@pytest.mark.slow
def test_a_changed_kernel_or_constant_compiles_again(tmp_path):
    cache = tmp_path / "cache"
    assert launch(tmp_path, cache)["misses"] == 1
    body = launch(tmp_path, cache, offset=5)
    assert body["value"] == 11.0 and body["misses"] == 1
    constant = launch(tmp_path, cache, offset=5, scale=4)
    assert constant["value"] == 13.0 and constant["misses"] == 1


def test_stamp_ignores_lines_comments_docstrings_but_not_code():
    def stamp(source: str) -> str:
        module = compile(source, "kernels.py", "exec")
        code = next(c for c in module.co_consts if getattr(c, "co_name", "") == "f")
        return code_stamp(code, module, {"__doc__": None})

    base = stamp("def g(x):\n    return x\n\ndef f(x):\n    'doc'\n    return g(x) + 1\n")
    assert stamp("\n\n# note\ndef h():\n    pass\n\ndef g(x):\n    return x\n\n"
                 "def f(x):\n    'other doc'\n    # why\n    return g(x) + 1\n") == base
    assert stamp("def g(x):\n    return x\n\ndef f(x):\n    'doc'\n    return g(x) + 2\n") != base
    # a change in a kernel it calls
    assert stamp("def g(x):\n    return -x\n\ndef f(x):\n    'doc'\n    return g(x) + 1\n") != base
    # a decorator option
    assert stamp("def g(x):\n    return x\n\n@njit(fastmath=True)\ndef f(x):\n    'doc'\n"
                 "    return g(x) + 1\n") != base


NO_SCIPY = textwrap.dedent("""
    import json, sys
    import numpy as np
    from numba import njit
    from lab.engine.optimize.presets import OPTIMIZER_PRESETS
    from lab.engine.optimize.trajectories import run_trajectories
    result = run_trajectories(OPTIMIZER_PRESETS["book-fig-6-8"].config)
    after_kernels = "scipy.linalg" in sys.modules

    @njit
    def inner(a, b):
        return np.dot(a, b)  # a BLAS call: numba imports SciPy's BLAS now

    value = inner(np.arange(3.0), np.arange(3.0))
    print(json.dumps({"scipy_linalg": after_kernels, "dot": value,
                      "blas_now": "scipy.linalg.cython_blas" in sys.modules,
                      "final": result.final_points().tolist()}))
""")


@pytest.mark.slow
def test_kernels_load_without_scipy_and_blas_still_works():
    """numba's CPU target checks for SciPy's BLAS when it first loads (0.4 s of a launch);
    prepare_target loads it with SciPy hidden, and a kernel that does call BLAS still gets it."""
    done = subprocess.run([sys.executable, "-c", NO_SCIPY], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["scipy_linalg"] is False
    assert out["dot"] == 5.0 and out["blas_now"]
    # the book's Adam after 30 steps (Fig. 6-8) ends near the minimum, as it should
    assert len(out["final"]) == 4 and all(abs(x) < 1.0 and abs(y) < 1.0
                                          for x, y in out["final"][2:])


def test_module_stamp_ignores_lines_and_comments_but_not_code(tmp_path, monkeypatch):
    import importlib

    from lab.engine.jit import code_stamps

    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # no .pyc outliving an edit

    def stamp(source: str) -> str:
        (tmp_path / "stampprobe.py").write_text(source)
        sys.modules.pop("stampprobe", None)
        importlib.invalidate_caches()
        importlib.import_module("stampprobe")
        code_stamps.module_code.cache_clear()
        try:
            return code_stamps.module_stamp("stampprobe")
        finally:
            sys.modules.pop("stampprobe", None)

    base = stamp('"""Doc."""\nLIMIT = 3\n\ndef f(x):\n    "doc"\n    return x + LIMIT\n')
    assert stamp('"""Other doc."""\n# why\n\nLIMIT = 3\n\n\ndef f(x):\n    "other"\n'
                 '    return x + LIMIT  # note\n') == base
    assert stamp('"""Doc."""\nLIMIT = 4\n\ndef f(x):\n    "doc"\n    return x + LIMIT\n') != base
    assert stamp('"""Doc."""\nLIMIT = 3\n\ndef f(x):\n    "doc"\n    return x - LIMIT\n') != base
    assert code_stamps.module_stamp("no.such.module") is None
