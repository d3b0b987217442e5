"""The initialization lab's network as a training-lab run: "Train this network" in the init lab
and ``descent-lab activations ... --train-config FILE``.

Why in lab/app: the init engine and the training engine may not import each other; the
application layer above both is where the two labs meet, Qt-free, so the window and the CLI use
the same mapping (as lab.app.trial_run does for the search lab).

What carries over: the hidden layers (depth × width), the activation, the initializer with its
parameters, batch norm, and the seed. Both labs draw the weights from the same stream
(lab.engine.core.draws.weight_generator: hidden layers in order, then the 10-class head), so on
the same input and labels the run's step-0 statistics are the probe's
(tests/app/test_init_run.py). The rest of the run is the book's initializer experiment on MNIST
(the ``book-init`` training preset: SGD 0.01, batch 128, 2000 iterations).

What cannot carry over (:func:`blockers`): SELU and linear activations and LayerNorm, which the
training lab's models do not have. What carries over with a difference (:func:`differences`):
a Gaussian input (training reads 784 MNIST pixels, so the first layer is 784 wide and every
weight is drawn anew), no biases (training's layers have biases, zero at step 0) and the sum
loss (training's gradients are cross-entropy's on the true labels).
"""

from __future__ import annotations

from dataclasses import replace

from lab.engine.core import fields as F
from lab.engine.init.probe import ProbeConfig
from lab.engine.train.config import TrainConfig
from lab.engine.train.models import MODEL_KINDS, ModelConfig
from lab.engine.train.presets import TRAIN_PRESETS

BOOK_PRESET = "book-init"  # the training preset whose setup the run takes
TRAINABLE_NORMS = {"none": False, "batch": True}  # the probe's norm -> ModelConfig.batchnorm
MNIST_PIXELS = 784


class NotTrainable(F.ConfigError):
    """A network the training lab cannot build; the message names each setting."""


def blockers(probe: ProbeConfig) -> tuple[str, ...]:
    """The probe's settings the training lab has no equivalent for (field names; empty: it
    can be trained)."""
    activations = F.declarations(ModelConfig)["activation"].choices
    found = []
    if probe.activation not in activations:
        found.append("activation")
    if probe.norm not in TRAINABLE_NORMS:
        found.append("norm")
    return tuple(found)


def differences(probe: ProbeConfig) -> tuple[str, ...]:
    """Settings that carry over with a difference the user should know (field names)."""
    found = []
    if probe.input != "mnist":
        found.append("input")
    if not probe.bias:
        found.append("bias")
    if probe.loss != "cross-entropy":
        found.append("loss")
    return tuple(found)


def train_config(probe: ProbeConfig, name: str = "") -> TrainConfig:
    """The training-lab run of the probe's network: same layers, activation, initializer,
    batch norm and seed, trained as the book's initializer experiment. NotTrainable when
    :func:`blockers` finds a setting the training lab cannot build."""
    found = blockers(probe)
    if found:
        raise NotTrainable(
            "the training lab cannot build this network: "
            + "; ".join(
                f"{key} {getattr(probe, key)!r} is not one of {', '.join(_choices(key))}"
                for key in found
            )
        )
    base = TRAIN_PRESETS[BOOK_PRESET].runs[0]
    model = ModelConfig(kind=MODEL_KINDS[0], hidden=(probe.width,) * probe.depth,
                        activation=probe.activation, init=probe.init, dropout=0.0,
                        batchnorm=TRAINABLE_NORMS[probe.norm])  # fmt: skip
    return replace(base, name=name or run_name(probe), model=model, seed=probe.seed)


def run_name(probe: ProbeConfig) -> str:
    """``init-relu-he-normal-5x100`` (``-bn`` with batch norm; parameters after the name)."""
    params = "".join(f"-{v:g}" if isinstance(v, float) else f"-{v}" for _, v in probe.init.params)
    norm = "-bn" if probe.norm == "batch" else ""
    return f"init-{probe.activation}-{probe.init.name}{params}-{probe.depth}x{probe.width}{norm}"


def _choices(key: str) -> tuple[str, ...]:
    return (
        F.declarations(ModelConfig)["activation"].choices
        if key == "activation"
        else tuple(TRAINABLE_NORMS)
    )
