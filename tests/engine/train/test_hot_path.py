"""The hot path's parts against plain torch: gradients kept in one buffer give the gradients,
the norm and the steps that ``zero_grad(set_to_none=True)`` and a concatenated norm give, and
a gradient put in by anyone else is never added to."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from lab.engine.train.hot_path import (
    FlatGradients,
    SGDStep,
    all_finite,
    gradient_norm,
    l2_penalty,
)


def net_and_batches(seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    model = nn.Sequential(nn.Linear(5, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 3))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=g))
    batches = [(torch.randn(8, 5, generator=g), torch.randint(0, 3, (8,), generator=g))
               for _ in range(4)]  # fmt: skip
    return model, batches


def concatenated_norm(params) -> float:
    return float(torch.linalg.vector_norm(torch.cat([p.grad.reshape(-1) for p in params])))


def test_one_buffer_gives_the_steps_of_set_to_none():
    ours, batches = net_and_batches()
    reference, _ = net_and_batches()
    grads = FlatGradients(ours.parameters())
    opt_ours = torch.optim.SGD(ours.parameters(), lr=0.1, momentum=0.9, weight_decay=0.01)
    opt_ref = torch.optim.SGD(reference.parameters(), lr=0.1, momentum=0.9, weight_decay=0.01)
    for x, y in batches:
        grads.zero()
        F.cross_entropy(ours(x), y).backward()
        norm = float(grads.norm())
        opt_ref.zero_grad(set_to_none=True)
        F.cross_entropy(reference(x), y).backward()
        assert norm == pytest.approx(concatenated_norm(reference.parameters()), rel=1e-6)
        for p, q in zip(ours.parameters(), reference.parameters(), strict=True):
            assert torch.equal(p.grad, q.grad)
        opt_ours.step()
        opt_ref.step()
    for p, q in zip(ours.parameters(), reference.parameters(), strict=True):
        assert torch.equal(p, q)
    # from the second iteration on, every gradient was a view of the one buffer
    flat = grads._flat
    assert flat is not None and flat.numel() == sum(p.numel() for p in ours.parameters())
    assert all(p.grad.untyped_storage().data_ptr() == flat.untyped_storage().data_ptr()
               for p in ours.parameters())  # fmt: skip


def test_a_gradient_put_in_by_someone_else_is_never_added_to():
    model, batches = net_and_batches()
    params = list(model.parameters())
    grads = FlatGradients(params)
    for x, y in batches[:2]:
        grads.zero()
        F.cross_entropy(model(x), y).backward()
        grads.norm()
    params[0].grad = torch.full_like(params[0], 1e3)  # e.g. code that set its own gradient
    x, y = batches[2]
    grads.zero()
    F.cross_entropy(model(x), y).backward()
    ours = [p.grad.clone() for p in params]
    norm = float(grads.norm())
    model.zero_grad(set_to_none=True)
    F.cross_entropy(model(x), y).backward()
    for mine, p in zip(ours, params, strict=True):
        assert torch.equal(mine, p.grad)
    assert norm == pytest.approx(concatenated_norm(params), rel=1e-6)


def test_a_parameter_the_loss_does_not_reach_keeps_no_gradient():
    """With a gradient at None the buffer is not used: an optimizer skips that parameter
    (zeros would let weight decay or momentum move it)."""
    model, batches = net_and_batches()
    unused = nn.Parameter(torch.ones(3))
    grads = FlatGradients([*model.parameters(), unused])
    for x, y in batches:
        grads.zero()
        F.cross_entropy(model(x), y).backward()
        assert float(grads.norm()) == pytest.approx(concatenated_norm(model.parameters()),
                                                    rel=1e-6)  # fmt: skip
        assert unused.grad is None and grads._flat is None


def test_norms_and_finiteness():
    tensors = [torch.tensor([3.0, 0.0]), torch.tensor([[4.0]])]
    assert float(gradient_norm(tensors)) == pytest.approx(5.0)
    assert all_finite(tensors)
    assert not all_finite([*tensors, torch.tensor([1.0, float("nan")])])
    assert not all_finite([torch.tensor([float("-inf")])])


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_the_l2_term_by_hand_is_autograds_to_the_bit(dtype):
    """0.5·λ·ΣW² added to the loss and differentiated by autograd, against its value and λ·W
    added to the data gradient by l2_penalty: the same loss and the same gradients."""
    model, batches = net_and_batches()
    model = model.to(dtype)
    weights = [model[0].weight, model[3].weight]
    x, y = batches[0]
    lam = 0.37
    model.zero_grad(set_to_none=True)
    data_loss = F.cross_entropy(model(x.to(dtype)), y)
    (data_loss + 0.5 * lam * sum((w * w).sum() for w in weights)).backward()
    expected = [p.grad.clone() for p in model.parameters()]
    expected_loss = data_loss.detach() + 0.5 * lam * sum((w * w).sum() for w in weights)
    model.zero_grad(set_to_none=True)
    data_loss = F.cross_entropy(model(x.to(dtype)), y)
    data_loss.backward()
    data_only = weights[0].grad.clone()
    loss = data_loss.detach() + l2_penalty(weights, lam)
    assert torch.equal(loss, expected_loss)
    for p, want in zip(model.parameters(), expected, strict=True):
        assert torch.equal(p.grad, want)
    assert not torch.equal(data_only, weights[0].grad)  # the term did change the gradient


SGD_CASES = {"plain": {}, "momentum": {"momentum": 0.9},
             "dampened": {"momentum": 0.8, "dampening": 0.3}}  # fmt: skip


@pytest.mark.parametrize("foreach", [False, True])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("case", list(SGD_CASES))
def test_the_lean_sgd_step_is_torchs_to_the_bit(case, dtype, foreach):
    """Against torch.optim.SGD's own step (either of its loops), the learning rate changed
    between steps as the training loop changes it; the momentum buffers are torch's state."""
    ours, batches = net_and_batches()
    reference, _ = net_and_batches()
    ours, reference = ours.to(dtype), reference.to(dtype)
    kwargs = {"lr": 0.1, **SGD_CASES[case]}
    opt_ours = torch.optim.SGD(ours.parameters(), foreach=True, **kwargs)
    opt_ref = torch.optim.SGD(reference.parameters(), foreach=foreach, **kwargs)
    step = SGDStep(opt_ours)
    assert step.lean()
    taken = []  # torch's own step, counted: the lean one must really stand in for it
    torch_step = opt_ours.step
    opt_ours.step = lambda: (taken.append(1), torch_step())
    for k, (x, y) in enumerate(batches * 2):
        if k == 4:  # a saved state loaded mid-way: new buffers, which the next step must use
            for opt in (opt_ours, opt_ref):
                opt.load_state_dict(opt.state_dict())
        for opt in (opt_ours, opt_ref):
            opt.param_groups[0]["lr"] = 0.1 / (1 + k)
            opt.zero_grad(set_to_none=True)
        F.cross_entropy(ours(x.to(dtype)), y).backward()
        F.cross_entropy(reference(x.to(dtype)), y).backward()
        step()
        opt_ref.step()
        for p, q in zip(ours.parameters(), reference.parameters(), strict=True):
            assert torch.equal(p, q), k
    # momentum: torch makes the buffers on the first step, the lean step takes every other
    assert len(taken) == (1 if SGD_CASES[case] else 0)
    mine, theirs = opt_ours.state_dict()["state"], opt_ref.state_dict()["state"]
    assert mine.keys() == theirs.keys()
    for key in mine:
        assert all(torch.equal(mine[key][n], theirs[key][n]) for n in theirs[key])


def test_other_optimizers_settings_and_hooks_take_torchs_own_step():
    model, _ = net_and_batches()
    for opt in (torch.optim.Adam(model.parameters()),
                torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=0.01),
                torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)):
        assert not SGDStep(opt).lean()
    plain = torch.optim.SGD(model.parameters(), lr=0.1)
    step = SGDStep(plain)
    assert step.lean()
    plain.param_groups[0]["weight_decay"] = 0.01  # changed after the step was made
    assert not step.lean()
    plain.param_groups[0]["weight_decay"] = 0.0
    handle = plain.register_step_post_hook(lambda *_: None)
    assert not step.lean()
    handle.remove()
    assert step.lean()
