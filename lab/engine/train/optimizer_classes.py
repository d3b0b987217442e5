"""The torch optimizer a training run builds from its registry entry, and the ones torch lacks.

torch.optim has most of the registry; Lion and Schedule-Free SGD/AdamW are written here as
``torch.optim.Optimizer`` subclasses from their papers (their reference packages, lion-pytorch
and schedulefree, are test dependencies only: the training tests check these against them).
Muon takes 2-D matrices only, so a Muon run is two optimizers: torch.optim.Muon for the hidden
layers' weight matrices and torch.optim.AdamW for everything else (:class:`MuonWithAdamW`);
:func:`build_optimizer` says which parameter went where, for the run to show.

Schedule-Free keeps two points: the parameters hold y, where gradients are taken, and x, the
average the method returns, is found from y and z. Evaluate and save at x: ``eval()`` moves
the parameters to x, ``train()`` back to y (the training loop does this around every
evaluation; :func:`evaluation_weights`).
"""

from __future__ import annotations

from contextlib import contextmanager

import torch
from torch import nn

from lab.engine.core.optimizers import OptimizerConfig, torch_kwargs


class Lion(torch.optim.Optimizer):
    """Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", alg. 2):
    c = β₁·m + (1−β₁)·g;  θ ← θ·(1 − η·λ) − η·sign(c);  m ← β₂·m + (1−β₂)·g.
    Every coordinate moves by exactly η (plus the decay)."""

    def __init__(self, params, lr: float = 1e-4, betas: tuple[float, float] = (0.9, 0.99),
                 weight_decay: float = 0.0):
        if not lr > 0 or not all(0.0 <= b <= 1.0 for b in betas) or weight_decay < 0:
            raise ValueError(f"Lion: invalid lr {lr}, betas {betas} or weight decay "
                             f"{weight_decay}")
        super().__init__(params, {"lr": lr, "betas": betas, "weight_decay": weight_decay})

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, (beta1, beta2), decay = group["lr"], group["betas"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["exp_avg"] = torch.zeros_like(p)
                m = state["exp_avg"]
                p.mul_(1.0 - lr * decay)
                direction = m.mul(beta1).add_(p.grad, alpha=1.0 - beta1).sign_()
                p.add_(direction, alpha=-lr)
                m.mul_(beta2).add_(p.grad, alpha=1.0 - beta2)
        return loss


class _ScheduleFree(torch.optim.Optimizer):
    """What Schedule-Free SGD and AdamW share (Defazio et al. 2024, "The Road Less
    Scheduled", alg. 1): z takes the base method's step u, x is the weighted average of the
    z's with weights cₜ₊₁ = wₜ/Σw, wₜ = tʳ·η_max^p, and the gradient is taken at
    y = (1−β)·z + β·x. Kept in y (x is recovered as x = (y − (1−β)·z)/β):
    y ← lerp(y, z, c) + η·(β·(1−c) − 1)·u, z ← z − η·u. η warms up linearly."""

    def _beta(self, group) -> float:
        raise NotImplementedError

    def _direction(self, group, p, y, k: int):
        """The base method's step direction u at parameter p (holding y), step k (0-based)."""
        raise NotImplementedError

    @torch.no_grad()
    def _point(self, to_x: bool) -> None:
        for group in self.param_groups:
            if group["train_mode"] == to_x:  # in the other mode: move
                beta = self._beta(group)
                weight = 1.0 - 1.0 / beta if to_x else 1.0 - beta
                for p in group["params"]:
                    if "z" in self.state[p]:
                        p.lerp_(self.state[p]["z"], weight)
                group["train_mode"] = not to_x

    def eval(self) -> None:
        """Parameters to x, the point to evaluate and save."""
        self._point(to_x=True)

    def train(self) -> None:
        """Parameters back to y, where the gradients are taken."""
        self._point(to_x=False)

    @torch.no_grad()
    def step(self, closure=None):
        if not self.param_groups[0]["train_mode"]:
            raise RuntimeError("Schedule-Free steps in train mode: call train() after eval()")
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            k, warmup = group["k"], group["warmup_steps"]
            lr = group["lr"] * ((k + 1) / warmup if k < warmup else 1.0)
            group["lr_max"] = max(lr, group["lr_max"])
            weight = (k + 1) ** group["r"] * group["lr_max"] ** group["weight_lr_power"]
            group["weight_sum"] += weight
            c = weight / group["weight_sum"] if group["weight_sum"] else 0.0
            beta = self._beta(group)
            for p in group["params"]:
                if p.grad is None:
                    continue
                if "z" not in self.state[p]:
                    self.state[p]["z"] = p.detach().clone()
                z = self.state[p]["z"]
                u = self._direction(group, p, p, k)
                p.lerp_(z, c)
                p.add_(u, alpha=lr * (beta * (1.0 - c) - 1.0))
                z.sub_(u, alpha=lr)
            group["k"] = k + 1
        return loss

    def _defaults(self, **hyper) -> dict:
        return {**hyper, "k": 0, "train_mode": False, "weight_sum": 0.0, "lr_max": -1.0}


class SGDScheduleFree(_ScheduleFree):
    """Schedule-Free SGD: u = g + λ·y (the gradient and L2 decay, both at y)."""

    def __init__(self, params, lr: float = 1.0, momentum: float = 0.9,
                 weight_decay: float = 0.0, warmup_steps: int = 0, r: float = 0.0,
                 weight_lr_power: float = 2.0):
        if not (lr >= 0 and 0 < momentum < 1 and weight_decay >= 0):
            raise ValueError(f"Schedule-Free SGD: invalid lr {lr}, momentum {momentum} (it "
                             f"must lie in (0, 1)) or weight decay {weight_decay}")
        super().__init__(params, self._defaults(
            lr=lr, momentum=momentum, weight_decay=weight_decay, warmup_steps=warmup_steps,
            r=r, weight_lr_power=weight_lr_power))  # fmt: skip

    def _beta(self, group) -> float:
        return group["momentum"]

    def _direction(self, group, p, y, k):
        if group["weight_decay"]:
            return p.grad.add(y, alpha=group["weight_decay"])
        return p.grad


class AdamWScheduleFree(_ScheduleFree):
    """Schedule-Free AdamW: u = g/(√(v/(1−β₂ᵏ⁺¹)) + ε) + λ·y with v ← β₂·v + (1−β₂)·g²;
    no first moment (the average x is the momentum)."""

    def __init__(self, params, lr: float = 0.0025, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0, warmup_steps: int = 0,
                 r: float = 0.0, weight_lr_power: float = 2.0):
        if not (lr >= 0 and 0 < betas[0] < 1 and 0 <= betas[1] < 1 and eps >= 0
                and weight_decay >= 0):
            raise ValueError(f"Schedule-Free AdamW: invalid lr {lr}, betas {betas}, eps {eps} "
                             f"or weight decay {weight_decay}")
        super().__init__(params, self._defaults(
            lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, warmup_steps=warmup_steps,
            r=r, weight_lr_power=weight_lr_power))  # fmt: skip

    def _beta(self, group) -> float:
        return group["betas"][0]

    def _direction(self, group, p, y, k):
        beta2 = group["betas"][1]
        state = self.state[p]
        if "exp_avg_sq" not in state:
            state["exp_avg_sq"] = torch.zeros_like(p)
        v = state["exp_avg_sq"]
        v.mul_(beta2).addcmul_(p.grad, p.grad, value=1.0 - beta2)
        u = p.grad / v.div(1.0 - beta2 ** (k + 1)).sqrt_().add_(group["eps"])
        if group["weight_decay"]:
            u.add_(y, alpha=group["weight_decay"])
        return u


class MuonWithAdamW:
    """torch.optim.Muon for the hidden layers' weight matrices and torch.optim.AdamW (its
    defaults, the same learning rate) for the rest, stepped as one optimizer."""

    def __init__(self, muon: torch.optim.Muon, adamw: torch.optim.AdamW | None):
        self.parts = [muon] + ([adamw] if adamw is not None else [])
        self.param_groups = [g for part in self.parts for g in part.param_groups]

    def zero_grad(self, set_to_none: bool = True) -> None:
        for part in self.parts:
            part.zero_grad(set_to_none=set_to_none)

    def step(self) -> None:
        for part in self.parts:
            part.step()


OUR_CLASSES = {cls.__name__: cls for cls in (Lion, SGDScheduleFree, AdamWScheduleFree)}
# torch.optim classes built with foreach=True: on a CPU torch takes its per-parameter Python
# loop, while the multi-tensor step does each tensor's arithmetic in one call per operation
# (fewer host operations every step, issue 20). Only where that gives the loop's update to the
# bit (a test); NAdam, RAdam and Adafactor's multi-tensor steps round differently (~1e-8).
FOREACH_SAME = frozenset({"SGD", "Adam", "AdamW", "Adagrad", "Adadelta", "Adamax", "RMSprop",
                          "Rprop"})


def muon_split(model: nn.Module) -> tuple[list[str], list[str]]:
    """(Muon's parameters, AdamW's) by name: Muon takes the 2-D weights of the layers between
    the first and the last (the hidden layers' weight matrices; a CNN's 4-D filters are not
    matrices), AdamW the input and output layers, biases, batch-norm and the filters."""
    layers = [m for m in model.modules() if isinstance(m, nn.Linear | nn.Conv2d)]
    hidden = {id(m.weight) for m in layers[1:-1] if m.weight.ndim == 2}
    named = list(model.named_parameters())
    return ([n for n, p in named if id(p) in hidden], [n for n, p in named if id(p) not in hidden])


def build_optimizer(config: OptimizerConfig, model: nn.Module):
    """The optimizer for ``model``, and a line that says how its parameters are split ("" when
    one optimizer takes them all). Raises ValueError when Muon has no matrix to train."""
    spec, kwargs = config.spec, torch_kwargs(config)
    if spec.torch_class == "Muon":
        muon_names, adamw_names = muon_split(model)
        if not muon_names:
            raise ValueError("muon trains the weight matrices between hidden layers, and this "
                             "network has none: give the MLP at least two hidden layers")
        params = dict(model.named_parameters())
        adamw = (torch.optim.AdamW([params[n] for n in adamw_names], lr=kwargs["lr"])
                 if adamw_names else None)  # fmt: skip
        optimizer = MuonWithAdamW(torch.optim.Muon([params[n] for n in muon_names], **kwargs),
                                  adamw)
        return optimizer, (f"Muon: {', '.join(muon_names)}; AdamW (torch's defaults, the same "
                           f"learning rate): {', '.join(adamw_names) or 'nothing'}")
    if spec.package == "torch.optim":
        cls = getattr(torch.optim, spec.torch_class)
        if spec.torch_class in FOREACH_SAME:
            kwargs.setdefault("foreach", True)
        return cls(model.parameters(), **kwargs), ""
    optimizer = OUR_CLASSES[spec.torch_class](model.parameters(), **kwargs)
    if hasattr(optimizer, "train"):
        optimizer.train()
    return optimizer, ""


@contextmanager
def evaluation_weights(optimizer):
    """The model's parameters at the point to evaluate and save while inside: Schedule-Free's
    x (its eval()/train() swap); for every other optimizer, the parameters as they are."""
    swap = isinstance(optimizer, _ScheduleFree)
    if swap:
        optimizer.eval()
    try:
        yield
    finally:
        if swap:
            optimizer.train()
