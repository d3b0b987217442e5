"""Dataset values that used to be accepted but wrong: every one is refused with its reason.

Float or int32 images were cast to uint8 (wrapping 256 to 0, 0.7 to 0), float labels truncated,
one stray label 255 turned a 10-class set into a 256-class problem, and an empty file surfaced
as numpy's "cannot reshape array of size 0" much later, in training.
"""

from __future__ import annotations

import numpy as np
import pytest

from lab.data.idx import write_idx
from lab.data.labels import count_classes
from lab.data.mnist import load_folder

PARTS = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
         "t10k-labels-idx1-ubyte")


def folder_with(tmp_path, **override):
    """A valid 10-class MNIST-format folder, with some parts replaced."""
    rng = np.random.default_rng(1)
    parts = {PARTS[0]: rng.integers(0, 256, (40, 6, 6), dtype=np.uint8),
             PARTS[1]: (np.arange(40) % 10).astype(np.uint8),
             PARTS[2]: rng.integers(0, 256, (10, 6, 6), dtype=np.uint8),
             PARTS[3]: np.arange(10, dtype=np.uint8)}
    parts.update({k.replace("_", "-"): v for k, v in override.items()})
    for name, array in parts.items():
        write_idx(tmp_path / f"{name}.gz", array)
    return tmp_path


def test_the_valid_folder_loads(tmp_path):
    data = load_folder(folder_with(tmp_path))
    assert data.classes == 10 and data.train_images.shape == (40, 6, 6)


@pytest.mark.parametrize("part, array, message", [
    (PARTS[0], np.full((40, 6, 6), 0.7, np.float32),
     "train-images-idx3-ubyte.gz: holds 32-bit floats (IDX type 0x0D), but this file must hold "
     "unsigned bytes"),
    (PARTS[2], np.full((10, 6, 6), 256, np.int32), "t10k-images-idx3-ubyte.gz: holds 32-bit "
     "integers (IDX type 0x0C)"),
    (PARTS[1], (np.arange(40) % 10).astype(np.float64), "train-labels-idx1-ubyte.gz: holds "
     "64-bit floats"),
    (PARTS[3], np.arange(10, dtype=np.int8), "t10k-labels-idx1-ubyte.gz: holds signed bytes"),
])
def test_images_and_labels_that_are_not_bytes_are_refused(tmp_path, part, array, message):
    folder = folder_with(tmp_path, **{part.replace("-", "_"): array})
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_folder(folder)


def test_one_stray_label_does_not_make_a_256_class_problem(tmp_path):
    labels = (np.arange(40) % 10).astype(np.uint8)
    labels[17] = 255
    with pytest.raises(ValueError, match=r"training labels run up to 255, but 245 of the labels "
                                         r"0 … 255 never occur .* rarest first: 255: 1, 7: 3"):
        load_folder(folder_with(tmp_path, train_labels_idx1_ubyte=labels))


def test_a_test_label_without_training_images_is_refused(tmp_path):
    with pytest.raises(ValueError, match="test labels include 12, a class with no training"):
        load_folder(folder_with(tmp_path, t10k_labels_idx1_ubyte=np.array(
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 12], np.uint8)))


@pytest.mark.parametrize("part, shape", [(PARTS[0], (0, 6, 6)), (PARTS[2], (0, 6, 6))])
def test_an_empty_dataset_says_so(tmp_path, part, shape):
    labels = PARTS[PARTS.index(part) + 1]
    folder = folder_with(tmp_path, **{part.replace("-", "_"): np.zeros(shape, np.uint8),
                                      labels.replace("-", "_"): np.zeros(0, np.uint8)})
    with pytest.raises(ValueError, match=rf"{part}\.gz: the file holds no images \(its header "
                                         r"declares 0 × 6 × 6\)"):
        load_folder(folder)


def test_count_classes_accepts_exactly_0_to_k_minus_1():
    assert count_classes(np.array([2, 0, 1, 1]), np.array([0, 2]), "d") == 3
    with pytest.raises(ValueError, match="first missing: 1"):
        count_classes(np.array([0, 2]), np.array([0]), "d")
