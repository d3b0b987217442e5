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

from lab.engine.core.kernel_cache import code_stamp

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
