"""The loss and accuracy at many points of a plane (or line), many weight sets per forward pass.

Why batched: the reference code sets the weights and runs the data once per grid point (a
21×21 grid is 441 passes). Here a chunk of points goes through the network at once:

- the first layer is linear in the perturbation, X·(W₀ + Σⱼ cⱼ·Dⱼ)ᵀ = X·W₀ᵀ + Σⱼ cⱼ·(X·Dⱼᵀ),
  so its three products (n × 784 · 784 × h, the most expensive layer of an MNIST MLP) are made
  once for the whole plane and each point only mixes them;
- the later layers' weights differ per point: one ``baddbmm`` per layer for the chunk.

Models other than a plain MLP (batch norm, the CNN) go through ``torch.func.functional_call``
under ``vmap``, still a chunk of points per call. Everything is measured in eval mode (batch
norm's running statistics of the centre, no dropout); the loss is the run's own: mean
cross-entropy plus its L2/L1 terms on the weights. :func:`naive_evaluate` is the reference (one
forward pass per point) that tests and the benchmark compare with.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lab.engine.train.landscape.directions import Plane
from lab.engine.train.landscape.vectors import Layout, layout_of

# activations per chunk of points: ≈ 8 MB in float32 on a CPU, where between two layers a
# chunk's activations stay near the cache (32 MB chunks made the 25×25 bench plane ~25 %
# slower); ≈ 32 MB on a GPU, whose launches want large chunks (not measured on one yet)
CHUNK_FLOATS = 2_000_000
GPU_CHUNK_FLOATS = 8_000_000


@dataclass(frozen=True)
class Regularization:
    """The run's own penalty on its weights (lab.engine.train.training's loss)."""

    l2: float = 0.0
    l1: float = 0.0


class PlaneEvaluator:
    """Loss and accuracy of ``model``'s weights moved to ``plane.center + c·plane.axes`` on the
    fixed set (``x``, ``y``) for many coordinate rows ``c`` at once."""

    def __init__(self, model, plane: Plane, x, y, reg: Regularization = Regularization()):
        import torch

        self.model, self.plane, self.x, self.y, self.reg = model.eval(), plane, x, y, reg
        self.layout: Layout = layout_of(model)
        self.slots = {s.name: s for s in self.layout.slots}
        self.device = x.device
        self.dtype = next(model.parameters()).dtype
        self.center = plane.center.to(self.device, self.dtype)
        self.axes = plane.axes.to(self.device, self.dtype)
        self.weight_mask = self.layout.filter_mask().to(self.device)
        self._gram = None  # the L2 term's dot products, made on first use
        self.layers = _mlp_layers(model)
        self._first = None
        if self.layers is not None:
            first = self.layers[0]
            w = self.layout.unflatten(torch.cat([self.center[None], self.axes]))
            weight, bias = w[f"{first[0]}.weight"], w[f"{first[0]}.bias"]
            with torch.no_grad():  # X·W₀ᵀ and X·Dⱼᵀ, once: (1 + k, n, h)
                self._first = (torch.matmul(x, weight.transpose(1, 2)), bias)

    def evaluate(self, coords) -> tuple[np.ndarray, np.ndarray]:
        """(loss, accuracy) for each row of ``coords`` ((m, k) numbers)."""
        import torch

        coords = torch.as_tensor(np.asarray(coords, dtype=np.float64)).to(self.device, self.dtype)
        widest = max(self._widths())
        budget = CHUNK_FLOATS if self.device.type == "cpu" else GPU_CHUNK_FLOATS
        chunk = max(1, budget // max(1, len(self.x) * widest))
        losses, accs = [], []
        with torch.no_grad():
            for i in range(0, len(coords), chunk):
                c = coords[i: i + chunk]
                logits = self._mlp(c) if self.layers is not None else self._generic(c)
                loss, acc = _loss_and_accuracy(logits, self.y)
                losses.append(loss + self._penalty(c))
                accs.append(acc)
        return (torch.cat(losses).double().cpu().numpy(), torch.cat(accs).double().cpu().numpy())

    def _widths(self) -> list[int]:
        return [p.shape[0] for p in self.model.parameters() if p.ndim > 1] or [1]

    def _points(self, c):
        """The weight vectors of the chunk's points: (m, P)."""
        return self.center + c @ self.axes

    def _penalty(self, c):
        import torch

        if not (self.reg.l2 or self.reg.l1):
            return torch.zeros(len(c), device=self.device, dtype=self.dtype)
        if self.reg.l1:  # |w| has no shortcut: every point's weights, made
            w = self._points(c)[:, self.weight_mask]
            return 0.5 * self.reg.l2 * (w * w).sum(1) + self.reg.l1 * w.abs().sum(1)
        # ‖w₀ + Σⱼ cⱼ·Dⱼ‖² over the weights from their dot products, made once in float64:
        # no point's weight vector (the first layer's included) is made for the L2 term alone
        if self._gram is None:
            basis = torch.cat([self.center[None], self.axes])[:, self.weight_mask].double()
            self._gram = basis @ basis.T
        mix = torch.cat([torch.ones(len(c), 1, dtype=torch.float64, device=c.device),
                         c.double()], dim=1)  # fmt: skip
        squares = ((mix @ self._gram) * mix).sum(1)
        return (0.5 * self.reg.l2 * squares).to(self.dtype)

    def _mlp(self, c):
        import torch
        from torch import nn

        products, biases = self._first
        mix = torch.cat([torch.ones(len(c), 1, device=c.device, dtype=c.dtype), c], dim=1)
        # first layer: Σ over (centre, axes) of mix · (X·Wᵀ), plus the mixed bias
        z = torch.einsum("mj,jnh->mnh", mix, products).add_((mix @ biases)[:, None, :])
        for name, activation in self.layers[1:]:
            # z is this chunk's own fresh tensor: a ReLU may overwrite it (no second copy)
            h = torch.relu_(z) if type(activation) is nn.ReLU else activation(z)
            weight = self._parameter_at(c, f"{name}.weight")
            bias = self._parameter_at(c, f"{name}.bias")
            z = torch.baddbmm(bias[:, None, :], h, weight.transpose(1, 2))
        return z

    def _parameter_at(self, c, name: str):
        """One parameter at the chunk's points, (m, *shape): only what a layer after the first
        needs (the first layer's weights, most of the vector, are never made per point)."""
        import torch

        slot = self.slots[name]
        flat = torch.addmm(self.center[slot.start: slot.stop], c,
                           self.axes[:, slot.start: slot.stop])  # fmt: skip
        return flat.reshape(len(c), *slot.shape)

    def _generic(self, c):
        from torch.func import functional_call, vmap

        buffers = dict(self.model.named_buffers())
        points = self.layout.unflatten(self._points(c))

        def forward(params):
            return functional_call(self.model, (params, buffers), (self.x,))

        return vmap(forward)(points)


def _mlp_layers(model):
    """[(linear name, activation before it)] for a Sequential of Linear → activation
    (→ Dropout) blocks, the first with no activation; None for anything else (batch norm,
    convolutions), which take the generic path."""
    from torch import nn

    if not isinstance(model, nn.Sequential):
        return None
    layers, pending = [], None
    for name, module in model.named_children():
        if isinstance(module, nn.Linear):
            if layers and pending is None:
                return None  # two Linear layers in a row: not the MLP this path is for
            layers.append((name, pending))
            pending = None
        elif isinstance(module, nn.Dropout) or type(module).__name__ == "RunDropout":
            continue  # eval mode: the identity
        elif isinstance(module, nn.ReLU | nn.Sigmoid | nn.Tanh | nn.LeakyReLU | nn.ELU | nn.GELU):
            if not layers or pending is not None:
                return None
            pending = module
        else:
            return None
    if not layers or pending is not None:
        return None
    return layers


def _loss_and_accuracy(logits, y):
    """Mean cross-entropy and accuracy per point of a (m, n, classes) batch."""
    import torch

    log_p = torch.log_softmax(logits, dim=-1)
    target = y[None, :, None].expand(logits.shape[0], -1, 1)
    loss = -log_p.gather(-1, target).squeeze(-1).mean(dim=1)
    acc = (logits.argmax(-1) == y[None]).double().mean(dim=1)
    return loss, acc


def naive_evaluate(model, plane: Plane, x, y, coords, reg: Regularization = Regularization()
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The reference: for each point set the model's weights and run one forward pass."""
    import copy

    import torch
    import torch.nn.functional as F

    probe = copy.deepcopy(model).eval()
    layout = layout_of(probe)
    params = dict(probe.named_parameters())
    weights = [params[s.name] for s in layout.slots if s.is_filter]
    center, axes = plane.center.to(x.device), plane.axes.to(x.device)
    losses, accs = [], []
    with torch.no_grad():
        for c in np.asarray(coords, dtype=np.float64):
            point = center + torch.as_tensor(c, device=x.device) @ axes
            for name, value in layout.unflatten(point).items():
                params[name].copy_(value)
            logits = probe(x)
            loss = float(F.cross_entropy(logits, y))
            loss += 0.5 * reg.l2 * float(sum((w * w).sum() for w in weights))
            loss += reg.l1 * float(sum(w.abs().sum() for w in weights))
            losses.append(loss)
            accs.append(float((logits.argmax(1) == y).double().mean()))
    return np.array(losses), np.array(accs)


@dataclass(frozen=True, eq=False)
class PlaneGrid:
    """A grid being filled: ``loss``/``accuracy`` are NaN where not measured yet."""

    alphas: np.ndarray
    betas: np.ndarray
    loss: np.ndarray  # (len(betas), len(alphas))
    accuracy: np.ndarray
    measured: int
    total: int


def progressive_order(n: int) -> list[np.ndarray]:
    """The grid's (row, column) pairs in passes, coarse to fine: every 2^k-th point first
    (a view fills in within a fraction of the work), then the points between, down to 1."""
    stride = 1 << max(0, math.ceil(math.log2(max(n - 1, 1))) - 1)
    done = np.zeros((n, n), dtype=bool)
    passes = []
    while stride >= 1:
        keep = np.zeros((n, n), dtype=bool)
        keep[::stride, ::stride] = True
        keep[-1, ::stride] = keep[::stride, -1] = True
        keep[-1, -1] = True
        new = keep & ~done
        done |= new
        if new.any():
            passes.append(np.argwhere(new))
        stride //= 2
    return passes


def plane_steps(evaluator: PlaneEvaluator, alphas, betas):
    """Evaluate the grid ``alphas × betas`` coarse to fine, yielding a :class:`PlaneGrid`
    after each pass (close the generator to cancel)."""
    alphas, betas = np.asarray(alphas, float), np.asarray(betas, float)
    if len(alphas) != len(betas):
        raise ValueError("the grid must be square")
    loss = np.full((len(betas), len(alphas)), np.nan)
    acc = np.full_like(loss, np.nan)
    measured = 0
    for cells in progressive_order(len(alphas)):
        coords = np.stack([alphas[cells[:, 1]], betas[cells[:, 0]]], axis=1)
        values, accuracy = evaluator.evaluate(coords)
        loss[cells[:, 0], cells[:, 1]] = values
        acc[cells[:, 0], cells[:, 1]] = accuracy
        measured += len(cells)
        yield PlaneGrid(alphas, betas, loss.copy(), acc.copy(), measured, loss.size)
