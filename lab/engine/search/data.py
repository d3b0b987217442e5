"""The images a search trains on: a subset of the training set, shuffled, split for validation.

Why its own module: the search lab judges trials on a validation split carved from the training
images (the book's ``hyperparameter_optimization.py``: the first 500 training images, shuffled,
20 % held out), never on the test set. It reads lab.data directly, not the training lab.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np


class DataError(ValueError):
    """A data selection that leaves nothing to train or validate on."""


@dataclass(frozen=True)
class SearchData:
    """Flattened images scaled to [0, 1] (float32) and int64 labels, on one device."""

    train_x: object
    train_y: object
    val_x: object
    val_y: object
    classes: int


@dataclass(frozen=True)
class DataSpec:
    folder: str | None = None  # None: the bundled MNIST
    train_size: int = 500  # the first N training images (0: all)
    val_fraction: float = 0.2
    shuffle_seed: int = 0  # the book shuffles after taking the subset (seed not fixed there)

    def to_dict(self) -> dict:
        return {"folder": self.folder, "train_size": self.train_size,
                "val_fraction": self.val_fraction, "shuffle_seed": self.shuffle_seed}

    @staticmethod
    def from_dict(data: dict) -> DataSpec:
        return DataSpec(data.get("folder"), int(data.get("train_size", 500)),
                        float(data.get("val_fraction", 0.2)), int(data.get("shuffle_seed", 0)))


def split_arrays(spec: DataSpec) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """(train_x, train_y, val_x, val_y, classes) as numpy: the book's order of operations."""
    from lab.data.mnist import load_dataset

    dataset = load_dataset(spec.folder)
    images, labels = dataset.train_images, dataset.train_labels
    if spec.train_size:
        images, labels = images[: spec.train_size], labels[: spec.train_size]
    order = np.random.default_rng(spec.shuffle_seed).permutation(len(images))
    images, labels = images[order], labels[order]
    n_val = int(len(images) * spec.val_fraction)  # the book: int(500 * 0.20) = 100
    if not 0 < n_val < len(images):
        raise DataError(f"{len(images)} images with validation fraction {spec.val_fraction} "
                        "leave no training or no validation images")
    flat = images.reshape(len(images), -1).astype(np.float32) / 255.0
    # the book takes validation from the front of the shuffled subset
    return flat[n_val:], labels[n_val:], flat[:n_val], labels[:n_val], dataset.classes


@lru_cache(maxsize=4)
def prepare_data(spec: DataSpec, device: str = "cpu") -> SearchData:
    """Tensors on ``device``; cached, since every batch of a study trains on the same split."""
    import torch

    train_x, train_y, val_x, val_y, classes = split_arrays(spec)
    return SearchData(torch.as_tensor(train_x, device=device),
                      torch.as_tensor(train_y, dtype=torch.int64, device=device),
                      torch.as_tensor(val_x, device=device),
                      torch.as_tensor(val_y, dtype=torch.int64, device=device), classes)
