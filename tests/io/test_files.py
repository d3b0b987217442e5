"""atomic_write: regular files replaced atomically with the umask's mode; symlinks, hard links,
FIFOs and devices written through, never replaced; every writer failure one ExportError."""

from __future__ import annotations

import csv
import errno
import io
import os
import stat

import pytest

from lab.io.files import ExportError, atomic_write, atomic_write_text, csv_text


def _leftovers(folder) -> list[str]:
    return [n for n in os.listdir(folder) if n.endswith((".part", ".tmp"))]


def test_regular_file_replaced_atomically(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("old")
    atomic_write_text(path, "new")
    assert path.read_text() == "new"
    assert _leftovers(tmp_path) == []


def test_symlink_is_written_through_and_kept(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"
    assert _leftovers(tmp_path) == []


def test_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "missing.csv")
    atomic_write_text(link, "x")
    assert link.is_symlink() and (tmp_path / "missing.csv").read_text() == "x"


def test_hard_link_is_rewritten_in_place(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("old")
    b = tmp_path / "b.csv"
    os.link(a, b)
    inode = a.stat().st_ino
    atomic_write_text(a, "new content")
    assert a.stat().st_ino == inode and a.stat().st_nlink == 2
    assert b.read_text() == "new content"
    assert _leftovers(tmp_path) == []


def test_fifo_receives_the_bytes(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so opening for write works
    try:
        atomic_write_text(fifo, "a,b\n1,2\n")
        assert os.read(reader, 1000) == b"a,b\n1,2\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _leftovers(tmp_path) == []


@pytest.fixture
def full_device(tmp_path):
    """A character device like /dev/full (1, 7): every write fails with ENOSPC. Made in
    tmp_path where possible, so a broken implementation replaces only a copy."""
    node = tmp_path / "full"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (PermissionError, AttributeError):
        return "/dev/full"  # without the right to make a node, none to replace /dev/full
    return str(node)


def test_device_is_never_replaced(full_device):
    with pytest.raises(ExportError) as info:
        atomic_write_text(full_device, "x" * 10)
    assert os.strerror(errno.ENOSPC) in str(info.value)
    assert str(full_device) in str(info.value)
    assert stat.S_ISCHR(os.lstat(full_device).st_mode)


def test_null_device_accepts(tmp_path):
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        node = "/dev/null"
    atomic_write_text(node, "discarded")
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_folder_is_refused(tmp_path):
    with pytest.raises(ExportError, match="is a folder"):
        atomic_write_text(tmp_path, "x")


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_new_files_get_the_mode_from_the_umask(tmp_path, umask, expected):
    old = os.umask(umask)
    try:
        path = atomic_write_text(tmp_path / "new.csv", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == expected


def test_replaced_file_keeps_its_mode(tmp_path):
    path = tmp_path / "private.csv"
    path.write_text("old")
    path.chmod(0o600)
    atomic_write_text(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _enospc_message(path) -> str:
    def write(tmp):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(ExportError) as info:
        atomic_write(path, write)
    return str(info.value)


@pytest.mark.parametrize("error", [
    # safetensors' error on a full disk
    RuntimeError('Error while serializing: IoError(Os { code: 28, kind: StorageFull, message: '
                 '"No space left on device" })'),
    # torch.save's error on a full disk (the reason comes from the free space, which is 0)
    RuntimeError("[enforce fail at inline_container.cc:778] . PytorchStreamWriter failed "
                 "writing file data/0: file write failed"),
])
def test_non_oserror_writers_give_the_same_message(tmp_path, monkeypatch, error):
    path = tmp_path / "w.safetensors"
    path.write_text("previous")

    def write(tmp):
        with open(tmp, "wb") as fh:
            fh.write(b"half")
        raise error

    monkeypatch.setattr("lab.io.files._disk_full", lambda folder: True)
    with pytest.raises(ExportError) as info:
        atomic_write(path, write)
    assert str(info.value) == _enospc_message(path)
    assert path.read_text() == "previous"
    assert _leftovers(tmp_path) == []


def test_other_writer_errors_become_export_errors(tmp_path):
    def write(tmp):
        raise ValueError("tensor is not contiguous\nsecond line")

    with pytest.raises(ExportError, match=r"cannot write .*x\.pt: tensor is not contiguous$"):
        atomic_write(tmp_path / "x.pt", write)
    assert _leftovers(tmp_path) == []


def test_interrupt_leaves_no_part_file(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("kept")

    def write(tmp):
        with open(tmp, "w") as fh:
            fh.write("partial")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, write)
    assert path.read_text() == "kept"
    assert _leftovers(tmp_path) == []


def test_missing_folder(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        atomic_write_text(tmp_path / "no" / "x.csv", "x")


@pytest.mark.parametrize("name", ["plain", "a,b", 'say "hi"', "two\nlines", "tab\there", ""])
def test_csv_text_round_trips_through_the_csv_module(name):
    text = csv_text(["run", "value"], [(name, 1.5), ("other", None)])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["run", "value"], [name, "1.5"], ["other", ""]]
