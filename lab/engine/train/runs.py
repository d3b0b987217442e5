"""The training lab's runs as a Qt-free model: the one source of truth its views draw from.

Why a model: the lab used to keep its state in table cells and run names, so a restart under
the same name, a re-applied preset or an edit could mix up or wipe results. Here every run is a
:class:`RunEntry` (config, colour, status, history, result, folder) and every start gets a
fresh *instance id*; updates and ends that carry another instance id are dropped. Each start
also gets a fresh :class:`History`, handed to the run, which appends to it: the entry, the
plots and the saved result all read that one object, so nothing is merged when the run ends
(:mod:`lab.engine.train.history` says why a reader never sees half a row). The rules that
keep results safe live here, where they can be tested without a window: *start all* never
restarts a run that has results, re-running or editing such a run makes a new run, and an edit
that changes nothing changes nothing.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from lab.engine.train.config import TrainConfig
from lab.engine.train.history import History
from lab.engine.train.records import RunResult, RunStatus, Update


@dataclass(eq=False)
class RunEntry:
    """One run in the list. ``instance`` is 0 until it starts; each start gets a new one."""

    config: TrainConfig
    color: str
    status: RunStatus = RunStatus.QUEUED
    history: History = field(default=None)  # type: ignore[assignment]  # the run writes it
    result: RunResult | None = None
    instance: int = 0
    message: str = ""  # a failure's reason, or where its results were saved
    folder: str | None = None  # its run folder's name once saved

    def __post_init__(self) -> None:
        if self.history is None:
            self.history = History(self.config.name)

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def has_results(self) -> bool:
        """Anything a user would lose: curves, an evaluation or trained weights."""
        return self.result is not None or self.history.n > 0

    def label(self) -> str:
        """The status as the run table shows it."""
        if self.status is RunStatus.RUNNING and self.history.n == 0:
            return "starting"
        if self.status is RunStatus.DIVERGED:
            rows = self.history.snapshot()
            at = self.result.diverged_at if self.result and self.result.diverged_at else (
                int(rows.iterations[-1]) if rows.n else 0)
            return f"diverged at iteration {at}"
        if self.status is RunStatus.FAILED:
            return f"failed: {self.message}"
        return self.status.value

    def eta_s(self) -> float | None:
        """Seconds left, only while the run trains (an ended run has no ETA)."""
        return self.history.snapshot().eta_s() if self.status is RunStatus.RUNNING else None


class RunsModel:
    """An ordered set of runs with unique names, and the rules for changing them."""

    def __init__(self) -> None:
        self._entries: dict[str, RunEntry] = {}
        self._instances = itertools.count(1)
        self._by_instance: dict[int, RunEntry] = {}

    # ---- reading ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __getitem__(self, name: str) -> RunEntry:
        return self._entries[name]

    def __iter__(self):
        return iter(list(self._entries.values()))

    def names(self) -> list[str]:
        return list(self._entries)

    def get(self, name: str | None) -> RunEntry | None:
        return self._entries.get(name) if name is not None else None

    def by_instance(self, instance: int) -> RunEntry | None:
        """The entry a runner message belongs to, or None for a superseded instance."""
        entry = self._by_instance.get(instance)
        return entry if entry is not None and entry.instance == instance and \
            self._entries.get(entry.name) is entry else None

    # ---- adding and removing ----------------------------------------------------------------
    def unique_name(self, base: str, taken: set[str] | None = None) -> str:
        """``base``, or ``base-2``, ``base-3``... whichever is free."""
        taken = set(self._entries) if taken is None else taken
        if base not in taken:
            return base
        stem = base
        for k in itertools.count(2):
            if f"{stem}-{k}" not in taken:
                return f"{stem}-{k}"
        raise AssertionError("unreachable")

    def add(self, config: TrainConfig, color: str, index: int | None = None) -> RunEntry:
        """A new queued run (renamed if the name is taken)."""
        from dataclasses import replace

        name = self.unique_name(config.name)
        entry = RunEntry(replace(config, name=name) if name != config.name else config, color)
        self.insert(entry, len(self._entries) if index is None else index)
        return entry

    def insert(self, entry: RunEntry, index: int) -> None:
        """Put an entry (a new one, or one brought back by undo) at ``index``."""
        if entry.name in self._entries:
            raise ValueError(f"a run named {entry.name!r} exists already")
        items = list(self._entries.items())
        items.insert(max(0, min(index, len(items))), (entry.name, entry))
        self._entries = dict(items)

    def remove(self, name: str) -> tuple[int, RunEntry]:
        """Take a run out; returns (index, entry) so that it can be put back."""
        index = self.names().index(name)
        entry = self._entries.pop(name)
        self._by_instance.pop(entry.instance, None)
        return index, entry

    def clear(self) -> list[RunEntry]:
        removed = list(self._entries.values())
        self._entries, self._by_instance = {}, {}
        return removed

    # ---- editing ----------------------------------------------------------------------------
    def edit(self, name: str, config: TrainConfig) -> RunEntry | None:
        """Apply an edited config. No change: nothing happens (None). A run with results, or
        one training: the edit becomes a new queued run (its copy), the original stays. A queued
        run: changed in place, keeping its place and colour."""
        entry = self._entries[name]
        if config == entry.config:
            return None
        if entry.has_results or entry.status.active:
            return self.add(config, entry.color, self.names().index(name) + 1)
        if config.name != name and config.name in self._entries:
            raise ValueError(f"a run named {config.name!r} exists already")
        index, _ = self.remove(name)
        fresh = RunEntry(config, entry.color)
        self.insert(fresh, index)
        return fresh

    def copy_of(self, name: str, color: str) -> RunEntry:
        """A queued copy right after ``name`` (re-running a run keeps the original's results)."""
        entry = self._entries[name]
        return self.add(entry.config, color, self.names().index(name) + 1)

    # ---- the run lifecycle ------------------------------------------------------------------
    def begin(self, name: str) -> int:
        """Mark a queued run running and give it a new instance id (for the runner) and a
        new history (for the run to append to)."""
        entry = self._entries[name]
        if entry.has_results or entry.status.active:
            raise ValueError(f"{name} has results or is training: start a copy instead")
        entry.instance = next(self._instances)
        self._by_instance[entry.instance] = entry
        entry.status, entry.result, entry.message = RunStatus.RUNNING, None, ""
        entry.history = History(name)
        return entry.instance

    def set_paused(self, name: str, paused: bool) -> bool:
        """Pause or resume; False when the run is not in a state where that means anything."""
        entry = self._entries[name]
        want, have = (RunStatus.PAUSED, RunStatus.RUNNING) if paused else (
            RunStatus.RUNNING, RunStatus.PAUSED)
        if entry.status is not have:
            return False
        entry.status = want
        return True

    def touched_by(self, batch: list[tuple[int, Update]]) -> set[str]:
        """The runs a batch of tagged updates changed (their rows are in their histories
        already, appended by the runs); updates of stale instances are ignored."""
        touched = set()
        for instance, _update in batch:
            entry = self.by_instance(instance)
            if entry is not None and entry.status.active:
                touched.add(entry.name)
        return touched

    def finish(self, instance: int, status: RunStatus, message: str = "",
               result: RunResult | None = None) -> RunEntry | None:
        """An instance ended; None when it is not the entry's current one (dropped). The
        result's history is the entry's own (the run appended to it): nothing to merge."""
        entry = self.by_instance(instance)
        if entry is None or not entry.status.active:
            return None
        if not status.ended:
            raise ValueError(f"{status} is not how a run ends")
        if result is not None and result.history is not entry.history:  # one history per run
            raise ValueError(f"{entry.name}: the result holds another history than its run's")
        del self._by_instance[instance]
        entry.status, entry.message, entry.result = status, message, result
        return entry

    def plan_start_all(self) -> tuple[list[str], list[str]]:
        """(runs to start, runs to resume): queued runs start, paused ones resume; runs that
        ended keep their results."""
        start = [e.name for e in self if e.status is RunStatus.QUEUED and not e.has_results]
        resume = [e.name for e in self if e.status is RunStatus.PAUSED]
        return start, resume

    def active(self) -> list[RunEntry]:
        return [e for e in self if e.status.active]
