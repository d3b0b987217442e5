"""The probe's results as CSV tables, and its configuration as a plain dict (saved settings)."""

from __future__ import annotations

from dataclasses import asdict, fields

from lab.engine.core.initializers import parse_init
from lab.engine.core.specs import format_spec
from lab.engine.init.probe import KINDS, ProbeConfig, ProbeError, ProbeResult


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


def config_to_dict(config: ProbeConfig) -> dict:
    data = asdict(config)
    data["init"] = format_spec(config.init.name, config.init.params)
    return data


def config_from_dict(data: dict) -> ProbeConfig:
    """Rebuild a configuration; anything unknown or invalid raises ProbeError (one message)."""
    names = {f.name for f in fields(ProbeConfig)}
    unknown = set(data) - names
    if unknown:
        raise ProbeError(f"unknown keys: {', '.join(sorted(unknown))}")
    try:
        values = {**data, "init": parse_init(str(data.get("init", "he-normal")).rstrip(":"))}
        config = ProbeConfig(**values)
    except (TypeError, ValueError) as err:
        raise ProbeError(str(err)) from None
    config.validate()
    return config
