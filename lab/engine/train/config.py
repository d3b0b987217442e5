"""What a training run is: its data, model, optimizer, schedule and length, declared once."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lab.engine.core.optimizers import OptimizerConfig, make_optimizer
from lab.engine.core.schedules import ScheduleConfig
from lab.engine.train.models import ModelConfig

SAMPLING = ("epoch", "replacement")
NORMALIZATIONS = ("scale", "standardize")


class TrainingError(ValueError):
    """A configuration that cannot train; the message lists every problem."""


@dataclass(frozen=True)
class DataConfig:
    """Which images: the bundled MNIST (folder None) or another MNIST-format folder."""

    folder: str | None = None
    train_size: int = 0  # 0: all training images; else the first N (the book's subsets)
    val_split: float = 0.0  # held out from the training subset; 0: validate on the test set
    normalize: str = "scale"  # ÷255 (the book) or standardize with the subset's mean and std
    shuffle: bool = False  # shuffle before taking the subset (the book's random search)
    seed: int = 0


@dataclass(frozen=True)
class TrainConfig:
    name: str
    model: ModelConfig = field(default_factory=ModelConfig)
    optimizer: OptimizerConfig = field(default_factory=lambda: make_optimizer("sgd", lr=0.01))
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    batch_size: int = 128
    iterations: int = 0  # one of iterations / epochs sets the length
    epochs: int = 0
    l2: float = 0.0  # adds 0.5·λ·ΣW² to the loss, weights only (the book's weight decay)
    l1: float = 0.0  # adds λ·Σ|W|
    decoupled_weight_decay: float = 0.0  # W ← W − lr·λ·W after each step (AdamW-style)
    clip_norm: float = 0.0
    sampling: str = "epoch"  # "replacement": minibatches drawn with replacement (the book)
    eval_every: int = 0  # iterations between accuracy measurements; 0: once per epoch; -1: never
    final_evaluation: bool = True  # test accuracy, confusion matrix, mistakes at the end
    seed: int = 0
    device: str = "auto"
    data: DataConfig = field(default_factory=DataConfig)

    def problems(self) -> list[str]:
        found = [f"{self.name}: {p}" for p in self.model.validate()]
        checks = [
            (self.batch_size >= 1, "batch_size must be at least 1"),
            ((self.iterations > 0) != (self.epochs > 0), "give either iterations or epochs"),
            (self.iterations >= 0 and self.epochs >= 0, "iterations and epochs must be >= 0"),
            (all(math.isfinite(v) and v >= 0 for v in (self.l2, self.l1,
                 self.decoupled_weight_decay, self.clip_norm)),
             "l2, l1, decoupled_weight_decay and clip_norm must be finite and >= 0"),
            (self.sampling in SAMPLING, f"sampling must be one of {', '.join(SAMPLING)}"),
            (self.eval_every >= -1, "eval_every must be >= 0 (or -1: never)"),
            (self.data.normalize in NORMALIZATIONS,
             f"normalize must be one of {', '.join(NORMALIZATIONS)}"),
            (0 <= self.data.val_split < 1, "val_split must lie in [0, 1)"),
            (self.data.train_size >= 0, "train_size must be >= 0"),
        ]  # fmt: skip
        found += [f"{self.name}: {message}" for ok, message in checks if not ok]
        return found
