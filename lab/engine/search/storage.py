"""Where a study lives: one Optuna journal file per study (embedded, nothing to start), or any
Optuna storage URL (PostgreSQL, MySQL, SQLite) that several processes and machines share.

Why a check before opening a journal: Optuna's file backend skips a damaged last line silently
and then appends after it, which damages the file for good. A journal that does not read back
line by line as JSON records is refused with a message naming it, and nothing is written to it.
The check reads within bounds (the file's size, each line's, each record's nesting) and knows
Optuna's operation codes, so Optuna itself is only handed files it can replay.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from lab.engine.core.json_files import JsonError, load_json
from lab.engine.core.names import safe_stem
from lab.engine.core.sizes import byte_size

JOURNAL_SUFFIX = ".journal"
# A book search (100 trials) writes ~2 MB; Optuna replays a journal into memory, at a few times
# its size, so a larger file (a sparse 3 GiB one took 6.5 GB and 20 s) is refused unread.
MAX_JOURNAL_BYTES = 256 * 2**20
MAX_RECORD_BYTES = 4 * 2**20  # one record: a trial's attributes and curves are a few kB
# optuna.storages.journal JournalOperation: CREATE_STUDY (0) ... DISCARD_TRIALS (10); Optuna
# asserts "Should not reach." on any other
OP_CODES = range(11)


class StudyStorageError(OSError):
    """A study storage that cannot be opened or read; the message names it."""


def default_data_dir() -> Path:
    """$XDG_DATA_HOME/descent-lab/studies (~/.local/share/... when unset): the CLI's default;
    the GUI passes Qt's data location instead."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "descent-lab" / "studies"


def journal_path(data_dir: str | os.PathLike, study: str) -> Path:
    """The study's journal file in ``data_dir``; the name cannot leave that folder."""
    return Path(data_dir) / f"{safe_stem(study)}{JOURNAL_SUFFIX}"


def is_url(storage: str) -> bool:
    return "://" in storage


def check_journal(path: Path, retry_s: float = 0.5) -> None:
    """Refuse a journal file that is unreadable or damaged (every line a JSON record with an
    op code, each ended by a newline); a missing file is fine (a new study). A last line cut
    off may be another worker's append in progress: it is read again after ``retry_s``."""
    try:
        _check_journal(path)
    except _CutOff:
        time.sleep(retry_s)
        try:
            _check_journal(path)
        except _CutOff as err:
            raise StudyStorageError(str(err)) from None


class _CutOff(StudyStorageError):
    pass


def _check_journal(path: Path) -> None:
    if not path.exists():
        return
    if not path.is_file():
        raise StudyStorageError(f"{path}: not a study file (it is a folder or a device)")
    for _ in journal_records(path):
        pass


def journal_records(path: Path) -> Iterator[dict]:
    """Every record of a journal file, read within bounds (the file's size, each line's); a
    StudyStorageError naming the file at the first line that is not a study record. The file
    must be a regular file (see :func:`check_journal`)."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_JOURNAL_BYTES:  # a sparse file of gigabytes: refused unread
                raise StudyStorageError(
                    f"{path}: {byte_size(size)} is too large for a study file (the limit is "
                    f"{byte_size(MAX_JOURNAL_BYTES)}); it was left as it is")
            number = 0
            while line := fh.readline(MAX_RECORD_BYTES + 1):
                number += 1
                record, problem = _record(line, path, number)
                if problem:
                    kind = _CutOff if problem.startswith("the last") else StudyStorageError
                    raise kind(
                        f"{path}: the study file is damaged at line {number} ({problem}); "
                        "it was left as it is: move it away or use another study name")
                yield record
    except OSError as err:
        if isinstance(err, StudyStorageError):
            raise
        raise StudyStorageError(f"{path}: cannot read the study file: "
                                f"{err.strerror or err}") from None


def _record(line: bytes, path: Path, number: int) -> tuple[dict, str]:
    """(the record, "") or ({}, what is wrong with the line)."""
    if len(line) > MAX_RECORD_BYTES:
        return {}, f"a line is longer than {byte_size(MAX_RECORD_BYTES)}"
    if not line.endswith(b"\n"):
        return {}, "the last record is cut off"
    try:
        record = load_json(line, f"line {number}")
    except JsonError as err:
        return {}, str(err).removeprefix(f"line {number}: ")
    if not isinstance(record, dict) or "op_code" not in record:
        return {}, "a line is not a study record"
    op = record["op_code"]
    if isinstance(op, bool) or op not in OP_CODES:
        return {}, (f"operation {_shown(op)} is not one this version of Optuna knows; the file "
                    "may come from a newer Optuna")
    return record, ""


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 20 else text[:17] + "..."


def open_storage(storage: str | None, study: str, data_dir: str | os.PathLike | None = None):
    """An Optuna storage for ``study``: ``storage`` None means the study's own journal file in
    ``data_dir``; a URL (``postgresql+psycopg://...``) means a shared database; any other text
    is the path of a journal file. Returns (storage, a description for messages)."""
    from lab.engine.core.imports import import_once

    import_once("optuna")
    import optuna
    from optuna.storages.journal import JournalStorage

    from lab.engine.search.journal import GroupCommitFileBackend

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if storage and is_url(storage):
        try:
            return optuna.storages.RDBStorage(storage), _hide_password(storage)
        except Exception as err:  # SQLAlchemy and driver errors have many types
            raise StudyStorageError(f"cannot open the study storage {_hide_password(storage)}: "
                                    f"{_first_line(err)}") from None
    if storage:
        path = Path(storage).expanduser()
    else:
        folder = Path(data_dir) if data_dir else default_data_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StudyStorageError(f"cannot create the study folder {folder}: "
                                    f"{err.strerror or err}") from None
        path = journal_path(folder, study)
    check_journal(path)
    if not path.parent.is_dir():
        raise StudyStorageError(f"{path}: the folder {path.parent} does not exist")
    lock = _file_lock(str(path))
    try:
        backend = GroupCommitFileBackend(str(path), lock_obj=lock)  # fsync per epoch
        return JournalStorage(backend), str(path)
    except Exception as err:  # a journal Optuna itself cannot replay
        raise StudyStorageError(f"{path}: the study file cannot be read: {_first_line(err)}; "
                                "it was left as it is") from None


def _file_lock(path: str):
    """A kernel lock (flock) where there is one: it dies with its process, so a worker killed
    while appending does not stall the others for Optuna's 30 s symlink-lock grace period.
    Every Descent Lab worker uses the same kind of lock on a journal."""
    from optuna.storages.journal import JournalFileSymlinkLock

    try:
        import fcntl
    except ImportError:  # Windows
        return JournalFileSymlinkLock(path)

    class FlockLock:  # Optuna's lock protocol: acquire() -> bool, release()
        def __init__(self) -> None:
            self._threads = threading.Lock()  # flock is per open file; threads share one
            self._fd = -1

        def acquire(self) -> bool:
            self._threads.acquire()
            try:
                fd = os.open(f"{path}.flock", os.O_RDWR | os.O_CREAT, 0o666)
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                self._threads.release()
                raise
            self._fd = fd
            return True

        def release(self) -> None:
            fd, self._fd = self._fd, -1
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            finally:
                self._threads.release()

    return FlockLock()


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def _hide_password(url: str) -> str:
    """postgresql://user:secret@host/db -> postgresql://user:***@host/db (for messages)."""
    scheme, _, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    if at and ":" in creds:
        creds = creds.split(":", 1)[0] + ":***"
    return f"{scheme}://{creds}{at}{host}"


def local_studies(data_dir: str | os.PathLike) -> tuple[list[tuple[str, Path]], list[str]]:
    """The studies in ``data_dir``'s journal files as (name, file), and one message per file
    that cannot be read (the GUI lists the rest: one damaged file hides nothing else)."""
    found, problems = [], []
    for path in sorted(Path(data_dir).glob(f"*{JOURNAL_SUFFIX}")):
        try:
            storage, _ = open_storage(str(path), "")
            found += [(s.study_name, path) for s in storage.get_all_studies()]
        except StudyStorageError as err:
            problems.append(str(err))
    return found, problems
