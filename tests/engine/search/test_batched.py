"""Each model of a batch follows the trajectory it would follow alone in torch.optim: same
initial weights, same minibatches, float64 so that the tolerance can be tight."""

import math
from dataclasses import replace

import numpy as np
import pytest
import torch
from torch import nn

from lab.engine.core.optimizers import OptimizerConfig, make_optimizer, torch_kwargs
from lab.engine.search.batched import Drop, minibatch_indices, steps_per_epoch, train_batch
from lab.engine.search.data import SearchData
from lab.engine.search.stacked_mlp import BatchedMLP
from lab.engine.search.trial_spec import BatchError, TrialSpec, initial_weights, sequential_model
from tests.engine.search.conftest import trial

N_TRAIN, N_VAL, INPUTS, CLASSES, EPOCHS = 60, 20, 30, 5, 4


def toy_data(dtype=torch.float64) -> SearchData:
    g = torch.Generator().manual_seed(3)
    x = torch.rand(N_TRAIN + N_VAL, INPUTS, generator=g, dtype=dtype)
    w = torch.randn(INPUTS, CLASSES, generator=g, dtype=dtype)
    y = (x @ w).argmax(1)
    return SearchData(x[:N_TRAIN], y[:N_TRAIN], x[N_TRAIN:], y[N_TRAIN:], CLASSES)


def alone(spec: TrialSpec, data: SearchData, epochs: int):
    """The reference: one nn.Sequential, torch.optim, the same weights and minibatches.
    Returns the final parameters and the per-epoch (mean loss, validation accuracy)."""
    model = sequential_model(spec, INPUTS, CLASSES, torch.float64)
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    biases = [m.bias for m in model if isinstance(m, nn.Linear)]
    groups = [{"params": weights, "weight_decay": spec.l2},
              {"params": biases, "weight_decay": 0.0}]  # L2 on weights only, as the book
    kwargs = {k: v for k, v in torch_kwargs(spec.optimizer).items() if k != "weight_decay"}
    opt = getattr(torch.optim, spec.optimizer.spec.torch_class)(groups, **kwargs)
    steps = steps_per_epoch(N_TRAIN, spec.batch_size)
    curve, losses = [], []
    for k, idx in enumerate(minibatch_indices(spec, N_TRAIN, epochs, "replacement"), 1):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(data.train_x[idx]), data.train_y[idx])
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if k % steps == 0:
            with torch.no_grad():
                acc = (model(data.val_x).argmax(1) == data.val_y).double().mean().item()
            curve.append((np.mean(losses), acc))
            losses = []
    return [p.detach() for p in weights + biases], curve


def specs_for(optimizer: str) -> list[TrialSpec]:
    lrs = [0.3, 0.05, 0.01] if optimizer != "adam" else [3e-3, 1e-2, 1e-3]
    hyper = {"sgd": lambda mu, b1, b2: {}, "momentum": lambda mu, b1, b2: {"momentum": mu},
             "adam": lambda mu, b1, b2: {"beta1": b1, "beta2": b2}}[optimizer]
    return [trial(lr, optimizer, l2=wd, hidden=(16, 12), batch_size=10, seed=seed,
                  **hyper(mu, b1, b2))
            for lr, wd, mu, b1, b2, seed in zip(lrs, [1e-3, 0.0, 0.1], [0.9, 0.5, 0.8],
                                                [0.9, 0.8, 0.95], [0.999, 0.99, 0.9],
                                                [1, 2, 3], strict=True)]  # fmt: skip


def train_each_and_compare_with_torch_optim(model, specs, data) -> list:
    """Train the batch on each model's own minibatches, then require every model's weights to
    equal that model trained alone through torch.optim on the same minibatches; returns the
    alone-trained weights, one list per model."""
    index = torch.stack([minibatch_indices(s, N_TRAIN, EPOCHS, "replacement") for s in specs])
    for s in range(index.shape[1]):
        model.train_step(data.train_x[index[:, s]], data.train_y[index[:, s]])
    refs = []
    for i, spec in enumerate(specs):
        ref, _ = alone(spec, data, EPOCHS)
        got = [w[i] for w in model.weights] + [b[i, 0] for b in model.biases]
        for r, g in zip(ref, got, strict=True):
            torch.testing.assert_close(g, r, rtol=1e-9, atol=1e-12)
        refs.append(ref)
    return refs


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_each_model_follows_its_torch_optim_trajectory(optimizer):
    data, specs = toy_data(), specs_for(optimizer)
    model = BatchedMLP(specs, INPUTS, CLASSES, "cpu", torch.float64)
    refs = train_each_and_compare_with_torch_optim(model, specs, data)
    for spec, ref in zip(specs, refs, strict=True):
        start = initial_weights(spec, INPUTS, CLASSES, torch.float64)[0]
        assert (ref[0] - start).abs().max() > 1e-4  # it did move


@pytest.mark.parametrize("optimizer", ["momentum", "adam"])
def test_the_epoch_generator_reports_each_models_own_loss_and_accuracy(optimizer):
    data, specs = toy_data(), specs_for(optimizer)
    updates = list(train_batch(specs, data, EPOCHS, dtype=torch.float64))
    assert [u.epoch for u in updates] == list(range(1, EPOCHS + 1)) and updates[-1].done
    for i, spec in enumerate(specs):
        _, curve = alone(spec, data, EPOCHS)
        np.testing.assert_allclose([u.train_loss[i] for u in updates], [c[0] for c in curve],
                                   rtol=1e-9)
        np.testing.assert_allclose([u.val_acc[i] for u in updates], [c[1] for c in curve])


def test_a_diverged_model_leaves_at_its_epoch_and_the_others_go_on():
    data = toy_data(torch.float32)
    specs = [trial(0.05, hidden=(16,), batch_size=10, seed=1),
             trial(1e30, hidden=(16,), batch_size=10, seed=2),  # blows up at once
             trial(0.05, hidden=(16,), batch_size=10, seed=3)]
    updates = list(train_batch(specs, data, EPOCHS))
    assert updates[0].diverged == (1,)
    assert all(u.trials == (0, 2) and not u.diverged for u in updates[1:])
    assert all(math.isfinite(v) for u in updates for v in u.train_loss[[0, -1]])
    # the survivors are unaffected by their neighbour's NaNs: same as trained without it
    without = list(train_batch([specs[0], specs[2]], data, EPOCHS))
    np.testing.assert_allclose(updates[-1].val_acc, without[-1].val_acc)


def test_dropped_trials_leave_and_the_rest_keep_their_trajectory():
    data = toy_data()
    specs = specs_for("momentum")
    run = train_batch(specs, data, EPOCHS, dtype=torch.float64)
    first = next(run)
    rest = [run.send(Drop((1,)))]
    rest += list(run)
    assert first.trials == (0, 1, 2) and all(u.trials == (0, 2) for u in rest)
    _, curve = alone(specs[2], data, EPOCHS)
    assert rest[-1].val_acc[1] == pytest.approx(curve[-1][1])


def test_trials_of_different_shapes_cannot_share_a_batch():
    with pytest.raises(BatchError, match="shapes"):
        BatchedMLP([trial(0.1, hidden=(8,)), trial(0.1, hidden=(9,))], INPUTS, CLASSES, "cpu")
    nan_lr = OptimizerConfig("sgd", (("lr", float("nan")), ("weight_decay", 0.0)))
    with pytest.raises(BatchError, match="lr must be"):
        BatchedMLP([replace(trial(0.1, hidden=(8,)), optimizer=nan_lr)], INPUTS, CLASSES, "cpu")
    with pytest.raises(BatchError, match="runs only these .not 'rmsprop'"):
        BatchedMLP([trial(0.1, "rmsprop", hidden=(8,))], INPUTS, CLASSES, "cpu")


def test_plain_sgd_and_momentum_models_share_a_batch_and_each_follows_torch_optim():
    # one batch, two rules: plain SGD keeps no momentum buffer when no model needs one, and a
    # mixed batch updates each model by its own momentum (0 for the plain SGD models)
    data = toy_data()
    for mix in (("sgd", "sgd", "sgd"), ("sgd", "momentum", "sgd")):
        specs = [replace(s, optimizer=make_optimizer(o, lr=s.optimizer.lr, **(
                     {"momentum": s.optimizer.params["momentum"]} if o == "momentum" else {})))
                 for s, o in zip(specs_for("momentum"), mix, strict=True)]  # fmt: skip
        model = BatchedMLP(specs, INPUTS, CLASSES, "cpu", torch.float64)
        assert bool(model.state1) == ("momentum" in mix)
        train_each_and_compare_with_torch_optim(model, specs, data)


def test_finite_rows_flags_exactly_the_models_with_a_nan_or_inf():
    specs = [trial(0.1, hidden=(8,), seed=k) for k in range(4)]
    model = BatchedMLP(specs, INPUTS, CLASSES, "cpu")
    with torch.no_grad():
        model.weights[0][0].fill_(3e38)  # huge but finite: a float32 sum would overflow
        model.weights[1][1, 2, 3] = float("nan")
        model.biases[0][2, 0, 1] = float("-inf")
        model.weights[0][3, :2, 0] = torch.tensor([float("inf"), float("-inf")])  # sum: NaN
    assert model.finite_rows().tolist() == [True, False, False, False]


def test_minibatches_are_drawn_epoch_by_epoch_not_all_up_front():
    """A billion epochs cost nothing until they train: drawn up front, their indices would
    need hundreds of gigabytes before the first step."""
    specs = specs_for("sgd")
    run = train_batch(specs, toy_data(), 10**9, dtype=torch.float64)
    first = next(run)
    assert first.epoch == 1 and not first.done
    run.close()


def test_a_trials_dropout_masks_are_its_own_whatever_its_neighbours():
    """Each trial draws its masks from its own generator: alone, first or second in a stack,
    beside a trial with or without dropout, it follows the same curve (and so does the
    training lab's run of it, tests/app/test_trial_run.py)."""
    data = toy_data()
    a = trial(0.3, hidden=(16, 12), batch_size=10, seed=1, dropout=0.4)
    b = trial(0.3, hidden=(16, 12), batch_size=10, seed=2, dropout=0.2)
    c = trial(0.3, hidden=(16, 12), batch_size=10, seed=3)

    def curve(specs, row):  # per epoch: mean loss, validation accuracy
        return np.array([(u.train_loss[row], u.val_acc[row])
                         for u in train_batch(specs, data, EPOCHS, dtype=torch.float64)])

    alone = curve([a], 0)
    for beside in (curve([b, a], 1), curve([a, c], 0)):
        np.testing.assert_allclose(beside, alone, rtol=1e-12)  # float64 rounding, no more
    np.testing.assert_allclose(curve([c, b], 1), curve([b], 0), rtol=1e-12)
