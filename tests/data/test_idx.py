"""IDX files: round trip, and every kind of damage gets an error naming the file."""

import gzip

import numpy as np
import pytest

from lab.data.idx import IdxError, encode_idx, read_idx, write_idx
from lab.data.mnist import SHA256, load_folder, load_mnist


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32,
                                   np.float64])
@pytest.mark.parametrize("name", ["a.idx", "a.idx.gz"])
def test_round_trip(tmp_path, dtype, name):
    array = (np.arange(24).reshape(2, 3, 4) * 3).astype(dtype)
    path = write_idx(tmp_path / name, array)
    back = read_idx(path)
    assert back.dtype == np.dtype(dtype) and np.array_equal(back, array)


def test_truncated_file(tmp_path):
    data = encode_idx(np.zeros((10, 28, 28), np.uint8))
    (tmp_path / "t.idx").write_bytes(data[:-5])
    with pytest.raises(IdxError, match=r"t\.idx: truncated"):
        read_idx(tmp_path / "t.idx")


def test_truncated_gzip(tmp_path):
    data = gzip.compress(encode_idx(np.zeros((10, 28, 28), np.uint8)))
    (tmp_path / "t.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(IdxError, match=r"t\.gz: truncated"):
        read_idx(tmp_path / "t.gz")


def test_wrong_magic_and_trailing_bytes(tmp_path):
    (tmp_path / "m.idx").write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(IdxError, match="wrong magic number"):
        read_idx(tmp_path / "m.idx")
    (tmp_path / "x.idx").write_bytes(encode_idx(np.zeros(4, np.uint8)) + b"junk")
    with pytest.raises(IdxError, match="4 unexpected bytes"):
        read_idx(tmp_path / "x.idx")


def test_checksum_mismatch(tmp_path):
    path = write_idx(tmp_path / "c.idx", np.zeros(3, np.uint8))
    with pytest.raises(IdxError, match="checksum mismatch"):
        read_idx(path, sha256="0" * 64)


def _mnist_like(folder, n_train=20, n_test=10, labels_train=None, gz=True):
    folder.mkdir(exist_ok=True)
    rng = np.random.default_rng(0)
    ext = ".gz" if gz else ""
    write_idx(folder / f"train-images-idx3-ubyte{ext}", rng.integers(0, 255, (n_train, 28, 28),
                                                                     dtype=np.uint8))
    write_idx(folder / f"train-labels-idx1-ubyte{ext}",
              labels_train if labels_train is not None else (np.arange(n_train) % 5
                                                             ).astype(np.uint8))
    write_idx(folder / f"t10k-images-idx3-ubyte{ext}", rng.integers(0, 255, (n_test, 28, 28),
                                                                    dtype=np.uint8))
    write_idx(folder / f"t10k-labels-idx1-ubyte{ext}", np.array([0, 1, 2, 4] + [0] * (n_test - 4),
                                                                dtype=np.uint8))


def test_folder_import_reads_classes_gzipped_or_not(tmp_path):
    _mnist_like(tmp_path / "gz")
    _mnist_like(tmp_path / "raw", gz=False)
    for name in ("gz", "raw"):
        data = load_folder(tmp_path / name)
        assert data.train_images.shape == (20, 28, 28) and data.classes == 5


def test_mismatched_counts_and_missing_files(tmp_path):
    _mnist_like(tmp_path / "bad", labels_train=np.zeros(19, np.uint8))
    with pytest.raises(IdxError, match="20 images but 19 labels"):
        load_folder(tmp_path / "bad")
    (tmp_path / "empty").mkdir()
    with pytest.raises(IdxError, match="no train-images-idx3-ubyte"):
        load_folder(tmp_path / "empty")


def test_bundled_mnist_is_verified_and_complete():
    data = load_mnist()
    assert data.train_images.shape == (60000, 28, 28) and data.test_images.shape == (10000, 28, 28)
    assert data.classes == 10 and data.train_labels[:5].tolist() == [5, 0, 4, 1, 9]
    assert set(SHA256) == {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                           "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}
