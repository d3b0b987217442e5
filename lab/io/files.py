"""Every file the app writes goes through here.

Why (DESIGN.md, reliability table; issues 7 and 16, "Files the app writes"):

- A regular file is written atomically: a temp file in the target folder, then ``os.replace``,
  so a full disk or a path that vanishes mid-write never leaves a half-written file behind.
  A hard-linked file is replaced too: its other names keep the old content.
- Nothing is written *through* anything: a symbolic link, a FIFO, a device or a socket at the
  path is refused and left as it is (a link planted in a shared folder must never truncate its
  target; a FIFO with no reader would block the writer for good). A folder is refused.
- Files opened in place (a job's lock file, a study journal appended to) go through
  :func:`open_regular`: never through a link (``O_NOFOLLOW``), never blocking on a FIFO
  (``O_NONBLOCK``), and only a regular file with one name is accepted.
- New files get the normal mode from the umask (``mkstemp`` alone would leave them 0600); a
  replaced file keeps its mode.
- Any failure of a writer, ``OSError`` or not (safetensors and torch raise their own types on
  a full disk), becomes one :class:`ExportError` naming the path and the reason.
- A temp file is locked (``flock``) while it is written, so :func:`remove_stale_temps` can
  tell the temp files a killed job left (nobody holds them) from those a live writer fills.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; stale temps are never removed there
    fcntl = None

_ERRNO_IN_TEXT = re.compile(r"os error (\d+)|Os \{ code: (\d+)")
TEMP_NAME = re.compile(r"\A\..+\.[a-z0-9_]{8}\.part\Z", re.DOTALL)
"""Our temp files: ``.<name>.<8 random characters of mkstemp>.part`` (see :func:`_temp_in`)."""
_OPEN_FLAGS = (os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0))


class ExportError(OSError):
    """A file could not be written; the message names the path and the reason (``reason``
    alone, for callers that name the path their own way)."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message


def reason_of(err: OSError) -> str:
    """Why ``err`` happened, without the path: an ExportError's reason, an OSError's text."""
    return getattr(err, "reason", "") or err.strerror or str(err)


def _no_nul(path: Path) -> Path:
    """A path the OS can take: NUL ends a C string, and Python refuses it with a ValueError."""
    if "\0" in str(path):
        why = "a file name cannot hold a NUL character"
        raise ExportError(f"cannot write {path}: {why}", why)
    return path


def _refused(target: Path, why: str) -> ExportError:
    return ExportError(f"cannot write {target}: {why}", why)


def _refusal(info: os.stat_result) -> str:
    """Why a path holding this (``lstat``) cannot be written, or "" for a regular file."""
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISLNK(mode):
        return "it is a symbolic link (links are not followed: give the path of the file itself)"
    if stat.S_ISDIR(mode):
        return "it is a folder"
    if stat.S_ISFIFO(mode):
        return "it is a pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a regular file"
    return "it is a socket or another special file, not a regular file"


def unsafe_reason(path: str | os.PathLike) -> str:
    """Why a file that another library opens by path (SQLite's database and journals) must not
    be written there: "" for a regular file or none, else the reason (a link, a FIFO...)."""
    try:
        return _refusal(os.lstat(Path(path).expanduser()))
    except FileNotFoundError:
        return ""
    except OSError as err:
        return _reason(err, None)


def atomic_write(path: str | os.PathLike, write: Callable[[str], None]) -> Path:
    """Call ``write(temp_path)`` and put the result at ``path``; clean up on any failure.

    Refuses a path that holds anything but a regular file (see the module's docstring).
    Returns the path written.
    """
    target = _no_nul(Path(path).expanduser())
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise ExportError(f"cannot write {target}: {_reason(err, target.parent)}") from None
    if info is not None and _refusal(info):
        raise _refused(target, _refusal(info))
    _replace(target, write, None if info is None else stat.S_IMODE(info.st_mode))
    return target


def _replace(target: Path, write: Callable[[str], None], mode: int | None) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: the folder {folder} does not exist")
    fd, tmp = _temp_in(folder, target.name, target)
    try:
        write(tmp)
        _still_regular(tmp)
        os.chmod(tmp, default_mode() if mode is None else mode)
        os.replace(tmp, target)
    except BaseException as err:  # KeyboardInterrupt and SIGTERM, too: never leave the .part
        reason = _reason(err, folder) if isinstance(err, Exception) else ""  # disk still full
        _unlink_quietly(tmp)
        if isinstance(err, ExportError):
            raise
        if isinstance(err, Exception):
            raise ExportError(f"cannot write {target}: {reason}") from None
        raise
    finally:
        os.close(fd)  # releases the temp's lock


def _temp_in(folder: Path, name: str, target: Path) -> tuple[int, str]:
    """A new temp file in ``folder`` named after ``name`` (:data:`TEMP_NAME`), locked while
    open: (its descriptor, its path)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name[:64]}.", suffix=".part", dir=folder)
    except OSError as err:
        raise ExportError(f"cannot write {target}: {_reason(err, folder)}") from None
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # a file system without flock: the temp is just not marked
            pass
    return fd, tmp


def _still_regular(tmp: str) -> None:
    """The temp is still one regular file of its own (a writer may have replaced it by a
    rename, as safetensors does; a link planted in its place must never become the target)."""
    now = os.lstat(tmp)
    if not stat.S_ISREG(now.st_mode) or now.st_nlink != 1:
        raise ExportError(f"cannot write {tmp}: the temp file was replaced while it was written")


def open_regular(path: str | os.PathLike, flags: int, mode: int | None = None) -> int:
    """A descriptor of the regular file ``path`` opened with ``flags`` (``O_CREAT`` creates it
    with ``mode``, default: the umask's): never through a link, never waiting on a FIFO, never
    a device's open, and never a file with a second name (a hard link planted to a victim).
    Raises :class:`ExportError` naming the path and the reason."""
    target = _no_nul(Path(path).expanduser())
    try:
        before = os.lstat(target)
    except FileNotFoundError:
        before = None
    except OSError as err:
        raise _refused(target, _reason(err, None)) from None
    if before is not None and _refusal(before):
        raise _refused(target, _refusal(before))
    try:
        fd = os.open(target, flags | _OPEN_FLAGS, default_mode() if mode is None else mode)
    except OSError as err:  # ELOOP: a link planted since the lstat
        raise _refused(target, "it is a symbolic link (links are not followed)"
                       if err.errno == errno.ELOOP else _reason(err, None)) from None
    info = os.fstat(fd)
    why = _refusal(info) or ("it has other names (a hard link): not written in place"
                             if info.st_nlink > 1 else "")
    if why:
        os.close(fd)
        raise _refused(target, why)
    return fd


def open_lock_file(path: str | os.PathLike) -> int:
    """A lock file (created if missing), read-write, through :func:`open_regular`."""
    return open_regular(path, os.O_RDWR | os.O_CREAT)


def open_append(path: str | os.PathLike):
    """A binary file object appending to ``path`` (created if missing), through
    :func:`open_regular`."""
    return open(open_regular(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT), "ab")


def remove_stale_temps(folder: str | os.PathLike, named_after: str = "") -> list[str]:
    """Remove the temp files (:data:`TEMP_NAME`, ``named_after`` a file when given) a killed
    writer left in ``folder``; a temp a live writer holds (its ``flock``) stays, and so does
    anything that is not a regular file. The caller holds the folder's job lock, so no job
    starts a new one meanwhile. Returns the names removed."""
    if fcntl is None:
        return []
    removed = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    for name in names:
        if not TEMP_NAME.match(name) or (named_after
                                         and not name.startswith(f".{named_after[:64]}.")):
            continue
        path = os.path.join(folder, name)
        try:
            fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
        except OSError:  # a link, a FIFO without writer, gone: not ours to remove
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # OSError: a live writer holds it
            os.unlink(path)
            removed.append(name)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _reason(err: BaseException, folder: Path | None) -> str:
    """One line saying why a write failed, the same for OSError and other writers' errors."""
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    text = str(err)
    code = _ERRNO_IN_TEXT.search(text)  # Rust's io::Error (safetensors) carries the errno
    if code:
        return os.strerror(int(code.group(1) or code.group(2)))
    if "No space left" in text or _disk_full(folder):  # torch.save says "file write failed"
        return os.strerror(errno.ENOSPC)
    first = text.strip().splitlines()[0] if text.strip() else type(err).__name__
    return first[:200]


def _disk_full(folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        return os.statvfs(folder).f_bavail == 0
    except (OSError, AttributeError):
        return False


def default_mode() -> int:
    """0o666 less the process umask: the mode ``open(path, "w")`` would give a new file."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # not atomic, so only where /proc is missing
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    return atomic_write(path, write)


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def read_limited(path: str | os.PathLike, max_bytes: int, regular_only: bool = False) -> bytes:
    """The bytes of ``path``, read with a bound: a file larger than ``max_bytes`` raises
    :class:`FileTooLargeError` after reading ``max_bytes + 1`` bytes, never the whole file
    (``--config /dev/zero`` or a link to a huge file would otherwise fill memory). Pipes
    (``--config <(cat exp.toml)``) still work unless ``regular_only``: the GUI asks for that, as
    a FIFO with no writer would block its thread for good (it is opened non-blocking and refused).
    A folder raises IsADirectoryError."""
    flags = os.O_RDONLY | (getattr(os, "O_NONBLOCK", 0) if regular_only else 0)
    if "\0" in str(path):
        raise OSError(errno.EINVAL, "a file name cannot hold a NUL character", str(path))
    fd = os.open(Path(path).expanduser(), flags)
    with open(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if regular_only and not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file (a pipe, a device or a socket)",
                          str(path))
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLargeError(errno.EFBIG, f"larger than {max_bytes:,} bytes, too large to "
                                "be read", str(path))
    return data


class FileTooLargeError(OSError):
    """A user file past the bound of what it may be (an experiment, a session)."""


def csv_text(header: Iterable[object], rows: Iterable[Iterable[object]]) -> str:
    """CSV through the csv module, so a comma, quote or newline in a field (a run name) stays
    inside its field. Lines end in ``\\n``; ``None`` becomes an empty field."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def make_folder(path: str | os.PathLike) -> Path:
    """``mkdir -p`` whose error says what is in the way: ``mkdir`` answers "File exists" for a
    file or a link to nowhere at the path, and "Not a directory" for a file among its parents,
    without naming which. Raises OSError whose ``strerror`` names the culprit."""
    path = Path(path).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as err:
        for part in (*reversed(path.parents), path):
            if os.path.islink(part) and not part.exists():
                why = f"{part} is a link to {os.readlink(part)}, which does not exist"
            elif part.exists() and not part.is_dir():
                why = f"{part} is a file, not a folder"
            else:
                continue
            raise OSError(err.errno, why, str(path)) from None
        raise
    return path
