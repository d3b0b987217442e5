"""The run folders in the training lab's run store, as entries of File ▸ Manage stored data.

Why a full load per folder: a folder :meth:`RunStore.load` refuses is exactly one the lab can
never show again, so it is listed as damaged with that message and can be deleted like the rest.
A folder without ``run.json`` that was written to in the last minute is a save in progress, not
a damaged folder, and is kept out of reach (``RECENT``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection
from pathlib import Path

from lab.app.stored_data import (
    LISTED,
    RECENT,
    StoredEntry,
    children_of,
    recent,
    tree_stats,
)
from lab.engine.train.run_store import RunStore, RunStoreError


def list_run_folders(root: str | os.PathLike, listed: Collection[str],
                     now: float | None = None) -> list[StoredEntry]:
    """Every entry of the run store's folder ``root``, newest first. ``listed``: the folder
    names the training lab's runs use (they cannot be deleted from the dialog)."""
    root = Path(root)
    now = time.time() if now is None else now
    store = RunStore(root)
    children = children_of(root, RunStoreError, "run folders")
    entries = []
    for child in children:
        size, modified = tree_stats(child)
        name, problem, in_use = child.name, "", ""
        if child.is_symlink():
            problem = f"{child.name} is a link to {os.readlink(child)}, not a run folder"
        elif not child.is_dir():
            problem = f"{child.name} is a file, not a run folder"
        else:
            try:
                name = store.load(child.name).config.name
            except RunStoreError as err:
                problem = str(err)
                if recent(modified, now):
                    in_use = RECENT
        if child.name in listed:
            in_use = LISTED
        entries.append(StoredEntry("run", name, child, size, modified, in_use=in_use,
                                   problem=problem))
    entries.sort(key=lambda e: e.modified, reverse=True)
    return entries
