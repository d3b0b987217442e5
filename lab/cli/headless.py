"""Train runs one after another without a window, and write what the GUI would export:
metrics.csv and <stem>.safetensors/.json/.pt for each run (the CLI adds the PNG plots, which
need Qt).

Why this shape (issue 7, "Files the app writes"): run names become file stems only through
:func:`lab.io.names.unique_stems`, so no name writes outside the output folder or
shares another run's files; the folder is checked and locked before anything trains; every
run's results are on disk as soon as it finishes, so an interrupted job keeps them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from lab.engine.core.devices import resolve_device
from lab.engine.train.config import TrainConfig
from lab.engine.train.data import prepare_data
from lab.engine.train.diagnostics.config import DiagnosticsConfig
from lab.engine.train.experiments import run_to_entry
from lab.engine.train.history import History, metrics_csv
from lab.engine.train.landscape.probed_run import ProbedRun, write_sharpness
from lab.engine.train.landscape.probes import ProbeConfig
from lab.engine.train.training import TrainingRun
from lab.engine.train.weights import save_weights
from lab.io.files import (
    atomic_write_text,
    make_folder,
    open_lock_file,
    reason_of,
    remove_stale_temps,
)
from lab.io.names import NameCollisionError, unique_stems

LOCK_NAME = ".descent-lab.lock"


class OutputError(ValueError):
    """The output folder or the run names cannot be used; nothing was trained or written."""


def run_stems(runs: Sequence[TrainConfig]) -> dict[str, str]:
    """``{run name: file stem}``, or OutputError listing names that would share files."""
    try:
        return unique_stems(r.name for r in runs)
    except NameCollisionError as err:
        raise OutputError(str(err)) from None


def prepare_output(out: Path) -> None:
    """Create ``out`` if needed and prove it writable with a real temp file (a read-only
    mount, a file in the way, a full inode table): all before a minute of training."""
    try:
        make_folder(out)
        fd, probe = tempfile.mkstemp(prefix=".descent-lab-probe.", suffix=".part", dir=out)
        try:
            os.close(fd)
        finally:
            os.unlink(probe)
    except OSError as err:
        raise OutputError(f"cannot write to {out}: {err.strerror or err}") from None


class OutputLock:
    """An exclusive ``fcntl`` lock on ``<out>/.descent-lab.lock`` for the job's lifetime: a
    second job on the same folder is refused instead of mixing its files in. The lock file
    stays (removing it would let a third job lock a fresh file while a second holds the
    old one); the kernel drops the lock when the process ends, however it ends."""

    def __init__(self, out: Path, job: str = "train"):
        self.path = out / LOCK_NAME
        self.job = job  # written beside the pid, so the refusal names the other job
        self._fd: int | None = None
        self.removed: list[str] = []  # stale temp files removed once the lock was taken

    def __enter__(self) -> OutputLock:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; the job runs unguarded
            return self
        try:  # never through a planted link, FIFO, device or hard link (issue 16)
            fd = open_lock_file(self.path)
        except OSError as err:
            raise OutputError(f"cannot lock {self.path}: {reason_of(err)}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 64).decode("ascii", "replace").split()
            os.close(fd)
            who = f" (process {holder[0]})" if holder and holder[0].isdigit() else ""
            job = holder[1] if len(holder) > 1 and holder[1].isalpha() else "train"
            raise OutputError(f"{self.path.parent} is in use by another descent-lab {job}{who}; "
                              "wait for it to finish or choose another --out") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {self.job}\n".encode())
        self._fd = fd
        # the folder is ours now: temp files in it are a killed job's (or a live writer's,
        # which holds them locked and keeps them)
        self.removed = remove_stale_temps(self.path.parent)
        return self

    def cleanup_note(self) -> str:
        """One line for the log when stale temp files were removed, else ""."""
        if not self.removed:
            return ""
        return f"removed {len(self.removed)} temp files a stopped job left in {self.path.parent}"

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the flock
            self._fd = None


def train_all(runs: tuple[TrainConfig, ...], out: Path, log: Callable[[str], None] = print,
              stems: dict[str, str] | None = None,
              after_run: Callable[[list[History]], None] | None = None,
              check: Callable[[], None] = lambda: None,
              diagnostics: DiagnosticsConfig | None = None,
              tensorboard: Path | None = None,
              probes: ProbeConfig | None = None) -> list[History]:
    """Train ``runs`` in order; after each one write its weights and the metrics of every
    finished run so far (and call ``after_run``, e.g. to draw the plots). ``check`` is called
    at every safe point (each iteration, after each write) and may raise to stop the job.
    ``probes``: snapshots (``<stem>.snapshots.safetensors``) and sharpness (``sharpness.csv``,
    every run so far) kept as each run trains; ``diagnostics``: measure inside every run and
    write diagnostics.csv and histograms.npz; ``tensorboard``: a folder for one TensorBoard log
    per run."""
    stems = run_stems(runs) if stems is None else stems
    probes = probes or ProbeConfig()
    histories, cache, sharpness_rows, inside = [], {}, [], []
    for config in runs:
        device, message = resolve_device(config.device)
        if message:
            log(message)
        key = (config.data, device)
        if key not in cache:
            cache[key] = prepare_data(config.data, device)
            check()
        run = TrainingRun(config, cache[key], device, diagnostics=diagnostics)
        probed = ProbedRun(run, probes) if probes.active else None
        for _update in (run if probed is None else probed).steps():  # appended to its history
            check()  # a signal is acted on here, between iterations
        result = run.result()
        history = result.history
        histories.append(history)
        extra = {"run": config.name, "status": result.status.value,
                 "iterations": int(history.snapshot().iterations[-1]) if history.n else 0,
                 "test_acc": result.evaluation.test_acc if result.evaluation else None}
        # the stem plus our suffix, so that a stem ending in ".pt" is not taken for a suffix
        save_weights(run.model, run.model_config, out / f"{stems[config.name]}.safetensors",
                     extra, run=config)  # the whole run: `landscape` rebuilds its data from it
        if probed is not None:
            probed.save(out / stems[config.name], run_to_entry(config))
            sharpness_rows += probed.probes.rows
            write_sharpness(out, sharpness_rows)
        atomic_write_text(out / "metrics.csv", metrics_csv(histories))
        if result.diagnostics is not None:
            inside.append((config.name, stems[config.name], result.diagnostics.snapshot()))
            write_inside(out, inside)
        if tensorboard is not None:
            write_tensorboard(tensorboard / stems[config.name], config, result)
            check()
        if after_run is not None:
            after_run(histories)
        tail = (f"test accuracy {run.evaluation.test_acc:.4f}" if run.evaluation else
                f"diverged at iteration {run.diverged_at}" if run.diverged_at is not None else
                result.status.value)  # final_evaluation = false: no test accuracy to give
        log(f"{config.name}: {history.n} iterations, {tail}")
        check()
    return histories


def write_inside(out: Path, inside: list) -> None:
    """diagnostics.csv and histograms.npz of every finished run so far: (name, stem, snapshot)."""
    from lab.engine.train.diagnostics.files import (
        diagnostics_csv,
        histogram_arrays,
        write_histograms,
    )

    atomic_write_text(out / "diagnostics.csv",
                      diagnostics_csv([(name, snap) for name, _, snap in inside]))
    arrays: dict = {}
    for name, stem, snap in inside:
        arrays.update(histogram_arrays(stem, name, snap))
    write_histograms(out / "histograms.npz", arrays)


def write_tensorboard(folder: Path, config: TrainConfig, result) -> None:
    """One run's TensorBoard log (scalars, histograms, hyperparameters) in ``folder``."""
    from lab.engine.train.diagnostics.tensorboard import flat_hparams, write_run_log
    from lab.engine.train.experiments import run_to_entry

    diagnostics = None if result.diagnostics is None else result.diagnostics.snapshot()
    write_run_log(folder, result.history.snapshot(), diagnostics,
                  flat_hparams(run_to_entry(config)))
