"""Training as a generator of small updates, one generator per run.

``TrainingRun.steps()`` yields an :class:`Update` after every iteration (accuracies on the
iterations where they are measured) and accepts typed commands sent in
(:mod:`lab.engine.core.commands`: ``SetLr`` from the next iteration on, ``Stop`` to end now);
pausing belongs to whoever drives the generator. Data is one tensor on the device;
minibatches are sliced from it by index, never drawn through a DataLoader. A run whose loss or
weights become NaN/inf stops as diverged and keeps its history up to there. The run appends to
its one :class:`~lab.engine.train.history.History` before yielding each update (whoever starts
the run may pass it in, to read it while the run trains), and seals it when it hands over its
result. Data preparation is :mod:`~lab.engine.train.data`, measuring a model
:mod:`~lab.engine.train.evaluation`, what a run produces :mod:`~lab.engine.train.records`.

Randomness is the run's own: three generators seeded from the config draw the initial weights
(on the CPU, before the model moves), the minibatches (an epoch at a time) and the dropout masks
(on the run's device), exactly as the search's stacked trainer draws a trial's
(lab.engine.core.draws). Nothing touches torch's global generator, so a run gives the same
curves alone or interleaved with others. When a run ends, :meth:`TrainingRun.result` hands
over an immutable :class:`RunResult` (evaluation, a CPU copy of the weights, the sealed history),
never the live run.

The optimizer comes from :mod:`~lab.engine.train.optimizer_classes` (torch.optim's, or ours
where torch has none); ``optimizer_split`` says how a Muon run shares its parameters with AdamW.
Everything a run measures or keeps (accuracies, the final evaluation, the weights handed over)
is taken at the optimizer's evaluation point: Schedule-Free's x, not the y it steps from.
"""

from __future__ import annotations

import math
import time
from contextlib import nullcontext
from functools import lru_cache

from lab.engine.core import fields as F
from lab.engine.core.commands import SetLr, Stop
from lab.engine.core.draws import (
    dropout_generator,
    dropout_mask,
    epoch_indices,
    epoch_shape,
    minibatch_generator,
    weight_generator,
)
from lab.engine.train.config import TrainConfig, TrainingError
from lab.engine.train.data import PreparedData
from lab.engine.train.diagnostics.config import DiagnosticsConfig
from lab.engine.train.evaluation import accuracy_and_predictions, evaluate_model
from lab.engine.train.history import History
from lab.engine.train.hot_path import (
    FlatGradients,
    Minibatches,
    SGDStep,
    StepFigures,
    all_finite,
    l2_penalty,
)
from lab.engine.train.models import ModelConfig, build_model, weight_parameters
from lab.engine.train.records import Evaluation, RunResult, RunStatus, Update


class TrainingRun:
    """One run: its model, optimizer and history; :meth:`steps` is the training generator.

    ``history``: the record to append to (a new one when None); ``device_message``: why the
    run is not on the device its config asked for (a fallback), for whoever shows it.
    """

    def __init__(self, config: TrainConfig, data: PreparedData, device: str,
                 history: History | None = None, device_message: str = "",
                 diagnostics: DiagnosticsConfig | None = None):
        import torch

        problems = F.problems(config)
        if problems:
            raise TrainingError([f"{config.name}: {p}" for p in problems])
        self.config, self.data, self.device = config, data, device
        # weights, minibatches and dropout masks: three streams from the seed, drawn as the
        # search's stacked trainer draws them (lab.engine.core.draws)
        model_config = _fit_model(config.model, data)
        # nn.Linear's own reset_parameters draws from torch's global generator before our
        # initializer overwrites the weights: fork it so a run leaves it where it was
        with torch.random.fork_rng(devices=[]):
            self.model = build_model(model_config, weight_generator(config.seed)).to(device)
        self.generator = minibatch_generator(config.seed)  # on the CPU; indices move per epoch
        self.dropout_generator = dropout_generator(config.seed, device)
        _own_dropout(self.model, self.dropout_generator)
        self.model_config = model_config
        from lab.engine.train.optimizer_classes import build_optimizer

        try:
            self.optimizer, self.optimizer_split = build_optimizer(config.optimizer, self.model)
        except ValueError as err:
            raise TrainingError(f"{config.name}: {err}") from None
        self.weights = weight_parameters(self.model)
        self.params = list(self.model.parameters())
        n = len(data.train_x)
        self.batch, self.per_epoch = epoch_shape(n, config.batch_size, config.drop_last)
        self.total = config.iterations or config.epochs * self.per_epoch
        self.base_lr = config.optimizer.lr
        self._lrs = config.schedule.rates(self.base_lr, self.total)
        self.history = History(config.name) if history is None else history
        self.status = RunStatus.QUEUED
        self.diverged_at: int | None = None
        self.evaluation: Evaluation | None = None
        self.device_message = device_message
        # the hot path's state (lab.engine.train.hot_path), made when steps() starts
        self._batches: Minibatches | None = None
        self._figures: StepFigures | None = None
        self._grads = FlatGradients(self.params)
        self._step = SGDStep(self.optimizer)
        self._current_lr: float | None = None
        self.diagnostics = None if diagnostics is None else self._diagnostics(diagnostics)

    def set_lr(self, lr: float) -> None:
        """Change the base learning rate from now on (the schedule still shapes it)."""
        if not (math.isfinite(lr) and lr > 0):
            raise TrainingError("the learning rate must be a positive number")
        self.base_lr = lr
        self._lrs = self.config.schedule.rates(lr, self.total)

    def lr_at(self, iteration: int) -> float:
        """The learning rate of the step after ``iteration`` (a SetLr included)."""
        return float(self._lrs[min(max(iteration, 0), max(self.total - 1, 0))])

    def apply(self, command) -> None:
        """A setting sent in: :class:`SetLr`; anything else (``Finish`` included: a run has
        no boundary to finish at but its last iteration) is refused."""
        if isinstance(command, SetLr):
            self.set_lr(command.lr)
        else:
            raise TrainingError(f"a training run does not take the command {command!r}")

    @property
    def announcement(self) -> str:
        """What the runner tells the window as the run starts: a device fallback, and how a
        Muon run splits its parameters between Muon and AdamW, if any."""
        return "; ".join(filter(None, (self.device_message, self.optimizer_split)))

    def result(self, status: RunStatus | None = None) -> RunResult:
        """The run's outcome as an immutable result (weights copied to the CPU); the run has
        ended, so its history is sealed and handed over as it is.

        A run stopped early is evaluated on the test set as it stands (when its weights are
        finite and the config asks for a final evaluation), so its results can be kept too.
        """
        status = status or self.status
        finite = self._weights_finite()
        if (status is RunStatus.STOPPED and self.evaluation is None
                and self.config.final_evaluation and finite and self.history.n):
            self.evaluation = self.evaluate()
        with self._at_evaluation_point():
            weights = {k: v.detach().to("cpu", copy=True)
                       for k, v in self.model.state_dict().items()}  # fmt: skip
        self.history.seal()
        # the model's own ReLUs are back already: steps() gives them back however it ends
        record = None if self.diagnostics is None else self.diagnostics.record
        return RunResult(status, self.history, self.model_config, weights,
                         self.evaluation if status is not RunStatus.DIVERGED else None,
                         self.diverged_at, record)  # fmt: skip

    def steps(self):
        """Train; yield an Update per iteration; accept SetLr, and Stop (the generator ends,
        status "stopped").

        On a GPU the loss and gradient norm stay on the device for a block of iterations
        (:mod:`~lab.engine.train.hot_path`); the block's updates are yielded after its one read,
        so a command sent in applies from the next block, and a Stop keeps in the history the
        iterations already taken.
        """
        if self.diagnostics is not None:
            self.diagnostics.watch()
        try:
            yield from self._steps()
        finally:  # finished, stopped, failed or closed: the model gets its own modules back
            if self.diagnostics is not None:
                self.diagnostics.close()

    def _steps(self):
        cfg = self.config
        eval_every = {0: self.per_epoch, -1: self.total + 1}.get(cfg.eval_every, cfg.eval_every)
        self._batches = Minibatches(self.data.train_x, self.data.train_y, self.batch)
        self._figures = StepFigures(self.device)
        self._current_lr = None
        pending: list[tuple[int, float]] = []  # (iteration, lr) whose figures are not read yet
        started = time.perf_counter()
        self.status = RunStatus.RUNNING
        for it in range(self.total):
            if not self._iteration(it):  # the CPU reads at once: diverged, its step not taken
                loss_value, norm_value = self._figures.last()
                yield self._diverged(it + 1, loss_value, self._current_lr, norm_value, started)
                return
            done = it + 1
            pending.append((done, self._current_lr))
            measured = done % eval_every == 0 or (done == self.total and cfg.eval_every != -1)
            if not (measured or done == self.total or self._figures.due()):
                continue
            rows = list(zip(pending, self._figures.read(), strict=True))
            pending = []
            for k, ((iteration, lr), (loss_value, norm_value)) in enumerate(rows):
                if not _finite(loss_value, norm_value):
                    yield self._diverged(iteration, loss_value, lr, norm_value, started)
                    return
                accuracies = (None, None)
                if iteration == done and (measured or done == self.total):
                    if not self._weights_finite():
                        yield self._diverged(done, loss_value, lr, norm_value, started)
                        return
                    if measured:
                        accuracies = self._accuracies()
                    if done == self.total:
                        self.status = RunStatus.FINISHED
                        self.evaluation = self.evaluate() if cfg.final_evaluation else None
                update = Update(cfg.name, iteration, self.total, iteration / self.per_epoch,
                                loss_value, lr, norm_value, *accuracies, self.status,
                                time.perf_counter() - started)  # fmt: skip
                self.history.add(update)
                command = yield update
                if isinstance(command, Stop):
                    self._keep_taken(rows[k + 1:], started)
                    self.status = RunStatus.STOPPED
                    return
                if command is not None:
                    self.apply(command)

    def _iteration(self, it: int) -> bool:
        """Take step ``it``: minibatch, loss, gradient, its norm, the update; on a GPU with no
        host synchronisation. False (CPU only) when the loss or the norm is not finite: that
        step is not taken."""
        import torch
        import torch.nn.functional as F

        cfg = self.config
        lr = float(self._lrs[it])
        if lr != self._current_lr:
            for group in self.optimizer.param_groups:
                group["lr"] = lr
            self._current_lr = lr
        step = it % self.per_epoch
        if step == 0:  # a new epoch's minibatches, drawn as the search draws them
            self._batches.new_epoch(epoch_indices(self.generator, len(self.data.train_x),
                                                  self.batch, self.per_epoch, cfg.sampling))
        x, y = self._batches.take(step)
        loss = F.cross_entropy(self.model(x), y)
        by_hand = cfg.l2 and not cfg.l1  # the L2 term's gradient, λ·W, added without autograd
        if cfg.l2 and not by_hand:
            loss = loss + 0.5 * cfg.l2 * sum((w * w).sum() for w in self.weights)
        if cfg.l1:
            loss = loss + cfg.l1 * sum(w.abs().sum() for w in self.weights)
        self._grads.zero()
        loss.backward()
        if by_hand:
            loss = loss.detach() + l2_penalty(self.weights, cfg.l2)
        if cfg.clip_norm > 0:
            grad_norm = torch.nn.utils.clip_grad_norm_(self.params, cfg.clip_norm)
        else:
            grad_norm = self._grads.norm()
        self._figures.record(loss, grad_norm)
        if self._figures.immediate and not _finite(*self._figures.last()):
            return False
        with self._diagnosed(it):  # measured around the step (inside training, issue 18)
            if cfg.decoupled_weight_decay:
                # AdamW's decay (Loshchilov & Hutter 2019, alg. 2): it shrinks the weights the
                # gradient was taken at, theta_{t-1}, so it comes before the update
                with torch.no_grad():
                    for w in self.weights:
                        w.mul_(1.0 - lr * cfg.decoupled_weight_decay)
            self._step()  # optimizer.step(), leaner for SGD
        return True

    def _accuracies(self) -> tuple[float, float]:
        """(train, validation) accuracy at the optimizer's evaluation point."""
        with self._at_evaluation_point():
            train_acc, _ = accuracy_and_predictions(self.model, self.data.train_x,
                                                    self.data.train_y)
            val_acc, _ = accuracy_and_predictions(self.model, self.data.val_x, self.data.val_y)
        return train_acc, val_acc

    def _keep_taken(self, rows, started) -> None:
        """A Stop inside a GPU block: the block's later steps were taken, so the history keeps
        them (up to the first non-finite one) and matches the weights the run hands over."""
        for (iteration, lr), (loss_value, norm_value) in rows:
            if not _finite(loss_value, norm_value):
                return
            self.history.add(Update(self.config.name, iteration, self.total,
                                    iteration / self.per_epoch, loss_value, lr, norm_value,
                                    elapsed_s=time.perf_counter() - started))  # fmt: skip

    def _diagnostics(self, config: DiagnosticsConfig):
        """Inside-training measurements on a probe batch of the run's own (issue 18)."""
        from lab.engine.train.diagnostics.measure import Diagnostics, probe_batch

        probe = probe_batch(self.data.train_x, self.data.train_y, config.probe, self.config.seed)
        return Diagnostics(config, self.model, self.model_config.activation, probe, self.total,
                           self._at_evaluation_point)  # fmt: skip

    def _diagnosed(self, iteration: int):
        """The diagnostics' context around one step; nothing when they are off."""
        return _NO_STEP if self.diagnostics is None else self.diagnostics.around_step(iteration)

    def evaluate(self) -> Evaluation:
        with self._at_evaluation_point():
            return evaluate_model(self.model, self.data.test_x, self.data.test_y,
                                  self.data.classes)

    def _at_evaluation_point(self):
        """A context in which the parameters are where the optimizer says to evaluate."""
        from lab.engine.train.optimizer_classes import evaluation_weights

        return evaluation_weights(self.optimizer)

    def _weights_finite(self) -> bool:
        """Every parameter finite: one read of the device, however many parameters."""
        return all_finite(self.params)

    def _diverged(self, iteration: int, loss: float, lr: float, norm: float, started) -> Update:
        self.status, self.diverged_at = RunStatus.DIVERGED, iteration
        update = Update(self.config.name, iteration, self.total, iteration / self.per_epoch,
                        loss, lr, norm, status=RunStatus.DIVERGED,
                        elapsed_s=time.perf_counter() - started)  # fmt: skip
        self.history.add(update)
        return update


_NO_STEP = nullcontext()  # reusable: it holds no state


def _fit_model(model: ModelConfig, data: PreparedData) -> ModelConfig:
    """The model's input and output sizes follow the data (another folder may differ)."""
    from dataclasses import replace

    return replace(model, inputs=data.train_x.shape[1], classes=data.classes,
                   image_side=data.image_side)



def _own_dropout(model, generator):
    """Swap torch's Dropout layers (they draw from the global generator) for ones that draw
    their masks from the run's ``generator``; None leaves the model as it is."""
    from torch import nn

    if generator is None:
        return model
    for i, module in enumerate(model):
        if isinstance(module, nn.Dropout):
            model[i] = _run_dropout_type()(module.p, generator)
    return model


@lru_cache(maxsize=1)
def _run_dropout_type():
    """Defined on first use: the engine imports torch only when a run is built."""
    from torch import nn

    class RunDropout(nn.Module):
        """Inverted dropout as torch's (kept units scaled by 1/(1-p), Srivastava et al. 2014),
        with masks from the run's own generator, drawn as the search's stacked trainer
        draws them (lab.engine.core.draws.dropout_mask)."""

        def __init__(self, p: float, generator):
            super().__init__()
            self.p, self.generator = p, generator

        def forward(self, x):
            if not self.training or self.p == 0:
                return x
            keep = 1.0 - self.p
            return x * dropout_mask(self.generator, x.shape, keep, as_float=True) / keep

        def extra_repr(self) -> str:
            return f"p={self.p}"

    return RunDropout


def _finite(loss: float, grad_norm: float) -> bool:
    """An iteration's figures as the loop judges them: a non-finite one ends the run there."""
    return math.isfinite(loss) and math.isfinite(grad_norm)
