"""The images a search trains on, as tensors: the training lab's data config and split
(lab.engine.core.data_split, lab.data.split), validated on a share held out of the training
images, never on the test set.

The book's ``hyperparameter_optimization.py`` takes the first 500 training images, shuffles
them and holds out the first 20 %: the ``subset-first`` order with ``shuffle`` on
(:data:`BOOK_SPLIT`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lab.data.split import SplitError as DataError
from lab.engine.core.data_split import DataConfig

BOOK_SPLIT = DataConfig(train_size=500, holdout=0.2, shuffle=True, order="subset-first")


@dataclass(frozen=True)
class SearchData:
    """Flattened images scaled to [0, 1] (float32) and int64 labels, on one device."""

    train_x: object
    train_y: object
    val_x: object
    val_y: object
    classes: int


@lru_cache(maxsize=4)
def prepare_data(config: DataConfig, device: str = "cpu") -> SearchData:
    """Tensors on ``device``; cached, since every batch of a study trains on the same split.
    DataError when nothing is held out for validation (a search never validates on the test
    set) or the split leaves no training images."""
    import torch

    if config.holdout <= 0:
        raise DataError("a search validates on images held out from the training subset: "
                        "holdout must be positive")
    arrays = config.arrays()
    return SearchData(torch.as_tensor(arrays.train_x, device=device),
                      torch.as_tensor(arrays.train_y, dtype=torch.int64, device=device),
                      torch.as_tensor(arrays.val_x, device=device),
                      torch.as_tensor(arrays.val_y, dtype=torch.int64, device=device),
                      arrays.classes)
