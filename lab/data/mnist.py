"""MNIST (bundled with the app, verified by checksum) and any folder in the same format.

The bundled copy is package data (``lab/data/bundled/mnist``, read through
:mod:`importlib.resources`) so a plain wheel or a frozen bundle trains offline on first launch.
A user folder (Fashion-MNIST and the like) needs the four standard files, gzipped or not; the
number of classes is read from the labels. All four files are read and checked before a
:class:`Dataset` is returned: nothing is ever half-loaded.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from lab.data.idx import MAX_DATA_BYTES, IdxError, read_idx
from lab.data.labels import count_classes
from lab.io.sizes import byte_size

BUNDLED_RESOURCE = ("lab.data", "bundled/mnist")  # package, folder inside it
MAX_FOLDER_BYTES = MAX_DATA_BYTES  # the four files together: a file's own bound, not four times
PARTS = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
         "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")  # fmt: skip
# SHA-256 of the decompressed files (lab/data/bundled/mnist/README.md)
SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}


@dataclass(frozen=True, eq=False)
class Dataset:
    """Images as uint8 (n, h, w), labels as int64 (n,)."""

    name: str
    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    classes: int


def find_file(folder: Path, part: str) -> Path:
    """The file of ``part`` in ``folder``; one that exists but is not a regular file (a folder,
    a FIFO that would block the read, a device) is named as what it is."""
    for candidate in (folder / f"{part}.gz", folder / part,
                      folder / part.replace("-idx", ".idx"),
                      folder / f"{part.replace('-idx', '.idx')}.gz"):  # fmt: skip
        try:
            mode = candidate.stat().st_mode
        except OSError:  # missing (or a link to nowhere): the next spelling
            continue
        if stat.S_ISREG(mode):
            return candidate
        raise IdxError(f"{candidate} is {_not_a_file(mode)}, not a data file")
    raise IdxError(f"{folder}: no {part} (or {part}.gz) in this folder")


def _not_a_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def load_folder(folder: str | Path, verify: dict[str, str] | None = None) -> Dataset:
    """Load the four MNIST-format files of ``folder``; ``verify`` maps part -> SHA-256."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise IdxError(f"{folder}: not a folder")
    arrays, paths = {}, {}
    left = MAX_FOLDER_BYTES
    for part in PARTS:
        paths[part] = path = find_file(folder, part)
        limit = "" if left == MAX_FOLDER_BYTES else (
            f"{byte_size(left)}, what is left of the {byte_size(MAX_FOLDER_BYTES)} a dataset "
            "folder may hold")
        # MNIST stores images and labels as unsigned bytes: anything else is refused, not cast
        arrays[part] = read_idx(path, (verify or {}).get(part), dtype=np.uint8, max_bytes=left,
                                limit=limit)
        left -= arrays[part].nbytes
    train_x, train_y, test_x, test_y = (arrays[p] for p in PARTS)
    for split, x, y in (("train", train_x, train_y), ("t10k", test_x, test_y)):
        if x.ndim != 3 or y.ndim != 1:
            raise IdxError(f"{folder}: {split} images must be (n, h, w) and labels (n,), "
                           f"not {x.shape} and {y.shape}")
        if len(x) != len(y):
            raise IdxError(f"{folder}: {split} has {len(x)} images but {len(y)} labels")
        if x.size == 0:
            raise IdxError(f"{paths[f'{split}-images-idx3-ubyte']}: the file holds no images "
                           f"(its header declares {' × '.join(map(str, x.shape))})")
    if train_x.shape[1:] != test_x.shape[1:]:
        raise IdxError(f"{folder}: train images are {train_x.shape[1:]}, test images "
                       f"{test_x.shape[1:]}")
    classes = count_classes(train_y, test_y, str(folder))
    # images as read (no copy: they are the bulk); labels widened, a few hundred kB
    return Dataset(folder.name, train_x, train_y.astype(np.int64), test_x,
                   test_y.astype(np.int64), classes)


def load_dataset(folder: str | Path | None = None) -> Dataset:
    """The bundled MNIST when ``folder`` is None, else that folder's files."""
    return load_mnist() if folder is None else load_folder(folder)


@lru_cache(maxsize=1)
def load_mnist() -> Dataset:
    """The bundled MNIST, checksums verified (cached: it is read once per process)."""
    package, folder = BUNDLED_RESOURCE
    # as_file: a real folder for an installed wheel or a bundle; a temporary copy otherwise
    with resources.as_file(resources.files(package).joinpath(folder)) as path:
        return load_folder(path, verify=SHA256)
