"""A landscape's files: its grid as CSV, NPZ (grid, axes and paths) and plain JSON data.

Why in the engine: ``descent-lab landscape`` and the training lab's Landscape tab export the
same result in the same formats; one writer each, Qt-free.
"""

from __future__ import annotations

import math


def _number(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def to_json(result) -> dict:
    """Plain data: axes, grid (rows: betas, columns: alphas), paths, explained variance."""
    out = {"plane": result.kind, "runs": result.runs, "center": result.runs[0],
           "explained_variance": list(result.explained),
           "alphas": [float(a) for a in result.alphas],
           "loss": [_number(v) for v in result.loss.reshape(-1)],
           "accuracy": [_number(v) for v in result.accuracy.reshape(-1)]}
    if result.betas is not None:
        out["betas"] = [float(b) for b in result.betas]
        out["shape"] = list(result.loss.shape)
        out["paths"] = {name: {"iterations": [int(i) for i in iterations],
                               "coords": [[float(v) for v in row] for row in coords]}
                        for name, (iterations, coords) in result.paths.items()}  # fmt: skip
    if result.sharpness is not None:
        out["sharpness"] = result.sharpness
    return out


def write_npz(result, path):
    """``alphas``, ``betas`` (a plane), ``loss``, ``accuracy``, ``explained_variance`` and
    per run ``path_<i>_iterations``/``path_<i>_coords`` with ``runs`` naming them (plain
    arrays: ``np.load`` needs no pickle)."""
    import numpy as np

    from lab.io.files import atomic_write

    arrays = {"alphas": result.alphas, "loss": result.loss, "accuracy": result.accuracy,
              "explained_variance": np.array(result.explained, dtype=float),
              "runs": np.array(result.runs, dtype=str)}
    if result.betas is not None:
        arrays["betas"] = result.betas
    for i, (iterations, coords) in enumerate(result.paths.values()):
        arrays[f"path_{i}_iterations"], arrays[f"path_{i}_coords"] = iterations, coords

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)

    return atomic_write(path, write)


def grid_csv(result) -> str:
    """``alpha,beta,loss,accuracy`` per point (a line: ``t,loss,accuracy``)."""
    from lab.io.files import csv_text

    if result.betas is None:
        return csv_text(("t", "loss", "accuracy"),
                        ((repr(float(t)), repr(float(v)), repr(float(a)))
                         for t, v, a in zip(result.alphas, result.loss, result.accuracy,
                                            strict=True)))  # fmt: skip
    rows = []
    for i, beta in enumerate(result.betas):
        for j, alpha in enumerate(result.alphas):
            rows.append((repr(float(alpha)), repr(float(beta)), repr(float(result.loss[i, j])),
                         repr(float(result.accuracy[i, j]))))
    return csv_text(("alpha", "beta", "loss", "accuracy"), rows)
