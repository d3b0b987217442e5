"""Typed commands sent into the engine's long-running generators (training runs, the search).

Why typed: a generator that is driven from another thread hears from its driver only through
``generator.send(command)``. Tuples such as ``("set_lr", 0.01)`` were checked by string at the
far end and each generator had its own ``Stop``; one small vocabulary, shared by every generator
and by the UI's runner, is checked when it is made and read with ``isinstance``. A generator
refuses the commands it does not understand with a clear error (see each one's docstring).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


class CommandError(ValueError):
    """A command that cannot be made (a learning rate that is not a positive number)."""


@dataclass(frozen=True)
class SetLr:
    """Use ``lr`` as the base learning rate from the next iteration on (a schedule still
    shapes it)."""

    lr: float

    def __post_init__(self) -> None:
        lr = self.lr
        if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not (
                math.isfinite(lr) and lr > 0):
            raise CommandError(f"the learning rate must be a positive number, not {lr!r}")


@dataclass(frozen=True)
class Stop:
    """End now, at the next yield: work in flight is abandoned (a search puts its trials in
    flight back in the study; a training run keeps what it has done)."""


@dataclass(frozen=True)
class Finish:
    """End at the next natural boundary: the search finishes the stack of trials in training
    and asks for no more (its "pause"; Start resumes the study)."""


Command = SetLr | Stop | Finish
