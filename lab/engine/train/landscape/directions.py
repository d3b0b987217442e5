"""Directions through weight space: the axes of a landscape plane or line.

- Random (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets", §4): a Gaussian
  direction with each *filter* rescaled to the norm of the same filter of the weights,
  d_i ← d_i/‖d_i‖ · ‖θ_i‖ (a filter: one row of a Linear weight, one output channel of a
  convolution), so a step of 1 moves every filter by its own size whatever the layer's scale.
  Biases and batch-norm parameters are left out of the normalisation and set to zero, as the
  reference code's default (``ignore='biasbn'``) does.
- PCA (Li et al. §7): the first two principal directions of a run's snapshots θ_k − c (c the
  plane's centre, e.g. the final weights) with their explained variance; for several runs from
  the same initial weights, one PCA of all their snapshots together, so their paths share one
  plane and can be compared (a PCA plane per run cannot be).
- Lines (Goodfellow et al. 2015): θ(t) = a + t·(b − a), from the initial to the final weights or
  between two runs' final weights; or along the top Hessian eigenvector.

All vectors are float64 on the CPU, in the layout of :mod:`.vectors`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lab.engine.train.landscape.vectors import Layout


class DirectionError(ValueError):
    """Snapshots that cannot give a plane (too few, different initial weights, ...)."""


@dataclass(frozen=True, eq=False)
class Plane:
    """A centre and orthogonal axes in weight space; ``explained``: each PCA axis's share of
    the variance (empty for random directions and lines)."""

    center: object  # (P,) float64 tensor
    axes: object  # (k, P) float64 tensor, k = 1 (line) or 2 (plane)
    kind: str
    explained: tuple[float, ...] = ()


def filter_normalize(direction, weights, layout: Layout):
    """Li et al.'s normalisation: each filter of ``direction`` takes the norm of the same
    filter of ``weights``; 1-D parameters (biases, batch norm) become zero."""
    import torch

    out = torch.zeros_like(direction)
    for s in layout.slots:
        if not s.is_filter:
            continue
        d = direction[s.start: s.stop].reshape(s.shape[0], -1)
        w = weights[s.start: s.stop].reshape(s.shape[0], -1)
        scale = w.norm(dim=1, keepdim=True) / d.norm(dim=1, keepdim=True).clamp_min(1e-30)
        out[s.start: s.stop] = (d * scale).reshape(-1)
    return out


def random_plane(weights, layout: Layout, seed: int = 0, count: int = 2) -> Plane:
    """``count`` filter-normalised Gaussian directions centred on ``weights``."""
    import torch

    generator = torch.Generator().manual_seed(int(seed))
    axes = torch.stack([filter_normalize(torch.randn(layout.size, generator=generator,
                                                     dtype=torch.float64), weights, layout)
                        for _ in range(count)])  # fmt: skip
    return Plane(weights, axes, "random")


def pca_plane(paths: list, center) -> Plane:
    """The first two principal directions of every snapshot in ``paths`` (a list of (T, P)
    tensors, one per run) taken relative to ``center``; several runs must start from the
    same weights, or their paths would not share a meaningful plane."""
    import torch

    if not paths:
        raise DirectionError("no snapshots to take a PCA of")
    first = paths[0][0]
    for k, path in enumerate(paths[1:], start=2):
        if not torch.allclose(path[0], first, rtol=1e-6, atol=1e-9):
            raise DirectionError(f"run {k} does not start from the same initial weights as the "
                                 "first, so their paths cannot share one PCA plane; train them "
                                 "with the same seed and model")
    rows = torch.cat([p for p in paths]) - center
    if rows.shape[0] < 3:
        raise DirectionError(f"a PCA plane needs at least 3 snapshots (have {rows.shape[0]}); "
                             "train with --snapshots every=K for a smaller K")
    centered = rows - rows.mean(dim=0)
    # thin SVD of the (T, P) matrix: T is small (snapshots), P the parameter count
    _, sing, vt = torch.linalg.svd(centered, full_matrices=False)
    variance = sing**2
    total = float(variance.sum())
    if total <= 0 or sing.numel() < 2 or float(sing[1]) <= 1e-12 * float(sing[0]):
        raise DirectionError("the snapshots lie on a line or a point: no second direction")
    axes = _orient(vt[:2].clone(), rows)
    return Plane(center, axes, "pca", tuple(float(v / total) for v in variance[:2]))


def _orient(axes, rows):
    """Flip each axis so the path's first snapshot has a negative coordinate (the path then
    runs left to right, bottom to top, in every view of the same runs)."""
    signs = np.sign((rows[0] @ axes.T).numpy())
    signs[signs == 0] = 1
    return axes * -_as_tensor(signs)[:, None]


def _as_tensor(array):
    import torch

    return torch.as_tensor(array, dtype=torch.float64)


def project(points, plane: Plane):
    """Coordinates of ``points`` ((T, P)) in the plane's axes: (T, k), the least-squares
    solution (axes need not be unit: a line's is b − a). For a point of the plane,
    center + coords·axes gives it back."""
    import torch

    gram = plane.axes @ plane.axes.T
    return torch.linalg.solve(gram, plane.axes @ (points - plane.center).T).T


def line(start, end) -> Plane:
    """θ(t) = start + t·(end − start): t = 0 at ``start``, 1 at ``end`` (Goodfellow et al.)."""
    return Plane(start, (end - start)[None, :], "line")


def eigen_line(weights, eigenvector) -> Plane:
    """θ(t) = weights + t·v along a unit Hessian eigenvector ``v``."""
    v = eigenvector / eigenvector.norm()
    return Plane(weights, v[None, :], "hessian")


def path_extent(coords, margin: float = 0.25,
                floor: float = 1e-3) -> tuple[tuple[float, float], ...]:
    """Per axis, a range that holds every projected point with ``margin`` of the span
    around it (and the centre, at 0)."""
    c = np.asarray(coords, dtype=np.float64)
    ranges = []
    for axis in range(c.shape[1]):
        low, high = min(0.0, float(c[:, axis].min())), max(0.0, float(c[:, axis].max()))
        pad = max((high - low) * margin, floor)
        ranges.append((low - pad, high + pad))
    return tuple(ranges)
