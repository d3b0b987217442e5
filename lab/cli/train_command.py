"""``descent-lab train``: check everything, lock the output folder, train, write as each run
finishes; SIGTERM is handled like Ctrl-C.

Why: a job that dies after an hour must not have wasted it (every finished run is on disk), a
bad name or an unwritable folder must be found before the first iteration, and an interrupt
must leave neither a traceback nor half-written ``.part`` files behind.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

INTERRUPTED = 130  # 128 + SIGINT: the shell's status for a job stopped with Ctrl-C


class Interrupted(KeyboardInterrupt):
    """SIGTERM (or SIGINT) arrived: unwinds like Ctrl-C, so every ``finally`` and the atomic
    writers' clean-up run."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def terminate_as_interrupt():
    """SIGTERM raises :class:`Interrupted` in the main thread while the block runs."""
    def handler(signum, frame):
        raise Interrupted(signum)

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def train(runs, out: Path, error: Callable[[str], Exception], plots: bool = True) -> int:
    """Validate names and the folder, lock it, train; returns the exit status.

    ``error(message)`` builds the exception the CLI reports as one line (exit 2).
    """
    from lab.cli.headless import OutputError, OutputLock, prepare_output, run_stems, train_all
    from lab.data.idx import IdxError
    from lab.engine.train.config import TrainingError
    from lab.io.files import ExportError

    def log(line: str) -> None:
        print(line, file=sys.stderr)

    finished: list = []

    def after_run(histories) -> None:
        finished[:] = histories
        if plots:
            from lab.ui.train.report import write_training_plots

            write_training_plots(histories, out)

    with terminate_as_interrupt():
        try:
            stems = run_stems(runs)
            prepare_output(out)
            with OutputLock(out):
                train_all(runs, out, log=log, stems=stems, after_run=after_run)
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
        except (IdxError, TrainingError, ValueError) as err:
            raise error(str(err)) from None
    return 0
