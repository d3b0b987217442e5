"""Issue 16, 7, 12 and 15: every read of a study journal is bounded (a 3 GiB sparse file as
--storage took 20 s and 6.5 GB, then a MemoryError traceback; listing it, 52 s and 9.3 GB), a
line nested 100 000 deep is a message rather than a RecursionError, and an operation code
Optuna does not know is named rather than Optuna's "Should not reach."."""

from __future__ import annotations

import json
import time
import tracemalloc

import pytest

from lab.app.stored_studies import list_study_files
from lab.engine.search import storage
from lab.engine.search.storage import StudyStorageError, check_journal, open_storage

GiB = 2**30


def peak_mib(fn) -> float:
    tracemalloc.start()
    try:
        fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / 2**20


def sparse(path, size: int):
    with open(path, "wb") as fh:
        fh.truncate(size)  # no blocks on disk: gigabytes of zeros, one endless line
    return path


def test_a_huge_sparse_journal_is_refused_unread(tmp_path):
    path = sparse(tmp_path / "big.journal", 3 * GiB)

    def refused():
        with pytest.raises(StudyStorageError, match=r"big\.journal: 3\.0 GiB is too large for "
                                                    r"a study file \(the limit is 256\.0 MiB\)"):
            open_storage(str(path), "s")

    assert peak_mib(refused) < 8


def test_listing_a_huge_sparse_journal_reads_nothing_of_it(tmp_path):
    path = sparse(tmp_path / "big.journal", 3 * GiB)
    entries = []
    assert peak_mib(lambda: entries.extend(list_study_files(tmp_path, {}, now=0))) < 8
    [entry] = entries
    assert entry.path == path and "too large for a study file" in entry.problem


def test_a_record_past_the_line_bound_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "MAX_RECORD_BYTES", 1024)
    path = tmp_path / "long.journal"
    record = {"op_code": 0, "study_name": "s", "pad": "x" * 2000}
    path.write_text(json.dumps(record) + "\n")
    with pytest.raises(StudyStorageError, match=r"long\.journal: the study file is damaged at "
                                                r"line 1 \(a line is longer than 1\.0 KiB\)"):
        check_journal(path)


def test_a_line_nested_100000_deep_is_a_message_naming_the_journal(tmp_path):
    path = tmp_path / "deep.journal"
    path.write_text('{"op_code": 0, "study_name": "s", "user_attrs": ' + "[" * 100_000
                    + "]" * 100_000 + "}\n")
    with pytest.raises(StudyStorageError, match=r"deep\.journal: the study file is damaged at "
                                                r"line 1 \(nested too deeply to be read\)"):
        open_storage(str(path), "s")
    [entry] = list_study_files(tmp_path, {}, now=0)
    assert "nested too deeply" in entry.problem


def test_an_unknown_operation_is_named(tmp_path):
    path = tmp_path / "odd.journal"
    path.write_text('{"op_code": 0, "study_name": "s", "directions": [1], "worker_id": "w"}\n'
                    '{"op_code": 99, "worker_id": "w"}\n')
    with pytest.raises(StudyStorageError, match=r"odd\.journal: the study file is damaged at "
                                                r"line 2 \(operation 99 is not one this version "
                                                r"of Optuna knows"):
        open_storage(str(path), "s")


def test_a_real_journal_still_opens_and_lists(tmp_path):
    import optuna

    store, _ = open_storage(None, "fine", tmp_path)
    optuna.create_study(storage=store, study_name="fine").optimize(
        lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    [entry] = list_study_files(tmp_path, {}, now=time.time() + 3600)
    assert (entry.name, entry.trials, entry.problem) == ("fine", 2, "")
