"""The optimizer lab's saved settings (QSettings and a session file's [optimizer] section): the
trajectory config's plain form and the view's own settings, side by side in one flat table.

One reader for both places, built from the declarations (lab.engine.core.fields), so a bad
value is refused with the same message in a session, in saved settings and on the command line
(``noise_seed must lie in [0, 2,147,483,647] (not -1)``). Qt-free: a session is checked before
any lab changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from lab.engine.core import fields as F
from lab.engine.optimize.trajectories import TrajectoryConfig

# settings saved before the declarations named the field (Descent Lab 0.1: ``clip``)
OLD_KEYS = {"clip": "clip_norm"}


@dataclass(frozen=True)
class OptimizerView:
    """What the lab shows, beside what it computes."""

    two_by_two: bool = F.flag(False, help="one map per optimizer, as in the book's figure")
    tolerance: float = F.number(0.01, 0.0, low_open=True,
                                help="a run 'reaches' a minimum at the first step this close "
                                     "to it")


def state_from_plain(data) -> tuple[TrajectoryConfig, OptimizerView]:
    """Both parts of a saved state, or ConfigError listing every problem of both."""
    if not isinstance(data, dict):
        raise F.ConfigError("the saved settings must be a table")
    data = dict(data)
    for old, new in OLD_KEYS.items():
        if old in data and new not in data:
            data[new] = data.pop(old)
    own = F.declarations(OptimizerView)
    found: list[str] = []
    view = config = None
    try:
        view = F.config_from_plain(OptimizerView, {k: v for k, v in data.items() if k in own})
    except F.ConfigError as err:
        found += err.problems
    try:
        config = F.config_from_plain(TrajectoryConfig,
                                     {k: v for k, v in data.items() if k not in own})
    except F.ConfigError as err:
        found += err.problems
    if found:
        raise F.ConfigError(found)
    return config, view
