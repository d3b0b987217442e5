"""Measuring a training run from inside: per layer, on a fixed probe batch, every k steps.

Why each choice:

- The probe batch is drawn once, from a generator of its own seeded from the run's seed
  (``seed + PROBE_STREAM``), so measuring never shifts the run's weights, minibatches or
  dropout masks: a run trains to the same weights with diagnostics on or off.
- The probe's forward pass walks the run's ``nn.Sequential`` itself: dropout is left out (no
  mask drawn from the run's generator), batch norm normalises with the probe batch's own
  statistics without touching the running ones. Its backward pass is ``torch.autograd.grad``,
  so the run's ``.grad`` are never touched. The loss is the data loss (cross-entropy), with no
  L1/L2 term, so the gradients say what the data asks of each layer.
- The probe's pass runs on the run's device; its tensors are summarised by
  :mod:`.summaries`: on the CPU one compiled pass per tensor, on a GPU on the device with one
  transfer per measurement (no per-layer ``.item()``), so a GPU run synchronises once per
  measurement, not once per figure.
- The update-to-weight ratio is ‖W_after − W_before‖ / ‖W_before‖ around the optimizer's
  actual step (and the run's decoupled weight decay before it), so it is right for Adam,
  weight decay and clipping; it is not lr·‖g‖.
- "Dead since the last measurement" (ReLU): for every training minibatch, which units were
  active (pre-activation > 0 for some example), counted by :mod:`.active_units`; evaluation
  passes (eval mode, no gradient) and the probe itself are not counted.
"""

from __future__ import annotations

import time
from contextlib import contextmanager, nullcontext

import numpy as np

from lab.engine.train.diagnostics.bins import BinAxis
from lab.engine.train.diagnostics.config import KINDS, PROBE_STREAM, DiagnosticsConfig
from lab.engine.train.diagnostics.record import STATS, DiagnosticsRecord, Histogram, Measurement
from lab.engine.train.diagnostics.summaries import summarize

_UNMEASURED = nullcontext()  # reusable: entering it does nothing
ACTIVE_KINDS = {"relu": "dead", "sigmoid": "saturated", "tanh": "saturated"}


def network_layers(model) -> list[tuple[int, int | None]]:
    """(index of the weighted module, index of its activation or None) per layer of an
    ``nn.Sequential``: each Linear/Conv2d and the activation that follows it before the next."""
    from torch import nn

    weighted = (nn.Linear, nn.Conv2d)
    activations = (nn.ReLU, nn.Sigmoid, nn.Tanh, nn.LeakyReLU, nn.ELU, nn.GELU)
    layers: list[list] = []
    for i, module in enumerate(model):
        if isinstance(module, weighted):
            layers.append([i, None])
        elif isinstance(module, activations) and layers and layers[-1][1] is None:
            layers[-1][1] = i
    return [(w, a) for w, a in layers]


def probe_batch(train_x, train_y, size: int, seed: int):
    """``size`` training examples chosen once from the run's probe stream (on their device)."""
    import torch

    generator = torch.Generator().manual_seed(int(seed) + PROBE_STREAM)
    index = torch.randperm(len(train_x), generator=generator)[: min(size, len(train_x))]
    index = index.to(train_x.device)
    return train_x[index], train_y[index]


class Diagnostics:
    """A run's diagnostics: :meth:`around_step` wraps each optimizer step of the loop."""

    def __init__(self, config: DiagnosticsConfig, model, activation: str, probe,
                 total: int, evaluation_point=nullcontext):  # fmt: skip
        from torch import nn

        self.config, self.model, self.total = config, model, total
        self.probe_x, self.probe_y = probe
        self.layers = network_layers(model)
        self.weights = [model[w].weight for w, _ in self.layers]
        self.activation = activation
        self.evaluation_point = evaluation_point
        names = tuple(f"{i + 1}" for i in range(len(self.layers)))
        budget = int(config.memory_mb * 2**20)
        self.record = DiagnosticsRecord(names, activation, budget)
        self.axes: list[list[BinAxis | None]] | None = None
        self._before: list | None = None
        self._ratio = None
        self._taken = 0
        self.on_host = None  # the summaries' backend: None chooses by device (a test forces it)
        self.active_units = None  # ReLU networks: units active since the last measurement
        if activation == "relu":
            relus = {layer: a for layer, (_, a) in enumerate(self.layers)
                     if a is not None and isinstance(model[a], nn.ReLU)}  # fmt: skip
            if relus:
                from lab.engine.train.diagnostics.active_units import ActiveUnits

                self.active_units = ActiveUnits(model, relus)

    # ---- the loop's one call ----------------------------------------------------------------
    def around_step(self, iteration: int):
        """The context to wrap the step from ``iteration`` to ``iteration + 1`` in (weight
        decay and ``optimizer.step()``): a shared empty one for a step that is not measured
        (most of them: no generator made per iteration), else :meth:`_measured_step`."""
        done = iteration + 1
        if iteration and done % self.config.every and done != self.total:
            return _UNMEASURED
        return self._measured_step(iteration)

    @contextmanager
    def _measured_step(self, iteration: int):
        """Step 0 is measured before it; a measured step's weights are copied before it and
        the update ratio and the measurement taken after it."""
        if iteration == 0 and self._taken == 0:
            self.measure(0)
        done = iteration + 1
        measured = done % self.config.every == 0 or done == self.total
        if measured:
            started = time.perf_counter()
            self._before = [w.detach().clone() for w in self.weights]
            self._spent = time.perf_counter() - started
        yield
        if measured:
            self._ratio = self._update_ratio()
            self.measure(done)

    def watch(self) -> None:
        """As the run starts training: count which units are active from now on."""
        if self.active_units is not None:
            self.active_units.install()

    def close(self) -> None:
        """Give the model its own modules back (the model may outlive the run's diagnostics)."""
        if self.active_units is not None:
            self.active_units.restore()

    # ---- measuring --------------------------------------------------------------------------
    def measure(self, iteration: int) -> Measurement:
        """Measure every layer now and append to the record."""
        started = time.perf_counter()
        with self.evaluation_point():
            tensors, extra = self._probe()
        flat = [t for row in tensors for t in row]
        axes = None if self.axes is None else [a for row in self.axes for a in row]
        summary = summarize(flat, extra, axes, self._fix_axes, self.on_host)
        measurement = self._unpack(iteration, summary)
        cost = time.perf_counter() - started + getattr(self, "_spent", 0.0)
        measurement = _with_cost(measurement, cost)
        self._spent = 0.0
        self.record.add(measurement)
        self._taken += 1
        if iteration and self.active_units is not None:
            self.active_units.reset()
        return measurement

    def _probe(self):
        """The probe's forward and backward pass: per layer the five kinds' tensors, and the
        per-layer extras (dead, saturated, ‖∇W‖, update ratio) as one device vector."""
        import torch
        import torch.nn.functional as F
        from torch import nn

        counting = self.active_units is not None
        if counting:
            self.active_units.counting = False
        try:
            with torch.enable_grad():
                h, outputs, pres = self.probe_x, {}, {}
                ends = {w if a is None else a: layer for layer, (w, a) in enumerate(self.layers)}
                starts = {a: layer for layer, (_, a) in enumerate(self.layers) if a is not None}
                for i, module in enumerate(self.model):
                    if i in starts:
                        pres[starts[i]] = h
                    if isinstance(module, nn.Dropout) or type(module).__name__ == "RunDropout":
                        continue
                    if isinstance(module, nn.BatchNorm1d | nn.BatchNorm2d):
                        h = F.batch_norm(h, None, None, module.weight, module.bias, True, 0.0,
                                         module.eps)  # fmt: skip
                    else:
                        h = module(h)
                    if i in ends:
                        outputs[ends[i]] = h
                        if self.layers[ends[i]][1] is None:
                            pres[ends[i]] = h
                loss = F.cross_entropy(h, self.probe_y)
                n = len(self.layers)
                outs = [outputs[k] for k in range(n)]
                grads = torch.autograd.grad(loss, outs + self.weights, allow_unused=True)
        finally:
            if counting:
                self.active_units.counting = True
        out_grads = [g if g is not None else torch.zeros_like(o) for g, o in
                     zip(grads[:n], outs, strict=True)]  # fmt: skip
        w_grads = [g if g is not None else torch.zeros_like(w) for g, w in
                   zip(grads[n:], self.weights, strict=True)]  # fmt: skip
        tensors = []
        for k, (_, a) in enumerate(self.layers):
            act = outs[k].detach() if a is not None else None
            tensors.append([pres[k].detach(), act, out_grads[k].detach(),
                            self.weights[k].detach(), w_grads[k].detach()])
        extra = self._extras(tensors, w_grads)
        return tensors, extra

    def _extras(self, tensors, w_grads):
        """Per layer: dead on the probe, dead since last, saturated, ‖∇W‖, update ratio."""
        import torch

        nan = torch.tensor(float("nan"), device=self.probe_x.device, dtype=torch.float64)
        rows = []
        for k, (pre, act, *_rest) in enumerate(tensors):
            dead = trained = saturated = nan
            if act is not None and self.activation == "relu":
                units = _per_unit(pre)
                dead = (units.amax(0) <= 0).double().mean()
                since = None if self.active_units is None else self.active_units.dead(k)
                if since is not None and self._taken:
                    trained = since
            elif act is not None and self.activation == "sigmoid":
                saturated = ((act < 0.01) | (act > 0.99)).double().mean()
            elif act is not None and self.activation == "tanh":
                saturated = (act.abs() > 0.99).double().mean()
            grad_norm = torch.linalg.vector_norm(w_grads[k].double())
            ratio = nan if self._ratio is None else self._ratio[k]
            rows.append(torch.stack([torch.as_tensor(v, dtype=torch.float64, device=nan.device)
                                     for v in (dead, trained, saturated, grad_norm, ratio)]))
        self._ratio = None
        return torch.stack(rows).reshape(-1)

    def _fix_axes(self, ranges: np.ndarray) -> list:
        """From the first measurement's finite (min, max) per tensor (NaN where absent)."""
        c, kinds = self.config, len(KINDS)
        flat = [None if np.isnan(low) and np.isnan(high) else
                BinAxis.around(low, high, c.bins, c.headroom, c.max_bins)
                for low, high in ranges]  # fmt: skip
        self.axes = [flat[k: k + kinds] for k in range(0, len(flat), kinds)]
        origin = np.array([[a.origin if a else 0.0 for a in row] for row in self.axes])
        width = np.array([[a.width if a else 1.0 for a in row] for row in self.axes])
        self.record.set_axes(origin, width)
        return flat

    def _unpack(self, iteration: int, summary) -> Measurement:
        n = len(self.layers)
        stats = summary.figures.reshape(n, len(KINDS), len(STATS))
        extra = summary.extra.reshape(n, 5)
        histograms, offset = [], 0
        for k in range(n):
            row = []
            for j in range(len(KINDS)):
                size = summary.sizes[k * len(KINDS) + j]
                axis = self.axes[k][j]
                if axis is None:
                    row.append(None)
                    continue
                row.append(Histogram(*axis.take(summary.grid[offset: offset + size])))
                offset += size
            histograms.append(tuple(row))
        return Measurement(self._taken, iteration, stats.copy(), extra[:, 0].copy(),
                           extra[:, 1].copy(), extra[:, 2].copy(), extra[:, 4].copy(),
                           extra[:, 3].copy(), tuple(histograms), 0.0)  # fmt: skip

    def _update_ratio(self):
        import torch

        with torch.no_grad():
            ratios = [torch.linalg.vector_norm((w.detach() - b).double())
                      / torch.linalg.vector_norm(b.double())
                      for w, b in zip(self.weights, self._before, strict=True)]  # fmt: skip
        self._before = None
        return torch.stack(ratios)


def _per_unit(t):
    """(examples, units) view: a convolution's units are its channels."""
    if t.dim() == 2:
        return t
    return t.transpose(0, 1).reshape(t.shape[1], -1).T


def _with_cost(m: Measurement, cost: float) -> Measurement:
    from dataclasses import replace

    return replace(m, cost_s=cost)
