"""Formulas compiled in a child process with a time and a memory budget.

Why a process and not a watchdog thread: what can run away is SymPy computing, and its worst
cases are single C-level operations (an exact power of big integers) that hold the GIL for as
long as they run: a watchdog thread could not even run, let alone stop them, and no thread can
cap another's memory. A child process can be killed at the deadline, and its address space is
capped (``RLIMIT_AS``) past what it holds when ready, so a runaway compile ends with a message and
the app keeps its memory. The expression builder already refuses every huge power it knows of
(:mod:`lab.engine.optimize.expressions`); this budget is for what nobody thought of.

Why one long-lived child rather than one per formula: starting Python with numpy and SymPy costs
about 0.5 s (what the window's first compile paid for importing SymPy anyway); a compile in a
ready child costs the same 10-20 ms as in the process, plus under a millisecond of pipe (measured
on sin(x)*cos(y) + 0.1*(x**2 + y**2): 14 ms in process, 15 ms through the child). The child is
started on the first formula that misses the disk cache
(:mod:`lab.engine.optimize.surface_cache`), answers one formula at a time, and is replaced after
any budget is exceeded. Answers are JSON (numbers and opcodes, checked again on arrival), never
pickles, over the child's standard input and output in length-prefixed frames. The child is
``descent-lab`` itself (:data:`COMMAND`, a hidden command, so a frozen bundle starts it too);
not :mod:`multiprocessing`, whose spawn runs the parent's main script again in the child, which a
script without a ``__main__`` guard does not survive. Without ``resource`` and ``select`` on pipes
(Windows) the budgets do not apply.
"""

from __future__ import annotations

import atexit
import json
import os
import struct
import subprocess
import sys
import threading
from typing import TYPE_CHECKING

from lab.engine.optimize.expression_syntax import TOO_DEEP, ExpressionError, check_text

if TYPE_CHECKING:
    from lab.engine.optimize.programs import CompiledSurface

COMMAND = "_compile-functions"  # the hidden command that runs :func:`serve`
TIME_LIMIT_S = 10.0  # one formula, once the child is ready; a normal one takes ~20 ms
START_LIMIT_S = 120.0  # Python, numpy and SymPy imports: ~0.5 s on an idle machine
MEMORY_LIMIT = 512 * 2**20  # what one compile may add to the child; a normal one adds ~1 MiB
MAX_FRAME = 16 * 2**20  # three programs of MAX_PROGRAM instructions are ~1 MB of JSON
_HEADER = struct.Struct(">I")
_READY = {"ready": True}

_lock = threading.Lock()  # one formula at a time: the surface and trajectory workers share it
_child: _Child | None = None


def compile_formula(formula: str, seconds: float = TIME_LIMIT_S,
                    memory: int = MEMORY_LIMIT) -> CompiledSurface:
    """Parse, differentiate and compile ``formula`` in the compiler process.

    Raises
    ------
    ExpressionError
        The formula's problem, or which budget it exceeded (the child is then replaced).
    """
    check_text(formula)  # a typo is answered here at once, without the child
    global _child
    with _lock:
        if _child is not None and not _child.usable(memory):
            _child.stop()
            _child = None
        if _child is None:
            _child = _Child(memory)
            atexit.register(stop)  # repeats are harmless: stop() of no child does nothing
        try:
            reply = _child.ask(formula, seconds)
        except ExpressionError:
            _child.stop()
            _child = None
            raise
        if reply.get("restart"):
            _child.stop()
            _child = None
    if "error" in reply:
        raise ExpressionError(str(reply["error"]))
    from lab.engine.optimize.surface_cache import from_plain

    try:
        return from_plain(reply)
    except (ValueError, KeyError, TypeError) as err:
        raise ExpressionError(f"the function compiler gave no usable program ({err})") from None


def stop() -> None:
    """End the compiler process (the next formula starts a new one)."""
    global _child
    with _lock:
        if _child is not None:
            _child.stop()
            _child = None


def command() -> list[str]:
    """How this installation starts its compiler: the frozen executable, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, COMMAND]
    return [sys.executable, "-m", "lab", COMMAND]


def _search_path() -> str:
    """PYTHONPATH for the child: the folder this ``lab`` package was imported from first, so
    the child compiles with the same code as the app (a source tree, not another install)."""
    import lab

    root = os.path.dirname(os.path.dirname(os.path.abspath(lab.__file__)))
    return os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)


class _Child:
    """The compiler process, spoken to through its standard input and output."""

    def __init__(self, memory: int):
        self.memory = memory
        self.ready = False
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1", "DESCENT_LAB_COMPILER_MEMORY": str(memory),
               "PYTHONPATH": _search_path()}
        try:  # stderr inherited: a child that cannot start says why where the app would
            self.process = subprocess.Popen(command(), stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, env=env)
        except OSError as err:
            raise ExpressionError(f"the function compiler could not start ({err})") from None

    def usable(self, memory: int) -> bool:
        return self.memory == memory and self.process.poll() is None

    def ask(self, formula: str, seconds: float) -> dict:
        if not self.ready:
            if self._receive(START_LIMIT_S, "starting the function compiler") != _READY:
                raise ExpressionError("the function compiler did not start")
            self.ready = True
        try:
            write_frame(self.process.stdin, formula)
        except OSError:
            raise ExpressionError("the function compiler stopped; try again") from None
        reply = self._receive(seconds, "compiling this function")
        if not isinstance(reply, dict):
            raise ExpressionError("the function compiler gave an unreadable answer")
        return reply

    def _receive(self, seconds: float, doing: str):
        if not _readable(self.process.stdout, seconds):
            raise ExpressionError(f"{doing} took longer than {seconds:g} s (the limit) and was "
                                  "stopped: simplify the function")
        try:
            return read_frame(self.process.stdout)
        except EOFError:  # the child ended: its memory cap, or it was killed
            raise ExpressionError(
                f"{doing} needed more than {self.memory / 2**20:,.0f} MiB of memory (the "
                "limit), or the compiler was ended, and was stopped: simplify the function"
            ) from None
        except (OSError, ValueError, RecursionError):
            raise ExpressionError("the function compiler gave an unreadable answer") from None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:  # a broken pipe to a killed child
                pass


def _readable(stream, seconds: float) -> bool:
    """Whether ``stream`` has data (or its end) within ``seconds``; True where pipes cannot be
    waited on (Windows): the read then blocks."""
    try:
        import select

        return bool(select.select([stream], [], [], seconds)[0])
    except (ImportError, OSError, ValueError):
        return True


def write_frame(stream, value) -> None:
    data = json.dumps(value).encode()
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream):
    """One length-prefixed JSON value; EOFError at the end, ValueError past MAX_FRAME."""
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(head)
    if size > MAX_FRAME:
        raise ValueError("frame too large")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return json.loads(data)


# ---- the child's side -----------------------------------------------------------------------
def serve() -> int:
    """The compiler process (``descent-lab _compile-functions``): import, cap memory, then
    answer formulas read from standard input until it closes."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the app, which stops us
    _die_with_parent()
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print cannot corrupt a reply
    from lab.engine.optimize.expressions import parse_expression, sympy_module
    from lab.engine.optimize.programs import UnsupportedExpression, compile_surface
    from lab.engine.optimize.surface_cache import to_plain

    sympy_module()
    memory = int(os.environ.get("DESCENT_LAB_COMPILER_MEMORY", MEMORY_LIMIT))
    _cap_memory(memory)
    write_frame(replies, _READY)
    while True:
        try:
            formula = read_frame(requests)
        except (EOFError, OSError, ValueError):
            return 0
        try:
            reply = to_plain(compile_surface(parse_expression(formula).expr))
        except (ExpressionError, UnsupportedExpression) as err:
            reply = {"error": str(err)}
        except RecursionError:
            reply = {"error": TOO_DEEP}
        except MemoryError:
            reply = {"error": f"compiling this function needed more than {memory / 2**20:,.0f} "
                              "MiB of memory (the limit): simplify the function",
                     "restart": True}
        try:
            write_frame(replies, reply)
        except MemoryError:  # encoding the reply hit the cap: the parent reads the end as such
            return 1


def _cap_memory(memory: int) -> None:
    """Cap the address space at what the process maps now plus ``memory`` (Linux: /proc)."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (mapped + memory, mapped + memory))
    except (ImportError, OSError, ValueError):
        pass  # no /proc or no resource module: the time budget still applies


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when the app ends, even mid-compile."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
