"""The initialization lab's saved settings (QSettings and a session file's [init] section):
network A, the pinned network B and the kind of values shown, declared with
lab.engine.core.fields, so that saved settings, a session and the ``activations`` command refuse
a bad value with the same message. Qt-free: a session is checked before any lab changes."""

from __future__ import annotations

from dataclasses import dataclass

from lab.engine.core import fields as F
from lab.engine.init.probe import KINDS, ProbeConfig


@dataclass(frozen=True)
class InitLabState:
    a: ProbeConfig = F.table(ProbeConfig, help="network A: the controls")
    b: ProbeConfig | None = F.table(ProbeConfig, optional=True,
                                    help="network B: the pinned comparison")
    kind: str = F.choice("activation", KINDS, help="the values the histograms show")


def state_from_plain(data) -> InitLabState:
    """The saved state, or ConfigError listing every problem."""
    return F.config_from_plain(InitLabState, data)
