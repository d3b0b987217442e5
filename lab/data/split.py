"""The one data split: which training images a run trains on and which it validates on.

Both labs cut a validation set out of the training images the same way, by one of two orders
(the config that names them is :class:`lab.engine.core.data_split.DataConfig`):

- ``shuffle-first`` (the training lab's): shuffle all training images (when asked), take the
  first N, hold out the *last* ``round(N·holdout)`` of them.
- ``subset-first`` (the book's search, ``hyperparameter_optimization.py``): take the first N
  images, shuffle them (when asked), hold out the *first* ``int(N·holdout)`` of them; ``int``
  because the book writes ``int(x_train.shape[0] * validation_rate)`` (500 · 0.2 -> 100).

One rounding rule per order, so a share names the same images in every lab. The shuffle is
``numpy.random.default_rng(seed).permutation`` in both orders. Plain numpy, no torch: the
engine turns the arrays into tensors on its device.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ORDERS = ("shuffle-first", "subset-first")
NORMALIZATIONS = ("scale", "standardize")


class SplitError(ValueError):
    """A split that leaves no training (or no validation) images."""


@dataclass(frozen=True, eq=False)
class SplitArrays:
    """Flattened float32 images and int64 labels; ``val_x`` is None when nothing is held
    out (the training lab then validates on the test set). ``name``, ``classes`` and
    ``image_side`` are the dataset's."""

    name: str
    classes: int
    image_side: int
    train_x: np.ndarray
    train_y: np.ndarray
    val_x: np.ndarray | None
    val_y: np.ndarray | None
    test_x: np.ndarray
    test_y: np.ndarray


def held_out(images: int, holdout: float, order: str) -> int:
    """How many of ``images`` are held out for validation, by the order's rounding rule."""
    _check_order(order)
    share = images * holdout
    return int(share) if order == "subset-first" else int(round(share))


def split_problems(images: int, holdout: float, order: str) -> list[str]:
    """Why a share ``holdout`` of ``images`` cannot be split ([] when it can)."""
    if holdout <= 0:
        return []
    held = held_out(images, holdout, order)
    if images - held < 1:
        return [f"holdout {holdout:g} of {images:,} images leaves no training data"]
    if held < 1:
        return [f"holdout {holdout:g} of {images:,} images holds out no images"]
    return []


def split_indices(total: int, train_size: int, holdout: float, shuffle: bool, seed: int,
                  order: str) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(training, validation) indices into ``total`` training images; see the module
    docstring for the two orders. ``train_size`` 0 takes every image."""
    _check_order(order)
    count = min(train_size, total) if train_size else total
    problems = split_problems(count, holdout, order)
    if problems:
        raise SplitError("; ".join(problems))
    held = held_out(count, holdout, order)
    if order == "shuffle-first":
        chosen = _permutation(total, seed)[:count] if shuffle else np.arange(count)
        return chosen[: count - held], chosen[count - held:]
    chosen = _permutation(count, seed) if shuffle else np.arange(count)
    return chosen[held:], chosen[:held]


def split_arrays(dataset, train_size: int, holdout: float, shuffle: bool, seed: int,
                 order: str, normalize: str = "scale") -> SplitArrays:  # fmt: skip
    """A :class:`lab.data.mnist.Dataset` split and normalized: ``scale`` divides by 255 (the
    book), ``standardize`` subtracts the training part's mean and divides by its std (the
    validation and test images by the same figures, so nothing leaks from them)."""
    if normalize not in NORMALIZATIONS:
        raise SplitError(f"normalize must be one of {', '.join(NORMALIZATIONS)}")
    train, val = split_indices(len(dataset.train_images), train_size, holdout, shuffle, seed,
                               order)  # fmt: skip
    images = dataset.train_images
    train_x, val_x = _flat(images[train]), (_flat(images[val]) if len(val) else None)
    test_x = _flat(dataset.test_images)
    if normalize == "standardize":
        mean, std = train_x.mean(), train_x.std() or 1.0
        train_x, test_x = (train_x - mean) / std, (test_x - mean) / std
        val_x = None if val_x is None else (val_x - mean) / std
    labels = dataset.train_labels
    return SplitArrays(dataset.name, dataset.classes, dataset.train_images.shape[1],
                       train_x, labels[train], val_x, labels[val] if len(val) else None,
                       test_x, dataset.test_labels)


def _flat(images: np.ndarray) -> np.ndarray:
    return images.reshape(len(images), -1).astype(np.float32) / 255.0


def _permutation(count: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).permutation(count)


def _check_order(order: str) -> None:
    if order not in ORDERS:
        raise SplitError(f"order must be one of {', '.join(ORDERS)} (not {order!r})")
