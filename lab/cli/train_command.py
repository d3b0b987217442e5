"""``descent-lab train``: check everything, lock the output folder, train, write as each run
finishes; SIGTERM and Ctrl-C stop it at the next safe point.

Why: a job that dies after an hour must not have wasted it (every finished run is on disk), a
bad name or an unwritable folder must be found before the first iteration, and an interrupt
must leave neither a traceback nor half-written ``.part`` files behind.

Why signals are only noted (issue 16): a handler that raised wherever the signal landed raised
inside PySide6's import (the PNG report loads it), which aborted the process ("Fatal Python
error: libshiboken/signature"), and once inside code that swallowed it, so the job trained on.
The handler now only records the signal; the job acts on it between iterations, between runs
and after each file it writes. A second Ctrl-C stops at once, as a user pressing it twice
asks. A signal that arrives after the last safe point is acted on once the handlers are put
back, so none is lost.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

INTERRUPTED = 130  # 128 + SIGINT: the shell's status for a job stopped with Ctrl-C


class Interrupted(KeyboardInterrupt):
    """SIGTERM (or SIGINT) arrived and a safe point was reached: unwinds like Ctrl-C, so every
    ``finally`` and the atomic writers' clean-up run."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class StopRequests:
    """The signals noted while a job runs; :meth:`check` is the job's safe point."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self.acted = False  # check() raised for it: the job is unwinding

    def note(self, signum: int, _frame) -> None:
        if self.signum == signal.SIGINT and signum == signal.SIGINT:
            raise Interrupted(signum)  # Ctrl-C twice: the user wants out now
        if self.signum is None:
            self.signum = signum
            if signum == signal.SIGINT:  # a person at the terminal: say it was heard
                os.write(2, b"descent-lab: stopping at the next safe point "
                            b"(Ctrl-C again stops at once)\n")

    def check(self) -> None:
        """Raise :class:`Interrupted` if a signal was noted (call it only where stopping is
        safe: between iterations and runs, never inside an import or a write)."""
        if self.signum is not None and not self.acted:
            self.acted = True
            raise Interrupted(self.signum)


@contextmanager
def stop_requests() -> Iterator[StopRequests]:
    """SIGTERM and SIGINT are noted (not raised) while the block runs; once the handlers are
    put back, a signal noted after the last safe point is raised, so it is never lost. Outside
    the main thread signals are left alone."""
    requests = StopRequests()
    signums = (signal.SIGTERM, signal.SIGINT)
    try:
        previous = {s: signal.signal(s, requests.note) for s in signums}
    except ValueError:  # not the main thread
        yield requests
        return
    try:
        yield requests
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    requests.check()  # only when the block ended normally: what arrived after its last check


def train(runs, out: Path, error: Callable[[str], Exception], plots: bool = True,
          diagnostics=None, tensorboard: Path | None = None, probes=None) -> int:
    """Validate names and the folder, lock it, train; returns the exit status.

    ``error(message)`` builds the exception the CLI reports as one line (exit 2);
    ``diagnostics`` (a DiagnosticsConfig) and ``tensorboard`` (a folder) as train_all's;
    ``probes`` (a ProbeConfig): snapshots and sharpness kept as each run trains.
    """
    from lab.cli.headless import OutputError, OutputLock, prepare_output, run_stems, train_all
    from lab.data.idx import IdxError
    from lab.engine.train.config import TrainingError
    from lab.engine.train.diagnostics.tensorboard import TensorBoardError
    from lab.engine.train.landscape.probes import ProbeConfig
    from lab.io.files import ExportError
    from lab.io.names import printable

    def log(line: str) -> None:  # run names and paths escaped: no control sequence gets out
        print(printable(line), file=sys.stderr)

    finished: list = []

    def after_run(histories) -> None:
        finished[:] = histories
        if plots:
            from lab.ui.train.report import write_training_plots

            write_training_plots(histories, out)

    try:
        with stop_requests() as stop:
            stems = run_stems(runs)
            prepare_output(out)
            if tensorboard is not None:
                from lab.engine.train.diagnostics.tensorboard import require_tensorboardx

                require_tensorboardx()
                prepare_output(tensorboard)
            with OutputLock(out) as lock:
                if lock.cleanup_note():
                    log(lock.cleanup_note())
                stop.check()
                train_all(runs, out, log=log, stems=stems, after_run=after_run,
                          check=stop.check, diagnostics=diagnostics, tensorboard=tensorboard,
                          probes=probes or ProbeConfig())
    except KeyboardInterrupt as err:
        signum = getattr(err, "signum", signal.SIGINT)
        name = signal.Signals(signum).name
        log(f"descent-lab: interrupted ({name}); {len(finished)} finished run(s) kept "
            f"in {out}")
        return 128 + int(signum)
    except (OutputError, ExportError) as err:
        raise error(str(err)) from None
    except OSError as err:
        raise error(f"cannot write to {out}: {err.strerror or err}") from None
    except (IdxError, TrainingError, ValueError, TensorBoardError) as err:
        raise error(str(err)) from None
    return 0
