"""The training data on the device: loaded, subset, split and normalised once per config and
device, and shared by the runs that use it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from lab.engine.train.config import DataConfig, TrainingError


@dataclass(frozen=True, eq=False)
class PreparedData:
    """Tensors on the device, flattened to (n, features), scaled; labels int64."""

    name: str
    train_x: object
    train_y: object
    val_x: object
    val_y: object
    test_x: object
    test_y: object
    classes: int
    image_side: int
    val_is_test: bool


@lru_cache(maxsize=2)
def cached_data(config: DataConfig, device: str) -> PreparedData:
    """Runs with the same data share one copy on the device."""
    return prepare_data(config, device)


def prepare_data(config: DataConfig, device: str) -> PreparedData:
    """Load, subset, split and normalise once; the result is shared by runs on one device."""
    import torch

    from lab.data.mnist import load_dataset

    dataset = load_dataset(config.folder)
    images, labels = dataset.train_images, dataset.train_labels
    if config.shuffle:
        order = np.random.default_rng(config.seed).permutation(len(images))
        images, labels = images[order], labels[order]
    if config.train_size:
        images, labels = images[: config.train_size], labels[: config.train_size]
    n_val = int(round(len(images) * config.val_split))
    if config.split_problems(len(images)):  # e.g. a split that leaves no training data
        raise TrainingError("; ".join(config.split_problems(len(images))))
    side = images.shape[1]
    flat = images.reshape(len(images), -1).astype(np.float32) / 255.0
    test = dataset.test_images.reshape(len(dataset.test_images), -1).astype(np.float32) / 255.0
    if config.normalize == "standardize":
        mean, std = flat[: len(flat) - n_val].mean(), flat[: len(flat) - n_val].std() or 1.0
        flat, test = (flat - mean) / std, (test - mean) / std

    def tensor(a, dtype=None):
        return torch.as_tensor(a, dtype=dtype).to(device)

    cut = len(flat) - n_val
    val_x, val_y = (flat[cut:], labels[cut:]) if n_val else (test, dataset.test_labels)
    return PreparedData(dataset.name, tensor(flat[:cut]), tensor(labels[:cut], torch.int64),
                        tensor(val_x), tensor(val_y, torch.int64), tensor(test),
                        tensor(dataset.test_labels, torch.int64), dataset.classes, side,
                        val_is_test=not n_val)  # fmt: skip
