"""IDX files (the MNIST format): a validating reader and a writer.

A file is checked in full before anything is returned: gzip integrity, the magic number, the
dimensions against the file's length, and (for the bundled data) the SHA-256 of the decompressed
bytes. Every failure is an :class:`IdxError` that names the file and the problem.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
import zlib
from pathlib import Path

import numpy as np

from lab.engine.core.files import atomic_write_bytes

# IDX type codes -> big-endian numpy dtypes
DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
CODES = {np.dtype(v).newbyteorder("="): k for k, v in DTYPES.items()}
MAX_DIMS = 8


class IdxError(ValueError):
    """A file that is not a valid IDX file (or not the expected one)."""


def read_bytes(path: str | Path) -> bytes:
    """The file's content, decompressed if it is gzip."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise IdxError(f"{path}: cannot be read ({err.strerror or err})") from None
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        return gzip.decompress(raw)
    except EOFError:
        raise IdxError(f"{path}: truncated (the compressed data ends early)") from None
    except (OSError, zlib.error) as err:
        raise IdxError(f"{path}: not a valid gzip file ({err})") from None


def parse_idx(data: bytes, name: str = "data") -> np.ndarray:
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
    expected = int(np.prod(dims, dtype=np.int64)) * dtype.itemsize
    actual = len(data) - header
    if actual < expected:
        raise IdxError(f"{name}: truncated ({actual} data bytes, the header promises {expected})")
    if actual > expected:
        raise IdxError(f"{name}: {actual - expected} unexpected bytes after the data")
    array = np.frombuffer(data, dtype=dtype, offset=header, count=expected // dtype.itemsize)
    return array.reshape(dims).astype(dtype.newbyteorder("="))


def read_idx(path: str | Path, sha256: str | None = None) -> np.ndarray:
    """Read an IDX file (gzipped or not); with ``sha256``, verify the decompressed bytes."""
    data = read_bytes(path)
    if sha256 is not None:
        digest = hashlib.sha256(data).hexdigest()
        if digest != sha256:
            raise IdxError(f"{path}: checksum mismatch (sha256 {digest[:12]}…, "
                           f"expected {sha256[:12]}…): the file is damaged or not the original")
    return parse_idx(data, str(path))


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
