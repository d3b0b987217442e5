"""The study journals in the search lab's folder, as entries of File ▸ Manage stored data.

Why the journal is read here rather than through Optuna: counting the trials and naming the
studies of a file needs one pass over its JSON lines (CREATE_STUDY, DELETE_STUDY and
CREATE_TRIAL records), not Optuna's import and a full replay. The damage check is the one every
open applies (:func:`lab.engine.search.storage.journal_records`, read once, within its bounds),
so a file is listed as damaged or too large with the same message the search lab shows. A
journal written to in the last minute has a search worker appending to it (workers beat every
few seconds) and is kept out of reach.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Mapping
from pathlib import Path

from lab.app.stored_data import RECENT, StoredEntry, children_of, recent, tree_stats
from lab.engine.search.storage import JOURNAL_SUFFIX, StudyStorageError, journal_records

LOCK_SUFFIX = ".flock"  # the kernel lock file beside each journal (storage._file_lock)
CREATE_STUDY, DELETE_STUDY, CREATE_TRIAL = 0, 1, 4  # optuna JournalOperation codes


def journal_summary(path: str | os.PathLike) -> tuple[list[str], int]:
    """(names of the studies a journal holds, number of trials created in it), read with the
    damage check and bounds of :func:`check_journal` in the same pass (StudyStorageError)."""
    studies: list[str | None] = []  # by study id: Optuna numbers studies in creation order
    trials = 0
    for record in journal_records(Path(path)):  # a cut-off last record: repaired on opening
        op = record.get("op_code")
        if op == CREATE_TRIAL:
            trials += 1
        elif op == CREATE_STUDY:
            studies.append(str(record.get("study_name", "")))
        elif op == DELETE_STUDY:
            sid = record.get("study_id")
            if isinstance(sid, int) and 0 <= sid < len(studies):
                studies[sid] = None
    return [s for s in studies if s], trials


def list_study_files(folder: str | os.PathLike, in_use: Mapping[Path, str],
                     now: float | None = None) -> list[StoredEntry]:
    """Every journal in ``folder`` (and every lock file left without its journal), newest
    first. ``in_use`` maps resolved journal paths to why they are in use (OPEN, RUNNING)."""
    folder = Path(folder)
    now = time.time() if now is None else now
    children = children_of(folder, StudyStorageError, "studies")
    names = {child.name for child in children}
    entries = []
    for child in children:
        if child.name.endswith(JOURNAL_SUFFIX + LOCK_SUFFIX):
            if child.name[: -len(LOCK_SUFFIX)] not in names:
                size, modified = tree_stats(child)
                entries.append(StoredEntry(
                    "study", child.name, child, size, modified,
                    problem=f"{child.name} is a lock file left by a study that is gone"))
            continue
        if not child.name.endswith(JOURNAL_SUFFIX):
            continue
        entries.append(_journal_entry(child, names, in_use, now))
    entries.sort(key=lambda e: e.modified, reverse=True)
    return entries


def _journal_entry(path: Path, names: set[str], in_use: Mapping[Path, str],
                   now: float) -> StoredEntry:
    size, modified = tree_stats(path)
    lock = path.with_name(path.name + LOCK_SUFFIX)
    companions = (lock,) if lock.name in names else ()
    stem = path.name[: -len(JOURNAL_SUFFIX)]
    name, trials, problem = stem, None, ""
    if path.is_symlink():
        problem = f"{path.name} is a link to {os.readlink(path)}, not a study file"
    else:
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):  # a FIFO would block the reading
                raise StudyStorageError(f"{path.name} is not a study file (it is a link, a "
                                        "folder, a pipe or a device)")
            studies, trials = journal_summary(path)  # the damage check, in the same pass
            name = ", ".join(studies) or stem
        except (StudyStorageError, OSError, ValueError) as err:
            problem = str(err)
    reason = ""
    if recent(modified, now):
        reason = RECENT
    try:
        reason = in_use.get(path.resolve(), reason)
    except (OSError, RuntimeError):
        pass
    return StoredEntry("study", name, path, size, modified, trials=trials, in_use=reason,
                       problem=problem, companions=companions)
