"""What the training lab keeps and measures as its runs train (snapshots, sharpness), and the
sharpness rows each run has measured so far.

Why lab-wide settings, not one per run: the CLI's ``--snapshots every=K --sharpness every=K``
apply to every run of a job, and what they serve compares runs (a shared PCA plane needs every
run's snapshots; the edge of stability compares runs' sharpness), so one setting for the runs
started from now on is what a comparison needs; it also leaves the runs' configurations, and so
experiment files and sessions of runs, as they are. A run takes the settings in force when it
starts. Rows are appended by the run in the runner's thread (a list append is atomic) and read
here as copies; a run loaded back from its folder reads them from its ``sharpness.csv``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lab.engine.core import fields as F
from lab.engine.train.landscape.probed_run import SHARPNESS_CSV, read_sharpness
from lab.engine.train.landscape.probes import ProbeConfig, ProbeError


class ProbeLog:
    """The lab's probe settings and every run's sharpness rows, by run name."""

    def __init__(self) -> None:
        self.config = ProbeConfig()
        self._rows: dict[str, list] = {}
        self._read: dict[str, list] = {}  # rows read back from run folders

    def set_config(self, **changes) -> ProbeConfig:
        """Change the settings for runs started from now on (ProbeError when out of range)."""
        config = replace(self.config, **changes)
        F.check_config(config, ProbeError)
        self.config = config
        return config

    def begin(self, name: str) -> tuple[ProbeConfig, list]:
        """A run starts: the settings it trains with and the list its rows go to."""
        rows: list = []
        self._rows[name] = rows
        self._read.pop(name, None)
        return self.config, rows

    def rows(self, name: str, folder: Path | None = None) -> list:
        """The run's rows so far (a copy); from ``folder``'s sharpness.csv when the run was
        not trained in this window (a restored session)."""
        if name in self._rows:
            return list(self._rows[name])
        if folder is None:
            return []
        if name not in self._read:
            try:
                self._read[name] = read_sharpness(Path(folder) / SHARPNESS_CSV)
            except (OSError, ValueError):
                self._read[name] = []
        return list(self._read[name])

    def add(self, name: str, row, folder: Path | None = None) -> None:
        """A point measured after the run ended (its folder's sharpness.csv already has it):
        shown with the rest of the run's rows from now on."""
        rows = self._rows.get(name)
        if rows is None:
            self.rows(name, folder)  # read what the folder holds first
            rows = self._read.setdefault(name, [])
        rows.append(row)
