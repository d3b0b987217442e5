"""What the app keeps in its data folder (run folders, study journals), measured and removed
safely.

Why: run folders and study journals are never deleted by the labs (removing a run from the list
keeps its results on purpose), so they pile up. File ▸ Manage stored data lists them with the
functions of :mod:`lab.app.stored_runs` and :mod:`lab.app.stored_studies`,
which build :class:`StoredEntry` values; this module holds what both share: sizes, and a removal
that only ever touches a path inside the data folder. The path is checked after resolving its
parent (a ``..`` or a linked parent cannot lead out), a link is removed as a link (never its
target) and refused when it points outside, and a folder is removed without following any link
inside it (walked by file descriptor). Nothing on another file system is removed or measured: an
entry holding a mount point (another device, or a bind mount of a folder from anywhere, which
the device number alone does not reveal) is refused whole before anything goes (issue 16).
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

RECENT_S = 60.0
"""An unfinished entry written to within this many seconds is being written now (a run folder
mid-save, a journal a search worker appends to) and is not offered for deletion."""

# why an entry cannot be deleted from the dialog (the UI words them)
LISTED = "listed"  # a run in the training lab's list uses the folder
OPEN = "open"  # the study the search lab has open
RUNNING = "running"  # the study a search is running on
RECENT = "recent"  # written to less than RECENT_S ago


class StoredDataError(OSError):
    """An entry that cannot be removed; the message names it and says why."""


class NoTrashError(StoredDataError):
    """The trash did not take the entry (a system without one, or a file system it cannot
    reach); the entry is untouched, and deleting it permanently is the caller's choice."""


@dataclass(frozen=True)
class StoredEntry:
    """One thing in the data folder: a run folder or a study journal."""

    kind: str  # "run" or "study"
    name: str  # the run's or the study's name (the file name when it cannot be read)
    path: Path
    size: int  # bytes, links not followed
    modified: float  # newest modification time inside, seconds since the epoch
    trials: int | None = None  # a study's trials
    in_use: str = ""  # LISTED, OPEN, RUNNING, RECENT, or "" when it may be deleted
    problem: str = ""  # why it is damaged ("" when it reads back)
    companions: tuple[Path, ...] = field(default=())  # removed with it (a journal's lock file)

    @property
    def deletable(self) -> bool:
        return not self.in_use


def tree_stats(path: str | os.PathLike) -> tuple[int, float]:
    """(bytes, newest modification time) of a file or folder, without following links (a link
    counts as itself); what cannot be read counts as nothing rather than failing the list."""
    try:
        info = os.lstat(path)
    except OSError:
        return 0, 0.0
    size, newest = info.st_size, info.st_mtime
    if stat.S_ISDIR(info.st_mode):
        mounts = mount_points()
        pending = [os.fspath(path)]
        while pending:
            try:
                with os.scandir(pending.pop()) as listing:
                    for item in listing:
                        try:
                            sub = item.stat(follow_symlinks=False)
                        except OSError:
                            continue
                        size += sub.st_size
                        newest = max(newest, sub.st_mtime)
                        if item.is_dir(follow_symlinks=False) and sub.st_dev == info.st_dev \
                                and _real(item.path) not in mounts:  # fmt: skip
                            pending.append(item.path)
            except OSError:
                continue
    return size, newest


def mount_points() -> frozenset[str]:
    """Every mount point this process sees (Linux: /proc/self/mountinfo, field 5); empty where
    the platform does not say. Read with a bound: a table larger than 4 MiB is not read."""
    try:
        with open("/proc/self/mountinfo", "rb") as fh:
            data = fh.read(1 << 22)
    except OSError:
        return frozenset()
    points = set()
    for line in data.decode("utf-8", "surrogateescape").splitlines():
        fields = line.split(" ")
        if len(fields) > 4:  # spaces, tabs, newlines and backslashes come octal-escaped
            points.add(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4]))
    return frozenset(points)


def _real(path: str | os.PathLike) -> str:
    return os.path.realpath(path)


def crossing(path: Path) -> Path | None:
    """The first folder at or inside ``path`` on another file system than ``path``'s own
    parent folder, or a mount point (a bind mount keeps the device number): None when the whole
    tree is on one file system. Links are not followed."""
    try:
        device = os.lstat(path.parent).st_dev
    except OSError:
        return None
    mounts = mount_points()
    pending = [path]
    while pending:
        folder = pending.pop()
        try:
            info = os.lstat(folder)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode):
            continue
        if info.st_dev != device or _real(folder) in mounts:
            return folder
        try:
            with os.scandir(folder) as listing:
                pending += [Path(item.path) for item in listing
                            if item.is_dir(follow_symlinks=False)]  # fmt: skip
        except OSError:
            continue
    return None


def children_of(folder: Path, error: type[Exception], what: str) -> list[Path]:
    """The folder's entries, sorted; none when it does not exist yet; ``error`` naming
    ``what`` could not be listed when it cannot be read."""
    try:
        return sorted(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as err:
        raise error(f"cannot list the {what} in {folder}: {err.strerror or err}") from None


def recent(modified: float, now: float | None = None) -> bool:
    return (time.time() if now is None else now) - modified < RECENT_S


def _inside(path: Path, root: Path) -> bool:
    return path != root and root in path.parents


def checked_path(root: str | os.PathLike, path: str | os.PathLike) -> Path:
    """``path`` as a path safe to remove: inside ``root`` (after resolving its parent), not
    ``root`` itself, existing, and, if a link, one that points inside ``root``.
    Raises StoredDataError naming the path otherwise."""
    try:
        base = Path(root).resolve()
        given = Path(path) if Path(path).is_absolute() else Path(root) / path
        if given.name in ("", ".", ".."):
            raise StoredDataError(f"{given} is not an entry of the data folder {root}")
        target = given.parent.resolve() / given.name
    except (OSError, RuntimeError) as err:  # RuntimeError: a loop of links (Python < 3.13)
        raise StoredDataError(f"{path}: cannot resolve the path: {err}") from None
    if not _inside(target, base):
        raise StoredDataError(f"{path} is not inside the data folder {base}: not removed")
    if target.is_symlink():
        try:
            points_to = target.resolve()
        except (OSError, RuntimeError):
            points_to = None
        if points_to is None or not _inside(points_to, base):
            raise StoredDataError(f"{target.name} is a link to {os.readlink(target)}, outside "
                                  "the data folder: not removed (remove the link yourself)")
    elif not target.exists():
        raise StoredDataError(f"{target.name} no longer exists")
    else:
        mount = crossing(target)
        if mount is not None:
            where = "is" if mount == target else f"holds {mount.relative_to(target)}, which is"
            raise StoredDataError(f"{target.name} {where} a mount point (another file system): "
                                  "nothing removed; unmount it first")
    return target


def delete_path(root: str | os.PathLike, path: str | os.PathLike) -> None:
    """Remove one file, link or folder inside ``root`` for good (see :func:`checked_path`)."""
    target = checked_path(root, path)
    try:
        if target.is_symlink() or not target.is_dir():
            target.unlink()  # a link goes, never what it points to
        else:
            _remove_tree(target)  # unlinks links inside, never descends into them
    except OSError as err:
        if isinstance(err, StoredDataError):
            raise
        raise StoredDataError(f"{target.name} not deleted: {err.strerror or err}") from None


def _remove_tree(target: Path) -> None:
    """Remove a folder walking by descriptor (``O_NOFOLLOW``): a link is unlinked, never
    entered, and a folder that turns out to be on another device (mounted since the check) is
    left with a message."""
    device = os.lstat(target).st_dev
    parent = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _remove_at(parent, target.name, device, target)
    finally:
        os.close(parent)


def _remove_at(dir_fd: int, name: str, device: int, shown: Path) -> None:
    info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    if not stat.S_ISDIR(info.st_mode):
        os.unlink(name, dir_fd=dir_fd)
        return
    if info.st_dev != device:
        raise StoredDataError(f"{shown} is on another file system (a mount point): not removed")
    fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
    try:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
            raise StoredDataError(f"{shown} changed while it was removed: not removed")
        with os.scandir(fd) as listing:
            names = [item.name for item in listing]
        for child in names:
            _remove_at(fd, child, device, shown / child)
    finally:
        os.close(fd)
    os.rmdir(name, dir_fd=dir_fd)


def remove_entry(root: str | os.PathLike, entry: StoredEntry,
                 trash: Callable[[str], bool] | None = None) -> None:
    """Delete ``entry`` (``trash`` None) or move it to the trash (``trash(path)`` returns
    whether it did, e.g. Qt's QFile.moveToTrash); its companions are deleted after it."""
    if trash is None:
        delete_path(root, entry.path)
    else:
        target = checked_path(root, entry.path)
        if not trash(str(target)):
            raise NoTrashError(f"{target.name} could not be moved to the trash")
    for companion in entry.companions:
        if companion.is_symlink() or companion.exists():
            delete_path(root, companion)


@dataclass
class Removal:
    """What a removal of several entries did: each entry ends in exactly one list."""

    done: list[StoredEntry] = field(default_factory=list)
    no_trash: list[StoredEntry] = field(default_factory=list)
    failed: list[tuple[StoredEntry, str]] = field(default_factory=list)


def remove_entries(root: str | os.PathLike, entries: Iterable[StoredEntry],
                   trash: Callable[[str], bool] | None = None) -> Removal:
    """Remove every deletable entry; one that fails is reported and the others still go.
    An entry in use is never removed (it is reported as failed)."""
    removal = Removal()
    for entry in entries:
        if not entry.deletable:
            removal.failed.append((entry, f"{entry.path.name} is in use: not removed"))
            continue
        try:
            remove_entry(root, entry, trash)
        except NoTrashError:
            removal.no_trash.append(entry)
        except StoredDataError as err:
            removal.failed.append((entry, str(err)))
        else:
            removal.done.append(entry)
    return removal
