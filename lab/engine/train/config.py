"""What a training run is: its data, model, optimizer, schedule and length, declared once.

Each field declares its type, range, default and help (lab.engine.core.fields); validation,
experiment files (TOML), saved run lists (JSON) and the run editor's form all come from these
declarations. Adding an option is one line here."""

from __future__ import annotations

from dataclasses import dataclass

from lab.engine.core import fields as F
from lab.engine.core.data_split import DataConfig
from lab.engine.core.devices import DEVICES
from lab.engine.core.draws import MAX_BATCH, MAX_SEED, SAMPLING
from lab.engine.core.optimizers import (
    OptimizerConfig,
    format_optimizer,
    make_optimizer,
    parse_optimizer,
)
from lab.engine.core.schedules import MAX_STEPS, ScheduleConfig, format_schedule, parse_schedule
from lab.engine.train.models import ModelConfig

MAX_EPOCHS = 1_000_000


class TrainingError(F.ConfigError):
    """A configuration that cannot train; the message lists every problem."""


@dataclass(frozen=True)
class TrainConfig:
    name: str = F.text(help="names the run and its files")
    model: ModelConfig = F.table(ModelConfig, help="the network")
    optimizer: OptimizerConfig = F.spec(lambda: make_optimizer("sgd", lr=0.01), parse_optimizer,
                                        format_optimizer, help="the update rule")
    schedule: ScheduleConfig = F.spec(ScheduleConfig, parse_schedule, format_schedule,
                                      help="how the learning rate changes over the run")
    batch_size: int = F.integer(128, 1, MAX_BATCH, help="examples per minibatch")
    iterations: int = F.integer(0, 0, MAX_STEPS, help="set iterations or epochs (the other 0)")
    epochs: int = F.integer(0, 0, MAX_EPOCHS, help="passes over the training images")
    l2: float = F.number(0.0, 0.0, help="book-style weight decay: adds 0.5·λ·ΣW² to the loss "
                                        "(weights only)")
    l1: float = F.number(0.0, 0.0, help="adds λ·Σ|W| to the loss")
    decoupled_weight_decay: float = F.number(0.0, 0.0,
                                             help="W ← W − lr·λ·W at each step, before the "
                                                  "update (AdamW-style)")
    clip_norm: float = F.number(0.0, 0.0, help="clip the gradient norm to this; 0: off")
    sampling: str = F.choice("epoch", SAMPLING,
                             help="epoch: each image once per epoch; replacement: minibatches "
                                  "drawn with replacement, as the book")
    drop_last: bool = F.flag(False, help="whole minibatches only: an epoch is ⌊images/batch⌋ "
                                         "steps, the images left over skipped that epoch (the "
                                         "search's rule; torch's DataLoader drop_last)")
    eval_every: int = F.integer(0, -1, MAX_STEPS,
                                help="iterations between accuracy measurements; 0: every "
                                     "epoch; -1: never")
    final_evaluation: bool = F.flag(True, help="test accuracy, confusion matrix and mistakes "
                                               "at the end")
    seed: int = F.integer(0, 0, MAX_SEED, help="seed of the weights, the minibatches and the "
                                               "dropout masks (each its own stream)")
    device: str = F.choice("auto", DEVICES, help="auto: CUDA when available")
    data: DataConfig = F.table(DataConfig, help="the images")

    def rules(self, bad: frozenset[str]) -> list[str]:
        """The rules across fields (lab.engine.core.fields.problems): length, data split,
        model size for one minibatch."""
        found = []
        if not bad & {"iterations", "epochs"} and (self.iterations > 0) == (self.epochs > 0):
            found.append("give either iterations or epochs")
        if "data" not in bad and self.data.train_size:
            found += self.data.split_problems(self.data.train_size)
        if not bad and not found:
            found += self.model.activation_problems(self.batch_size)
        return found
