"""Removing stored data: only inside the data folder, links never followed, one failure does
not stop the rest."""

import os

import pytest

from lab.app.stored_data import (
    LISTED,
    NoTrashError,
    StoredDataError,
    StoredEntry,
    checked_path,
    delete_path,
    remove_entries,
    remove_entry,
    tree_stats,
)


def entry(path, **kw):
    return StoredEntry("run", path.name, path, 0, 0.0, **kw)


def make_tree(folder):
    (folder / "sub").mkdir(parents=True)
    (folder / "a.bin").write_bytes(b"x" * 100)
    (folder / "sub" / "b.bin").write_bytes(b"y" * 50)
    return folder


def test_tree_stats_counts_files_and_not_what_links_point_to(tmp_path):
    outside = make_tree(tmp_path / "outside")
    data = make_tree(tmp_path / "data" / "run")
    size, newest = tree_stats(data)
    assert size >= 150 and newest > 0
    os.symlink(outside, data / "link")
    with_link, _ = tree_stats(data)
    assert with_link - size == os.lstat(data / "link").st_size  # the link, not its 150 bytes
    assert tree_stats(tmp_path / "missing") == (0, 0.0)


def test_delete_removes_a_folder_inside_and_leaves_a_linked_target_alone(tmp_path):
    outside = make_tree(tmp_path / "outside")
    root = tmp_path / "data"
    run = make_tree(root / "runs" / "r1")
    os.symlink(outside, run / "sub" / "escape")  # a link inside the tree is unlinked only
    delete_path(root, run)
    assert not run.exists() and (outside / "a.bin").read_bytes() == b"x" * 100
    assert (outside / "sub" / "b.bin").exists()


@pytest.mark.parametrize("where", ["../outside", "..", ".", "", "runs/../../outside"])
def test_paths_outside_the_data_folder_are_refused(tmp_path, where):
    outside = make_tree(tmp_path / "outside")
    root = tmp_path / "data"
    (root / "runs").mkdir(parents=True)
    with pytest.raises(StoredDataError, match="data folder"):  # refused as outside, not lost
        delete_path(root, where)
    with pytest.raises(StoredDataError, match="is not inside the data folder"):
        delete_path(root, outside)
    assert (outside / "a.bin").exists() and root.exists()


def test_a_linked_parent_cannot_lead_out(tmp_path):
    outside = make_tree(tmp_path / "outside")
    root = tmp_path / "data"
    root.mkdir()
    os.symlink(tmp_path, root / "up")  # data/up/outside resolves outside the data folder
    with pytest.raises(StoredDataError, match="not inside"):
        delete_path(root, root / "up" / "outside")
    assert (outside / "a.bin").exists()


def test_a_link_pointing_outside_is_refused_and_one_inside_is_unlinked(tmp_path):
    outside = make_tree(tmp_path / "outside")
    root = tmp_path / "data"
    inner = make_tree(root / "runs" / "real")
    os.symlink(outside, root / "runs" / "out")
    os.symlink(inner, root / "runs" / "alias")
    with pytest.raises(StoredDataError, match="outside the data folder"):
        delete_path(root, root / "runs" / "out")
    assert (root / "runs" / "out").is_symlink() and (outside / "a.bin").exists()
    delete_path(root, root / "runs" / "alias")
    assert not (root / "runs" / "alias").is_symlink() and (inner / "a.bin").exists()


def test_a_missing_entry_is_reported(tmp_path):
    with pytest.raises(StoredDataError, match="no longer exists"):
        checked_path(tmp_path, tmp_path / "gone")


def test_trash_is_tried_and_a_refusing_trash_leaves_the_entry(tmp_path):
    root = tmp_path / "data"
    run = make_tree(root / "runs" / "r1")
    lock = root / "runs" / "r1.flock"
    lock.write_text("")
    trashed = []
    remove_entry(root, entry(run, companions=(lock,)), trash=lambda p: trashed.append(p) or True)
    assert trashed == [str(run.resolve())] and not lock.exists()
    with pytest.raises(NoTrashError):
        remove_entry(root, entry(run), trash=lambda p: False)
    assert run.exists()


def test_one_failure_does_not_stop_the_others(tmp_path):
    root = tmp_path / "data"
    runs = [make_tree(root / "runs" / f"r{k}") for k in range(3)]
    outside = make_tree(tmp_path / "outside")
    os.symlink(outside, root / "runs" / "bad")
    bad = entry(root / "runs" / "bad")
    listed = entry(runs[2], in_use=LISTED)
    removal = remove_entries(root, [entry(runs[0]), bad, entry(runs[1]), listed])
    assert [e.path for e in removal.done] == runs[:2]
    assert [e for e, _ in removal.failed] == [bad, listed]
    assert "outside" in removal.failed[0][1] and "in use" in removal.failed[1][1]
    assert not runs[0].exists() and not runs[1].exists() and runs[2].exists()
    assert (outside / "a.bin").exists()
    removal = remove_entries(root, [entry(runs[2])], trash=lambda p: False)
    assert removal.no_trash and not removal.done and runs[2].exists()


# ---- issue 16: never into another file system --------------------------------------------

def _mount(*args: str) -> bool:
    import subprocess

    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(path) -> None:
    import subprocess

    subprocess.run(["umount", str(path)], capture_output=True, check=True)


@pytest.fixture(params=["bind", "tmpfs"])
def mounted_in_run(request, tmp_path):
    """A run folder holding a mount: a bind mount of a folder outside the data folder (same
    device number) or a tmpfs (another device); skipped without the right to mount."""
    outside = make_tree(tmp_path / "outside")
    run = make_tree(tmp_path / "data" / "run")
    point = run / "sub" / "mnt"
    point.mkdir()
    args = ["--bind", str(outside), str(point)] if request.param == "bind" else \
        ["-t", "tmpfs", "-o", "size=64k", "tmpfs", str(point)]  # fmt: skip
    if not _mount(*args):
        pytest.skip("mounting needs root and a kernel that allows it here")
    if request.param == "tmpfs":
        (point / "c.bin").write_bytes(b"z" * 10)
    try:
        yield tmp_path / "data", run, point
    finally:
        _umount(point)


@pytest.mark.parametrize("trash", [False, True])
def test_a_run_holding_a_mount_point_is_refused_whole(mounted_in_run, trash):
    data, run, point = mounted_in_run
    before = sorted(p.name for p in point.iterdir())
    trashed = []
    with pytest.raises(StoredDataError, match=r"sub/mnt, which is a mount point .*nothing "
                                              "removed"):
        remove_entry(data, entry(run), trash=(lambda p: trashed.append(p) or True)
                     if trash else None)  # fmt: skip
    assert sorted(p.name for p in point.iterdir()) == before and before
    assert (run / "a.bin").exists() and not trashed  # nothing removed, nothing trashed


def test_tree_stats_do_not_count_another_file_system(mounted_in_run):
    data, run, point = mounted_in_run
    os_size = sum(os.lstat(p).st_size for p in point.rglob("*"))
    size, _ = tree_stats(run)
    inside = sum(os.lstat(p).st_size for p in run.rglob("*") if point not in p.parents)
    assert size == inside + os.lstat(run).st_size and os_size > 0


def test_a_folder_on_another_device_is_never_descended(tmp_path, monkeypatch):
    """Without the right to mount: a folder whose device number differs from its parent's (as
    any mount of another file system) stops the removal before anything goes."""
    run = make_tree(tmp_path / "data" / "run")
    other = run / "sub"
    real_lstat = os.lstat

    def lstat(path, *args, **kwargs):
        info = real_lstat(path, *args, **kwargs)
        if os.fspath(path) == os.fspath(other):
            return os.stat_result((info.st_mode, info.st_ino, info.st_dev + 1, *info[3:10]))
        return info

    monkeypatch.setattr(os, "lstat", lstat)
    with pytest.raises(StoredDataError, match="sub, which is a mount point"):
        delete_path(tmp_path / "data", run)
    assert (run / "a.bin").exists() and (other / "b.bin").exists()
