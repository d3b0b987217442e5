"""Compiled surfaces kept on disk, so a launch draws the built-in functions without SymPy.

Why: parsing and differentiating a formula needs SymPy, whose import alone costs about half a
second of a warm launch, for a result that never changes: the default function x²/20 + y² has
the same three stack programs every time. Each surface compiled once (at install time by
``descent-lab warmup``, or the first time it is used) is written here as JSON - numbers and
opcodes only, never pickled - and read back by later launches.

Keyed on the formula text and a stamp of the compiler: the code of the parser and the program
emitter (:func:`lab.engine.jit.code_stamps.module_stamp`: bytecode and constants, not line
numbers or comments) and the SymPy version that differentiated it, so an entry is used only
where a fresh compile would give the same programs. Anything unreadable counts as missing and
is compiled again; writes are atomic and a read-only cache folder only costs the recompile.
Lives beside the numba kernels (:func:`lab.engine.jit.kernel_paths.cache_root`), so a bundle
seeds it and a fresh cache folder starts cold for both.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from functools import cache
from pathlib import Path

import numpy as np

from lab.engine.jit.code_stamps import module_stamp
from lab.engine.jit.kernel_paths import cache_root
from lab.engine.optimize.programs import CompiledSurface, Program
from lab.io.files import atomic_write_text

FOLDER = "lab.engine.optimize.surfaces"
FORMAT = 1  # bump when the file layout changes
MAX_BYTES = 4_000_000  # three programs of MAX_PROGRAM instructions stay well below this
_PARTS = ("f", "dfdx", "dfdy")
# the modules whose code decides the programs a formula compiles to
_COMPILER = ("lab.engine.optimize.expression_syntax", "lab.engine.optimize.expressions",
             "lab.engine.optimize.programs")


@cache
def compiler_stamp() -> str | None:
    """The stamp of the parser, the emitter and the SymPy that differentiates; None disables
    the cache."""
    code = module_stamp(*_COMPILER)
    version = _sympy_version()
    return None if code is None or version is None else f"{FORMAT}:{version}:{code}"


def _sympy_version() -> str | None:
    """SymPy's version without importing it (that would cost what this cache saves): its
    ``release.py`` where SymPy is a folder (0.3 ms), else its metadata (40 ms); None when
    neither can be read (no cache rather than a stale one)."""
    try:
        spec = importlib.util.find_spec("sympy")
        if spec is not None and spec.origin:
            release = Path(spec.origin).with_name("release.py")
            if release.is_file():
                return release.read_text(encoding="utf-8").strip()
        from importlib.metadata import version

        return version("sympy")
    except (ImportError, OSError, ValueError):  # PackageNotFoundError is an ImportError
        return None


def entry_path(formula: str) -> Path | None:
    """The file that holds ``formula``'s programs (None when the cache is disabled)."""
    stamp = compiler_stamp()
    if stamp is None:
        return None
    key = hashlib.sha256(f"{stamp}\0{formula}".encode()).hexdigest()[:40]
    return cache_root() / FOLDER / f"{key}.json"


def _program(data: dict) -> Program:
    ops, args, consts = (np.asarray(data[k]) for k in ("ops", "args", "consts"))
    if not (ops.dtype.kind == args.dtype.kind == "i" and consts.dtype.kind in "if"
            and ops.ndim == args.ndim == consts.ndim == 1 and isinstance(data["depth"], int)):
        raise ValueError("not a program")
    # Program checks every opcode, operand count and constant index on construction
    return Program(ops.astype(np.int64), args.astype(np.int64), consts.astype(np.float64),
                   data["depth"])  # fmt: skip


def from_plain(data: dict) -> CompiledSurface:
    """Programs from plain data (this cache's files, the compiler process's answers), each
    checked as it is built; ValueError, KeyError or TypeError when they are not programs."""
    return CompiledSurface(*(_program(data[part]) for part in _PARTS))


def to_plain(compiled: CompiledSurface) -> dict:
    """The three programs as numbers and lists only (JSON), read back by :func:`from_plain`."""
    return {part: {"ops": program.ops.tolist(), "args": program.args.tolist(),
                   "consts": program.consts.tolist(), "depth": program.depth}
            for part, program in zip(_PARTS, (compiled.f, compiled.dfdx, compiled.dfdy),
                                     strict=True)}  # fmt: skip


def load(formula: str) -> CompiledSurface | None:
    """The programs stored for ``formula``, or None (not stored, stale, unreadable)."""
    path = entry_path(formula)
    if path is None:
        return None
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["formula"] != formula or data["stamp"] != compiler_stamp():
            return None  # a hash collision or a file copied from elsewhere
        return from_plain(data)
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def store(formula: str, compiled: CompiledSurface) -> None:
    """Write ``formula``'s programs (atomically); a failure leaves the cache as it was."""
    path = entry_path(formula)
    if path is None:
        return
    data = {"formula": formula, "stamp": compiler_stamp(), **to_plain(compiled)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(data))
    except OSError:  # ExportError too: a read-only cache folder, a link planted in it
        pass  # the next launch compiles again
