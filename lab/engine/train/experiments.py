"""Experiment files (TOML): a set of training runs, validated in full before anything trains.

    [defaults]                     # optional, applies to every run
    iterations = 500
    optimizer = "sgd:lr=0.01"

    [[run]]
    name = "adam"
    optimizer = "adam:lr=0.001"
    model = { hidden = [100, 100], activation = "relu", init = "he-normal" }
    data = { train_size = 1000, val_split = 0.1 }

The keys of a run are the fields of :class:`TrainConfig` (model and data are tables of
:class:`ModelConfig` and :class:`DataConfig` fields); their types and ranges come from the
declarations in those classes. An invalid file gets one message that lists every problem.
:func:`format_experiment` writes the same format (the round trip is exact).
"""

from __future__ import annotations

from lab.engine.core import fields as F
from lab.engine.train.config import TrainConfig
from lab.io.toml_files import load_toml, toml_value

WHAT = "an experiment file"
MAX_BYTES = 4 * 2**20  # an experiment file is a few kB; a larger one is not one
# runs one file (or session) may hold: the lab draws a curve, a table row and a legend entry for
# each, and checking and showing 3 000 of them took 22 s
MAX_RUNS = 100


class ExperimentError(ValueError):
    """Every problem of an experiment file, one per line."""


def parse_experiment(text: str | bytes, source: str = "experiment") -> tuple[TrainConfig, ...]:
    """The runs of a TOML experiment file (text or its bytes); ExperimentError otherwise."""
    doc = load_toml(text, source, WHAT, MAX_BYTES, ExperimentError)
    problems: list[str] = []
    unknown = set(doc) - {"defaults", "run"}
    if unknown:
        problems.append(f"unknown section(s): {', '.join(sorted(unknown))}")
    defaults = doc.get("defaults", {})
    if not isinstance(defaults, dict):
        problems.append("defaults must be a table ([defaults] with key = value lines)")
        defaults = {}
    runs = doc.get("run", [])
    if not isinstance(runs, list) or not runs:
        problems.append("no [[run]] entries" if not runs else "run must be [[run]] tables")
        runs = []
    configs = _runs([run if not isinstance(run, dict) else {**defaults, **run} for run in runs],
                    problems)  # fmt: skip
    if problems:
        raise ExperimentError(f"{source}: {len(problems)} problem(s):\n  - " +
                              "\n  - ".join(problems))
    return configs


def _runs(entries: list, problems: list[str]) -> tuple[TrainConfig, ...]:
    """Build and validate every entry, adding each problem (with the run it belongs to)."""
    if len(entries) > MAX_RUNS:
        problems.append(f"{len(entries):,} runs; at most {MAX_RUNS} can be trained side by side")
        return ()
    configs, names = [], set()
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"run {i}: must be a table")
            continue
        name = entry.get("name")
        where = f"run {i} ({name if isinstance(name, str) else 'unnamed'})"
        if "name" not in entry:
            problems.append(f"{where}: every run needs a name")
            entry = {**entry, "name": "unnamed"}
        found: list[str] = []
        config = F.from_plain(TrainConfig, entry, found)
        problems += [f"{where}: {p}" for p in found]
        if config is None:
            continue
        if config.name in names:
            problems.append(f"{where}: the name '{config.name}' is used twice")
        names.add(config.name)
        problems += [f"{where}: {p}" for p in F.problems(config)]
        configs.append(config)
    return tuple(configs)


def run_to_entry(config: TrainConfig) -> dict:
    """A run as an experiment-file entry (plain types: TOML or JSON can hold it)."""
    return F.to_plain(config)


def runs_from_entries(entries: list[dict], source: str = "saved runs") -> tuple[TrainConfig, ...]:
    """The inverse of :func:`run_to_entry`, validated like a file (one message, every problem)."""
    problems: list[str] = []
    if not isinstance(entries, list):
        raise ExperimentError(f"{source}: not a list of runs")
    configs = _runs(list(entries), problems)
    if problems:
        raise ExperimentError(f"{source}: " + "; ".join(problems))
    return configs


def format_experiment(runs: tuple[TrainConfig, ...] | list[TrainConfig]) -> str:
    """The runs as a TOML experiment file that :func:`parse_experiment` reads back equal."""
    blocks = []
    for run in runs:
        lines = ["[[run]]"]
        lines += [f"{key} = {toml_value(value, WHAT)}" for key, value in run_to_entry(run).items()]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


