"""A model's parameters as one flat vector, and back.

Why: a landscape plane, a PCA and a Hessian eigenvector all live in the space of *all*
parameters at once; one layout (names, shapes, offsets, in ``named_parameters`` order) turns a
state dict into that vector and a vector back into per-layer tensors, so every module agrees on
which coordinate is which weight. Buffers (batch norm's running statistics) are not coordinates:
they stay those of the model a plane is centred on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    """One parameter's place in the flat vector."""

    name: str
    shape: tuple[int, ...]
    start: int
    stop: int

    @property
    def is_filter(self) -> bool:
        """A weight matrix or kernel (rows are Li et al.'s filters); 1-D parameters are biases
        and batch-norm scales and shifts."""
        return len(self.shape) > 1


@dataclass(frozen=True)
class Layout:
    """Where each parameter of a model sits in the flat vector."""

    slots: tuple[Slot, ...]

    @property
    def size(self) -> int:
        return self.slots[-1].stop if self.slots else 0

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.slots)

    def flatten(self, tensors: dict):
        """One float64 CPU vector from ``{name: tensor}`` (a state dict may hold more)."""
        import torch

        missing = [s.name for s in self.slots if s.name not in tensors]
        if missing:
            raise KeyError(f"no tensor for {', '.join(missing[:5])}")
        return torch.cat([tensors[s.name].detach().reshape(-1).to("cpu", torch.float64)
                          for s in self.slots])  # fmt: skip

    def unflatten(self, vector, dtype=None, device=None) -> dict:
        """``{name: tensor}`` shaped as the model's parameters; the last axis of ``vector``
        is the parameter axis (leading axes, e.g. a batch of points, are kept)."""
        lead = tuple(vector.shape[:-1])
        out = {}
        for s in self.slots:
            part = vector[..., s.start: s.stop].reshape(*lead, *s.shape)
            out[s.name] = part.to(dtype=dtype or part.dtype, device=device or part.device)
        return out

    def filter_mask(self):
        """True on the coordinates of weight matrices and kernels (Li et al.'s filters)."""
        import torch

        mask = torch.zeros(self.size, dtype=torch.bool)
        for s in self.slots:
            mask[s.start: s.stop] = s.is_filter
        return mask


def layout_of(model) -> Layout:
    """The layout of ``model``'s parameters, in ``named_parameters`` order."""
    slots, start = [], 0
    for name, p in model.named_parameters():
        slots.append(Slot(name, tuple(p.shape), start, start + p.numel()))
        start += p.numel()
    return Layout(tuple(slots))
