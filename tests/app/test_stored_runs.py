"""Run folders listed for File > Manage stored data: names, sizes, in use, damaged."""

import os
import time

from lab.app.stored_data import LISTED, RECENT, remove_entries
from lab.app.stored_runs import list_run_folders
from lab.engine.train.config import TrainConfig
from lab.engine.train.run_store import RunStore
from tests.engine.train.test_runs_store import MODEL, make_result

LATER = time.time() + 3600  # "now" for the listing: nothing counts as being written


def save(store, name):
    result, _ = make_result(name)
    return store.save(TrainConfig(name, iterations=100, model=MODEL), "#123456", result)


def test_runs_are_listed_with_size_in_use_and_damage(tmp_path):
    root = tmp_path / "runs"
    store = RunStore(root)
    a, b = save(store, "alpha"), save(store, "beta")
    (b / "run.json").write_text("{not json")
    stray = root / "notes.txt"
    stray.write_text("hello")
    entries = {e.path.name: e for e in list_run_folders(root, {a.name}, now=LATER)}
    assert set(entries) == {a.name, b.name, "notes.txt"}
    ok, bad, file = entries[a.name], entries[b.name], entries["notes.txt"]
    assert ok.name == "alpha" and ok.problem == "" and ok.in_use == LISTED
    files = sum(os.path.getsize(p) for p in a.iterdir())
    assert files <= ok.size <= files + 64 * 1024  # the files, plus the folder's own entry
    assert bad.name == b.name and b.name in bad.problem and "damaged" in bad.problem
    assert bad.deletable and file.problem.endswith("not a run folder") and file.deletable
    assert all(e.kind == "run" for e in entries.values())


def test_a_folder_being_saved_is_not_offered(tmp_path):
    root = tmp_path / "runs"
    (root / "20260101-000000-saving").mkdir(parents=True)  # no run.json yet
    (entry,) = list_run_folders(root, set())
    assert entry.problem and entry.in_use == RECENT and not entry.deletable
    old = time.time() - 3600
    os.utime(root / "20260101-000000-saving", (old, old))
    (entry,) = list_run_folders(root, set())
    assert entry.problem and entry.deletable  # an interrupted save, long ago: damaged


def test_deleting_one_run_leaves_the_others_loadable(tmp_path):
    root = tmp_path / "runs"
    store = RunStore(root)
    folders = [save(store, n) for n in ("a", "b", "c")]
    entries = {e.name: e for e in list_run_folders(root, set(), now=LATER)}
    removal = remove_entries(tmp_path, [entries["b"]])
    assert [e.name for e in removal.done] == ["b"] and not removal.failed
    assert sorted(e.name for e in list_run_folders(root, set(), now=LATER)) == ["a", "c"]
    assert store.load(folders[0].name).config.name == "a"


def test_a_missing_store_lists_nothing(tmp_path):
    assert list_run_folders(tmp_path / "none", set()) == []
