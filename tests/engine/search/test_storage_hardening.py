"""Issue 16 on study storage: a journal torn by a full disk or a killed writer resumes with every
finished trial and a message naming the journal; a journal or its lock planted as a link is
refused; a credential in any part of a storage URL is never shown."""

from __future__ import annotations

import errno
import os

import pytest

from lab.engine.search import journal as journal_module
from lab.engine.search.runner import counted_state, run_worker
from lab.engine.search.storage import StudyStorageError, check_journal, journal_path, open_storage
from lab.engine.search.study import open_study
from tests.engine.search.conftest import with_


def _finish(handle) -> None:
    for _ in run_worker(handle):
        pass


def _trials(handle) -> list[tuple]:
    return [(t.number, counted_state(t), t.value, tuple(sorted(t.params.items())))
            for t in handle.study.get_trials()]


def test_a_torn_last_record_is_removed_on_resume_and_every_finished_trial_kept(tmp_path,
                                                                              tiny_config):
    config = with_(tiny_config, trials=4)
    _finish(open_study("torn", config, data_dir=tmp_path))
    path = journal_path(tmp_path, "torn")
    data = path.read_bytes()
    last = data[:-1].rfind(b"\n") + 1
    whole = tmp_path / "whole"  # the study as its complete records say
    whole.mkdir()
    journal_path(whole, "torn").write_bytes(data[:last])
    expected = _trials(open_study("torn", data_dir=whole))
    path.write_bytes(data[: last + (len(data) - last) // 2])  # the last line cut mid-record

    handle = open_study("torn", config, data_dir=tmp_path)
    assert _trials(handle) == expected
    assert len(handle.notes) == 1 and str(path) in handle.notes[0]
    assert "cut off" in handle.notes[0] and "every complete record is kept" in handle.notes[0]
    assert path.read_bytes() == data[:last] and check_journal(path) == 0
    # every later resume accepts the study, and it grows from there
    _finish(open_study("torn", with_(config, trials=6), data_dir=tmp_path))
    again = open_study("torn", data_dir=tmp_path)
    assert again.notes == () and _trials(again)[: len(expected)] == expected
    assert sum(counted_state(t) == "complete" for t in again.study.get_trials()) == 6


def test_a_full_disk_mid_record_leaves_no_torn_record_and_names_the_journal(tmp_path,
                                                                           tiny_config,
                                                                           monkeypatch):
    handle = open_study("full", with_(tiny_config, trials=2), data_dir=tmp_path)
    path = journal_path(tmp_path, "full")
    before = path.read_bytes()
    real = journal_module._write_all

    def half_then_enospc(fd, data):  # what a disk that fills mid-write does
        real(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(journal_module, "_write_all", half_then_enospc)
    with pytest.raises(StudyStorageError) as info:
        handle.study.set_user_attr("note", "x" * 500)
    message = str(info.value)
    assert message.startswith(f"{path}: cannot write the study file: No space left on device")
    assert path.read_bytes() == before  # the half record was cut off again
    monkeypatch.undo()
    resumed = open_study("full", data_dir=tmp_path)
    assert resumed.notes == () and resumed.study.user_attrs.get("note") is None
    _finish(resumed)
    assert sum(counted_state(t) == "complete" for t in resumed.study.get_trials()) == 2


def test_a_torn_tail_a_dead_writer_left_is_cut_before_the_next_append(tmp_path, tiny_config):
    """A worker that keeps running while another dies mid-record appends after a clean line."""
    handle = open_study("live", with_(tiny_config, trials=2), data_dir=tmp_path)
    path = journal_path(tmp_path, "live")
    with open(path, "ab") as fh:
        fh.write(b'{"op_code": 5, "worker_id": "dead", "cut')
    handle.study.set_user_attr("after", 1)
    assert check_journal(path) == 0
    assert open_study("live", data_dir=tmp_path).study.user_attrs["after"] == 1


@pytest.mark.parametrize("planted", ["journal", "lock"])
def test_a_journal_or_its_lock_planted_as_a_link_is_refused(tmp_path, tiny_config, planted):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    path = journal_path(tmp_path, "s")
    (path if planted == "journal" else path.with_name(path.name + ".flock")).symlink_to(victim)
    with pytest.raises(StudyStorageError, match="symbolic link") as info:
        open_study("s", tiny_config, data_dir=tmp_path)
    assert str(path) in str(info.value)
    assert victim.read_text() == "precious"


SECRETS = ("pw-1234", "hunter2", "s3cr3t-key", ".pgpass", "tok-987")
URL = ("nosuchdialect://user:pw-1234@db.example/studies?sslmode=require&password=hunter2"
       "&sslpassword=s3cr3t-key&passfile=/home/u/.pgpass&api_token=tok-987")


def test_every_credential_form_is_masked_in_the_shown_and_dropped_from_the_saved_url():
    from lab.engine.search.storage import masked_url

    shown, saved = masked_url(URL), masked_url(URL, mask=None)
    assert shown == ("nosuchdialect://user:***@db.example/studies?sslmode=require&password=***"
                     "&sslpassword=***&passfile=***&api_token=***")
    assert saved == "nosuchdialect://user@db.example/studies?sslmode=require"
    for url in ("postgresql://u:p@ss/w?rd@h/db", "postgresql://h/db?Pass%77ord=hunter2",
                "postgresql://:hunter2@h/db"):
        assert "hunter2" not in masked_url(url) and "ss/w" not in masked_url(url)
        assert "hunter2" not in masked_url(url, mask=None)
    assert masked_url("/data/my:odd@name.journal") == "/data/my:odd@name.journal"  # a path


def test_an_error_about_a_storage_url_shows_no_credential():
    with pytest.raises(StudyStorageError) as info:
        open_storage(URL, "s")
    message = str(info.value)
    assert "nosuchdialect://user:***@db.example/studies" in message
    assert not [s for s in SECRETS if s in message], message
    from lab.engine.search.storage import masked_text

    driver = 'connection failed: password "hunter2" rejected (pw-1234, hunter%32)'
    assert masked_text(driver, URL.replace("hunter2", "hunter%32")) == \
        'connection failed: password "***" rejected (***, ***)'


def test_sqlite_files_planted_as_links_are_refused_before_sqlite_opens_them(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    db = tmp_path / "s.db"
    db.symlink_to(tmp_path / "elsewhere.db")
    with pytest.raises(StudyStorageError, match=r"s\.db: it is a symbolic link"):
        open_storage(f"sqlite:///{db}", "s")
    assert not (tmp_path / "elsewhere.db").exists()
    db.unlink()
    (tmp_path / "s.db-journal").symlink_to(victim)
    with pytest.raises(StudyStorageError, match=r"s\.db-journal: it is a symbolic link"):
        open_storage(f"sqlite:///{db}", "s")
    assert victim.read_text() == "precious" and not db.exists()
