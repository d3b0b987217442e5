"""atomic_write: regular files replaced atomically with the umask's mode (a hard-linked one too);
symlinks, FIFOs and devices refused and left untouched; every writer failure one ExportError."""

from __future__ import annotations

import csv
import errno
import io
import os
import stat

import pytest

from lab.io.files import ExportError, atomic_write, atomic_write_text, csv_text
from tests.fifo_watch import no_writer_waits


def _leftovers(folder) -> list[str]:
    return [n for n in os.listdir(folder) if n.endswith((".part", ".tmp"))]


def test_regular_file_replaced_atomically(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("old")
    atomic_write_text(path, "new")
    assert path.read_text() == "new"
    assert _leftovers(tmp_path) == []


def test_symlink_is_refused_and_its_target_untouched(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "link.csv"
    link.symlink_to(victim)
    with pytest.raises(ExportError, match=r"link\.csv: it is a symbolic link"):
        atomic_write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(victim)
    assert victim.read_text() == "precious"
    assert _leftovers(tmp_path) == []


def test_dangling_symlink_is_refused_and_creates_nothing(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "missing.csv")
    with pytest.raises(ExportError, match="symbolic link"):
        atomic_write_text(link, "x")
    assert not (tmp_path / "missing.csv").exists() and link.is_symlink()


def test_hard_link_is_replaced_and_the_other_name_keeps_its_content(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("old")
    b = tmp_path / "b.csv"
    os.link(a, b)
    atomic_write_text(a, "new content")
    assert a.read_text() == "new content" and a.stat().st_nlink == 1
    assert b.read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_fifo_is_refused_without_waiting_for_a_reader(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with no_writer_waits(fifo), pytest.raises(ExportError, match=r"pipe \(FIFO\)"):
        atomic_write_text(fifo, "a,b\n1,2\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("minor", [7, 3])  # /dev/full, /dev/null
def test_device_is_refused_and_never_replaced(tmp_path, minor):
    node = tmp_path / "device"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except (PermissionError, AttributeError):
        node = "/dev/full" if minor == 7 else "/dev/null"
    with pytest.raises(ExportError, match="it is a device, not a regular file") as info:
        atomic_write_text(node, "x" * 10)
    assert str(node) in str(info.value)
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_a_temp_swapped_for_a_link_mid_write_is_not_put_in_place(tmp_path):
    """A writer opens its temp by path: if the temp is replaced meanwhile (a link planted in a
    shared folder), the result is refused instead of moved over the target."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "out.csv"
    target.write_text("kept")

    def write(tmp):
        os.unlink(tmp)
        os.symlink(victim, tmp)

    with pytest.raises(ExportError, match="replaced while it was written"):
        atomic_write(target, write)
    assert target.read_text() == "kept" and not target.is_symlink()
    assert victim.read_text() == "precious"
    assert _leftovers(tmp_path) == []


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
