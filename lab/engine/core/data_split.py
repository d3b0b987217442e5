"""Which images a run trains and validates on, declared once for the training lab and the
search: the folder, the training subset, the share held out, the shuffle and the split's order
(the mechanics are :mod:`lab.data.split`).

Names written before the two labs shared this config still load: experiment files and saved
runs said ``val_split`` and ``seed``, stored studies ``val_fraction`` and ``shuffle_seed``.
They are read as ``holdout`` and ``split_seed`` and written in the new form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from lab.data.split import NORMALIZATIONS, ORDERS, SplitArrays, split_arrays, split_problems
from lab.engine.core import fields as F
from lab.engine.core.draws import MAX_SEED

MAX_IMAGES = 100_000_000


@dataclass(frozen=True)
class DataConfig:
    """The bundled MNIST (folder None) or another MNIST-format folder, and how it is split."""

    RENAMED: ClassVar[dict[str, str]] = {"val_split": "holdout", "val_fraction": "holdout",
                                         "seed": "split_seed", "shuffle_seed": "split_seed"}

    folder: str | None = F.text(None, optional=True,
                                help="an MNIST-format folder; empty: the bundled MNIST")
    train_size: int = F.integer(0, 0, MAX_IMAGES,
                                help="0: all training images; else N of them (the book's "
                                     "subsets, e.g. 300 for overfitting)")
    holdout: float = F.number(0.0, 0.0, 1.0, high_open=True,
                              help="share of the training subset held out for validation; "
                                   "0: validate on the test set")
    normalize: str = F.choice("scale", NORMALIZATIONS,
                              help="scale: ÷255 (the book); standardize: the training "
                                   "images' mean and std")
    shuffle: bool = F.flag(False, help="shuffle (where the order says) before splitting")
    split_seed: int = F.integer(0, 0, MAX_SEED, help="seed of the shuffle")
    order: str = F.choice("shuffle-first", ORDERS,
                          help="shuffle-first: shuffle all images, take the first N, hold out "
                               "the last round(N·holdout) (the training lab's); subset-first: "
                               "take the first N, shuffle them, hold out the first "
                               "int(N·holdout) (the book's search)")

    def split_problems(self, images: int) -> list[str]:
        """A holdout that leaves no training (or no validation) images out of ``images``;
        the same rounding as the split itself."""
        return split_problems(images, self.holdout, self.order)

    def arrays(self) -> SplitArrays:
        """Load the images and split them (lab.data.split.SplitError when the split is
        empty; lab.data.idx.IdxError for a bad folder)."""
        from lab.data.mnist import load_dataset

        return split_arrays(load_dataset(self.folder), self.train_size, self.holdout,
                            self.shuffle, self.split_seed, self.order, self.normalize)
