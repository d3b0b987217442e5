"""Atomic file writes: a temp file in the target folder, then ``os.replace``.

Why: an export to a full disk or a path that vanishes mid-write must not leave a half-written
file behind (DESIGN.md, reliability table).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class ExportError(OSError):
    """A file could not be written; the message names the path and the reason."""


def atomic_write(path: str | os.PathLike, write: Callable[[str], None]) -> Path:
    """Call ``write(temp_path)`` then move the result onto ``path``; clean up on failure."""
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as err:
        raise ExportError(f"cannot write {target}: {err.strerror or err}") from None
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(err, OSError):
            raise ExportError(f"cannot write {target}: {err.strerror or err}") from None
        raise
    return target


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    return atomic_write(path, write)


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))
