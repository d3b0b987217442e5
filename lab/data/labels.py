"""Class labels of a dataset: the number of classes, and labels that would fake one.

Why a check: the number of classes is read from the labels (max + 1), so one stray label 255 in
a 10-class file would silently make a 256-class problem whose 246 phantom classes never occur.
Labels must be 0 … K-1, every class must occur in the training labels, and the test labels may
only use those classes.
"""

from __future__ import annotations

import numpy as np

from lab.data.idx import IdxError

SHOWN = 12  # labels listed in a message before "…"


def histogram_text(labels: np.ndarray) -> str:
    """``label: count`` pairs, the rarest first (a stray label is usually the rarest)."""
    values, counts = np.unique(labels, return_counts=True)
    order = np.argsort(counts, kind="stable")
    pairs = [f"{int(values[i])}: {int(counts[i])}" for i in order[:SHOWN]]
    return ", ".join(pairs) + (", …" if len(values) > SHOWN else "")


def count_classes(train: np.ndarray, test: np.ndarray, name: str) -> int:
    """The number of classes K, after checking that the labels are exactly 0 … K-1.

    Raises
    ------
    IdxError
        Naming ``name`` (the folder), the missing classes and the label counts.
    """
    if len(train) == 0:
        raise IdxError(f"{name}: the training labels are empty")
    classes = int(train.max()) + 1
    present = np.bincount(train, minlength=classes) > 0
    missing = np.flatnonzero(~present)
    if missing.size:
        raise IdxError(
            f"{name}: training labels run up to {classes - 1}, but {missing.size} of the labels "
            f"0 … {classes - 1} never occur (first missing: {int(missing[0])}), which would make "
            f"a {classes}-class problem with empty classes; labels must be 0 … K-1. "
            f"Label counts, rarest first: {histogram_text(train)}"
        )
    unseen = np.setdiff1d(np.unique(test), np.arange(classes))
    if unseen.size:
        raise IdxError(
            f"{name}: test labels include {', '.join(str(int(v)) for v in unseen[:SHOWN])}, "
            f"a class with no training images (training labels are 0 … {classes - 1})"
        )
    return classes
