"""The diagnostics' files: ``diagnostics.csv`` (figures) and ``histograms.npz`` (counts with
their edges). Both are written by the CLI (``--diagnostics``) and into each run folder.

``diagnostics.csv``: one row per run, measurement, layer and kind, columns
``run,iteration,layer,kind,mean,std,min,max,dead_frac,saturated_frac,update_ratio,grad_norm,
dead_frac_trained``. ``kind`` is one of preactivation, activation, gradient (dL/d output of
the layer), weight, weight_gradient; mean/std/min/max are over that tensor's finite values on
the probe batch. Per-layer figures sit on one row each, empty elsewhere: ``dead_frac`` (units
<= 0 on the whole probe batch, ReLU), ``dead_frac_trained`` (units never active on the
minibatches trained since the previous measurement) and ``saturated_frac`` (sigmoid/tanh) on
the activation row; ``update_ratio`` on the weight row; ``grad_norm`` (||dL/dW|| on the
probe batch) on the weight_gradient row. Empty also where a figure does not apply (no update
before step 0, no activation after the output layer).

``histograms.npz`` (numpy's zip of arrays; read it with ``np.load(path)``, no pickle): for each
run (by its file stem ``S``) ``S/run`` (its name), ``S/iterations`` (m,), and for each layer
``L`` (1 = the first) and kind ``K``: ``S/layerL/K/edges`` (b+1,) the bin edges (fixed per run,
layer and kind; the union of the bins any kept measurement used), ``S/layerL/K/counts`` (m, b),
and ``S/layerL/K/under``, ``/over``, ``/nonfinite`` (m,): values beyond the bins the histogram
could grow to, and NaN/inf values.
"""

from __future__ import annotations

import io
import math
import zipfile

import numpy as np

from lab.engine.train.diagnostics.config import KINDS
from lab.engine.train.diagnostics.record import DiagnosticsSnapshot
from lab.io.files import atomic_write_bytes, csv_text, read_limited

CSV_HEADER = ("run", "iteration", "layer", "kind", "mean", "std", "min", "max", "dead_frac",
              "saturated_frac", "update_ratio", "grad_norm", "dead_frac_trained")
MAX_NPZ_BYTES = 2 * 1024**3  # histograms larger than this are not ours


def _cell(value: float) -> str:
    return "" if value is None or not math.isfinite(value) else repr(float(value))


def diagnostics_csv(runs: list[tuple[str, DiagnosticsSnapshot]]) -> str:
    """``(run name, snapshot)`` pairs as one CSV (the csv module quotes odd names)."""
    rows = []
    for name, snap in runs:
        for m in snap.measurements:
            for layer, label in enumerate(snap.layers):
                for k, kind in enumerate(KINDS):
                    if m.histograms[layer][k] is None:
                        continue  # the output layer has no activation
                    _, mean, std, low, high = (m.stats[layer, k, i] for i in range(5))
                    act, weight = kind == "activation", kind == "weight"
                    rows.append((name, m.iteration, label, kind, _cell(mean), _cell(std),
                                 _cell(low), _cell(high),
                                 _cell(m.dead_probe[layer]) if act else "",
                                 _cell(m.saturated[layer]) if act else "",
                                 _cell(m.update_ratio[layer]) if weight else "",
                                 _cell(m.grad_norm[layer]) if kind == "weight_gradient" else "",
                                 _cell(m.dead_trained[layer]) if act else ""))  # fmt: skip
    return csv_text(CSV_HEADER, rows)


def histogram_matrix(snap: DiagnosticsSnapshot, layer: int, kind: str):
    """One (layer, kind)'s kept histograms on the union of the bins they used:
    ``(edges (b+1,), counts (m, b), under (m,), over (m,), nonfinite (m,))``, or None where
    the kind does not apply (no activation after the output layer). The edges are the run's
    own (no re-binning): each measurement's bins sit at their place on the one axis."""
    k = KINDS.index(kind)
    hists = [m.histograms[layer][k] for m in snap.measurements]
    if not hists or hists[0] is None:
        return None
    first = min(h.start for h in hists)
    last = max(h.start + len(h.counts) for h in hists)
    counts = np.zeros((len(hists), last - first), dtype=np.int64)
    for row, h in zip(counts, hists, strict=True):
        row[h.start - first: h.start - first + len(h.counts)] = h.counts
    tails = (np.array([getattr(h, field) for h in hists], dtype=np.int64)
             for field in ("under", "over", "nonfinite"))  # fmt: skip
    return (snap.edges(layer, kind, first, last - first), counts, *tails)


def histogram_arrays(stem: str, name: str, snap: DiagnosticsSnapshot) -> dict[str, np.ndarray]:
    """One run's histograms as named arrays (the npz layout above), each over the union of
    the bins its kept measurements used."""
    arrays = {f"{stem}/run": np.array(name), f"{stem}/iterations": snap.iterations}
    for layer, label in enumerate(snap.layers):
        for kind in KINDS:
            matrix = histogram_matrix(snap, layer, kind)
            if matrix is None:
                continue
            key = f"{stem}/layer{label}/{kind}"
            for field, array in zip(("edges", "counts", "under", "over", "nonfinite"), matrix,
                                    strict=True):  # fmt: skip
                arrays[f"{key}/{field}"] = array
    return arrays


def write_histograms(path, arrays: dict[str, np.ndarray]) -> None:
    """``arrays`` as a compressed npz, written atomically through lab.io."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    atomic_write_bytes(path, buffer.getvalue())


def read_histograms(path) -> dict[str, np.ndarray]:
    """An npz written by :func:`write_histograms`, read with a bound and without pickle."""
    data = read_limited(path, MAX_NPZ_BYTES)
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return {key: npz[key] for key in npz.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as err:
        raise ValueError(f"{path} is not a histograms file: {err}") from None
