"""Two histograms side by side: each as a density on its own bins, and their difference.

Why densities on the merged edges: two runs' bins differ (each run's axis is fixed from its
own first measurement), and re-binning one onto the other would smear it. A histogram with
edges e and counts c is the step function c_i / (N · (e_{i+1} − e_i)) (N: every finite value,
under- and overflow included, so the area inside the bins is the share of values there). The
difference of two step functions is itself a step function on the union of both sets of edges:
exact, with no bin invented or merged.
"""

from __future__ import annotations

import numpy as np


def density(edges: np.ndarray, counts: np.ndarray, total: float | None = None) -> np.ndarray:
    """Per bin, counts / (total · width); ``total`` defaults to the counts' sum."""
    total = float(counts.sum()) if total is None else float(total)
    widths = np.diff(np.asarray(edges, dtype=np.float64))
    if total <= 0:
        return np.zeros(len(widths))
    return np.asarray(counts, dtype=np.float64) / (total * widths)


def step_at(edges: np.ndarray, values: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The step function (``values`` on ``[edges[i], edges[i+1])``, 0 outside) at ``x``."""
    index = np.searchsorted(edges, x, side="right") - 1
    inside = (index >= 0) & (index < len(values))
    return np.where(inside, values[np.clip(index, 0, len(values) - 1)], 0.0)


def difference(
    edges_a: np.ndarray, dens_a: np.ndarray, edges_b: np.ndarray, dens_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(merged edges, a − b on each merged interval)."""
    edges = np.union1d(np.asarray(edges_a, float), np.asarray(edges_b, float))
    mids = (edges[:-1] + edges[1:]) / 2
    return edges, step_at(edges_a, dens_a, mids) - step_at(edges_b, dens_b, mids)
