"""The search lab's jobs for its worker threads (Qt-free): reading a study into a snapshot,
listing and opening studies on disk, copying a study's journal file; and the counts the
progress line shows.

Why not on the GUI thread: each reads a storage (a journal file replays every record; a
database answers over the network), and the snapshot may run optuna's importance analysis.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from lab.engine.search.storage import is_url, journal_path
from lab.ui.search.views.snapshot import TrialsSnapshot, snapshot_from_study

FAILED_STATES = ("diverged", "failed")  # interrupted and lost trials are re-asked: not failures


@dataclass(frozen=True)
class FoundStudies:
    found: list  # [(name, where)]: where is a journal path or the storage named
    problems: list[str]  # journal files that could not be read, each named


@dataclass(frozen=True)
class OpenedStudy:
    handle: object  # lab.engine.search.study.StudyHandle
    snapshot: TrialsSnapshot
    budget: int  # as the storage holds it (a resumed study's budget may have grown)
    storage: str | None  # None: the study's own file in the default folder
    reopened: bool = False  # opened again as the app starts (the settings are the user's)


def counts(rows) -> dict:
    """done (complete, pruned, diverged: what the budget counts), running, pruned, failed,
    and the best validation accuracy of a complete trial (None before the first)."""
    from lab.engine.search.results import best_of

    states = [r["state"] for r in rows]
    return {"done": sum(s in ("complete", "pruned", "diverged") for s in states),
            "running": states.count("running"), "pruned": states.count("pruned"),
            "failed": sum(s in FAILED_STATES for s in states),
            "best": best_of(r.get("val_acc") for r in rows if r["state"] == "complete")}


def snapshot_job(handle) -> tuple[TrialsSnapshot, int]:
    """Everything the views draw, read from the study (importance from 5 complete trials),
    and the study's budget (a storage read too: never on the GUI thread)."""
    return snapshot_from_study(handle.study, handle.config), handle.budget


def list_studies(data_dir: str | os.PathLike, storage: str | None) -> FoundStudies:
    """The studies in the default folder's journal files, or in the storage named by
    ``storage`` (a URL or a journal file)."""
    from lab.engine.search.storage import local_studies
    from lab.engine.search.study import study_names

    if storage:
        return FoundStudies([(name, storage) for name in study_names(storage)], [])
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    found, problems = local_studies(data_dir)
    return FoundStudies(list(found), list(problems))


def open_existing(name: str, storage: str | os.PathLike | None, data_dir,
                  reopened: bool = False) -> OpenedStudy:
    """A study that exists, read; its storage is None when it is the study's own file in the
    default folder (its name alone finds it)."""
    from lab.engine.search.study import open_study

    if storage is not None and not is_url(str(storage)) \
            and Path(storage) == journal_path(data_dir, name):  # fmt: skip
        storage = None
    handle = open_study(name, None, None if storage is None else str(storage), data_dir)
    snapshot, budget = snapshot_job(handle)
    return OpenedStudy(handle, snapshot, budget, None if storage is None else str(storage),
                       reopened)


def export_study_file(handle, target: str | os.PathLike) -> Path:
    """A copy of the study's journal file (its complete records: a record another worker is
    appending right now is left out), written atomically."""
    from lab.engine.search.storage import MAX_JOURNAL_BYTES
    from lab.io.files import atomic_write_bytes, read_limited

    if is_url(handle.where):
        raise ValueError(f"the study lives in a database ({handle.where}); there is no file "
                         "to export: optuna-dashboard can open the database URL itself")
    data = read_limited(handle.where, MAX_JOURNAL_BYTES, regular_only=True)
    return atomic_write_bytes(target, data[: data.rfind(b"\n") + 1])
