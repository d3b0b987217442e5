"""The one data split: both orders against the code they stand for (the book's
hyperparameter_optimization.py and the training lab's), one rounding rule per order, and the
same images as each lab took before they shared it."""

import numpy as np
import pytest

from lab.data.mnist import load_mnist
from lab.data.split import SplitError, held_out, split_arrays, split_indices, split_problems


def test_subset_first_is_the_books_search_order():
    """x_train[:500]; shuffle_dataset; the first int(500 * 0.2) validate, the rest train."""
    train, val = split_indices(60_000, 500, 0.2, shuffle=True, seed=4, order="subset-first")
    order = np.random.default_rng(4).permutation(500)
    assert list(val) == list(order[:100]) and list(train) == list(order[100:])
    plain_train, plain_val = split_indices(60_000, 10, 0.25, False, 0, "subset-first")
    assert list(plain_val) == [0, 1] and list(plain_train) == list(range(2, 10))  # int(2.5)


def test_shuffle_first_is_the_training_labs_order():
    """Shuffle all images, take the first N, the last round(N * share) validate."""
    train, val = split_indices(1_000, 10, 0.25, shuffle=True, seed=7, order="shuffle-first")
    chosen = np.random.default_rng(7).permutation(1_000)[:10]
    assert list(train) == list(chosen[:8]) and list(val) == list(chosen[8:])  # round(2.5) = 2
    train, val = split_indices(50, 0, 0.0, shuffle=False, seed=0, order="shuffle-first")
    assert list(train) == list(range(50)) and len(val) == 0  # validate on the test set


@pytest.mark.parametrize("images, share, order, held", [
    (500, 0.2, "subset-first", 100), (10, 0.25, "subset-first", 2), (10, 0.29, "subset-first", 2),
    (10, 0.25, "shuffle-first", 2), (10, 0.29, "shuffle-first", 3), (7, 0.5, "shuffle-first", 4),
])  # fmt: skip
def test_one_rounding_rule_per_order(images, share, order, held):
    assert held_out(images, share, order) == held


def test_empty_splits_are_refused_by_name():
    assert split_problems(1, 0.9, "shuffle-first") == [
        "holdout 0.9 of 1 images leaves no training data"]
    assert "holds out no images" in split_problems(4, 0.1, "subset-first")[0]
    assert split_problems(4, 0.0, "subset-first") == []
    with pytest.raises(SplitError, match="holds out no images"):
        split_indices(100, 4, 0.1, True, 0, "subset-first")
    with pytest.raises(SplitError, match="order must be one of"):
        split_indices(100, 4, 0.1, True, 0, "middle-out")


def test_the_same_images_as_each_lab_took_before_they_shared_the_split():
    """Labels of the first images each lab chose before this module (recorded from the earlier
    code): stored studies and saved runs keep their training and validation images."""
    mnist = load_mnist()
    search = split_arrays(mnist, 500, 0.2, True, 0, "subset-first")
    assert (len(search.train_y), len(search.val_y)) == (400, 100)
    assert list(search.train_y[:10]) == [7, 1, 7, 3, 7, 7, 5, 7, 3, 3]
    assert list(search.val_y[:10]) == [6, 9, 2, 9, 2, 7, 2, 1, 1, 3]
    train = split_arrays(mnist, 1000, 0.1, True, 3, "shuffle-first")
    assert (len(train.train_y), len(train.val_y)) == (900, 100)
    assert list(train.train_y[:10]) == [0, 4, 7, 6, 5, 4, 3, 9, 8, 6]
    assert list(train.val_y[:10]) == [6, 0, 8, 3, 7, 1, 9, 3, 8, 1]


def test_standardize_uses_the_training_images_figures_only():
    mnist = load_mnist()
    split = split_arrays(mnist, 300, 0.2, True, 1, "shuffle-first", "standardize")
    assert abs(float(split.train_x.mean())) < 1e-4 and abs(float(split.train_x.std()) - 1) < 1e-3
    scaled = split_arrays(mnist, 300, 0.2, True, 1, "shuffle-first")
    mean, std = scaled.train_x.mean(), scaled.train_x.std()
    np.testing.assert_allclose(split.val_x, (scaled.val_x - mean) / std, rtol=1e-6)
    np.testing.assert_allclose(split.test_x, (scaled.test_x - mean) / std, rtol=1e-6)
    assert split.train_x.dtype == np.float32 and split.image_side == 28 and split.classes == 10
