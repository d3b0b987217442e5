"""Every file the app writes goes through here.

Why (DESIGN.md, reliability table; issue 7, "Files the app writes"):

- A regular file is written atomically: a temp file in the target folder, then ``os.replace``,
  so a full disk or a path that vanishes mid-write never leaves a half-written file behind.
- Anything else at the path is written *through*, never replaced: a symlink's target is the
  file written (the link stays), a hard-linked file is rewritten in place (every link sees the
  new content), a FIFO or a device (``--csv /dev/full``) receives the bytes. A folder is refused.
- New files get the normal mode from the umask (``mkstemp`` alone would leave them 0600); a
  replaced file keeps its mode.
- Any failure of a writer, ``OSError`` or not (safetensors and torch raise their own types on
  a full disk), becomes one :class:`ExportError` naming the path and the reason.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

_ERRNO_IN_TEXT = re.compile(r"os error (\d+)|Os \{ code: (\d+)")


class ExportError(OSError):
    """A file could not be written; the message names the path and the reason."""


def atomic_write(path: str | os.PathLike, write: Callable[[str], None],
                 regular_only: bool = False) -> Path:
    """Call ``write(temp_path)`` and put the result at ``path``; clean up on any failure.

    ``regular_only`` (the window's writes, as :func:`read_limited`'s): a FIFO, a device or a
    socket at the path is refused before anything is written, and a file written through is
    opened non-blocking: a FIFO with no reader would block the writing thread for good.
    Returns the path written (for a symlink, the link's own path).
    """
    target = Path(path).expanduser()
    real = Path(os.path.realpath(target))  # a symlink is written through to its target
    try:
        info = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise ExportError(f"cannot write {target}: {_reason(err, real.parent)}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise ExportError(f"cannot write {target}: it is a folder")
    if regular_only and info is not None and not stat.S_ISREG(info.st_mode):
        raise ExportError(f"cannot write {target}: {_special(info.st_mode)}")
    if info is None or (stat.S_ISREG(info.st_mode) and info.st_nlink == 1):
        _replace(target, real, write, None if info is None else stat.S_IMODE(info.st_mode))
    else:  # a hard-linked file, a FIFO, a device, a socket: write the bytes into it
        _write_through(target, real, write, regular_only)
    return target


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "it is a named pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a file"
    return "it is a device, not a file"


def _replace(target: Path, real: Path, write: Callable[[str], None], mode: int | None) -> None:
    folder = real.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name[:64]}.", suffix=".part", dir=folder)
    except OSError as err:
        raise ExportError(f"cannot write {target}: {_reason(err, folder)}") from None
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, default_mode() if mode is None else mode)
        os.replace(tmp, real)
    except BaseException as err:  # KeyboardInterrupt and SIGTERM, too: never leave the .part
        reason = _reason(err, folder) if isinstance(err, Exception) else ""  # disk still full
        _unlink_quietly(tmp)
        if isinstance(err, ExportError):
            raise
        if isinstance(err, Exception):
            raise ExportError(f"cannot write {target}: {reason}") from None
        raise


def _write_through(target: Path, real: Path, write: Callable[[str], None],
                   regular_only: bool) -> None:
    """Write into a temp file first (a failing writer touches nothing), then copy its bytes
    into the existing target, which keeps its identity (inode, links, device)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix="descent-lab-", suffix=".part")
    except OSError as err:
        raise ExportError(f"cannot write {target}: {_reason(err, None)}") from None
    os.close(fd)
    try:
        write(tmp)
        flags = os.O_WRONLY | os.O_TRUNC | (getattr(os, "O_NONBLOCK", 0) if regular_only else 0)
        with open(tmp, "rb") as src, open(os.open(real, flags), "wb") as dst:
            mode = os.fstat(dst.fileno()).st_mode
            if regular_only and not stat.S_ISREG(mode):  # swapped in since the check above
                raise ExportError(f"cannot write {target}: {_special(mode)}")
            shutil.copyfileobj(src, dst)
            dst.flush()
            if stat.S_ISREG(os.fstat(dst.fileno()).st_mode):
                os.fsync(dst.fileno())
    except ExportError:
        raise
    except Exception as err:
        raise ExportError(f"cannot write {target}: {_reason(err, Path(tmp).parent)}") from None
    finally:
        _unlink_quietly(tmp)


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


def atomic_write_bytes(path: str | os.PathLike, data: bytes, regular_only: bool = False) -> Path:
    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    return atomic_write(path, write, regular_only)


def atomic_write_text(path: str | os.PathLike, text: str, regular_only: bool = False) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"), regular_only)


def read_limited(path: str | os.PathLike, max_bytes: int, regular_only: bool = False) -> bytes:
    """The bytes of ``path``, read with a bound: a file larger than ``max_bytes`` raises
    :class:`FileTooLargeError` after reading ``max_bytes + 1`` bytes, never the whole file
    (``--config /dev/zero`` or a link to a huge file would otherwise fill memory). Pipes
    (``--config <(cat exp.toml)``) still work unless ``regular_only``: the GUI asks for that, as
    a FIFO with no writer would block its thread for good (it is opened non-blocking and refused).
    A folder raises IsADirectoryError."""
    flags = os.O_RDONLY | (getattr(os, "O_NONBLOCK", 0) if regular_only else 0)
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
