"""Where a study lives: one Optuna journal file per study (embedded, nothing to start), or any
Optuna storage URL (PostgreSQL, MySQL, SQLite) that several processes and machines share.

Why a check before opening a journal: Optuna's file backend skips a damaged last line silently
and then appends after it, which damages the file for good. A journal whose complete lines do
not read back as JSON records is refused with a message naming it, and nothing is written to
it. A last record cut off (a full disk, a killed worker) is the one damage that loses nothing
when removed: it never was a record. It is removed under the journal's lock, with a message
naming the journal, so the study resumes with every finished trial (issue 16). Every read is
bounded (the file's size, each line's, each record's nesting) and knows Optuna's operation
codes, so Optuna itself is only handed files it can replay.
"""

from __future__ import annotations

import os
import re
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, unquote_plus

from lab.io.json_files import JsonError, load_json
from lab.io.names import safe_stem
from lab.io.sizes import byte_size

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


def check_journal(path: Path) -> int:
    """Refuse a journal that is not a regular file (a link, a FIFO, a device, a folder), is
    unreadable, or has a damaged complete record (every line a JSON record with an op code);
    a missing file is fine (a new study). Returns the size of a last record without its
    newline: another worker's append in progress, or the remains of a writer that died or ran
    out of disk mid-record, which :func:`repair_torn_tail` removes under the journal's lock."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return 0
    except OSError as err:
        raise StudyStorageError(f"{path}: cannot read the study file: "
                                f"{err.strerror or err}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(info.st_mode) else \
            "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe or a device"  # fmt: skip
        raise StudyStorageError(f"{path}: not a study file (it is {kind}; links are not "
                                "followed)")
    torn: list[int] = []
    for _record_read in journal_records(path, torn):
        pass
    return torn[0] if torn else 0


def journal_records(path: Path, torn: list[int] | None = None) -> Iterator[dict]:
    """Every complete record of a journal file, read within bounds (the file's size, each
    line's); a StudyStorageError naming the file at the first line that is not a study record.
    A last line without its newline ends the records: its size goes to ``torn`` (see
    :func:`check_journal`). The file must be a regular file (see :func:`check_journal`)."""
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
                if len(line) <= MAX_RECORD_BYTES and not line.endswith(b"\n"):
                    if torn is not None:
                        torn.append(len(line))  # the last line: cut off
                    return
                record, problem = _record(line, number)
                if problem:
                    raise StudyStorageError(
                        f"{path}: the study file is damaged at line {number} ({problem}); "
                        "it was left as it is: move it away or use another study name")
                yield record
    except OSError as err:
        if isinstance(err, StudyStorageError):
            raise
        raise StudyStorageError(f"{path}: cannot read the study file: "
                                f"{err.strerror or err}") from None


def repair_torn_tail(path: Path, lock) -> str:
    """Remove a last record cut off by a writer that is gone, holding the lock every writer
    appends under (so no append is in progress); returns a message naming the journal, or ""
    when the tail was complete after all (an append that finished meanwhile)."""
    from lab.engine.search.journal import cut_torn_tail
    from lab.io.files import open_regular, reason_of

    lock.acquire()
    try:
        fd = open_regular(path, os.O_RDWR)
        try:
            removed = cut_torn_tail(fd)
        finally:
            os.close(fd)
    except OSError as err:
        raise StudyStorageError(f"{path}: the study file's last record is cut off and could "
                                f"not be removed: {reason_of(err)}") from None
    finally:
        lock.release()
    if not removed:
        return ""
    return (f"{path}: the last record was cut off (a full disk or a stopped worker); its "
            f"{removed} bytes were removed, every complete record is kept")


def _record(line: bytes, number: int) -> tuple[dict, str]:
    """(the record, "") or ({}, what is wrong with the line)."""
    if len(line) > MAX_RECORD_BYTES:
        return {}, f"a line is longer than {byte_size(MAX_RECORD_BYTES)}"
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


def open_storage(storage: str | None, study: str, data_dir: str | os.PathLike | None = None,
                 notes: list[str] | None = None):
    """An Optuna storage for ``study``: ``storage`` None means the study's own journal file in
    ``data_dir``; a URL (``postgresql+psycopg://...``) means a shared database; any other text
    is the path of a journal file. Returns (storage, a description for messages); what was
    repaired on the way (a journal's torn last record) is added to ``notes``."""
    from lab.engine.core.imports import import_once

    import_once("optuna")
    import optuna
    from optuna.storages.journal import JournalStorage

    from lab.engine.search.journal import GroupCommitFileBackend

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if storage and is_url(storage):
        _check_sqlite_files(storage)
        try:
            return optuna.storages.RDBStorage(storage), masked_url(storage)
        except Exception as err:  # SQLAlchemy and driver errors have many types
            raise StudyStorageError(f"cannot open the study storage {masked_url(storage)}: "
                                    f"{masked_text(_first_line(err), storage)}") from None
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
    torn = check_journal(path)
    if not path.parent.is_dir():
        raise StudyStorageError(f"{path}: the folder {path.parent} does not exist")
    lock = _file_lock(str(path))
    note = repair_torn_tail(path, lock) if torn else ""
    if note and notes is not None:
        notes.append(note)
    try:
        backend = GroupCommitFileBackend(str(path), lock_obj=lock)  # fsync per epoch
        return JournalStorage(backend), str(path)
    except Exception as err:  # a journal Optuna itself cannot replay
        raise StudyStorageError(f"{path}: the study file cannot be read: {_first_line(err)}; "
                                "it was left as it is") from None


def _check_sqlite_files(url: str) -> None:
    """SQLite opens its database and journals by path, following links: refuse a database
    URL whose files are planted as links, FIFOs or devices before SQLite touches them."""
    from lab.io.files import unsafe_reason

    if not url.lower().startswith("sqlite"):
        return
    try:
        from sqlalchemy.engine import make_url

        database = make_url(url).database
    except Exception:  # a URL SQLAlchemy cannot read: RDBStorage says so below
        return
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    for path in (database, *(database + end for end in ("-journal", "-wal", "-shm"))):
        why = unsafe_reason(path)
        if why:
            raise StudyStorageError(f"cannot open the study storage {masked_url(url)}: "
                                    f"{path}: {why}")


def _file_lock(path: str):
    """A kernel lock (flock) where there is one: it dies with its process, so a worker killed
    while appending does not stall the others for Optuna's 30 s symlink-lock grace period.
    Every Descent Lab worker uses the same kind of lock on a journal."""
    from optuna.storages.journal import JournalFileSymlinkLock

    try:
        import fcntl
    except ImportError:  # Windows
        return JournalFileSymlinkLock(path)

    from lab.io.files import open_lock_file

    class FlockLock:  # Optuna's lock protocol: acquire() -> bool, release()
        def __init__(self) -> None:
            self._threads = threading.Lock()  # flock is per open file; threads share one
            self._fd = -1

        def acquire(self) -> bool:
            self._threads.acquire()
            try:  # never through a planted link, FIFO or device (issue 16)
                fd = open_lock_file(f"{path}.flock")
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


_SECRET_KEY = re.compile(r"pass|pwd|secret|token|key|auth|cred", re.IGNORECASE)
_SCHEME = re.compile(r"([A-Za-z][\w+.-]*:/*)(.*)\Z", re.DOTALL)


def masked_url(url: str, mask: str | None = "***") -> str:
    """``url`` with every credential a storage URL can carry replaced by ``mask`` (None: left
    out, for what is saved): the password of ``user:password@host``, and the value of every
    query parameter whose name says it is a secret (``password``, ``passfile``,
    ``sslpassword``, ``token``, ``api_key``...). Text without a scheme is returned as is.

    Why this reading: the password runs to the *last* ``@``, so an unencoded ``@``, ``/`` or
    ``?`` in it is hidden too (an ``@`` in a query value hides the host as well: anything
    that may be a secret is masked rather than shown)."""
    parts = _parse(url)
    if parts is None:
        return url
    head, user, password, body, params = parts
    text = head
    if password is not None:
        text += user + (f":{mask}" if mask is not None else "")
    text += body
    if params is not None:
        kept = [f"{key}={mask}" if secret else raw for raw, key, _value, secret in params
                if not (secret and mask is None)]  # fmt: skip
        text += "?" + "&".join(kept) if kept else ""
    return text


def masked_text(text: str, url: str | None) -> str:
    """``text`` (a driver's error) with ``url`` and each of its secrets masked, however the
    driver quoted them."""
    parts = _parse(url) if url and is_url(url) else None
    if parts is None:
        return text
    text = text.replace(url, masked_url(url))
    _head, _user, password, _body, params = parts
    secrets = [password or ""] + [value for _raw, _key, value, secret in params or () if secret]
    for secret in {form for s in secrets for form in (s, unquote(s), unquote_plus(s))} - {""}:
        if len(secret) >= 4:
            text = text.replace(secret, "***")
        else:  # a short one only where it stands alone
            text = re.sub(rf"(?<!\w){re.escape(secret)}(?!\w)", "***", text)
    return text


def _parse(url: str):
    """(scheme://, user, password or None, host/path, [(param, key, value, secret)] or None)
    of a URL, None for text without a scheme (a journal file's path)."""
    found = _SCHEME.match(url)
    if not found:
        return None
    head, rest = found.groups()
    at = rest.rfind("@")  # the last one: a password may hold '@', '/' and '?' unencoded
    query = rest.find("?", at + 1)
    query = len(rest) if query < 0 else query
    user, colon, password = rest[:at].partition(":") if at >= 0 else ("", "", "")
    has_password = bool(colon) and "/" not in user
    body = rest[at:query] if has_password else rest[:query]
    params = None
    if query < len(rest):
        params = []
        for raw in rest[query + 1:].split("&"):
            key, equals, value = raw.partition("=")
            params.append((raw, key, value, bool(equals and _SECRET_KEY.search(unquote_plus(key)))))
    return head, user, password if has_password else None, body, params


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
