"""The lr range test against a plain torch.optim run with the same growing lr, and the sweep
that checks its suggestion."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from lab.engine.search.batched import minibatch_indices, train_batch
from lab.engine.search.lrfind import LrFindError, lr_range_test, lr_sweep
from lab.engine.search.trial_spec import sequential_model
from tests.engine.search.conftest import trial
from tests.engine.search.test_batched import CLASSES, INPUTS, N_TRAIN, toy_data

SPEC = trial(1e-4, hidden=(16, 12), batch_size=10, seed=5)


def reference_losses(lrs) -> list[float]:
    """torch.optim.SGD with its lr set before every step, the same weights and minibatches,
    in float64 (a run driven to divergence would amplify float32 rounding differences)."""
    data = toy_data(torch.float64)
    model = sequential_model(SPEC, INPUTS, CLASSES, torch.float64)
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    index = minibatch_indices(SPEC, N_TRAIN, 100, "replacement")
    losses = []
    for lr, idx in zip(lrs, index, strict=False):
        opt.param_groups[0]["lr"] = float(lr)
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(data.train_x[idx]), data.train_y[idx])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def test_range_test_follows_torch_optim_and_smooths_like_fastai():
    result = lr_range_test(SPEC, toy_data(torch.float64), 1e-4, 1e6, steps=80)
    n = len(result.lrs)
    expected_lrs = 1e-4 * (1e6 / 1e-4) ** (np.arange(80) / 79)
    np.testing.assert_allclose(result.lrs, expected_lrs[:n])
    np.testing.assert_allclose(result.losses, reference_losses(result.lrs), rtol=1e-9)
    avg, smooth = 0.0, []
    for i, loss in enumerate(result.losses, 1):  # bias-corrected EMA, beta 0.98
        avg = 0.98 * avg + 0.02 * loss
        smooth.append(avg / (1 - 0.98**i))
    np.testing.assert_allclose(result.smoothed, smooth, rtol=1e-9)
    # the loss blew up before lr 1e6: the test stopped once it passed 4x its minimum
    assert n < 80 and result.smoothed[-1] > 4 * result.smoothed.min()
    low = result.lrs[np.argmin(result.smoothed)]
    assert result.suggestions["min/10"] == pytest.approx(low / 10)
    assert 1e-4 <= result.suggestions["steepest"] <= low


def test_the_sweep_is_real_training_at_each_fixed_lr():
    data = toy_data(torch.float32)
    sweep = lr_sweep(SPEC, data, 1e-3, 10.0, count=6, epochs=3)
    np.testing.assert_allclose(sweep.lrs, np.logspace(-3, 1, 6))
    for lr, acc in zip(sweep.lrs, sweep.val_acc, strict=True):
        alone = list(train_batch([trial(float(lr), hidden=(16, 12), batch_size=10, seed=5)],
                                 data, 3))  # fmt: skip
        final = 0.0 if alone[-1].diverged else alone[-1].val_acc[0]
        assert acc == pytest.approx(final)
    assert sweep.best_val_acc == sweep.val_acc.max()
    assert sweep.best_lr == sweep.lrs[int(np.argmax(sweep.val_acc))]
    assert sweep.at(sweep.best_lr) == pytest.approx(sweep.best_val_acc)
    assert math.isfinite(sweep.at(3e-3))


def test_bad_ranges_are_refused():
    data = toy_data(torch.float32)
    with pytest.raises(LrFindError, match="lr_min < lr_max"):
        lr_range_test(SPEC, data, 1.0, 0.1)
    with pytest.raises(LrFindError, match="diverged"):
        lr_range_test(SPEC, data, 1e30, 1e31, steps=20)
