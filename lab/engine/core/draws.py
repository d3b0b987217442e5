"""A run's randomness, drawn the same way by the training lab's loop and the search's stacked
trainer: the initial weights, the minibatches and the dropout masks, each from its own
generator seeded from the run's (or trial's) seed.

Why one module: a search trial handed to the training lab ("Train this configuration",
``descent-lab train --from-study``) must see the same weights, minibatches and masks as it saw
in its stack. Three generators, so that one stream's draws never shift another's (a trial
without dropout beside one with it, a model that leaves the stack early):

- weights: a CPU ``torch.Generator`` seeded with ``seed`` (the model is built on the CPU and
  moved, so a seed gives the same network on every device);
- minibatches: a CPU generator seeded with ``seed + 1_000_003`` (indices are drawn an epoch at
  a time and moved to the device once per epoch);
- dropout masks: a generator on the run's device seeded with ``seed + 2_000_006``; one
  ``torch.rand`` per layer and step, compared with the keep probability.

Within one study trial seeds are consecutive and below a million apart, so no trial's stream
starts where another's does. Nothing here touches torch's global generator.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

MAX_SEED = 2**32 - 1  # what numpy's and torch's generators both take
MAX_BATCH = 65_536  # examples per minibatch
SAMPLING = ("epoch", "replacement")
BATCH_STREAM = 1_000_003  # the search's minibatch offset since its first studies
DROPOUT_STREAM = 2_000_006


def weight_generator(seed: int):
    """The CPU generator the initial weights are drawn from."""
    import torch

    return torch.Generator().manual_seed(int(seed))


def minibatch_generator(seed: int):
    """The CPU generator the minibatch indices are drawn from."""
    import torch

    return torch.Generator().manual_seed(int(seed) + BATCH_STREAM)


def dropout_generator(seed: int, device: str = "cpu"):
    """The generator on ``device`` the dropout masks are drawn from."""
    import torch

    return torch.Generator(device=device).manual_seed(int(seed) + DROPOUT_STREAM)


def epoch_shape(images: int, batch_size: int, drop_last: bool) -> tuple[int, int]:
    """(images per minibatch, steps per epoch). ``drop_last`` (the search's rule, and the
    book Trainer's whole batches): every step has min(batch_size, images) images and an epoch
    is max(⌊images/batch⌋, 1) steps, the images left over skipped that epoch. Otherwise (the
    training lab's): ⌈images/batch_size⌉ steps, the last one smaller under epoch sampling."""
    if drop_last:
        batch = max(1, min(batch_size, images))
        return batch, max(images // batch, 1)
    return batch_size, max(1, math.ceil(images / batch_size))


def epoch_indices(generator, images: int, batch: int, steps: int, sampling: str):
    """One epoch's minibatch indices, flat (step k is ``[k·batch, (k+1)·batch)``), int64 on
    the CPU: ``replacement`` draws each index uniformly (the book's ``np.random.choice``);
    ``epoch`` takes a fresh permutation, cut to ``steps·batch`` when whole batches are asked."""
    import torch

    if sampling == "replacement":
        return torch.randint(images, (steps * batch,), generator=generator)
    if sampling != "epoch":
        raise ValueError(f"sampling must be one of {', '.join(SAMPLING)} (not {sampling!r})")
    return torch.randperm(images, generator=generator)[: steps * batch]


def minibatch_epochs(seed: int, images: int, batch_size: int, epochs: int,
                     sampling: str) -> Iterator:  # fmt: skip
    """Per epoch, (steps, batch) indices in whole batches (``drop_last``), drawn as the epoch
    comes, so memory holds one epoch's whatever the epoch count."""
    batch, steps = epoch_shape(images, batch_size, drop_last=True)
    generator = minibatch_generator(seed)
    for _ in range(epochs):
        yield epoch_indices(generator, images, batch, steps, sampling).view(steps, batch)


def dropout_mask(generator, shape, keep: float, device=None, as_float: bool = False):
    """A bool mask of ``shape``: True where a unit is kept (probability ``keep``). Drawn as
    float32 uniforms whatever the model's dtype, so float32 and float64 runs drop the same
    units; ``keep`` is a Python float, so every caller compares against the same number.

    ``as_float``: the same mask as float32 1.0/0.0, compared in place in the uniforms' own
    memory (a product with it skips the bool-to-float conversion a bool mask costs)."""
    import torch

    uniform = torch.rand(shape, generator=generator, device=device or generator.device)
    return uniform.lt_(float(keep)) if as_float else uniform < float(keep)
