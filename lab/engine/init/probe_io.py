"""The probe's results as CSV tables (its configuration's plain form comes from its field
declarations: lab.engine.core.fields.to_plain)."""

from __future__ import annotations

from lab.engine.init.probe import KINDS, ProbeResult


def histogram_csv(results: dict[str, ProbeResult]) -> str:
    """Columns run,kind,layer,bin_left,bin_right,count, for every run (A, B), kind and layer."""
    from lab.io.files import csv_text  # quotes a comma or newline in a run name

    rows = []
    for run, result in results.items():
        for layer in result.layers:
            for kind in KINDS:
                stats = layer.stats(kind)
                for left, right, count in zip(stats.edges[:-1], stats.edges[1:], stats.counts,
                                              strict=True):  # fmt: skip
                    rows.append((run, kind, layer.index, f"{left:.9g}", f"{right:.9g}", count))
    return csv_text(["run", "kind", "layer", "bin_left", "bin_right", "count"], rows)


def stats_csv(results: dict[str, ProbeResult]) -> str:
    """One row per run, kind and layer: the statistics table, with the weight-gradient norm."""
    keys = ("mean", "std", "min", "max", "saturated_frac", "dead_frac", "nonfinite")
    from lab.io.files import csv_text

    rows = []
    for run, result in results.items():
        for layer in result.layers:
            for kind in KINDS:
                stats = layer.stats(kind)
                values = ["" if getattr(stats, k) is None else f"{getattr(stats, k):.9g}"
                          for k in keys]  # fmt: skip
                rows.append((run, kind, layer.index, *values, f"{layer.weight_grad_norm:.9g}",
                             f"{layer.weight_std:.9g}", f"{layer.theoretical_std:.9g}"))
    header = ["run", "kind", "layer", *keys, "weight_grad_norm", "weight_std", "theoretical_std"]
    return csv_text(header, rows)
