"""Stamps of what code computes, for caches that must outlive edits that change nothing.

A stamp hashes code objects (bytecode, names, constants, nested code), not source text: line
numbers, comments and docstrings do not enter, so moving a function or rewording a comment keeps
a cache valid while any change to what runs drops it. Used by the numba kernel cache
(:mod:`lab.engine.jit.kernel_cache`) and the compiled-surface cache
(:mod:`lab.engine.optimize.surface_cache`). Numba-free and cheap: the GUI's first frame may ask.
"""

from __future__ import annotations

import hashlib
import sys
import types
from functools import cache


def code_digest(code: types.CodeType, hasher) -> None:
    """Feed what a code object computes into ``hasher``: bytecode, names, constants (nested
    code recursively); not its file name, line numbers or docstring (co_consts[0] of a
    function or module in 3.11)."""
    hasher.update(code.co_code)
    hasher.update(repr((code.co_name, code.co_names, code.co_varnames, code.co_argcount,
                        code.co_kwonlyargcount, code.co_flags)).encode())  # fmt: skip
    for i, const in enumerate(code.co_consts):
        if isinstance(const, types.CodeType):
            code_digest(const, hasher)
        elif not (i == 0 and isinstance(const, str)):
            hasher.update(repr(const).encode())


@cache
def module_code(module_name: str) -> types.CodeType | None:
    """An imported module's code object from its loader (source, .pyc or a frozen bundle);
    None where the loader cannot give it."""
    try:
        return sys.modules[module_name].__spec__.loader.get_code(module_name)
    except Exception:  # noqa: BLE001 - any loader failure: the caller falls back
        return None


def module_stamp(*module_names: str) -> str | None:
    """One stamp of whole modules (every function and constant in them); None when one of
    them has no readable code (the caller then does without its cache)."""
    hasher = hashlib.sha256()
    for name in module_names:
        code = module_code(name)
        if code is None:
            return None
        hasher.update(name.encode())
        code_digest(code, hasher)
    return hasher.hexdigest()
