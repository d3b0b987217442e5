"""Where the compiled numba kernels live, and when they are still valid.

numba's own cache (``cache=True``) keys every kernel by its source file's modification time and
size and names its files after the function's first line number: any edit to ``kernels.py`` - a
comment, a docstring, a helper above a kernel - costs the ~20 s compile again, and a bundle copied
without its timestamps starts cold. numba lets an application choose its cache *locator*
(``NUMBA_CACHE_LOCATOR_CLASSES``, set by ``lab/__init__.py`` before numba loads); ours

- puts the cache in a folder the app controls (:mod:`lab.engine.jit.kernel_paths`); a frozen
  bundle seeds it from the cache compiled into the bundle by ``make package``;
- stamps each kernel with a hash of its *compiled bytecode* and that of the kernels it calls
  (no line numbers, comments or docstrings), of the constants it reads (the opcode tables) and
  of the module's literals (decorator options): a kernel is recompiled when what it computes
  may have changed, not when a line moved (:func:`code_stamp`);
- names the files without the line number.

numba still keys each entry by the function's bytecode, signature and CPU (its index key), so a
stale entry is never loaded. Qt-free; numba imports it when it creates a kernel's cache.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import os
import sys
import threading
import types
from functools import cache
from pathlib import Path

from numba.core.caching import _CacheLocator

from lab.engine.jit.code_stamps import code_digest, module_code
from lab.engine.jit.kernel_paths import cache_root, seed_from_bundle

_SIMPLE = (bool, int, float, complex, str, bytes, type(None))


def _names(code: types.CodeType) -> set[str]:
    """Every global or attribute name a code object (and the code nested in it) reads."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def _module_constants(module: types.ModuleType) -> list[tuple[str, str]]:
    """The simple values (ints, floats, strings, tuples of them) a module defines: the opcode
    and optimizer numbers the kernels read as compile-time constants."""
    out = []
    for name, value in vars(module).items():
        if name.startswith("__"):
            continue
        if isinstance(value, _SIMPLE) or (isinstance(value, tuple)
                                          and all(isinstance(v, _SIMPLE) for v in value)):
            out.append((name, repr(value)))
    return sorted(out)


def code_stamp(code: types.CodeType, module_code: types.CodeType, namespace: dict) -> str:
    """The stamp of one kernel: its code and that of the module's functions it reaches by
    name (the kernels it calls, transitively), the values of the globals it reads that exist
    when it is decorated (constants, and the constants of ``lab`` modules such as the opcode
    tables), and the module's literal constants (decorator options, constant assignments).
    Comments, blank lines, docstrings and functions it never names do not enter."""
    hasher = hashlib.sha256()
    functions = {c.co_name: c for c in module_code.co_consts if isinstance(c, types.CodeType)}
    seen: set[str] = set()
    todo = [code]
    while todo:
        current = todo.pop()
        code_digest(current, hasher)
        for name in sorted(_names(current) - seen):
            seen.add(name)
            if name in functions:
                todo.append(functions[name])
                continue
            value = namespace.get(name)
            if isinstance(value, types.ModuleType):
                hasher.update(f"{name}=module {value.__name__}".encode())
                if value.__name__.startswith("lab."):
                    hasher.update(repr(_module_constants(value)).encode())
            elif isinstance(value, _SIMPLE) and value is not None:
                hasher.update(f"{name}={value!r}".encode())
    doc = namespace.get("__doc__")
    literals = {repr(c) for c in module_code.co_consts
                if not isinstance(c, types.CodeType) and not (doc and c == doc)}
    hasher.update(repr(sorted(literals)).encode())
    return "code:" + hasher.hexdigest()


def function_stamp(py_func) -> str:
    """:func:`code_stamp` of a kernel; numba's own file stamp where the code cannot be read."""
    module = sys.modules[py_func.__module__]
    code = module_code(py_func.__module__)
    if code is None:
        st = os.stat(sys.executable if getattr(sys, "frozen", False) else module.__file__)
        return f"stat:{st.st_mtime}:{st.st_size}"
    return code_stamp(py_func.__code__, code, vars(module))


class StableLocator(_CacheLocator):
    """numba cache locator for the ``lab`` package (see the module docstring)."""

    def __init__(self, py_func, py_file: str) -> None:
        self._module = py_func.__module__
        self._py_file = py_file
        self._stamp = function_stamp(py_func)  # now: later globals may not exist yet

    @classmethod
    def from_function(cls, py_func, py_file):
        if not (py_func.__module__ or "").startswith("lab."):
            return None  # someone else's kernel: numba's usual locators
        self = cls(py_func, py_file)
        try:
            self.ensure_cache_path()
            _seed_once(str(cache_root()))
        except OSError:
            return None  # cache folder not writable: numba's fallbacks
        return self

    def get_cache_path(self) -> str:
        return str(cache_root() / self._module)

    def get_source_stamp(self) -> str:
        return self._stamp

    def get_disambiguator(self) -> str:
        return "lab"  # not the line number: a moved kernel keeps its files


@cache
def _seed_once(root: str) -> None:
    seed_from_bundle(Path(root))


class _HideScipy(importlib.abc.MetaPathFinder):
    """Makes ``scipy`` (or just ``scipy.linalg``, when scipy itself is loaded already) look
    missing to one thread: see :func:`prepare_target`."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()
        self.hidden = "scipy.linalg" if "scipy" in sys.modules else "scipy"

    def find_spec(self, name: str, path=None, target=None):
        if threading.get_ident() == self.thread and (
                name == self.hidden or name.startswith(self.hidden + ".")):
            raise ModuleNotFoundError(f"{name} hidden while numba's CPU target loads", name=name)
        return None


def prepare_target() -> None:
    """Load numba's CPU target (what the first call of any kernel does) without SciPy.

    Why: the first kernel a process loads from the cache makes numba install its
    implementations of Python and NumPy, and one of those modules (``numba.np.arraymath``)
    imports ``scipy.linalg`` at import time just to learn whether a BLAS exists: 0.4-0.5 s of a
    warm launch, for kernels that call no BLAS routine. The answer only picks the inner
    product ``np.cov``/``np.corrcoef`` use in nopython code (numba's own loop without BLAS);
    ``np.dot``, ``@`` and ``np.linalg`` still import SciPy when a kernel using them compiles.
    So SciPy looks missing to this thread while the target loads; other threads import it as
    usual. Idempotent and thread-safe (numba's compiler lock)."""
    from numba.core.compiler_lock import global_compiler_lock
    from numba.core.registry import cpu_target

    if "numba.np.arraymath" in sys.modules:
        return  # loaded already, by us or by a kernel's first call
    with global_compiler_lock:
        if "numba.np.arraymath" in sys.modules:
            return
        finder = _HideScipy()
        sys.meta_path.insert(0, finder)
        try:
            cpu_target.target_context.refresh()
        finally:
            sys.meta_path.remove(finder)
