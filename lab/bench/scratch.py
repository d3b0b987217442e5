"""Throw-away settings and files for benchmarks that open the real window.

Why: the window keeps its runs' folders beside a file-based settings store; a benchmark that
used the user's settings scope would leave run folders (and settings) behind after every run.
Fixture files (a dataset folder) go to temporary folders too, removed when the benchmark ends.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch_settings() -> Iterator[object]:
    """A QSettings in a temporary folder, removed with everything the window wrote beside it."""
    from PySide6.QtCore import QSettings

    with tempfile.TemporaryDirectory(prefix="descent-lab-bench-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        yield settings
        settings.sync()


@contextmanager
def scratch_dataset_folder() -> Iterator[Path]:
    """A temporary MNIST-format folder: the bundled MNIST written back with lab.data's IDX
    writer (full size, so reading it costs what a user's download costs; uncompressed, because
    gzip at the writer's level takes ~40 s for the training images)."""
    from lab.data.idx import write_idx
    from lab.data.mnist import PARTS, load_mnist

    data = load_mnist()
    arrays = (data.train_images, data.train_labels.astype("uint8"), data.test_images,
              data.test_labels.astype("uint8"))
    with tempfile.TemporaryDirectory(prefix="descent-lab-bench-data-") as folder:
        for part, array in zip(PARTS, arrays, strict=True):
            write_idx(Path(folder) / part, array)
        yield Path(folder)
