"""A run's randomness, drawn once for both labs: the shapes of an epoch, the minibatch indices
(the same numbers the search drew for its stored studies), and dropout masks that do not depend
on the model's dtype."""

import pytest
import torch

from lab.engine.core import draws


@pytest.mark.parametrize("images, batch, drop_last, shape", [
    (400, 100, True, (100, 4)), (80, 25, True, (25, 3)), (10, 64, True, (10, 1)),
    (80, 25, False, (25, 4)), (10, 64, False, (64, 1)), (60_000, 128, False, (128, 469)),
])  # fmt: skip
def test_an_epochs_shape_by_each_labs_rule(images, batch, drop_last, shape):
    assert draws.epoch_shape(images, batch, drop_last) == shape


def test_the_search_draws_the_minibatches_it_always_drew():
    """Stored studies resume with the same draws: the trial's seed + 1,000,003, one
    (steps, batch) randint per epoch (or a permutation cut to whole batches)."""
    epochs = list(draws.minibatch_epochs(5, 90, 25, 2, "replacement"))
    old = torch.Generator().manual_seed(5 + 1_000_003)
    for got in epochs:
        assert torch.equal(got, torch.randint(90, (3, 25), generator=old))
    (perm,) = draws.minibatch_epochs(5, 90, 25, 1, "epoch")
    expected = torch.randperm(90, generator=torch.Generator().manual_seed(1_000_008))[:75]
    assert torch.equal(perm, expected.view(3, 25))


def test_an_epochs_indices_drawn_at_once_equal_them_drawn_step_by_step():
    """The training lab used to draw one minibatch a step; drawn an epoch at a time, the same
    generator gives the same numbers (so only the seeds' streams changed, not the rule)."""
    a, b = torch.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    at_once = draws.epoch_indices(a, 1000, 32, 5, "replacement")
    steps = [torch.randint(0, 1000, (32,), generator=b) for _ in range(5)]
    assert torch.equal(at_once, torch.cat(steps))
    whole = draws.epoch_indices(a, 1000, 32, 32, "epoch")  # ⌈1000/32⌉ steps: every image
    assert sorted(whole.tolist()) == list(range(1000))
    with pytest.raises(ValueError, match="sampling must be one of"):
        draws.epoch_indices(a, 10, 2, 5, "sometimes")


def test_three_streams_from_one_seed():
    w, m, d = (draws.weight_generator(7), draws.minibatch_generator(7),
               draws.dropout_generator(7))  # fmt: skip
    assert w.initial_seed() == 7 and m.initial_seed() == 7 + draws.BATCH_STREAM
    assert d.initial_seed() == 7 + draws.DROPOUT_STREAM
    from lab.engine.search.bounds import MAX_TRIALS

    # a study's trial seeds are consecutive: no trial's stream starts at another's seed
    assert draws.BATCH_STREAM > MAX_TRIALS
    assert draws.DROPOUT_STREAM - draws.BATCH_STREAM > MAX_TRIALS


def test_dropout_masks_keep_their_share_and_ignore_the_dtype():
    mask = draws.dropout_mask(torch.Generator().manual_seed(1), (200, 500), 0.7)
    assert mask.dtype == torch.bool and abs(float(mask.float().mean()) - 0.7) < 0.01
    again = draws.dropout_mask(torch.Generator().manual_seed(1), (200, 500), 0.7)
    assert torch.equal(mask, again)  # a float64 model draws the same float32 uniforms
    assert draws.dropout_mask(torch.Generator().manual_seed(1), (10, 10), 1.0).all()


def test_a_float_dropout_mask_is_the_bool_mask():
    """The training loop's float32 1.0/0.0 mask: the same units, the same stream."""
    mask = draws.dropout_mask(torch.Generator().manual_seed(2), (300, 40), 0.8)
    as_float = draws.dropout_mask(torch.Generator().manual_seed(2), (300, 40), 0.8, as_float=True)
    assert as_float.dtype == torch.float32
    assert torch.equal(as_float, mask.float())
    assert set(as_float.unique().tolist()) == {0.0, 1.0}
