"""Reference trajectories computed by a plain float64 loop with each optimizer's reference
(torch.optim, lion-pytorch, schedulefree): the ground truth, and its state after every step."""

from __future__ import annotations

import importlib
import warnings
from dataclasses import dataclass

import numpy as np
import torch

from lab.engine.core.optimizers import OptimizerConfig, torch_kwargs
from lab.engine.core.schedules import ScheduleConfig

# the same functions written directly in torch, independent of our parser and programs
TORCH_FUNCTIONS = {
    "book": lambda x, y: x**2 / 20 + y**2,
    "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
    "himmelblau": lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
    "beale": lambda x, y: (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2
    + (2.625 - x + x * y**3) ** 2,
    "booth": lambda x, y: (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
    "quadratic": lambda x, y: (x**2 + 10 * y**2) / 2,
    "rastrigin": lambda x, y: 20 + x**2 - 10 * torch.cos(2 * torch.pi * x) + y**2
    - 10 * torch.cos(2 * torch.pi * y),
}


def torch_scheduler(schedule: ScheduleConfig, opt, steps: int):
    """The torch.optim.lr_scheduler our closed form claims to match."""
    S = torch.optim.lr_scheduler
    p = schedule.param
    name = schedule.name
    if name == "constant":
        return None
    if name == "step":
        return S.StepLR(opt, step_size=int(p("step_size")), gamma=p("gamma"))
    if name == "multistep":
        return S.MultiStepLR(opt, milestones=[int(m) for m in p("milestones")], gamma=p("gamma"))
    if name == "exponential":
        return S.ExponentialLR(opt, gamma=p("gamma"))
    if name == "cosine":
        return S.CosineAnnealingLR(opt, T_max=int(p("T_max")) or steps, eta_min=p("eta_min"))
    if name == "warmup_cosine":
        warmup = int(p("warmup"))
        return S.SequentialLR(opt, [
            S.LinearLR(opt, start_factor=p("start_factor"), end_factor=1.0, total_iters=warmup),
            S.CosineAnnealingLR(opt, T_max=steps - warmup, eta_min=p("eta_min")),
        ], milestones=[warmup])
    if name == "onecycle":
        return S.OneCycleLR(opt, max_lr=opt.param_groups[0]["lr"], total_steps=steps,
                            pct_start=p("pct_start"), div_factor=p("div_factor"),
                            final_div_factor=p("final_div_factor"), anneal_strategy="cos",
                            cycle_momentum=False)
    raise KeyError(name)


def reference_class(config: OptimizerConfig) -> type:
    """The optimizer class the registry names as the reference (a test dependency for the
    packages torch lacks: lion-pytorch, schedulefree)."""
    return getattr(importlib.import_module(config.spec.package), config.spec.torch_class)


@dataclass
class ReferenceRun:
    """What the reference did: path (steps+1, 2), the lr of each update (steps,), and after
    each update the gradient it used and its state tensors by key, as numpy arrays."""

    path: np.ndarray
    lrs: np.ndarray
    states: list[dict[str, np.ndarray]]


def schedule_free_x(opt, p) -> torch.Tensor:
    """Schedule-Free's x (where the loss is measured) without leaving train mode: what the
    reference's optimizer.eval() writes into p, computed on a copy."""
    group = opt.param_groups[0]
    beta = group["momentum"] if "momentum" in group else group["betas"][0]
    return p.detach().clone().lerp_(opt.state[p]["z"], weight=1 - 1 / beta)


def reference_run(function: str, config: OptimizerConfig, start, steps: int,
                  schedule: ScheduleConfig | None = None, clip: float = 0.0,
                  noise: np.ndarray | None = None) -> ReferenceRun:
    """The reference optimizer on one float64 parameter: the point (2,) as a vector, or for
    Muon (which takes matrices only) a 1×2 matrix. Schedule-Free runs in train mode; its path
    is x (the loss is measured there), its state also has y (the parameter)."""
    f = TORCH_FUNCTIONS[function]
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # optimizer state scalars (step, mu_product) too
    matrix = config.spec.torch_class == "Muon"
    schedule_free = config.spec.package == "schedulefree"
    try:
        p = torch.tensor([start] if matrix else start, dtype=torch.float64, requires_grad=True)
        opt = reference_class(config)([p], **torch_kwargs(config))
        if schedule_free:
            opt.train()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sched = torch_scheduler(schedule, opt, steps) if schedule else None
        path, lrs, states = [p.detach().clone().numpy().reshape(2)], [], []
        for t in range(steps):
            opt.zero_grad()
            f(*p.reshape(2)).backward()
            if noise is not None:
                p.grad += torch.from_numpy(noise[t]).reshape(p.shape)
            if clip:
                torch.nn.utils.clip_grad_norm_([p], clip)
            lrs.append(opt.param_groups[0]["lr"])
            grad = p.grad.detach().clone().numpy().reshape(2)
            opt.step()
            if sched is not None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    sched.step()
            point = schedule_free_x(opt, p) if schedule_free else p.detach()
            path.append(point.clone().numpy().reshape(2))
            state = {k: v.detach().clone().numpy().reshape(-1) for k, v in opt.state[p].items()
                     if torch.is_tensor(v) and k != "step"}
            if schedule_free:
                state["y"] = p.detach().clone().numpy().reshape(2)
            states.append({"grad": grad, **state})
    finally:
        torch.set_default_dtype(previous)
    return ReferenceRun(np.array(path), np.array(lrs, dtype=np.float64), states)


def torch_trajectory(function: str, config: OptimizerConfig, start, steps: int,
                     schedule: ScheduleConfig | None = None, clip: float = 0.0,
                     noise: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Path (steps+1, 2) and the lr used at each update (steps,), float64 throughout."""
    run = reference_run(function, config, start, steps, schedule, clip, noise)
    return run.path, run.lrs
