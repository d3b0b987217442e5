"""Batched landscape evaluation against models built and evaluated one at a time."""

import copy

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lab.engine.train.landscape.directions import line, random_plane
from lab.engine.train.landscape.evaluate import (
    PlaneEvaluator,
    Regularization,
    naive_evaluate,
    plane_steps,
    progressive_order,
)
from lab.engine.train.landscape.vectors import layout_of
from lab.engine.train.models import ModelConfig, build_model, weight_parameters


def _model(seed=0, **changes):
    config = ModelConfig(**{"hidden": (9, 8), "inputs": 16, "classes": 4, "image_side": 4,
                            **changes})
    model = build_model(config, torch.Generator().manual_seed(seed))
    g = torch.Generator().manual_seed(100 + seed)
    with torch.no_grad():  # biases start at zero: give them values, so a plane moves them too
        for p in model.parameters():
            if p.ndim == 1:
                p.add_(0.3 * torch.randn(p.shape, generator=g))
    return model


def _data(n=50, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(n, 16, generator=g), torch.randint(4, (n,), generator=g)


def _vector(model):
    return layout_of(model).flatten(dict(model.named_parameters()))


def _own_loss(model, x, y, reg):
    """The run's loss, written out as the training loop does."""
    with torch.no_grad():
        model.eval()
        loss = F.cross_entropy(model(x), y)
        loss += 0.5 * reg.l2 * sum((w * w).sum() for w in weight_parameters(model))
        loss += reg.l1 * sum(w.abs().sum() for w in weight_parameters(model))
        return float(loss)


@pytest.mark.parametrize("changes", [{}, {"batchnorm": True}, {"activation": "tanh",
                                                                "dropout": 0.3}])
def test_the_origin_is_the_models_own_loss(changes):
    model, (x, y) = _model(**changes), _data()
    reg = Regularization(l2=0.05, l1=0.01)
    plane = random_plane(_vector(model), layout_of(model), seed=2)
    loss, acc = PlaneEvaluator(model, plane, x, y, reg).evaluate([[0.0, 0.0]])
    assert loss[0] == pytest.approx(_own_loss(model, x, y, reg), rel=1e-5)
    with torch.no_grad():
        assert acc[0] == pytest.approx(float((model(x).argmax(1) == y).double().mean()))


@pytest.mark.parametrize("changes", [{}, {"batchnorm": True}])
def test_a_line_equals_separately_built_interpolated_models(changes):
    a, b, (x, y) = _model(0, **changes), _model(1, **changes), _data()
    reg = Regularization(l2=0.1)
    plane = line(_vector(a), _vector(b))
    ts = np.linspace(-0.5, 1.5, 9)
    loss, acc = PlaneEvaluator(a, plane, x, y, reg).evaluate(ts[:, None])
    for t, value, accuracy in zip(ts, loss, acc, strict=True):
        mixed = copy.deepcopy(a)
        with torch.no_grad():
            for pm, pa, pb in zip(mixed.parameters(), a.parameters(), b.parameters(),
                                  strict=True):
                pm.copy_(pa + t * (pb - pa))
        assert value == pytest.approx(_own_loss(mixed, x, y, reg), rel=1e-5)
        with torch.no_grad():
            assert accuracy == pytest.approx(float((mixed(x).argmax(1) == y).double().mean()))


@pytest.mark.parametrize("l1", [0.003, 0.0])  # L2 alone takes its dot products' shortcut
@pytest.mark.parametrize("chunk_floats", [None, 70 * 9 * 3])  # one chunk; chunks of 3 points
def test_batched_plane_equals_one_forward_per_point(chunk_floats, l1, monkeypatch):
    if chunk_floats:
        monkeypatch.setattr("lab.engine.train.landscape.evaluate.CHUNK_FLOATS", chunk_floats)
    model, (x, y) = _model(), _data(n=70)
    plane = random_plane(_vector(model), layout_of(model), seed=5)
    grid = np.linspace(-1, 1, 5)
    coords = np.stack(np.meshgrid(grid, grid), -1).reshape(-1, 2)
    reg = Regularization(l2=0.02, l1=l1)
    evaluator = PlaneEvaluator(model, plane, x, y, reg)
    assert evaluator.layers is not None  # the shared-first-layer path is the one tested
    fast, fast_acc = evaluator.evaluate(coords)
    slow, slow_acc = naive_evaluate(model, plane, x, y, coords, reg)
    np.testing.assert_allclose(fast, slow, rtol=1e-5)
    np.testing.assert_allclose(fast_acc, slow_acc, atol=1e-6)
    assert np.ptp(fast) > 0.01  # the plane is not flat: the comparison means something


def test_progressive_passes_cover_every_cell_once_coarse_first():
    for n in (1, 2, 5, 25, 33):
        passes = progressive_order(n)
        cells = np.concatenate(passes)
        assert len(cells) == n * n == len({tuple(c) for c in cells})
        if n >= 9:
            assert len(passes[0]) < n * n / 4  # a coarse first look


def test_plane_steps_fill_the_grid_and_end_equal_to_one_pass():
    model, (x, y) = _model(), _data()
    plane = random_plane(_vector(model), layout_of(model), seed=1)
    evaluator = PlaneEvaluator(model, plane, x, y)
    alphas = np.linspace(-1, 1, 9)
    grids = list(plane_steps(evaluator, alphas, alphas))
    assert [g.measured for g in grids] == sorted(g.measured for g in grids)
    assert np.isnan(grids[0].loss).sum() > 0 and not np.isnan(grids[-1].loss).any()
    coords = np.stack(np.meshgrid(alphas, alphas), -1).reshape(-1, 2)
    whole, _ = evaluator.evaluate(coords)
    np.testing.assert_allclose(grids[-1].loss.reshape(-1), whole, rtol=1e-6)
