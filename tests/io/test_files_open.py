"""Files opened in place (lock files, journals appended to) refuse links, FIFOs, devices and
hard links; temp files a killed writer left are removed, those a live writer holds are not."""

from __future__ import annotations

import os
import stat
import tempfile

import pytest

from lab.io.files import (
    TEMP_NAME,
    ExportError,
    atomic_write,
    open_append,
    open_lock_file,
    remove_stale_temps,
)
from tests.fifo_watch import no_writer_waits


@pytest.fixture
def victim(tmp_path):
    path = tmp_path / "victim.txt"
    path.write_text("precious")
    return path


@pytest.mark.parametrize("opener", [open_lock_file, lambda p: open_append(p).fileno()])
def test_a_link_to_a_victim_is_refused_and_the_victim_untouched(tmp_path, victim, opener):
    link = tmp_path / "planted"
    link.symlink_to(victim)
    with pytest.raises(ExportError, match="planted: it is a symbolic link"):
        opener(link)
    assert victim.read_text() == "precious" and link.is_symlink()


@pytest.mark.parametrize("opener", [open_lock_file, lambda p: open_append(p).fileno()])
def test_a_hard_link_to_a_victim_is_refused(tmp_path, victim, opener):
    planted = tmp_path / "planted"
    os.link(victim, planted)
    with pytest.raises(ExportError, match="other names"):
        opener(planted)
    assert victim.read_text() == "precious"


def test_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with no_writer_waits(fifo), pytest.raises(ExportError, match=r"pipe \(FIFO\)"):
        open_append(fifo)
    with pytest.raises(ExportError, match=r"pipe \(FIFO\)"):
        open_lock_file(fifo)


def test_a_device_is_refused(tmp_path):
    node = tmp_path / "full"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (PermissionError, AttributeError):
        node = "/dev/full"
    with pytest.raises(ExportError, match="it is a device"):
        open_lock_file(node)


def test_a_regular_file_is_opened_and_a_missing_one_created(tmp_path):
    with open_append(tmp_path / "j") as fh:
        fh.write(b"a\n")
    with open_append(tmp_path / "j") as fh:
        fh.write(b"b\n")
    assert (tmp_path / "j").read_bytes() == b"a\nb\n"
    fd = open_lock_file(tmp_path / "lock")
    os.close(fd)
    assert (tmp_path / "lock").is_file()


def _temp(folder, name: str) -> str:
    fd, path = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    os.close(fd)
    return path


def test_stale_temps_go_and_everything_else_stays(tmp_path, victim):
    stale = _temp(tmp_path, "metrics.csv")
    journal_temp = _temp(tmp_path, "s.journal")
    (tmp_path / "notes.part").write_text("a user's file")  # not our pattern
    (tmp_path / ".x.part").write_text("nor this")
    link = tmp_path / ".link.abcdefgh.part"
    link.symlink_to(victim)
    assert TEMP_NAME.match(os.path.basename(stale))
    assert remove_stale_temps(tmp_path, "s.journal") == [os.path.basename(journal_temp)]
    assert remove_stale_temps(tmp_path) == [os.path.basename(stale)]
    assert sorted(os.listdir(tmp_path)) == [".link.abcdefgh.part", ".x.part", "notes.part",
                                            "victim.txt"]
    assert victim.read_text() == "precious"


def test_a_temp_a_live_writer_fills_is_kept(tmp_path):
    seen = []

    def write(tmp):  # while the atomic writer holds its temp, a cleanup runs
        with open(tmp, "w") as fh:
            fh.write("half")
        seen.append(remove_stale_temps(tmp_path))
        seen.append(os.path.exists(tmp))

    atomic_write(tmp_path / "out.csv", write)
    assert seen == [[], True]
    assert (tmp_path / "out.csv").read_text() == "half"
