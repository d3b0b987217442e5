"""Train runs one after another without a window, and write what the GUI would export:
metrics.csv and <run>.safetensors/.json/.pt for each run (the CLI adds the PNG plots, which
need Qt)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lab.engine.core.devices import resolve_device
from lab.engine.core.files import atomic_write_text
from lab.engine.train.history import History, metrics_csv
from lab.engine.train.training import TrainConfig, TrainingRun, prepare_data
from lab.engine.train.weights import save_weights


def train_all(runs: tuple[TrainConfig, ...], out: Path, log: Callable[[str], None] = print
              ) -> list[History]:
    histories, cache = [], {}
    for config in runs:
        device, message = resolve_device(config.device)
        if message:
            log(message)
        key = (config.data, device)
        if key not in cache:
            cache[key] = prepare_data(config.data, device)
        run = TrainingRun(config, cache[key], device)
        history = History(config.name)
        for update in run.steps():
            history.add(update)
        histories.append(history)
        extra = {"run": config.name, "status": history.status,
                 "iterations": int(history.iterations[-1]) if history.n else 0,
                 "test_acc": run.evaluation.test_acc if run.evaluation else None}
        save_weights(run.model, run.model_config, out / config.name, extra)
        tail = (f"test accuracy {run.evaluation.test_acc:.4f}" if run.evaluation else
                f"diverged at iteration {run.diverged_at}")
        log(f"{config.name}: {history.n} iterations, {tail}")
    atomic_write_text(out / "metrics.csv", metrics_csv(histories))
    return histories
