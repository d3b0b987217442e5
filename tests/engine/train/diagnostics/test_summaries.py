"""The two backends of a measurement's summaries put every value in the same cell.

The compiled CPU pass and the torch device pass (what a GPU run uses; here forced on the CPU)
must agree exactly on the counts and to rounding on the statistics, on the values that make the
arithmetic hard: values on bin edges, far outside the grid, non-finite, a tensor with no finite
value, an absent kind. Both are also held to numpy's own histogram over the same edges.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lab.engine.train.diagnostics.bins import BinAxis
from lab.engine.train.diagnostics.summaries import summarize


def hard_tensors(dtype):
    g = torch.Generator().manual_seed(5)
    axis = BinAxis.around(-1.0, 1.0, 16, 0.5, 64)
    edges = torch.tensor(axis.edges(), dtype=torch.float64)
    on_edges = edges[::3].to(dtype)  # values exactly on (or rounded next to) edges
    far = torch.tensor([1e6, -1e6, 3.5, -3.5, 1e-40], dtype=dtype)
    odd = torch.tensor([float("nan"), float("inf"), -float("inf"), 0.25], dtype=dtype)
    return [torch.randn(500, generator=g, dtype=dtype) * 0.7,  # the sums' order differs a little
            torch.cat([on_edges, far, odd]),
            torch.full((7,), float("nan"), dtype=dtype),
            torch.tensor([1e30, -3e30, 2e38], dtype=dtype),  # far beyond any grid
            None,
            torch.randn(3, 4, generator=g, dtype=dtype)]


def fixed(ranges):
    """The axes both backends are given (chosen from the first tensor's range)."""
    return [None if np.isnan(low) and np.isnan(high) else BinAxis.around(-1.0, 1.0, 16, 0.5, 64)
            for low, high in ranges]  # fmt: skip


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_the_compiled_and_the_torch_backends_agree(dtype):
    tensors = hard_tensors(dtype)
    extra = torch.tensor([0.5, float("nan")], dtype=torch.float64)
    host = summarize(tensors, extra, None, fixed, on_host=True)
    device = summarize(tensors, extra, None, fixed, on_host=False)
    assert host.sizes == device.sizes and host.sizes[4] == 0
    np.testing.assert_array_equal(host.grid, device.grid)
    np.testing.assert_allclose(host.figures, device.figures, rtol=1e-12, atol=1e-9, equal_nan=True)
    np.testing.assert_array_equal(host.extra, [0.5, np.nan])
    assert np.isnan(host.figures[4]).all()  # the absent kind
    assert host.figures[2].tolist()[:1] == [0.0]  # no finite value: counted as none


def test_counts_match_numpy_over_the_same_edges():
    tensors = hard_tensors(torch.float32)
    axes = fixed(np.zeros((len(tensors), 2)))
    summary = summarize(tensors, torch.zeros(1, dtype=torch.float64), axes, None, on_host=True)
    offset = 0
    for i, (t, axis, size) in enumerate(zip(tensors, axes, summary.sizes, strict=True)):
        if t is None:
            continue
        grid = summary.grid[offset: offset + size]
        offset += size
        values = t.double().reshape(-1).numpy()
        finite = values[np.isfinite(values)]
        lowest = axis.first - axis.margin
        edges = axis.edges(lowest, lowest + size - 3)  # every bin the grid can reach
        inside = (finite >= edges[0]) & (finite < edges[-1])
        np.testing.assert_array_equal(grid[1:-2], np.histogram(finite[inside], edges)[0])
        assert grid[0] == (finite < edges[0]).sum() and grid[-2] == (finite >= edges[-1]).sum()
        assert grid[-1] == (~np.isfinite(values)).sum()
        want = [finite.mean(), finite.std()] if len(finite) else [np.nan, np.nan]
        np.testing.assert_allclose(summary.figures[i][1:3], want, rtol=1e-12, atol=1e-9)


def test_values_beside_the_edges_of_an_uneven_axis_fall_where_the_edges_say():
    """A width that is not a power of two, so the first guess of a bin can be one off: every
    edge and its float64 neighbours on both sides, cells as numpy's searchsorted gives them."""
    axis = BinAxis.around(-0.3, 0.7, 30, 0.1, 64)
    lowest = axis.first - axis.margin
    edges = axis.edges(lowest, lowest + axis.grid_size - 3)  # every bin the grid can reach
    values = np.concatenate([edges, np.nextafter(edges, -np.inf), np.nextafter(edges, np.inf)])
    want = np.bincount(np.searchsorted(edges, values, side="right"), minlength=axis.grid_size)
    for on_host in (True, False):
        got = summarize([torch.tensor(values)], torch.zeros(1, dtype=torch.float64), [axis],
                        None, on_host=on_host)  # fmt: skip
        np.testing.assert_array_equal(got.grid, want, err_msg=f"on_host={on_host}")


def test_ranges_at_the_ends_of_float64_give_a_usable_axis():
    """A range that overflows its span, and a subnormal one: the axis stays finite with a
    normal width, and every value is counted somewhere on both backends (the compiled pass
    once wrote outside its counts here)."""
    huge = torch.tensor([-1.7e308, 1.7e308, 0.0], dtype=torch.float64)
    tiny = torch.tensor([1e-320, 3e-320, 2e-320, 0.0], dtype=torch.float64)

    def axes_for(ranges):
        return [BinAxis.around(low, high, 16, 0.5, 64) for low, high in ranges]

    extra = torch.zeros(1, dtype=torch.float64)
    host = summarize([huge, tiny], extra, None, axes_for, on_host=True)
    device = summarize([huge, tiny], extra, None, axes_for, on_host=False)
    np.testing.assert_array_equal(host.grid, device.grid)
    assert host.grid[: host.sizes[0]].sum() == 3 and host.grid[host.sizes[0]:].sum() == 4
    for axis in axes_for(host.figures[:, 3:5]):
        assert np.isfinite([axis.origin, axis.width, 1 / axis.width]).all()
