"""IDX files (the MNIST format): a validating, bounded reader and a writer.

A file is checked in full before anything is returned: gzip integrity, the magic number, the
dimensions against the file's length, and (for the bundled data) the SHA-256 of the decompressed
bytes. Every failure is an :class:`IdxError` that names the file and the problem.

Memory is bounded by the header, never by the file: the header is read first, its dimensions
are multiplied in exact integers (no int64 overflow), and exactly that many bytes are read or
decompressed, one chunk at a time, into the array that is returned (no second copy: a file
declaring just under the limit cost twice the limit when bytes were read and then converted). A
gzip "bomb" is stopped one chunk past what its header claims, and a huge sparse file is refused
from its size alone, before any data is read. The caller may lower the bound (``max_bytes``): a
dataset folder bounds the sum over its files. Work per compressed byte is bounded too: input is
fed to zlib in growing steps from each member's start (a member's end copies about its own
size), and a file of more gzip members than any tool writes (200 000 empty ones before the data
took 34 s) is refused.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import struct
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

from lab.io.files import atomic_write_bytes
from lab.io.sizes import byte_size

# IDX type codes -> big-endian numpy dtypes
DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
CODES = {np.dtype(v).newbyteorder("="): k for k, v in DTYPES.items()}
TYPE_NAMES = {0x08: "unsigned bytes", 0x09: "signed bytes", 0x0B: "16-bit integers",
              0x0C: "32-bit integers", 0x0D: "32-bit floats", 0x0E: "64-bit floats"}  # fmt: skip
MAX_DIMS = 8
# the most data one file may hold once decompressed (EMNIST's largest file is 0.55 GB)
MAX_DATA_BYTES = 2 << 30
CHUNK = 1 << 20  # bytes read or decompressed per step
# compressed bytes handed to zlib per call: from the smallest gzip member (20 bytes) at a
# member's start, doubling up to 16 KiB, so what zlib copies at a member's end stays near the
# member's own size
FIRST_STEP, INPUT_STEP = 32, 16 << 10
# gzip members (concatenated streams) one file may hold: gzip and pigz write one, bgzip one per
# 64 KiB of data (10 000 of them: 640 MiB)
MAX_GZIP_MEMBERS = 10_000


class IdxError(ValueError):
    """A file that is not a valid IDX file (or not the expected one)."""


def read_idx(path: str | Path, sha256: str | None = None,
             dtype: np.dtype | type | None = None, max_bytes: int = MAX_DATA_BYTES,
             limit: str = "") -> np.ndarray:
    """Read an IDX file (gzipped or not) within the size its header declares.

    Parameters
    ----------
    max_bytes, limit
        The most data the header may declare, and what that bound is in words when it is not
        the file's own (a dataset folder's remaining share).
    sha256
        When given, the SHA-256 of the decompressed bytes must match (the bundled data).
    dtype
        When given, the file must store this type (MNIST stores unsigned bytes); checked from
        the header, before the data is read, so a float file is never silently cast.
    """
    path = Path(path)
    try:
        with open(path, "rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            source = _GzipSource(raw, path) if gzipped else _PlainSource(raw, path)
            data = _read_bounded(source, path, dtype, max_bytes, limit)
    except OSError as err:
        raise IdxError(f"{path}: cannot be read ({err.strerror or err})") from None
    if sha256 is not None:
        digest = hashlib.sha256(data).hexdigest()
        if digest != sha256:
            raise IdxError(f"{path}: checksum mismatch (sha256 {digest[:12]}…, "
                           f"expected {sha256[:12]}…): the file is damaged or not the original")
    return parse_idx(data, str(path))


def _read_bounded(source, path: Path, dtype, max_bytes: int, limit: str) -> memoryview:
    """Header first, then exactly the bytes it declares; one byte more is an error."""
    head = source.read(4)
    if len(head) < 4:
        raise IdxError(f"{path}: truncated (no IDX header)")
    code, ndim = head[2], head[3]
    if head[:2] != b"\x00\x00" or code not in DTYPES or not 1 <= ndim <= MAX_DIMS:
        raise IdxError(f"{path}: wrong magic number 0x{head.hex()} (not an IDX file)")
    head += source.read(4 * ndim)
    if len(head) < 4 + 4 * ndim:
        raise IdxError(f"{path}: truncated (the header is incomplete)")
    want = None if dtype is None else CODES[np.dtype(dtype).newbyteorder("=")]
    if want is not None and code != want:
        raise IdxError(f"{path}: holds {TYPE_NAMES[code]} (IDX type 0x{code:02X}), but this "
                       f"file must hold {TYPE_NAMES[want]} (type 0x{want:02X}); values are "
                       "never converted silently")
    dims = struct.unpack(f">{ndim}I", head[4:])
    expected = math.prod(dims) * np.dtype(DTYPES[code]).itemsize  # exact: Python integers
    if expected > max_bytes:
        shape = " × ".join(str(d) for d in dims)
        raise IdxError(f"{path}: the header declares {shape} values ({byte_size(expected)}); "
                       f"the limit is {limit or byte_size(max_bytes)}")
    source.check_size(len(head), expected)
    try:  # np.empty, not bytearray: zeroing 47 MB held the GIL (and the window) for ~60 ms
        data = memoryview(np.empty(len(head) + expected, dtype=np.uint8))
    except MemoryError:
        raise IdxError(f"{path}: its {expected / 2**20:.0f} MiB of data do not fit in memory"
                       ) from None
    data[: len(head)] = head
    view = data
    filled = len(head)
    while filled < len(data):
        chunk = source.read(min(CHUNK, len(data) - filled))
        if not chunk:
            break
        view[filled: filled + len(chunk)] = chunk
        filled += len(chunk)
    if filled < len(data):
        raise IdxError(f"{path}: truncated ({filled - len(head)} data bytes, the header "
                       f"promises {expected})")
    if source.read(1):  # also reaches the gzip trailer, so its CRC-32 is verified
        raise IdxError(f"{path}: holds more than the {expected} data bytes its header declares "
                       "(reading stopped there)")
    return data


class _PlainSource:
    """An uncompressed file: its size is known up front, so a mismatch is found unread."""

    def __init__(self, raw: BinaryIO, path: Path):
        self.raw, self.path = raw, path

    def read(self, n: int) -> bytes:
        return self.raw.read(n)

    def check_size(self, header: int, expected: int) -> None:
        size = os.fstat(self.raw.fileno()).st_size
        if size > header + expected:  # e.g. a sparse file of gigabytes behind a small header
            raise IdxError(f"{self.path}: {size - header - expected} unexpected bytes after the "
                           f"data (the header declares {expected})")


class _GzipSource:
    """A gzip file decompressed a chunk at a time, never more than asked (``max_length``)."""

    def __init__(self, raw: BinaryIO, path: Path):
        self.raw, self.path = raw, path
        self.inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        self.members = 1
        self.step = FIRST_STEP
        self.buffer = b""  # compressed input read from the file, consumed up to ``offset``
        self.offset = 0

    def check_size(self, header: int, expected: int) -> None:
        """Unknown until decompressed: the reader asks for one byte past the declared end."""

    def _fill(self, at_least: int = 1) -> bool:
        """At least ``at_least`` unconsumed input bytes; False where the file ends first."""
        while len(self.buffer) - self.offset < at_least:
            more = self.raw.read(CHUNK)
            if not more:
                return False
            self.buffer = self.buffer[self.offset:] + more
            self.offset = 0
        return True

    def read(self, n: int) -> bytearray:
        out = bytearray()
        try:
            while len(out) < n:
                if self.inflate.eof and not self._next_member():
                    break
                if not self._fill():
                    raise IdxError(f"{self.path}: truncated (the compressed data ends early)")
                step = memoryview(self.buffer)[self.offset: self.offset + self.step]
                self.step = min(2 * self.step, INPUT_STEP)
                out += self.inflate.decompress(step, n - len(out))
                # what zlib kept: past a member's end the rest is in unused_data (and
                # unconsumed_tail may repeat it); before it, in unconsumed_tail
                inflate = self.inflate
                kept = inflate.unused_data if inflate.eof else inflate.unconsumed_tail
                self.offset += len(step) - len(kept)
        except zlib.error as err:
            raise IdxError(f"{self.path}: not a valid gzip file ({err})") from None
        return out

    def _next_member(self) -> bool:
        """Start the next gzip member (gzip allows several); False at the end of the file."""
        if not self._fill(2):
            if len(self.buffer) > self.offset:
                raise IdxError(f"{self.path}: not a valid gzip file (garbage after the "
                               "compressed data)")
            return False
        if self.buffer[self.offset: self.offset + 2] != b"\x1f\x8b":
            raise IdxError(f"{self.path}: not a valid gzip file (garbage after the compressed "
                           "data)")
        self.members += 1
        if self.members > MAX_GZIP_MEMBERS:
            raise IdxError(f"{self.path}: more than {MAX_GZIP_MEMBERS:,} gzip members (streams "
                           "joined one after another); no tool writes an IDX file so")
        self.inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        self.step = FIRST_STEP
        return True


def parse_idx(data: bytes | bytearray | memoryview, name: str = "data") -> np.ndarray:
    """Decode IDX bytes into an array (native byte order), validating header and length."""
    if len(data) < 4:
        raise IdxError(f"{name}: truncated (no IDX header)")
    zero, code, ndim = data[0:2], data[2], data[3]
    if zero != b"\x00\x00" or code not in DTYPES or not 1 <= ndim <= MAX_DIMS:
        raise IdxError(f"{name}: wrong magic number 0x{data[:4].hex()} (not an IDX file)")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise IdxError(f"{name}: truncated (the header is incomplete)")
    dims = struct.unpack(f">{ndim}I", data[4:header])
    dtype = np.dtype(DTYPES[code])
    expected = math.prod(dims) * dtype.itemsize  # exact: no int64 overflow
    actual = len(data) - header
    if actual < expected:
        raise IdxError(f"{name}: truncated ({actual} data bytes, the header promises {expected})")
    if actual > expected:
        raise IdxError(f"{name}: {actual - expected} unexpected bytes after the data")
    array = np.frombuffer(data, dtype=dtype, offset=header, count=expected // dtype.itemsize)
    # bytes need no byte order: a view of ``data``, not a copy (a copy doubled the peak)
    return array.reshape(dims).astype(dtype.newbyteorder("="), copy=False)


def encode_idx(array: np.ndarray) -> bytes:
    array = np.asarray(array)
    code = CODES.get(array.dtype.newbyteorder("="))
    if code is None:
        raise IdxError(f"IDX cannot store dtype {array.dtype}")
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(DTYPES[code]).tobytes()


def write_idx(path: str | Path, array: np.ndarray, compress: bool | None = None) -> Path:
    """Write an IDX file atomically; gzip when the name ends in .gz (or ``compress``)."""
    data = encode_idx(array)
    if compress if compress is not None else str(path).endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    return atomic_write_bytes(path, data)
