"""A training run driven together with its probes: what both the CLI's job and the window's
runner train when snapshots or sharpness are asked for.

Why a wrapper: the training loop stays what it is (a run without probes pays nothing), and the
one place that knows when to observe (iteration 0, after every update that did not diverge, the
last one) is here, not copied into each driver. It forwards what a driver needs of a run
(``steps``, ``apply``, ``announcement``, ``result``, ``config``), so the window's runner drives
it as it drives a bare :class:`~lab.engine.train.training.TrainingRun`. Sharpness rows are
appended to ``rows`` (a plain list the caller may hand in and read while the run trains: a list
append is atomic, a reader copies it) as they are measured. :meth:`ProbedRun.measure_now` is the
window's "Measure sharpness now": whoever drives the run calls it between two iterations, in the
thread that trains it, so it never races the optimizer.
"""

from __future__ import annotations

from pathlib import Path

from lab.engine.train.landscape.probes import ProbeConfig, RunProbes, sharpness_csv
from lab.engine.train.landscape.snapshots import save_snapshots, snapshots_path
from lab.engine.train.records import RunStatus

SHARPNESS_CSV = "sharpness.csv"


class ProbedRun:
    """``run`` (a TrainingRun) with :class:`RunProbes` observing it as it trains."""

    def __init__(self, run, config: ProbeConfig, rows: list | None = None):
        self.run = run
        self.probes = RunProbes(run, config)
        self.iteration = 0  # the iteration whose weights the model holds
        if rows is not None:
            self.probes.rows = rows  # the caller's list: it sees each row as it is measured

    @property
    def config(self):
        return self.run.config

    @property
    def announcement(self) -> str:
        return self.run.announcement

    def apply(self, command) -> None:
        self.run.apply(command)

    def result(self, status: RunStatus | None = None):
        return self.run.result(status)

    def steps(self):
        """The run's updates, each observed after its iteration (commands sent in pass
        through to the run; closing this closes the run's generator)."""
        self.probes.observe(0)
        inner = self.run.steps()
        try:
            update = next(inner)
            while True:
                if update.status is not RunStatus.DIVERGED:
                    self.iteration = update.iteration
                    self.probes.observe(update.iteration, last=update.iteration == self.run.total)
                command = yield update
                update = inner.send(command)
        except StopIteration:
            return
        finally:
            inner.close()

    def measure_now(self):
        """One sharpness point at the weights the model holds now (the optimizer's evaluation
        point), marked on demand and appended to the rows; None when they are not finite.
        Call it between two iterations only, from the thread that drives :meth:`steps`."""
        from lab.engine.train.optimizer_classes import evaluation_weights

        with evaluation_weights(self.run.optimizer):
            return self.probes.measure(self.iteration, on_demand=True)

    def save(self, stem: Path, run_entry: dict) -> list[Path]:
        """The snapshots beside the weights ``<stem>.safetensors``; returns what was written
        (sharpness rows are the caller's to write: one CSV may hold several runs)."""
        snapshots = self.probes.snapshots
        if snapshots is None or not snapshots.tensors:
            return []
        return [save_snapshots(snapshots, snapshots_path(stem), run_entry,
                               self.run.model_config.to_dict())]


def write_sharpness(folder: Path, rows: list) -> Path | None:
    """``<folder>/sharpness.csv`` of ``rows`` (nothing when there are none)."""
    from lab.io.files import atomic_write_text

    if not rows:
        return None
    return atomic_write_text(Path(folder) / SHARPNESS_CSV, sharpness_csv(rows))


MAX_SHARPNESS_BYTES = 50_000_000


def read_sharpness(path: Path) -> list:
    """The rows of a ``sharpness.csv`` (a run folder's), [] when there is none; ValueError
    when it is not one. The optional columns are found by name (``preconditioned``,
    ``on_demand``), so files written before either existed read as they were."""
    import csv
    import io

    from lab.engine.train.landscape.probes import ON_DEMAND, SHARPNESS_HEADER, SharpnessRow
    from lab.io.files import read_limited

    path = Path(path)
    if not path.exists():
        return []
    rows = list(csv.reader(io.StringIO(read_limited(path, MAX_SHARPNESS_BYTES,
                                                    regular_only=True).decode("utf-8"))))
    if not rows or tuple(rows[0][: len(SHARPNESS_HEADER)]) != SHARPNESS_HEADER:
        raise ValueError(f"{path.name}: not a sharpness file")
    extra = rows[0][len(SHARPNESS_HEADER):]
    if any(name not in ("preconditioned", ON_DEMAND) for name in extra):
        raise ValueError(f"{path.name}: unknown columns {', '.join(extra)}")
    at_p = 5 + extra.index("preconditioned") if "preconditioned" in extra else None
    at_d = 5 + extra.index(ON_DEMAND) if ON_DEMAND in extra else None

    def number(text: str) -> float | None:
        return float(text) if text else None

    out = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(rows[0]):
            raise ValueError(f"{path.name} line {line} has {len(row)} fields")
        run, iteration, value, threshold, residual = row[:5]
        out.append(SharpnessRow(run, int(iteration), float(value), number(threshold),
                                float(residual), None if at_p is None else number(row[at_p]),
                                at_d is not None and row[at_d] == "1"))  # fmt: skip
    return out


def append_sharpness(folder: Path, row) -> Path:
    """Add ``row`` to ``<folder>/sharpness.csv`` (made when missing), the file rewritten
    whole and atomically (its optional columns may appear with this row)."""
    return write_sharpness(folder, [*read_sharpness(Path(folder) / SHARPNESS_CSV), row])
