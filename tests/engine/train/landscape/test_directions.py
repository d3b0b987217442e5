"""Directions of a landscape: Li et al.'s filter normalisation, PCA of snapshots, projection."""

import pytest
import torch

from lab.engine.train.landscape.directions import (
    DirectionError,
    filter_normalize,
    line,
    pca_plane,
    project,
    random_plane,
)
from lab.engine.train.landscape.vectors import layout_of
from lab.engine.train.models import ModelConfig, build_model


def _mlp(hidden=(7, 5), batchnorm=False, seed=0):
    config = ModelConfig(hidden=hidden, inputs=12, classes=3, image_side=3, batchnorm=batchnorm)
    return build_model(config, torch.Generator().manual_seed(seed))


def test_layout_round_trips_a_state_dict():
    model = _mlp(batchnorm=True)
    layout = layout_of(model)
    vector = layout.flatten(model.state_dict())
    assert vector.shape == (sum(p.numel() for p in model.parameters()),)
    back = layout.unflatten(vector, dtype=torch.float32)
    for name, p in model.named_parameters():
        assert torch.equal(back[name], p.detach())


def test_filter_normalisation_gives_each_filter_the_weights_filter_norm():
    model = _mlp(batchnorm=True)
    layout = layout_of(model)
    weights = layout.flatten(dict(model.named_parameters()))
    plane = random_plane(weights, layout, seed=3)
    for axis in plane.axes:
        parts = layout.unflatten(axis)
        theta = layout.unflatten(weights)
        for slot in layout.slots:
            if slot.is_filter:  # every row (a Linear's filter) has the weights' row norm
                d_rows = parts[slot.name].reshape(slot.shape[0], -1).norm(dim=1)
                w_rows = theta[slot.name].reshape(slot.shape[0], -1).norm(dim=1)
                torch.testing.assert_close(d_rows, w_rows)
            else:  # biases and batch-norm parameters: left out (zero), as Li et al.'s code
                assert torch.count_nonzero(parts[slot.name]) == 0
    assert not torch.allclose(plane.axes[0], plane.axes[1])


def test_filter_normalize_rescales_rows_not_the_whole_matrix():
    model = torch.nn.Linear(3, 2, bias=False)
    layout = layout_of(model)
    weights = torch.tensor([3.0, 4.0, 0.0, 0.0, 0.0, 2.0], dtype=torch.float64)
    direction = torch.tensor([1.0, 0.0, 0.0, 0.0, 1.0, 1.0], dtype=torch.float64)
    out = filter_normalize(direction, weights, layout)
    expected = torch.tensor([5.0, 0, 0, 0, 2 / 2**0.5, 2 / 2**0.5], dtype=torch.float64)
    torch.testing.assert_close(out, expected)


def _paths(runs=2, steps=8, size=40, seed=0):
    g = torch.Generator().manual_seed(seed)
    start = torch.randn(size, generator=g, dtype=torch.float64)
    return [start + torch.cumsum(torch.randn(steps, size, generator=g, dtype=torch.float64)
                                 * torch.linspace(1, 0.1, size, dtype=torch.float64), 0)
            * torch.cat([torch.zeros(1), torch.ones(steps - 1)]).double()[:, None]
            for _ in range(runs)]


def test_pca_directions_are_orthonormal_with_explained_variance():
    paths = _paths()
    plane = pca_plane(paths, center=paths[0][-1])
    gram = plane.axes @ plane.axes.T
    torch.testing.assert_close(gram, torch.eye(2, dtype=torch.float64))
    assert 1 >= plane.explained[0] >= plane.explained[1] > 0
    assert sum(plane.explained) <= 1 + 1e-12


def test_projected_snapshots_reproduce_their_coordinates():
    # snapshots that lie in a plane through the centre: their projections rebuild them exactly
    g = torch.Generator().manual_seed(1)
    center = torch.randn(30, generator=g, dtype=torch.float64)
    basis = torch.linalg.qr(torch.randn(30, 2, generator=g, dtype=torch.float64))[0].T
    coords = torch.randn(12, 2, generator=g, dtype=torch.float64) * torch.tensor([3.0, 0.5])
    coords[0] = torch.tensor([-2.0, 1.0])
    snapshots = center + coords @ basis
    plane = pca_plane([snapshots], center)
    projected = project(snapshots, plane)
    torch.testing.assert_close(plane.center + projected @ plane.axes, snapshots)
    # and the plane is the snapshots' own: the coordinates are theirs up to a rotation
    torch.testing.assert_close(torch.cdist(projected, projected), torch.cdist(coords, coords))
    assert projected[0, 0] < 0  # oriented: the path starts on the left


def test_one_shared_plane_needs_one_initialisation():
    paths = _paths(runs=3)
    plane = pca_plane(paths, center=paths[1][-1])  # all from the same start: fine
    assert plane.axes.shape == (2, paths[0].shape[1])
    other = paths[2].clone()
    other[0] += 1.0
    with pytest.raises(DirectionError, match="same initial weights"):
        pca_plane([paths[0], other], center=paths[0][-1])
    with pytest.raises(DirectionError, match="at least 3"):
        pca_plane([paths[0][:2]], center=paths[0][-1])


def test_a_line_runs_from_start_to_end():
    a, b = torch.zeros(5, dtype=torch.float64), torch.arange(5.0, dtype=torch.float64)
    plane = line(a, b)
    torch.testing.assert_close(plane.center + 1.0 * plane.axes[0], b)
    points = torch.stack([a, b, a + 0.25 * (b - a)])
    torch.testing.assert_close(project(points, plane),
                               torch.tensor([[0.0], [1.0], [0.25]], dtype=torch.float64))
