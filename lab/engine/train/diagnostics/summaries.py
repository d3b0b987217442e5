"""A measurement's tensors summarised: per tensor (count, mean, std, min, max) over its finite
values and its counts on its axis' grid, with the per-layer extras, as host arrays.

Why two backends of one arithmetic: on the CPU a compiled pass per tensor
(:mod:`.grid_kernel`) does in ~1 ms what ~20 torch passes did in ~6 ms; on a GPU the values
stay on the device and torch computes the same figures and cells there, copied to the host in
one transfer per measurement (no per-tensor ``.item()``, so one synchronisation). Both put every
value in the cell :meth:`~lab.engine.train.diagnostics.bins.BinAxis.grid_indices` defines; a
test runs both on the same tensors.

``axes`` is one :class:`~lab.engine.train.diagnostics.bins.BinAxis` (or None where the kind is
absent) per tensor; before the first measurement it is None and ``fix_axes`` is called with
each tensor's finite (min, max) to choose them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lab.engine.train.diagnostics.record import STATS


@dataclass(frozen=True)
class Summary:
    figures: np.ndarray  # (tensors, STATS); NaN rows where a tensor is absent
    extra: np.ndarray  # the per-layer extras, as given
    grid: np.ndarray  # int64: every present tensor's grid counts, one after another
    sizes: list[int]  # each tensor's grid size (0 where absent)


def summarize(tensors, extra, axes, fix_axes, on_host: bool | None = None) -> Summary:
    """Summarise ``tensors`` (a flat list, None where absent) and copy ``extra`` (a device
    vector) to the host; ``on_host`` chooses the backend (default: the compiled one for CPU
    tensors)."""
    present = next((t for t in tensors if t is not None), None)
    if on_host is None:
        on_host = present is None or present.device.type == "cpu"
    return (_on_host if on_host else _on_device)(tensors, extra, axes, fix_axes)


def _grid_sizes(axes) -> list[int]:
    return [0 if a is None else a.grid_size for a in axes]


# ---- the CPU: one compiled pass per tensor -------------------------------------------------
def _on_host(tensors, extra, axes, fix_axes) -> Summary:
    from lab.engine.train.diagnostics.grid_kernel import summarize_on_grid

    arrays = [None if t is None else t.detach().reshape(-1).cpu().numpy() for t in tensors]
    none = np.empty(0, dtype=np.int64)
    if axes is None:
        ranges = np.full((len(arrays), 2), np.nan)
        for i, a in enumerate(arrays):
            if a is not None:
                ranges[i] = summarize_on_grid(a, 0.0, 1.0, 0, none, False)[3:5]
        axes = fix_axes(ranges)
    sizes = _grid_sizes(axes)
    grid = np.zeros(sum(sizes), dtype=np.int64)
    figures = np.full((len(arrays), len(STATS)), np.nan)
    offset = 0
    for i, (a, axis) in enumerate(zip(arrays, axes, strict=True)):
        if a is None:
            continue
        cells = grid[offset: offset + sizes[i]]
        figures[i] = summarize_on_grid(a, axis.origin, axis.width, axis.first - axis.margin,
                                       cells, True)  # fmt: skip
        offset += sizes[i]
    return Summary(figures, extra.detach().cpu().numpy().astype(np.float64), grid, sizes)


# ---- a GPU: torch on the device, one transfer ------------------------------------------------
def _on_device(tensors, extra, axes, fix_axes) -> Summary:
    import torch

    with torch.no_grad():
        device = extra.device
        flat = [_finite64(t) for t in tensors]
        figures = torch.stack([_figures(f, device) for f in flat])
        if axes is None:  # the first measurement: one small transfer, once per run
            axes = fix_axes(figures[:, 3:5].cpu().numpy())
        sizes = _grid_sizes(axes)
        cells, offset = [], 0
        for f, axis, size in zip(flat, axes, sizes, strict=True):
            if f is not None:
                cells.append(axis.grid_indices(f[0], f[1]) + offset)
                offset += size
        cells = torch.cat(cells) if cells else torch.zeros(0, dtype=torch.long, device=device)
        # every cell is already in [0, offset): index_add_ (bincount reads its input's min and
        # max back to the host on a GPU, two synchronisations more)
        counts = torch.zeros(offset, dtype=torch.long, device=device).index_add_(
            0, cells, torch.ones_like(cells))
        vector = torch.cat([figures.reshape(-1), extra.double(), counts.double()])
        host = vector.cpu().numpy()  # the one transfer
    n_figures = figures.numel()
    return Summary(host[:n_figures].reshape(len(tensors), len(STATS)),
                   host[n_figures: n_figures + extra.numel()],
                   host[n_figures + extra.numel():].astype(np.int64), sizes)  # fmt: skip


def _finite64(t):
    """(values as float64 with non-finite ones set to 0, finite mask or None, all finite)."""
    import torch

    if t is None:
        return None
    v = t.reshape(-1).double()
    if t.is_cuda:  # no look at the values on the host: mask them, whatever they hold
        finite = torch.isfinite(v)
        return torch.where(finite, v, 0.0), finite, False
    if bool(torch.isfinite(v.sum())):  # on the CPU a finite sum proves every value finite
        return v, None, True
    finite = torch.isfinite(v)
    return torch.where(finite, v, 0.0), finite, False


def _figures(flat, device):
    """count, mean, std (population), min, max over the finite values (on the device)."""
    import torch

    if flat is None:
        return torch.full((len(STATS),), float("nan"), dtype=torch.float64, device=device)
    v, finite, all_finite = flat
    if all_finite:
        std, mean = torch.std_mean(v, correction=0)
        low, high = torch.aminmax(v)
        return torch.stack([torch.tensor(float(v.numel()), dtype=torch.float64,
                                         device=device), mean, std, low, high])
    count = finite.sum().double()
    mean = v.sum() / count  # v is 0 where not finite
    var = (torch.where(finite, v - mean, 0.0) ** 2).sum() / count
    low = torch.where(finite, v, float("inf")).amin()
    high = torch.where(finite, v, float("-inf")).amax()
    return torch.stack([count, mean, var.sqrt(), low, high])
