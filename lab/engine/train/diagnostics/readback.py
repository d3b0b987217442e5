"""A run folder's diagnostics read back: ``diagnostics.csv`` and ``histograms.npz`` (the
formats in :mod:`.files`) as the record the run kept, so a reopened run shows what it measured.

Why rebuild a :class:`DiagnosticsRecord`: the window draws a finished run, a run still
training and a run read from its folder through the same ``snapshot()``. Each (layer, kind)'s
axis comes back as the npz's edges (the union of the bins the kept measurements used), every
measurement's counts on it; the figures come from the CSV, and each histogram's finite-value
count from its own counts. Both files are read with a bound (lab.io), the npz without pickle;
anything that does not fit raises ValueError naming the file.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np

from lab.engine.train.diagnostics.config import KINDS
from lab.engine.train.diagnostics.files import CSV_HEADER, read_histograms
from lab.engine.train.diagnostics.record import STATS, DiagnosticsRecord, Histogram, Measurement
from lab.io.files import read_limited

MAX_CSV_BYTES = 500_000_000  # a diagnostics.csv larger than this is not ours
_PER_LAYER = {"dead_frac": ("activation", "dead_probe"),
              "dead_frac_trained": ("activation", "dead_trained"),
              "saturated_frac": ("activation", "saturated"),
              "update_ratio": ("weight", "update_ratio"),
              "grad_norm": ("weight_gradient", "grad_norm")}  # fmt: skip


def read_diagnostics(
    csv_path: str | Path, npz_path: str | Path, activation: str, stem: str = "run"
) -> DiagnosticsRecord:
    """The record kept in ``csv_path`` and ``npz_path`` (run ``stem`` of the npz)."""
    arrays = read_histograms(npz_path)
    name = Path(npz_path).name
    iterations = _array(arrays, f"{stem}/iterations", name).astype(np.int64).reshape(-1)
    if len(iterations) and np.any(np.diff(iterations) <= 0):
        raise ValueError(f"{name}: iterations are not increasing")
    layers = sorted({int(key.split("/")[1][5:]) for key in arrays
                     if key.startswith(f"{stem}/layer") and key.count("/") == 3})  # fmt: skip
    if not layers or layers != list(range(1, len(layers) + 1)):
        raise ValueError(f"{name}: layers are not numbered 1, 2, …")
    n, m = len(layers), len(iterations)
    figures = _read_csv(csv_path, set(iterations.tolist()), n)
    shape = (n, len(KINDS))
    origin, width = np.zeros(shape), np.ones(shape)
    hists: dict[tuple[int, int], tuple] = {}
    for layer in range(n):
        for k, kind in enumerate(KINDS):
            key = f"{stem}/layer{layer + 1}/{kind}"
            if f"{key}/edges" not in arrays:
                continue
            edges = _array(arrays, f"{key}/edges", name).astype(np.float64)
            counts = _array(arrays, f"{key}/counts", name).astype(np.int64)
            tails = [_array(arrays, f"{key}/{f}", name).astype(np.int64).reshape(-1)
                     for f in ("under", "over", "nonfinite")]  # fmt: skip
            if (
                edges.ndim != 1
                or len(edges) < 2
                or counts.shape != (m, len(edges) - 1)
                or any(len(t) != m for t in tails)
                or not np.all(np.isfinite(edges))
            ):
                raise ValueError(f"{name}: {key} does not fit its edges and iterations")
            origin[layer, k] = edges[0]
            width[layer, k] = (edges[-1] - edges[0]) / (len(edges) - 1)
            hists[layer, k] = (counts, *tails)
    record = DiagnosticsRecord(tuple(str(i) for i in layers), activation, 2**62)
    record.set_axes(origin, width)
    for index, iteration in enumerate(iterations.tolist()):
        record.add(_measurement(index, iteration, figures.get(iteration, {}), hists, n))
    return record


def _array(arrays: dict, key: str, name: str) -> np.ndarray:
    if key not in arrays:
        raise ValueError(f"{name} has no {key}")
    return arrays[key]


def _number(text: str) -> float:
    return math.nan if text == "" else float(text)


def _read_csv(path, iterations: set[int], layers: int) -> dict:
    """{iteration: {(layer index, kind): row}} of the measurements the npz kept."""
    text = read_limited(path, MAX_CSV_BYTES).decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    name = Path(path).name
    if tuple(next(reader, ())) != CSV_HEADER:
        raise ValueError(f"{name} does not start with {','.join(CSV_HEADER)}")
    figures: dict[int, dict] = {}
    for line, row in enumerate(reader, start=2):
        if len(row) != len(CSV_HEADER):
            raise ValueError(f"{name} line {line} has {len(row)} fields")
        fields = dict(zip(CSV_HEADER, row, strict=True))
        it, layer, kind = int(fields["iteration"]), int(fields["layer"]) - 1, fields["kind"]
        if kind not in KINDS or not 0 <= layer < layers:
            raise ValueError(f"{name} line {line}: no layer {layer + 1} or kind {kind!r}")
        if it in iterations:
            figures.setdefault(it, {})[layer, kind] = {
                key: _number(value)
                for key, value in fields.items()
                if key not in ("run", "iteration", "layer", "kind")
            }
    return figures


def _measurement(index: int, iteration: int, rows: dict, hists: dict, n: int) -> Measurement:
    stats = np.full((n, len(KINDS), len(STATS)), np.nan)
    per_layer = {field: np.full(n, np.nan) for _, field in _PER_LAYER.values()}
    histograms = []
    for layer in range(n):
        row = []
        for k, kind in enumerate(KINDS):
            counts = hists.get((layer, k))
            if counts is None:
                row.append(None)
                continue
            bins, under, over, nonfinite = counts
            hist = Histogram(0, bins[index].copy(), int(under[index]), int(over[index]),
                             int(nonfinite[index]))  # fmt: skip
            row.append(hist)
            stats[layer, k, 0] = hist.counts.sum() + hist.under + hist.over
            figures = rows.get((layer, kind), {})
            for s, stat in enumerate(STATS[1:], start=1):
                stats[layer, k, s] = figures.get(stat, math.nan)
        histograms.append(tuple(row))
        for column, (kind, field) in _PER_LAYER.items():
            per_layer[field][layer] = rows.get((layer, kind), {}).get(column, math.nan)
    return Measurement(index, iteration, stats, per_layer["dead_probe"],
                       per_layer["dead_trained"], per_layer["saturated"],
                       per_layer["update_ratio"], per_layer["grad_norm"], tuple(histograms),
                       math.nan)  # fmt: skip
