"""Group commit on a study's journal file: records reach the file (and every other reader) at
once, the fsync is done once per Progress, and what a Progress reports is already fsync'd."""

import os

import pytest

from lab.engine.search.journal import GroupCommitFileBackend, journal_backend
from lab.engine.search.runner import counted_state, run_worker
from lab.engine.search.storage import journal_path, open_storage
from lab.engine.search.study import open_study


@pytest.fixture
def fsyncs(monkeypatch) -> list[int]:
    """Every os.fsync call, counted (and still done)."""
    calls = []
    real = os.fsync

    def counting(fd):
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", counting)
    return calls


def test_deferred_records_are_readable_at_once_and_fsynced_once(tmp_path, tiny_config, fsyncs):
    handle = open_study("g", tiny_config, data_dir=tmp_path)
    backend = journal_backend(handle.study)
    assert isinstance(backend, GroupCommitFileBackend)
    fsyncs.clear()
    handle.study.set_user_attr("outside", 1)  # no one defers: fsync'd as Optuna does
    assert len(fsyncs) == 1
    with backend.deferred():
        for k in range(5):
            handle.study.set_user_attr(f"k{k}", k)
        assert len(fsyncs) == 1  # nothing fsync'd while deferring
        # another reader (a second storage on the same file, as another process) sees them
        other, _ = open_storage(str(journal_path(tmp_path, "g")), "g")
        attrs = other.get_study_user_attrs(other.get_study_id_from_name("g"))
        assert [attrs[f"k{k}"] for k in range(5)] == list(range(5))
        backend.sync()
        assert len(fsyncs) == 2
        backend.sync()  # nothing new: no fsync
        assert len(fsyncs) == 2
        handle.study.set_user_attr("last", 1)
    assert len(fsyncs) == 3  # leaving syncs what is left


def test_every_progress_of_a_worker_is_on_disk_when_reported(tmp_path, tiny_config, fsyncs,
                                                            monkeypatch):  # fmt: skip
    handle = open_study("w", tiny_config, data_dir=tmp_path)
    backend = journal_backend(handle.study)
    fsyncs.clear()
    appends = []
    real_append = GroupCommitFileBackend.append_logs

    def counting(self, logs):
        appends.append(len(logs))
        real_append(self, logs)

    monkeypatch.setattr(GroupCommitFileBackend, "append_logs", counting)
    told = 0
    for progress in run_worker(handle, "cpu"):
        assert not backend._unsynced  # nothing written is waiting for its fsync
        told += len(progress.finished)
        reader, _ = open_storage(str(journal_path(tmp_path, "w")), "w")
        finished = [t for t in reader.get_all_trials(reader.get_study_id_from_name("w"))
                    if counted_state(t) == "complete"]
        assert len(finished) == told  # what the Progress reports, a fresh reader sees
    assert told == tiny_config.trials
    # far fewer fsyncs than records: ~6 records per trial, one fsync per Progress that wrote
    assert len(appends) >= 6 * tiny_config.trials
    assert len(fsyncs) <= len(appends) // 3
    assert backend._deferring == 0  # the worker stopped deferring when it ended


def test_a_database_or_foreign_storage_has_no_group_commit():
    class Study:
        _storage = object()

    assert journal_backend(Study()) is None
