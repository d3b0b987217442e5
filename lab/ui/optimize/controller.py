"""The optimizer lab's computing, without a widget: the latest-wins trajectories (with f* and
the function's local theory), the learning-rate sweep and the (η, β) map, each in a worker,
and what each was computed for (a sweep made for other settings is stale).

Why a controller: the panel (lab/ui/optimize/panel.py) builds widgets, reads its controls into
a :class:`TrajectoryConfig` and draws what this object announces; the computing and its state
live here, so a new view (the state view, the theory) connects to a signal instead of growing
the panel. The controls stay the source of the config: ``read_controls`` returns
``(config, colours, problems)`` as the panel's ``build``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

import numpy as np
from PySide6.QtCore import QObject, Signal

from lab.engine.core.optimizers import OptimizerConfig
from lab.engine.optimize import step_rules
from lab.engine.optimize.sweep2d import sweep_lr_momentum
from lab.engine.optimize.theory import TheoryError, local_theory
from lab.engine.optimize.trajectories import (
    SweepConfig,
    TrajectoryConfig,
    run_trajectories,
    sweep_learning_rates,
)
from lab.ui.common.i18n import tr
from lab.ui.common.latest_wins import LatestWins
from lab.ui.concurrency.worker import Worker

MAP_LRS = np.geomspace(1e-3, 10.0, 60)  # the (η, β) map's columns: log η
MAP_VALUES = np.linspace(0.0, 0.98, 50)  # its rows: β (momentum or β₁)


def theory_of(config: TrajectoryConfig):
    """The quadratic model at the known minimum, else at the start point; None where the
    function has no finite curvature there."""
    surface = config.surface()
    try:
        return local_theory(surface, None if surface.minima else config.start)
    except TheoryError:
        return None


def trajectories_job(config: TrajectoryConfig):
    """Worker job: the trajectories, f* (the loss plot's reference) and the local theory."""
    result = run_trajectories(config, record_state=True)  # the state view and the CSV export
    step_rules.prepare({o.name for o in config.optimizers})  # the view computes no kernel
    return result, config.surface().min_value(), theory_of(config)


def sweep_job(config: TrajectoryConfig, sweep: SweepConfig):
    return sweep_learning_rates(config, sweep), config.surface().min_value()


def map_job(config: TrajectoryConfig, optimizer: OptimizerConfig, tolerance: float):
    """Worker job: the (η, β) map of ``optimizer`` and the theory drawn over it."""
    result = sweep_lr_momentum(config, optimizer, MAP_LRS, MAP_VALUES, tolerance)
    return result, theory_of(config)


def sweep_key(config: TrajectoryConfig) -> TrajectoryConfig:
    """What a sweep depends on: everything but the learning rates it varies itself."""
    return replace(config, optimizers=tuple(
        replace(o, hyper=tuple((k, v) for k, v in o.hyper if k != "lr"))
        for o in config.optimizers))


# (config, colours, []) or (None, [], every problem; none when no optimizer is ticked)
ReadControls = Callable[[], tuple[TrajectoryConfig | None, list[str], list[str]]]


class OptimizerController(QObject):
    """Every computation of one optimizer lab; views follow the signals."""

    requested = Signal()  # the controls are read for a computation (they may have changed)
    config_changed = Signal(object)  # the TrajectoryConfig about to be computed
    trajectories_ready = Signal(object, object, object, object)  # result, colours, f*, theory
    sweep_started = Signal()
    sweep_ready = Signal(object, object, object, object)  # SweepResult, names, colours, f*
    sweep_failed = Signal(str)  # why not swept (bad controls) or why the sweep failed
    map_started = Signal()
    map_ready = Signal(object, object, str)  # Sweep2DResult, LocalTheory | None, colour
    map_failed = Signal(str)  # the same for the (η, β) map
    status_message = Signal(str)

    def __init__(self, lab, read_controls: ReadControls, needs: tuple[str, ...] = ()):
        super().__init__(lab)
        self.read_controls = read_controls
        self.compute = LatestWins(lab, self._make_job, self._show, needs)
        self.sweep_worker = Worker("sweep", self, needs)
        self.map_worker = Worker("sweep2d", self, needs)
        self.result = None  # the latest TrajectoryResult
        self.theory = None  # its function's LocalTheory (None: no finite curvature)
        self.sweep_for: TrajectoryConfig | None = None  # the settings the sweep was made for
        self._sweep_request: tuple[TrajectoryConfig, list[str]] | None = None
        self._map_color = "#000000"
        self.sweep_worker.done.connect(self._sweep_done)
        self.sweep_worker.failed.connect(lambda message: self.sweep_failed.emit(
            tr("Sweep failed: {message}").format(message=message)))
        self.map_worker.done.connect(self._map_done)
        self.map_worker.failed.connect(lambda message: self.map_failed.emit(
            tr("Map failed: {message}").format(message=message)))

    def request(self) -> None:
        """Recompute the trajectories (coalesced: the newest controls win)."""
        self.compute.request()

    def sweep_stale(self, config: TrajectoryConfig | None) -> bool:
        """A sweep exists and was made for other settings than ``config``."""
        return self.sweep_for is not None and (config is None or
                                               sweep_key(config) != self.sweep_for)

    def _make_job(self):
        self.requested.emit()
        config, colors, problems = self.read_controls()
        if config is None:  # nothing is computed for a bad value: the status line says why
            self.status_message.emit(tr("Tick at least one optimizer.") if not problems else
                                     tr("Not computed: {problems}").format(
                                         problems="; ".join(problems)))  # fmt: skip
            return None
        self.config_changed.emit(config)
        return partial(trajectories_job, config), colors

    def _show(self, computed, colors: list[str]) -> None:
        self.result, f_star, self.theory = computed
        self.trajectories_ready.emit(self.result, colors, f_star, self.theory)

    # ---- the learning-rate sweep ---------------------------------------------------------
    def run_sweep(self) -> bool:
        """Sweep the ticked optimizers' rates; False (with ``sweep_failed``) on bad controls."""
        config, colors, problems = self.read_controls()
        if config is None:
            message = (tr("Tick at least one optimizer to sweep.") if not problems else
                       tr("Not swept: {problems}").format(problems="; ".join(problems)))
            self.status_message.emit(message)
            self.sweep_failed.emit(message)
            return False
        self._sweep_request = (config, colors)
        self.sweep_for = sweep_key(config)
        self.sweep_started.emit()
        self.sweep_worker.submit(partial(sweep_job, config, SweepConfig()))
        return True

    def _sweep_done(self, computed) -> None:
        sweep, f_star = computed
        config, colors = self._sweep_request
        self.sweep_ready.emit(sweep, [o.name for o in config.optimizers], colors, f_star)

    # ---- the (η, β) map --------------------------------------------------------------------
    def run_map(self, name: str, tolerance: float | None) -> bool:
        """Map optimizer ``name`` (ticked, with momentum or β₁) over log η × β."""
        config, colors, problems = self.read_controls()
        if config is not None and tolerance is None:
            problems = [tr("the tolerance is not valid")]
        if config is None or problems:
            self._refuse_map(tr("Not mapped: {problems}").format(problems="; ".join(
                problems or [tr("tick at least one optimizer")])))
            return False
        chosen = [(o, c) for o, c in zip(config.optimizers, colors, strict=True)
                  if o.name == name]
        if not chosen:
            self._refuse_map(tr("Tick {optimizer} to map it.").format(optimizer=name))
            return False
        optimizer, self._map_color = chosen[0]
        self.map_started.emit()
        self.map_worker.submit(partial(map_job, config, optimizer, tolerance))
        return True

    def _refuse_map(self, message: str) -> None:
        self.status_message.emit(message)
        self.map_failed.emit(message)

    def _map_done(self, computed) -> None:
        result, theory = computed
        self.map_ready.emit(result, theory, self._map_color)

    def shutdown(self) -> None:
        self.compute.stop()
