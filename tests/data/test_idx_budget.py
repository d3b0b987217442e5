"""Issue 16, 8, 9 and 15: the work per compressed byte is bounded (200 000 empty gzip members in
front of real labels took 34 s), a declared size under the cap costs it once in memory, not
twice (a 2 MB gzip declaring just under 2 GiB reached 4.3 GB), a dataset folder is bounded as a
whole, and a data file that is a FIFO or a folder is named as what it is."""

from __future__ import annotations

import gzip
import os
import tracemalloc
import zlib

import numpy as np
import pytest

from lab.data import idx, mnist
from lab.data.idx import IdxError, encode_idx, read_idx, write_idx
from lab.data.mnist import load_folder
from tests.data.test_idx import _mnist_like

LABELS = encode_idx(np.arange(60, dtype=np.uint8) % 10)
EMPTY_MEMBER = gzip.compress(b"", mtime=0)  # 20 bytes: a whole gzip stream holding nothing
MiB = 2**20


class CountingZlib:
    """zlib, counting the compressed bytes the reader hands to decompressors."""

    def __init__(self):
        self.fed = 0
        self.error, self.MAX_WBITS = zlib.error, zlib.MAX_WBITS

    def decompressobj(self, *args, **kwargs):
        counter, inflate = self, zlib.decompressobj(*args, **kwargs)

        class Counted:
            def decompress(self, data, *rest):
                counter.fed += len(data)
                return inflate.decompress(data, *rest)

            def __getattr__(self, name):
                return getattr(inflate, name)

        return Counted()


def test_work_per_compressed_byte_is_bounded(tmp_path, monkeypatch):
    """Each member's end copied everything behind it: quadratic in the file's size."""
    path = tmp_path / "labels.gz"
    path.write_bytes(EMPTY_MEMBER * 5000 + gzip.compress(LABELS, mtime=0))
    counting = CountingZlib()
    monkeypatch.setattr(idx, "zlib", counting)
    np.testing.assert_array_equal(read_idx(path), np.arange(60) % 10)
    assert counting.fed <= 2 * path.stat().st_size + 64 * 1024  # each byte about once


def test_a_flood_of_gzip_members_is_refused(tmp_path):
    path = tmp_path / "train-labels-idx1-ubyte.gz"
    path.write_bytes(EMPTY_MEMBER * 200_000 + gzip.compress(LABELS, mtime=0))
    with pytest.raises(IdxError, match=r"train-labels-idx1-ubyte\.gz: more than 10,000 gzip "
                                       r"members"):
        read_idx(path)


def peak_mib(fn) -> float:
    tracemalloc.start()
    try:
        fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / MiB


def test_a_declared_size_costs_it_once(tmp_path):
    """64 MiB declared (and held: zeros compress to 64 kB): the peak is the array, plus one
    chunk, not the bytes and then their converted copy."""
    images = np.zeros((64, 1024, 1024), np.uint8)
    path = tmp_path / "images.gz"
    write_idx(path, images)
    assert path.stat().st_size < MiB
    del images
    arrays = []
    peak = peak_mib(lambda: arrays.append(read_idx(path)))
    assert arrays[0].shape == (64, 1024, 1024) and not arrays[0].any()
    assert peak < 64 + 8


def test_a_dataset_folder_is_bounded_as_a_whole(tmp_path, monkeypatch):
    """Each file under the bound, the four together over it: refused at the file that
    passes the folder's share, naming it."""
    folder = tmp_path / "data"
    _mnist_like(folder, n_train=20, n_test=10)  # images 15,680 + 7,840 bytes, labels 30
    monkeypatch.setattr(mnist, "MAX_FOLDER_BYTES", 20_000)
    with pytest.raises(IdxError, match=r"t10k-images-idx3-ubyte\.gz: the header declares 10 × "
                                       r"28 × 28 values \(7\.7 KiB\); the limit is 4\.2 KiB, "
                                       r"what is left of the 19\.5 KiB a dataset folder"):
        load_folder(folder)
    monkeypatch.setattr(mnist, "MAX_FOLDER_BYTES", 24_000)
    assert load_folder(folder).train_images.shape == (20, 28, 28)


@pytest.mark.parametrize("make, words", [
    (lambda p: os.mkfifo(p), "is a named pipe (FIFO), not a data file"),
    (lambda p: p.mkdir(), "is a folder, not a data file"),
])
def test_a_data_file_that_is_a_fifo_or_a_folder_is_named(tmp_path, make, words):
    folder = tmp_path / "data"
    _mnist_like(folder)
    target = folder / "train-labels-idx1-ubyte.gz"
    target.unlink()
    make(target)
    with pytest.raises(IdxError) as raised:
        load_folder(folder)  # a FIFO is never opened: the read would wait for a writer
    assert str(raised.value) == f"{target} {words}"
