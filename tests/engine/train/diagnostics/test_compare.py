"""Two runs' histograms compared: densities on their own bins, the difference exact on the
merged edges (checked against sampling both step functions densely)."""

import numpy as np

from lab.engine.train.diagnostics.compare import density, difference, step_at


def test_a_density_integrates_to_the_share_inside_the_bins():
    edges, counts = np.array([0.0, 0.5, 1.5, 2.0]), np.array([2, 6, 2])
    dens = density(edges, counts, total=20)
    assert np.isclose((dens * np.diff(edges)).sum(), 0.5)
    assert density(edges, np.zeros(3, dtype=int)).tolist() == [0.0, 0.0, 0.0]


def test_the_difference_is_exact_on_the_merged_edges():
    rng = np.random.default_rng(0)
    edges_a = np.linspace(-1.0, 1.0, 9)
    edges_b = np.linspace(-0.7, 1.6, 6)
    dens_a, dens_b = rng.random(8), rng.random(5)
    edges, diff = difference(edges_a, dens_a, edges_b, dens_b)
    assert set(edges_a) | set(edges_b) == set(edges)
    x = np.linspace(-1.5, 2.0, 10_001)
    x = x[~np.isin(x, edges)]  # away from the edges, where a step function is unambiguous
    expected = step_at(edges_a, dens_a, x) - step_at(edges_b, dens_b, x)
    assert np.allclose(step_at(edges, diff, x), expected)
