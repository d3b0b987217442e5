"""The training data on the device: loaded, subset, split and normalised once per config and
device, and shared by the runs that use it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

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
    """Load, subset, split and normalise once (lab.data.split, the search's split too); the
    result is shared by runs on one device."""
    import torch

    from lab.data.split import SplitError

    try:
        arrays = config.arrays()
    except SplitError as err:  # e.g. a split that leaves no training data
        raise TrainingError(str(err)) from None

    def tensor(a, dtype=None):
        return torch.as_tensor(a, dtype=dtype).to(device)

    held = arrays.val_x is not None
    val_x, val_y = (arrays.val_x, arrays.val_y) if held else (arrays.test_x, arrays.test_y)
    return PreparedData(arrays.name, tensor(arrays.train_x), tensor(arrays.train_y, torch.int64),
                        tensor(val_x), tensor(val_y, torch.int64), tensor(arrays.test_x),
                        tensor(arrays.test_y, torch.int64), arrays.classes, arrays.image_side,
                        val_is_test=not held)  # fmt: skip
