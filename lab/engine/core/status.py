"""How far a job of the engine has got: a training run (queued, running, paused, then how it
ended) and, in the same words, any job the window's runner drives (a search ends as finished,
stopped or failed). One typed status; its text appears only at the edges (files, CSV, JSON)."""

from __future__ import annotations

from enum import Enum


class RunStatus(Enum):
    """Where a run is in its life: queued → running ⇄ paused → one of the four ends."""

    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"
    DIVERGED = "diverged"
    FAILED = "failed"

    @property
    def active(self) -> bool:
        """Owned by the runner right now (it may still send updates)."""
        return self in (RunStatus.RUNNING, RunStatus.PAUSED)

    @property
    def ended(self) -> bool:
        return self in ENDED

    @classmethod
    def parse(cls, text: object, allowed: frozenset[RunStatus] | None = None) -> RunStatus:
        """The status a file names; ValueError naming it and the ones allowed otherwise."""
        allowed = frozenset(cls) if allowed is None else allowed
        for status in allowed:
            if text == status.value:
                return status
        names = ", ".join(s.value for s in cls if s in allowed)
        raise ValueError(f"unknown status {text!r} (expected one of: {names})")


ENDED = frozenset((RunStatus.FINISHED, RunStatus.STOPPED, RunStatus.DIVERGED, RunStatus.FAILED))
KEPT = frozenset((RunStatus.FINISHED, RunStatus.STOPPED, RunStatus.DIVERGED))  # saved to disk
