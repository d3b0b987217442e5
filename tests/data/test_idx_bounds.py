"""Reading is bounded by the header: gzip bombs, sparse files and overflowing headers.

Each file here claims a small array in its header and carries far more behind it; the reader
must refuse it after reading just past the claim, with memory to match (today's whole-file
read decompressed a 20 MB bomb past 6 GB and ran out of memory on a 20 GiB sparse file).
"""

from __future__ import annotations

import gzip
import re
import struct
import tracemalloc
import zlib

import numpy as np
import pytest

from lab.data.idx import MAX_DATA_BYTES, IdxError, encode_idx, read_idx
from lab.io.sizes import byte_size

SMALL = encode_idx(np.full((10, 28, 28), 7, np.uint8))  # 7,856 bytes: what the header claims
MiB = 1 << 20


def gzip_bomb(path, payload: bytes, zeros_mib: int) -> None:
    """``payload`` then ``zeros_mib`` MiB of zeros, as one gzip stream of ~1 KB per MiB.

    Every MiB is deflated after a full flush (the window reset), so its compressed form is the
    same bytes each time and the file is written without ever holding the expansion.
    """
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = c.compress(payload) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(bytes(MiB)) + c.flush(zlib.Z_FULL_FLUSH)
    with open(path, "wb") as f:
        f.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff")  # gzip header, no name
        f.write(head)
        for _ in range(zeros_mib):
            f.write(block)
        f.write(c.flush())
        f.write(struct.pack("<II", 0, 0))  # wrong CRC and size: never reached


def peak_mib(fn) -> float:
    tracemalloc.start()
    try:
        fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / MiB


def test_a_gzip_bomb_is_stopped_just_past_its_header_claim(tmp_path):
    path = tmp_path / "bomb-images-idx3-ubyte.gz"
    gzip_bomb(path, SMALL, zeros_mib=256)  # 0.25 MB on disk, 256 MiB expanded
    assert path.stat().st_size < MiB

    def read():
        with pytest.raises(IdxError, match=r"bomb-images-idx3-ubyte\.gz: holds more than the "
                                           r"7840 data bytes its header declares"):
            read_idx(path)

    assert peak_mib(read) < 16  # one decompressed chunk (1 MiB) and change, not 256


def test_the_bomb_helper_builds_a_valid_stream(tmp_path):
    """The bomb is real: a plain decompressor expands it to the full size."""
    path = tmp_path / "b.gz"
    gzip_bomb(path, SMALL, zeros_mib=3)
    inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    out = inflate.decompress(path.read_bytes()[:-8])
    assert len(out) == len(SMALL) + 3 * MiB and out[: len(SMALL)] == SMALL


def test_a_huge_sparse_file_is_refused_from_its_size(tmp_path):
    path = tmp_path / "sparse-idx3-ubyte"
    with open(path, "wb") as f:
        f.write(SMALL)
        f.truncate(20 << 30)  # 20 GiB, a hole: nothing is written to disk
    extra = (20 << 30) - len(SMALL)

    def read():
        with pytest.raises(IdxError, match=rf"sparse-idx3-ubyte: {extra} unexpected bytes"):
            read_idx(path)

    assert peak_mib(read) < 4


@pytest.mark.parametrize("dims, code", [((2**32 - 1,) * 8, 0x0E), ((70000, 200, 200), 0x0D)])
def test_a_header_claiming_too_much_is_refused_before_reading(tmp_path, dims, code):
    """Exact integer products: eight dimensions of 2**32-1 do not wrap around int64."""
    path = tmp_path / "huge.idx"
    path.write_bytes(bytes([0, 0, code, len(dims)]) + struct.pack(f">{len(dims)}I", *dims))
    with pytest.raises(IdxError, match=rf"huge\.idx: the header declares .* [GT]iB\); the "
                                       rf"limit is {re.escape(byte_size(MAX_DATA_BYTES))}"):
        read_idx(path)


def test_multi_member_gzip_and_a_bad_crc(tmp_path):
    array = np.arange(600, dtype=np.uint8).reshape(2, 300)
    data = encode_idx(array)
    path = tmp_path / "two.gz"
    path.write_bytes(gzip.compress(data[:100]) + gzip.compress(data[100:]))
    assert np.array_equal(read_idx(path), array)
    damaged = bytearray(gzip.compress(data))
    damaged[-6] ^= 0xFF  # the CRC-32 in the trailer
    (tmp_path / "crc.gz").write_bytes(bytes(damaged))
    with pytest.raises(IdxError, match=r"crc\.gz: not a valid gzip file"):
        read_idx(tmp_path / "crc.gz")


def test_data_that_does_not_fit_in_memory_is_an_idx_error(tmp_path, monkeypatch):
    from lab.data import idx

    def no_memory(*_args, **_kwargs):
        raise MemoryError

    path = tmp_path / "big.idx"
    path.write_bytes(SMALL)
    monkeypatch.setattr(idx.np, "empty", no_memory)  # the data buffer's allocation
    with pytest.raises(IdxError, match=r"big\.idx: its 0 MiB of data do not fit in memory"):
        read_idx(path)
