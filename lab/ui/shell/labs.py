"""The labs the window shows, in tab order: the one place in the shell that names them.

Each entry is a factory that takes the app's data folder (where a lab keeps what it writes:
run folders, study journals) and returns a :class:`lab.ui.common.lab.Lab`. Everything else in
``lab/ui/shell`` talks to labs only through that protocol (an import-linter contract keeps the
lab packages out of the rest of the shell), so a new lab is a new line here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lab.ui.common.lab import Lab
from lab.ui.init.panel import InitLab
from lab.ui.optimize.panel import OptimizerLab
from lab.ui.search.panel import SearchLab
from lab.ui.train.panel import TrainLab

LabFactory = Callable[[Path], Lab]  # the app's data folder -> a lab


def _optimizer(data_dir: Path) -> Lab:
    return OptimizerLab()


def _init(data_dir: Path) -> Lab:
    return InitLab()


def _train(data_dir: Path) -> Lab:
    return TrainLab(data_dir=data_dir)  # its run folders: data_dir / "runs"


def _search(data_dir: Path) -> Lab:
    return SearchLab(data_dir=data_dir / "studies")


LABS: tuple[LabFactory, ...] = (_optimizer, _init, _train, _search)
