"""Where live learning-rate changes took effect, so the curves can mark them.

Why found in the history rather than taken from the moment Enter was pressed: a ``SetLr`` sent
from the window reaches the run in the runner's thread at its next iteration, while the run may
be in the middle of a time slice; the iteration the change applies to is the first row, at or
after the one the window saw, whose learning rate differs from the row before it. For a
constant schedule that is exact; under a schedule that changes the rate every iteration it is
the first row after the command was sent (at most one time slice early).
"""

from __future__ import annotations

import numpy as np

from lab.engine.train.history import HistorySnapshot


class LrMarks:
    """Per run: changes resolved to (iteration, lr), and those sent but not yet seen."""

    def __init__(self) -> None:
        self._pending: dict[str, list[tuple[int, float]]] = {}  # (rows seen when sent, lr)
        self._found: dict[str, list[tuple[int, float]]] = {}
        self._next_row: dict[str, int] = {}  # where the search for the next change starts

    def sent(self, name: str, rows_seen: int, lr: float) -> None:
        self._pending.setdefault(name, []).append((rows_seen, lr))

    def forget(self, name: str) -> None:
        """The run's curves are gone (restarted, removed): so are its marks."""
        for marks in (self._pending, self._found, self._next_row):
            marks.pop(name, None)

    def resolve(self, name: str, rows: HistorySnapshot) -> tuple[tuple[int, float], ...]:
        """The run's marks, with those whose change has reached ``rows`` placed."""
        pending = self._pending.get(name, [])
        found = self._found.setdefault(name, [])
        while pending:
            seen, lr = pending[0]
            at = _first_change(rows.lr, max(seen, self._next_row.get(name, 0), 1))
            if at is None:
                break
            pending.pop(0)
            self._next_row[name] = at + 1
            found.append((int(rows.iterations[at]), lr))
        return tuple(found)


def _first_change(lr: np.ndarray, start: int) -> int | None:
    """The first row index >= ``start`` whose lr differs from the previous row's."""
    if start >= len(lr):
        return None
    changed = np.flatnonzero(lr[start:] != lr[start - 1:-1])
    return int(start + changed[0]) if len(changed) else None
