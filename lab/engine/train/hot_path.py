"""The parts of a training iteration that run every step, kept as cheap as a bare torch loop.

Why a module of its own: the training loop measures more than a bare loop does (the gradient
norm, finiteness of the loss and the norm every iteration), and issue 20 asks that this cost
nothing a learner could see, and that on a GPU the loop never waits for the device:

- :func:`gradient_norm`: the global 2-norm in three fused ops (``torch._foreach_norm`` over
  every gradient, a stack, one norm), the same arithmetic as ``torch.nn.utils.get_total_norm``
  without its per-call grouping.
- :class:`FlatGradients`: every parameter's gradient a view into one contiguous buffer, so
  clearing the gradients is one ``zero_`` (not ``zero_grad``'s loop over parameters) and their
  global norm one ``vector_norm`` of the buffer (the norm of all gradients concatenated,
  exactly what it is defined as). Backward adds each new gradient into its view in place
  (autograd accumulates into an existing ``.grad`` when no graph is built), so 0 + g = g and
  the steps are bit for bit those of ``zero_grad(set_to_none=True)``.
- :func:`l2_penalty`: the book's L2 term with its gradient added by hand, not through autograd.
- :class:`SGDStep`: ``torch.optim.SGD``'s step (plain or with momentum) as the two or three
  multi-tensor operations torch's own step ends in, without the ~50 µs of Python around them
  each iteration (hooks, the profiler's record, grouping by device, reading the state).
- :class:`Minibatches`: a minibatch's rows gathered with ``index_select`` into buffers kept
  from step to step (a contiguous row copy; ``x[index]`` goes through the general advanced
  indexing kernel and allocates every step). The epoch's indices go to the device once per
  epoch, from pinned memory without blocking.
- :class:`StepFigures`: each iteration's loss and gradient norm. On the CPU a read costs no
  synchronisation, so they are read at once and a non-finite value stops the run before its
  step, as it always has. On a GPU they are written into a tensor on the device and read once
  per block of iterations (at most :data:`BLOCK` of them, or :data:`READ_INTERVAL_S` of the
  host's time, whichever comes first): one host synchronisation per block instead of two per
  iteration. The first non-finite row of a block names the iteration where the run diverged.
"""

from __future__ import annotations

import time

BLOCK = 64  # iterations whose figures a GPU run keeps on the device before one read
READ_INTERVAL_S = 1 / 30  # at most this long between reads (the window draws ~30 times a second)


def gradient_norm(grads):
    """The global 2-norm of ``grads`` (tensors on one device), computed on that device."""
    import torch

    return torch.linalg.vector_norm(torch.stack(torch._foreach_norm(grads)))


def l2_penalty(weights, l2: float):
    """The book's weight decay 0.5·λ·ΣW² (its value, a 0-d tensor), with its gradient λ·W
    added to each weight's ``.grad``: call it after the backward pass of the loss without it.

    Why by hand: through autograd the term costs a product, a sum and an addition per weight
    forward and as many nodes backward, every iteration. Its gradient is exactly what autograd
    gives: W·W's backward sends 0.5·λ·W twice, which sum to λ·W with no rounding (halving and
    doubling are exact in binary), and adding it to the data gradient rounds once either way.
    """
    import torch

    with torch.no_grad():
        penalty = 0.5 * l2 * sum((w * w).sum() for w in weights)
        torch._foreach_add_([w.grad for w in weights], torch._foreach_mul(weights, l2))
    return penalty


def all_finite(tensors) -> bool:
    """True when every value of ``tensors`` (on one device) is finite: one host read."""
    import torch

    return bool(torch.stack([torch.isfinite(t).all() for t in tensors]).all())


class SGDStep:
    """``optimizer.step()`` for a ``torch.optim.SGD`` whose update is ``θ ← θ − η·g`` or with
    momentum ``b ← μ·b + (1 − τ)·g; θ ← θ − η·b`` (no weight decay, Nesterov or maximize):
    exactly the operations of torch's multi-tensor step (``_multi_tensor_sgd``), in its order,
    on its state (the momentum buffers stay in ``optimizer.state``, so a saved optimizer is
    torch's), the group read at each step. Anything else, a missing
    gradient or the first momentum step (torch makes the buffers) goes to ``optimizer.step()``.
    """

    def __init__(self, optimizer):
        import torch

        self.optimizer = optimizer
        self.sgd = type(optimizer) is torch.optim.SGD
        self._buffers = None

    def lean(self) -> bool:
        """Whether this step may skip ``optimizer.step()``: checked every step, as the group's
        settings and anyone's step hooks may change between two."""
        from torch.optim import optimizer as torch_optimizer

        opt = self.optimizer
        if not self.sgd or len(opt.param_groups) != 1:
            return False
        group = opt.param_groups[0]  # load_state_dict puts in new group dicts
        return (not any(group.get(k) for k in ("weight_decay", "nesterov", "maximize",
                                                   "differentiable", "fused"))
                and not (opt._optimizer_step_pre_hooks or opt._optimizer_step_post_hooks
                         or torch_optimizer._global_optimizer_pre_hooks
                         or torch_optimizer._global_optimizer_post_hooks))  # fmt: skip

    def __call__(self) -> None:
        import torch

        if not self.lean():
            self.optimizer.step()
            return
        group = self.optimizer.param_groups[0]
        params = group["params"]
        grads = [p.grad for p in params]
        if any(g is None for g in grads):
            self.optimizer.step()
            return
        with torch.no_grad():
            if group["momentum"]:
                buffers = self._momentum_buffers(params)
                if buffers is None:
                    self.optimizer.step()  # the first step: torch makes the buffers
                    return
                torch._foreach_mul_(buffers, group["momentum"])
                torch._foreach_add_(buffers, grads, alpha=1 - group["dampening"])
                grads = buffers
            torch._foreach_add_(params, grads, alpha=-group["lr"])

    def _momentum_buffers(self, params):
        """The optimizer's own buffers (read again whenever its state was replaced, e.g. by
        ``load_state_dict``), or None before torch has made them."""
        state = self.optimizer.state
        first = state[params[0]].get("momentum_buffer") if params[0] in state else None
        if self._buffers is None or first is not self._buffers[0]:
            buffers = [state[p].get("momentum_buffer") if p in state else None for p in params]
            self._buffers = None if any(b is None for b in buffers) else buffers
        return self._buffers


class FlatGradients:
    """The gradients of ``params`` kept in one buffer from the second iteration on.

    The first backward pass makes the gradients; :meth:`norm` then moves them into one
    buffer and points each ``.grad`` at its slice. Should anything put another tensor in a
    ``.grad`` (or leave one at None: a parameter the loss did not reach), the buffer is
    dropped and the next iteration starts over as the first did, so no stale gradient is
    ever added to.
    """

    def __init__(self, params):
        self.params = list(params)
        self._flat = None
        self._views: list = []

    def zero(self) -> None:
        """Clear every gradient before a backward pass."""
        if self._flat is not None and self._intact():
            self._flat.zero_()
            return
        self._flat, self._views = None, []
        for p in self.params:
            p.grad = None

    def norm(self):
        """The global 2-norm of the gradients just computed (a 0-d tensor on their device)."""
        import torch

        if self._flat is not None and self._intact():
            return torch.linalg.vector_norm(self._flat)
        grads = [p.grad for p in self.params]
        present = [g for g in grads if g is not None]
        norm = gradient_norm(present)
        if len(present) == len(grads) and len({(g.dtype, g.device) for g in grads}) == 1:
            self._adopt(grads)
        return norm

    def _intact(self) -> bool:
        return all(p.grad is v for p, v in zip(self.params, self._views, strict=True))

    def _adopt(self, grads) -> None:
        import torch

        self._flat = torch.cat([g.reshape(-1) for g in grads])
        self._views, at = [], 0
        for p in self.params:
            view = self._flat[at: at + p.numel()].view_as(p)
            p.grad = view
            self._views.append(view)
            at += p.numel()


class Minibatches:
    """One epoch's minibatches, gathered into reused buffers on the data's device.

    A batch handed out is valid until the next :meth:`take`: the step that uses it finishes
    its backward pass before the loop asks for the next one.
    """

    def __init__(self, x, y, batch: int):
        import torch

        self.x, self.y, self.batch = x, y, batch
        rows = min(batch, len(x))
        self._x = torch.empty((rows, *x.shape[1:]), dtype=x.dtype, device=x.device)
        self._y = torch.empty((rows, *y.shape[1:]), dtype=y.dtype, device=y.device)
        self._order = None

    def new_epoch(self, order) -> None:
        """This epoch's indices (int64 on the CPU); copied to the device without waiting."""
        if self.x.device.type != "cpu":
            order = order.pin_memory().to(self.x.device, non_blocking=True)
        self._order = order

    def take(self, step: int):
        """(x, y) of the epoch's ``step``-th minibatch (the last one may be smaller)."""
        import torch

        index = self._order[step * self.batch: (step + 1) * self.batch]
        n = len(index)
        x = torch.index_select(self.x, 0, index, out=self._x[:n])
        y = torch.index_select(self.y, 0, index, out=self._y[:n])
        return x, y


class StepFigures:
    """Per-iteration (loss, gradient norm), read by the host at once (CPU) or per block."""

    def __init__(self, device: str):
        import torch

        self.immediate = torch.device(device).type == "cpu"
        self._rows: list[tuple[float, float]] = []
        self._device_rows = None if self.immediate else torch.empty(
            (BLOCK, 2), dtype=torch.float64, device=device)
        self._n = 0
        self._last_read = time.monotonic()

    def record(self, loss, norm) -> None:
        """Keep one iteration's figures (0-d tensors); no host synchronisation on a GPU."""
        if self.immediate:
            self._rows.append((float(loss.detach()), float(norm)))
        else:
            self._device_rows[self._n, 0].copy_(loss.detach())
            self._device_rows[self._n, 1].copy_(norm)
        self._n += 1

    def last(self) -> tuple[float, float]:
        """The figures just recorded (read at once: CPU runs only)."""
        return self._rows[-1]

    def due(self) -> bool:
        """True when the figures kept should be read now (always on the CPU)."""
        return (self.immediate or self._n == BLOCK
                or time.monotonic() - self._last_read >= READ_INTERVAL_S)  # fmt: skip

    def read(self) -> list[tuple[float, float]]:
        """Every row recorded since the last read, oldest first (one transfer on a GPU)."""
        if self.immediate:
            rows = self._rows
        else:
            rows = [tuple(r) for r in self._device_rows[: self._n].tolist()]
        self._rows, self._n, self._last_read = [], 0, time.monotonic()
        return rows
