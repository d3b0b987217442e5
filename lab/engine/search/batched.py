"""N MLPs of one shape trained at once, as one set of batched tensor operations.

Why: the book's random search trains 100 small networks (784-100x6-10) one after another; each
matrix product is too small to keep the CPU busy, so most of the time goes to per-call overhead.
Stacking the N models' weights into (N, fan_in, fan_out) tensors turns every layer of every model
into one ``torch.baddbmm`` call, and every optimizer step into a few element-wise ops over all
models, each model with its own learning rate, weight decay, momentum/betas, dropout, initial
weights and minibatches. ``torch.func.stack_module_state`` + ``vmap`` measured within about
±10 % of it per step here, either way from run to run (``descent-lab bench search``:
vmap_step_20_ms vs bmm_step_20_ms, vmap with a bare SGD update); explicit baddbmm was kept as it
makes per-model dropout, Adam state and compaction of leaving models plain tensor code.

The models are independent: model i's loss depends only on its own weights, so the sum of the N
losses has model i's gradient in slice i. A model that diverges (NaN/inf) leaves the batch at
the end of that epoch; a pruned one leaves when the caller says so. Each model follows the
trajectory it would follow alone in ``torch.optim`` (tests/engine/search/test_batched.py).

Update rules follow torch.optim (L2 weight decay on the weights only, the book's 0.5·λ·ΣW²):
- SGD / Momentum (torch.optim.SGD, dampening 0): g ← ∇ + λW;  b ← μ·b + g;  W ← W − η·b
- Adam (Kingma & Ba 2015, alg. 1, torch's form): g ← ∇ + λW;  m ← β1·m + (1−β1)·g;
  v ← β2·v + (1−β2)·g²;  W ← W − (η/(1−β1ᵗ)) · m / (√v/√(1−β2ᵗ) + ε)
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass

import numpy as np

from lab.engine.core.initializers import initialize, parse_init

OPTIMIZERS = ("sgd", "momentum", "adam")
ACTIVATIONS = ("relu", "tanh", "sigmoid")
SAMPLING = ("replacement", "epoch")
EVAL_CHUNK = 2048  # rows per evaluation forward pass (bounds its activations' memory)


class BatchError(ValueError):
    """Trials that cannot train together, or a value out of range."""


@dataclass(frozen=True)
class TrialSpec:
    """One model's configuration; trials with the same :meth:`shape_key` train as one batch."""

    lr: float
    weight_decay: float = 0.0
    optimizer: str = "sgd"
    momentum: float = 0.9  # Momentum only
    beta1: float = 0.9  # Adam only
    beta2: float = 0.999
    eps: float = 1e-8
    hidden: tuple[int, ...] = (100,) * 6
    activation: str = "relu"
    init: str = "book-he"
    dropout: float = 0.0
    batch_size: int = 100
    seed: int = 0

    def shape_key(self) -> tuple:
        """What must agree for trials to share one batch of tensors."""
        kind = "adam" if self.optimizer == "adam" else "sgd"
        return (self.hidden, self.activation, kind, self.batch_size)

    def problems(self) -> list[str]:
        checks = [
            (self.optimizer in OPTIMIZERS, f"optimizer must be one of {', '.join(OPTIMIZERS)}"),
            (self.activation in ACTIVATIONS,
             f"activation must be one of {', '.join(ACTIVATIONS)}"),
            (math.isfinite(self.lr) and self.lr > 0, "lr must be a positive number"),
            (math.isfinite(self.weight_decay) and self.weight_decay >= 0,
             "weight_decay must be >= 0"),
            (0 <= self.momentum < 1 and 0 <= self.beta1 < 1 and 0 <= self.beta2 < 1,
             "momentum and betas must lie in [0, 1)"),
            (0 <= self.dropout < 1, "dropout must lie in [0, 1)"),
            (bool(self.hidden) and all(1 <= h <= 4096 for h in self.hidden),
             "hidden layers must be 1 to 4096 units (at least one layer)"),
            (self.batch_size >= 1, "batch_size must be at least 1"),
        ]  # fmt: skip
        return [message for ok, message in checks if not ok]


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
    """Command: these trials leave the batch (pruned, or no longer wanted)."""

    trials: tuple[int, ...]


@dataclass(frozen=True)
class Stop:
    """Command: stop training the whole batch now."""


def initial_weights(spec: TrialSpec, inputs: int, classes: int, dtype=None) -> list:
    """Per layer a (fan_out, fan_in) weight, drawn from the trial's seed as build_model does;
    biases start at zero (the book)."""
    import torch

    generator = torch.Generator().manual_seed(spec.seed)
    init = parse_init(spec.init)
    sizes = (inputs, *spec.hidden, classes)
    weights = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        w = torch.empty(fan_out, fan_in)
        initialize(w, init, generator)
        weights.append(w.to(dtype or torch.float32))
    return weights


def sequential_model(spec: TrialSpec, inputs: int, classes: int, dtype=None):
    """The trial as one plain ``nn.Sequential`` with its initial weights (zero biases): the
    model-at-a-time reference the batched trainer is tested and benchmarked against."""
    import torch
    from torch import nn

    activation = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[spec.activation]
    layers = []
    for w in initial_weights(spec, inputs, classes, dtype):
        linear = nn.Linear(w.shape[1], w.shape[0], dtype=w.dtype)
        with torch.no_grad():
            linear.weight.copy_(w)
            linear.bias.zero_()
        layers += [linear, activation()]
    return nn.Sequential(*layers[:-1])


def steps_per_epoch(n_train: int, batch_size: int) -> int:
    """The book's Trainer: max(n / batch, 1) iterations per epoch (whole batches)."""
    return max(n_train // min(batch_size, n_train), 1)


def minibatch_indices(spec: TrialSpec, n_train: int, epochs: int, sampling: str):
    """(epochs·steps, batch) int64 indices into the training set, from the trial's own seed:
    drawn with replacement (the book's ``np.random.choice``) or a fresh permutation per epoch."""
    import torch

    batch = min(spec.batch_size, n_train)
    steps = steps_per_epoch(n_train, batch)
    generator = torch.Generator().manual_seed(spec.seed + 1_000_003)
    if sampling == "replacement":
        return torch.randint(n_train, (epochs * steps, batch), generator=generator)
    rows = [torch.randperm(n_train, generator=generator)[: steps * batch].view(steps, batch)
            for _ in range(epochs)]  # fmt: skip
    return torch.cat(rows)


class BatchedMLP:
    """The stacked weights, optimizer state and per-model hyperparameters of one batch."""

    def __init__(self, specs: list[TrialSpec], inputs: int, classes: int, device: str,
                 dtype=None):  # fmt: skip
        import torch

        keys = {s.shape_key() for s in specs}
        if len(keys) != 1:
            raise BatchError("trials of different shapes, batch sizes or optimizer kinds "
                             "cannot share one batch")
        problems = sorted({p for s in specs for p in s.problems()})
        if problems:
            raise BatchError("; ".join(problems))
        self.dtype = dtype or torch.float32
        self.device = device
        self.spec = specs[0]
        self.adam = specs[0].optimizer == "adam"
        per_model = [initial_weights(s, inputs, classes, self.dtype) for s in specs]
        self.weights = [torch.stack([m[layer].T for m in per_model]).to(device).contiguous()
                        for layer in range(len(per_model[0]))]  # (N, in, out)
        self.biases = [torch.zeros(len(specs), 1, w.shape[2], dtype=self.dtype, device=device)
                       for w in self.weights]  # fmt: skip

        def column(values) -> torch.Tensor:
            return torch.tensor(values, dtype=self.dtype, device=device).view(-1, 1, 1)

        self.lr = column([s.lr for s in specs])
        self.wd = column([s.weight_decay for s in specs])
        self.momentum = column([s.momentum if s.optimizer == "momentum" else 0.0 for s in specs])
        self.beta1 = column([s.beta1 for s in specs])
        self.beta2 = column([s.beta2 for s in specs])
        self.eps = column([s.eps for s in specs])
        self.keep = column([1.0 - s.dropout for s in specs])
        self.any_dropout = any(s.dropout > 0 for s in specs)
        self.uses_momentum = any(s.optimizer == "momentum" for s in specs)
        params = self.params()
        # momentum buffer, or Adam's m; plain SGD keeps none
        self.state1 = [torch.zeros_like(p) for p in params] \
            if self.adam or self.uses_momentum else []
        self.state2 = [torch.zeros_like(p) for p in params] if self.adam else []
        self.step = 0
        self.act_ = {"relu": torch.relu_, "tanh": torch.tanh_,
                     "sigmoid": torch.sigmoid_}[self.spec.activation]  # fmt: skip
        self.dropout_generator = torch.Generator(device=device).manual_seed(specs[0].seed + 7)

    def params(self) -> list:
        return [*self.weights, *self.biases]

    def forward(self, x, train: bool):
        """Logits (N, B, classes); ``x`` is (N, B, in) or (B, in) shared by all models.

        Activations are applied in place on each layer's fresh output (baddbmm's backward
        needs its inputs, not its output), sparing one allocation and memory pass per layer."""
        import torch

        h = x
        last = len(self.weights) - 1
        for layer, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            if h.dim() == 3:
                h = torch.baddbmm(b, h, w)
            else:  # inputs shared by all models: one GEMM against every model's columns
                n, fan_in, fan_out = w.shape
                h = (h @ w.permute(1, 0, 2).reshape(fan_in, n * fan_out)) \
                    .view(len(h), n, fan_out).transpose(0, 1) + b
            if layer < last:
                h = self.act_(h)
                if train and self.any_dropout:  # inverted dropout, torch's
                    mask = torch.rand(h.shape, generator=self.dropout_generator,
                                      device=h.device, dtype=h.dtype) < self.keep
                    h = h * mask / self.keep
        return h

    def train_step(self, x, y):
        """One minibatch for every model: x (N, B, in), y (N, B). Returns the (N,) losses."""
        import torch
        from torch.nn.functional import cross_entropy

        params = self.params()
        for p in params:
            p.requires_grad_(True)
        logits = self.forward(x, train=True)
        n, b, c = logits.shape
        losses = cross_entropy(logits.reshape(n * b, c), y.reshape(-1),
                               reduction="none").view(n, b).mean(1)  # fmt: skip
        grads = torch.autograd.grad(losses.sum(), params)
        with torch.no_grad():
            for p in params:
                p.requires_grad_(False)
            self._update(params, grads)
        return losses.detach()

    def _update(self, params, grads) -> None:
        """The update rules of the module docstring, in place: the gradients autograd just
        returned are ours to overwrite, so no step allocates a parameter-sized tensor (except
        Adam's one scratch tensor per layer)."""
        import torch

        self.step += 1
        t = self.step
        n_weights = len(self.weights)
        weights, weight_grads = params[:n_weights], list(grads[:n_weights])
        grads = list(grads)
        torch._foreach_addcmul_(weight_grads, [self.wd] * n_weights, weights)  # g += λW
        if self.adam:
            bc1 = 1 - self.beta1**t
            bc2_sqrt = torch.sqrt(1 - self.beta2**t)
            step_size = self.lr / bc1
            one_minus_b1, one_minus_b2 = 1 - self.beta1, 1 - self.beta2
            for p, g, m, v in zip(params, grads, self.state1, self.state2, strict=True):
                m.mul_(self.beta1).addcmul_(one_minus_b1, g)
                v.mul_(self.beta2).addcmul_(one_minus_b2 * g, g)
                denom = v.sqrt().div_(bc2_sqrt).add_(self.eps)
                p.addcmul_(step_size, torch.div(m, denom, out=denom), value=-1.0)
        elif self.uses_momentum:
            torch._foreach_mul_(self.state1, [self.momentum] * len(params))
            torch._foreach_add_(self.state1, grads)
            torch._foreach_addcmul_(params, [self.lr] * len(params), self.state1, value=-1.0)
        else:  # plain SGD: the momentum buffer would only be a copy of g (b = 0·b + g)
            torch._foreach_addcmul_(params, [self.lr] * len(params), grads, value=-1.0)

    def keep_only(self, rows) -> None:
        """Compact every per-model tensor to the models at ``rows`` (a 1-D index tensor)."""
        def take(t):
            return t.index_select(0, rows).contiguous()

        self.weights = [take(w) for w in self.weights]
        self.biases = [take(b) for b in self.biases]
        self.state1 = [take(s) for s in self.state1]
        self.state2 = [take(s) for s in self.state2]
        for name in ("lr", "wd", "momentum", "beta1", "beta2", "eps", "keep"):
            setattr(self, name, take(getattr(self, name)))

    def finite_rows(self):
        """(N,) bool: every weight and bias of the model is finite.

        One float32 sum per model and tensor (a single read pass, no copy): an inf or NaN
        entry makes the sum non-finite, so a finite sum proves the row finite. Only a
        non-finite sum (a diverged model, or finite values whose sum overflowed) is checked
        entry by entry."""
        import torch

        params = self.params()
        ok = torch.ones(self.weights[0].shape[0], dtype=torch.bool, device=self.device)
        for p in params:
            ok &= torch.isfinite(p.flatten(1).sum(1))
        if bool(ok.all()):
            return ok
        ok.fill_(True)
        for p in params:
            ok &= torch.isfinite(p).flatten(1).all(1)
        return ok

    def hits(self, x, y, chunk: int = EVAL_CHUNK):
        """(N, rows) bool: which rows of (x, y), shared by all models, each model classifies
        right, in eval mode (no dropout)."""
        import torch

        if len(x) == 0:
            return torch.zeros(self.weights[0].shape[0], 0, dtype=torch.bool, device=self.device)
        with torch.no_grad():
            return torch.cat([self.forward(x[start:start + chunk], train=False).argmax(2)
                              == y[start:start + chunk]
                              for start in range(0, len(x), chunk)], dim=1)  # fmt: skip

    def accuracy(self, x, y, chunk: int = EVAL_CHUNK):
        """(N,) accuracy over (x, y) shared by all models, in eval mode (no dropout)."""
        return self.hits(x, y, chunk).sum(1).to(self.dtype) / max(len(x), 1)


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
    index = torch.stack([minibatch_indices(s, n_train, epochs, sampling) for s in specs])
    index = index.to(device).transpose(0, 1).contiguous()  # (epochs·steps, N, batch)
    x_buffer, y_buffer = _Gather(train_x), _Gather(train_y)
    active = list(range(len(specs)))
    for epoch in range(1, epochs + 1):
        loss_sum = torch.zeros(len(active), dtype=model.dtype, device=device)
        for s in range((epoch - 1) * steps, epoch * steps):
            idx = index[s]  # (N, B), contiguous
            loss_sum += model.train_step(x_buffer.take(idx), y_buffer.take(idx))
        finite = torch.isfinite(loss_sum) & model.finite_rows()
        hits = torch.cat([model.hits(x, y) for x, y in eval_sets], dim=1)  # (N, rows)
        train_acc = (hits[:, :n_train].sum(1).to(model.dtype) / n_train).cpu().numpy()
        val_acc = (hits[:, n_train:].sum(1).to(model.dtype) / max(len(val_x), 1)).cpu().numpy()
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
            index = index.index_select(1, keep).contiguous()
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
