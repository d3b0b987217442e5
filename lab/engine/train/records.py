"""What a training run produces: its status, one :class:`Update` per iteration, the
:class:`Evaluation` on the test set and the :class:`RunResult` it leaves behind.

Why one module: the loop, the runs model, the run store, the CLI, the runner and the lab's
window all speak of the same run; each used to keep its status as its own strings. Here the
status is one enum, and text appears only where a status is written to or read from a file
(run.json, weights metadata): :attr:`RunStatus.value` out, :meth:`RunStatus.parse` in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lab.engine.core.status import ENDED, KEPT, RunStatus  # noqa: F401 (the records' status)
from lab.engine.train.diagnostics.record import DiagnosticsRecord
from lab.engine.train.history import History
from lab.engine.train.models import ModelConfig


@dataclass(frozen=True)
class Update:
    """One iteration's figures; accuracies only where measured."""

    run: str
    iteration: int
    total: int
    epoch: float
    loss: float
    lr: float
    grad_norm: float
    train_acc: float | None = None
    val_acc: float | None = None
    status: RunStatus = RunStatus.RUNNING  # or FINISHED / DIVERGED on a run's last update
    elapsed_s: float = 0.0


@dataclass(frozen=True, eq=False)
class Evaluation:
    """After training: test accuracy, confusion matrix (true x predicted), mistakes."""

    test_acc: float
    confusion: np.ndarray
    wrong_index: np.ndarray  # indices into the test set
    wrong_pred: np.ndarray


@dataclass(frozen=True, eq=False)
class RunResult:
    """What an ended run leaves behind; it holds no live model, optimizer or device tensor.

    ``history`` is the run's own history, the very object its generator appended to (and the
    window drew from) while it trained, sealed: nothing appends to it any more.
    """

    status: RunStatus  # one of KEPT
    history: History
    model_config: ModelConfig
    weights: dict | None  # name -> CPU tensor (state_dict order); None once only on disk
    evaluation: Evaluation | None = None
    diverged_at: int | None = None
    diagnostics: DiagnosticsRecord | None = None  # inside-training measurements, if taken

    def __post_init__(self) -> None:
        if self.status not in KEPT:  # a string here would silently never equal a status
            raise ValueError(f"a run result ends finished, stopped or diverged, not "
                             f"{self.status!r}")
