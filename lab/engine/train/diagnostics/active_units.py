"""Which ReLU units were active over the minibatches trained since the last measurement.

Why a stand-in module, not a forward hook: this runs on every training iteration, so its cost
is paid ~470 times an epoch. A forward hook sends each ReLU call through the module's slow
path and ran two reductions per layer (~9 µs a layer, ~40 µs an iteration of the book's MLP,
5 % of its step); the stand-in is a ``ReLU`` that adds its output's sum over the minibatch into
a per-unit total with one matrix-vector product (~3 µs). A unit's total stays 0 exactly when
its pre-activation was ≤ 0 on every example (a ReLU's output is ≥ 0 and > 0 exactly where the
input is), so "dead since the last measurement" is ``total <= 0``. The stand-ins replace the
model's ReLUs only while the run trains (:meth:`ActiveUnits.install` at its start,
:meth:`ActiveUnits.restore` however it ends); a ReLU has no parameters or buffers, so the
weights and ``state_dict`` never change, and a copy or a pickle of the model holds plain ReLUs.
Evaluation passes (eval mode or no gradient) and the probe's own pass are not counted.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class CountingReLU(nn.ReLU):
    """A ReLU that adds, per unit, its outputs over each training minibatch to ``totals``."""

    def __init__(self, original: nn.ReLU, units: ActiveUnits, layer: int):
        super().__init__(inplace=original.inplace)
        self.units, self.layer = units, layer

    def __deepcopy__(self, memo):
        return nn.ReLU(inplace=self.inplace)  # a copy of the model is not the run's to count

    def __reduce__(self):
        return nn.ReLU, (self.inplace,)  # saved as what it stands in for

    def forward(self, x):
        out = F.relu(x, inplace=self.inplace)
        if self.training and self.units.counting and torch.is_grad_enabled():
            self.units.add(self.layer, out.detach())
        return out


class ActiveUnits:
    """Per layer, each unit's output summed over the minibatches trained since :meth:`reset`."""

    def __init__(self, model: nn.Sequential, relus: dict[int, int]):
        """``relus``: layer → index in ``model`` of the ReLU after it."""
        self.model, self.relus, self.counting = model, relus, True
        self.totals: dict[int, torch.Tensor] = {}
        self._ones: dict[int, torch.Tensor] = {}
        self._replaced: dict[int, nn.Module] = {}

    def install(self) -> None:
        """Stand in for the model's ReLUs (while its run trains; again after :meth:`restore`)."""
        if self._replaced:
            return
        self._replaced = {index: self.model[index] for index in self.relus.values()}
        for layer, index in self.relus.items():
            self.model[index] = CountingReLU(self.model[index], self, layer)

    def add(self, layer: int, out) -> None:
        total = self.totals.get(layer)
        if total is None or out.dim() != 2:  # the first minibatch; a convolution's channels
            sums = out.sum([d for d in range(out.dim()) if d != 1])
            self.totals[layer] = sums if total is None else total.add_(sums)
            return
        ones = self._ones.get(len(out))  # the run's dtype and device: a model never moves
        if ones is None:
            ones = self._ones[len(out)] = torch.ones(len(out), dtype=out.dtype, device=out.device)
        torch.addmv(total, out.T, ones, out=total)

    def dead(self, layer: int):
        """The share of the layer's units never active since the last reset (a 0-d tensor on
        the model's device), or None when no minibatch was trained since."""
        total = self.totals.get(layer)
        return None if total is None else (total <= 0).double().mean()

    def reset(self) -> None:
        for total in self.totals.values():
            total.zero_()

    def restore(self) -> None:
        """Put the model's own ReLUs back (nothing when they are there)."""
        for index, relu in self._replaced.items():
            self.model[index] = relu
        self._replaced.clear()
