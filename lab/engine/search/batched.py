"""A batch of trials trained together, epoch by epoch: the search's unit of work.

Each trial draws its own minibatches from its own seed; the stacked models
(:class:`~lab.engine.search.stacked_mlp.BatchedMLP`) take one step for all of them at once;
after each epoch every model is evaluated on the training and validation sets and the caller
(the search runner) hears how each did, and may drop some (pruned). A model that diverges
(NaN/inf) leaves the batch at the end of that epoch. Each model follows the trajectory it
would follow alone in ``torch.optim`` (tests/engine/search/test_batched.py).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass

import numpy as np

from lab.engine.core import draws
from lab.engine.core.commands import Stop
from lab.engine.core.draws import SAMPLING, epoch_shape
from lab.engine.search.stacked_mlp import EVAL_CHUNK, BatchedMLP
from lab.engine.search.trial_spec import BatchError, TrialSpec


@dataclass(frozen=True)
class EpochUpdate:
    """After one epoch: figures of the models still in the batch, by trial index."""

    epoch: int
    trials: tuple[int, ...]  # indices into the spec list, models trained this epoch
    train_loss: np.ndarray  # mean minibatch loss this epoch
    train_acc: np.ndarray
    val_acc: np.ndarray
    diverged: tuple[int, ...]  # trials whose loss or weights went non-finite (they leave)
    done: bool  # last epoch, or nothing left to train


@dataclass(frozen=True)
class Drop:
    """Command between the search runner and a batch: these trials leave the batch (pruned,
    or no longer wanted). :class:`~lab.engine.core.commands.Stop` ends the whole batch."""

    trials: tuple[int, ...]


def steps_per_epoch(n_train: int, batch_size: int) -> int:
    """The book's Trainer: max(n / batch, 1) iterations per epoch (whole batches)."""
    return epoch_shape(n_train, batch_size, drop_last=True)[1]


def minibatch_epochs(spec: TrialSpec, n_train: int, epochs: int,
                     sampling: str) -> Iterator:  # fmt: skip
    """Per epoch, (steps, batch) int64 indices into the training set from the trial's own
    minibatch generator, drawn as the epoch comes (memory holds one epoch's, whatever the
    epoch count): with replacement (the book's ``np.random.choice``) or a fresh permutation per
    epoch; the training lab draws a trial's the same way (lab.engine.core.draws)."""
    return draws.minibatch_epochs(spec.seed, n_train, spec.batch_size, epochs, sampling)


def minibatch_indices(spec: TrialSpec, n_train: int, epochs: int, sampling: str):
    """All of :func:`minibatch_epochs` as one (epochs·steps, batch) tensor (the model-at-a-time
    references of the tests and the benchmark)."""
    import torch

    return torch.cat(list(minibatch_epochs(spec, n_train, epochs, sampling)))


def train_batch(specs: list[TrialSpec], data, epochs: int, device: str = "cpu",
                sampling: str = "replacement", dtype=None,
                ) -> Generator[EpochUpdate, Drop | Stop | None, None]:  # fmt: skip
    """Train ``specs`` together for ``epochs``; yield an :class:`EpochUpdate` after each epoch.

    ``data`` has train_x (n, in), train_y, val_x, val_y tensors on ``device``. Send
    :class:`Drop` to take trials out (pruned), :class:`Stop` to end. Diverged trials leave
    by themselves and are listed once in the update of the epoch they failed.
    """
    import torch

    if sampling not in SAMPLING:
        raise BatchError(f"sampling must be one of {', '.join(SAMPLING)}")
    if epochs < 1:
        raise BatchError("epochs must be at least 1")
    n_train = len(data.train_x)
    classes = int(max(int(data.train_y.max()), int(data.val_y.max())) + 1)
    classes = max(classes, getattr(data, "classes", classes))
    model = BatchedMLP(list(specs), data.train_x.shape[1], classes, device, dtype)
    train_x, train_y = data.train_x.to(model.dtype), data.train_y
    val_x, val_y = data.val_x.to(model.dtype), data.val_y
    # small sets (the book's 400 + 100) evaluated in one pass per epoch: one copy of the
    # weights into the shared-input GEMM's layout, one larger, more efficient GEMM per layer
    eval_sets = [(train_x, train_y), (val_x, val_y)]
    if n_train + len(val_x) <= EVAL_CHUNK:
        eval_sets = [(torch.cat([train_x, val_x]), torch.cat([train_y, val_y]))]
    steps = steps_per_epoch(n_train, specs[0].batch_size)
    draws = [minibatch_epochs(s, n_train, epochs, sampling) for s in specs]
    x_buffer, y_buffer = _Gather(train_x), _Gather(train_y)
    active = list(range(len(specs)))
    for epoch in range(1, epochs + 1):
        # (steps, N, batch): this epoch's minibatches of the models still in the batch
        index = torch.stack([next(draws[t]) for t in active]).to(device).transpose(0, 1)
        index = index.contiguous()
        loss_sum = torch.zeros(len(active), dtype=model.dtype, device=device)
        for idx in index:  # (N, B), contiguous
            loss_sum += model.train_step(x_buffer.take(idx), y_buffer.take(idx))
        finite = torch.isfinite(loss_sum) & model.finite_rows()
        hits = torch.cat([model.hits(x, y) for x, y in eval_sets], dim=1)  # (N, rows)
        # counts over sizes in float64, whatever the models' dtype: the fraction of images right
        # (the training lab's accuracy too)
        train_acc = (hits[:, :n_train].sum(1).double() / n_train).cpu().numpy()
        val_acc = (hits[:, n_train:].sum(1).double() / max(len(val_x), 1)).cpu().numpy()
        finite_np = finite.cpu().numpy()
        diverged = tuple(t for t, ok in zip(active, finite_np, strict=True) if not ok)
        done = epoch == epochs or len(diverged) == len(active)
        command = yield EpochUpdate(epoch, tuple(active), (loss_sum / steps).cpu().numpy(),
                                    train_acc, val_acc, diverged, done)  # fmt: skip
        if done or isinstance(command, Stop):
            return
        leaving = set(diverged) | (set(command.trials) if isinstance(command, Drop) else set())
        if leaving:
            rows = [r for r, t in enumerate(active) if t not in leaving]
            if not rows:
                return
            keep = torch.tensor(rows, device=device)
            model.keep_only(keep)
            active = [active[r] for r in rows]


class _Gather:
    """Minibatch rows of one tensor gathered into a buffer reused from step to step (the
    models' inputs are (N, B, ...) every step; only N shrinks, when models leave)."""

    def __init__(self, source) -> None:
        self.source = source
        self.buffer = None

    def take(self, idx):
        import torch

        shape = (*idx.shape, *self.source.shape[1:])
        if self.buffer is None or self.buffer.shape != shape:
            self.buffer = torch.empty(shape, dtype=self.source.dtype, device=self.source.device)
        torch.index_select(self.source, 0, idx.reshape(-1),
                           out=self.buffer.view(-1, *self.source.shape[1:]))  # fmt: skip
        return self.buffer
