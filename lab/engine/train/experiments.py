"""Experiment files (TOML): a set of training runs, validated in full before anything trains.

    [defaults]                     # optional, applies to every run
    iterations = 500
    optimizer = "sgd:lr=0.01"

    [[run]]
    name = "adam"
    optimizer = "adam:lr=0.001"
    model = { hidden = [100, 100], activation = "relu", init = "he-normal" }
    data = { train_size = 1000, val_split = 0.1 }

Keys of a run: name, optimizer, schedule, model, data, batch_size, iterations, epochs, l2, l1,
decoupled_weight_decay, clip_norm, sampling, eval_every, seed, device. An invalid file gets one
message that lists every problem it has.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import fields, replace

from lab.engine.core.optimizers import parse_optimizer
from lab.engine.core.schedules import parse_schedule
from lab.engine.core.specs import format_spec
from lab.engine.train.config import DataConfig, TrainConfig
from lab.engine.train.models import ModelConfig

_NUMBERS = {"batch_size": int, "iterations": int, "epochs": int, "eval_every": int, "seed": int,
            "l2": float, "l1": float, "decoupled_weight_decay": float, "clip_norm": float}
_TEXT = {"name", "sampling", "device"}
_MODEL = {f.name for f in fields(ModelConfig)} - {"inputs", "image_side", "classes"}
_DATA = {f.name for f in fields(DataConfig)}


class ExperimentError(ValueError):
    """Every problem of an experiment file, one per line."""


def parse_experiment(text: str, source: str = "experiment") -> tuple[TrainConfig, ...]:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ExperimentError(f"{source}: not valid TOML ({err})") from None
    problems: list[str] = []
    unknown = set(doc) - {"defaults", "run"}
    if unknown:
        problems.append(f"unknown section(s): {', '.join(sorted(unknown))}")
    defaults = doc.get("defaults", {})
    runs = doc.get("run", [])
    if not isinstance(runs, list) or not runs:
        problems.append("no [[run]] entries")
        runs = []
    configs, names = [], set()
    for i, entry in enumerate(runs, start=1):
        if not isinstance(entry, dict):
            problems.append(f"run {i}: must be a table")
            continue
        where = f"run {i} ({entry.get('name', 'unnamed')})"
        config = _run({**defaults, **entry}, where, problems)
        if config is None:
            continue
        if config.name in names:
            problems.append(f"{where}: the name '{config.name}' is used twice")
        names.add(config.name)
        problems += config.problems()
        configs.append(config)
    if problems:
        raise ExperimentError(f"{source}: {len(problems)} problem(s):\n  - " +
                              "\n  - ".join(problems))
    return tuple(configs)


def run_to_entry(config: TrainConfig) -> dict:
    """A run as an experiment-file entry (plain types: TOML or JSON can hold it)."""
    from dataclasses import asdict

    entry = {key: getattr(config, key) for key in (*_NUMBERS, *_TEXT)}
    model = config.model.to_dict()
    for key in ("inputs", "image_side", "classes"):
        model.pop(key)
    data = {k: v for k, v in asdict(config.data).items() if v is not None}
    return {**entry, "optimizer": format_spec(config.optimizer.name, config.optimizer.hyper),
            "schedule": format_spec(config.schedule.name, config.schedule.params),
            "model": model, "data": data}


def runs_from_entries(entries: list[dict], source: str = "saved runs") -> tuple[TrainConfig, ...]:
    """The inverse of :func:`run_to_entry`, validated like a file (one message, every problem)."""
    problems: list[str] = []
    configs = []
    for i, entry in enumerate(entries, start=1):
        config = _run(dict(entry), f"run {i} ({entry.get('name', 'unnamed')})", problems)
        if config is not None:
            problems += config.problems()
            configs.append(config)
    if problems:
        raise ExperimentError(f"{source}: " + "; ".join(problems))
    return tuple(configs)


def _run(entry: dict, where: str, problems: list[str]) -> TrainConfig | None:
    before = len(problems)
    values: dict = {}
    for key, value in entry.items():
        if key in _NUMBERS:
            kind = _NUMBERS[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or (
                    kind is int and not isinstance(value, int)):
                wanted = "an integer" if kind is int else "a number"
                problems.append(f"{where}: {key} must be {wanted}")
            elif not math.isfinite(value):
                problems.append(f"{where}: {key} must be finite")
            else:
                values[key] = kind(value)
        elif key in _TEXT:
            if not isinstance(value, str):
                problems.append(f"{where}: {key} must be text")
            else:
                values[key] = value
        elif key in ("optimizer", "schedule"):
            try:
                parse = parse_optimizer if key == "optimizer" else parse_schedule
                values[key] = parse(str(value))
            except ValueError as err:
                problems.append(f"{where}: {err}")
        elif key == "model":
            values[key] = _table(value, _MODEL, where, key, problems, ModelConfig.from_dict)
        elif key == "data":
            values[key] = _table(value, _DATA, where, key, problems, lambda d: DataConfig(**d))
        else:
            problems.append(f"{where}: unknown key '{key}'")
    if "name" not in values:
        problems.append(f"{where}: every run needs a name")
    if len(problems) > before:
        return None
    return replace(TrainConfig(values.pop("name")), **values)


def _table(value, allowed: set[str], where: str, key: str, problems: list[str], build):
    if not isinstance(value, dict):
        problems.append(f"{where}: {key} must be a table")
        return None
    unknown = set(value) - allowed
    if unknown:
        problems.append(f"{where}: {key} has unknown key(s) {', '.join(sorted(unknown))}")
        return None
    try:
        return build(value)
    except (TypeError, ValueError) as err:
        problems.append(f"{where}: {key}: {err}")
        return None
