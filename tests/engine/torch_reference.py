"""Reference trajectories computed by a plain float64 torch.optim loop (the ground truth)."""

from __future__ import annotations

import warnings

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


def torch_trajectory(function: str, config: OptimizerConfig, start, steps: int,
                     schedule: ScheduleConfig | None = None, clip: float = 0.0,
                     noise: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Path (steps+1, 2) and the lr used at each update (steps,), float64 throughout."""
    f = TORCH_FUNCTIONS[function]
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # optimizer state scalars (step, mu_product) too
    try:
        p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        opt = getattr(torch.optim, config.spec.torch_class)([p], **torch_kwargs(config))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sched = torch_scheduler(schedule, opt, steps) if schedule else None
        path, lrs = [p.detach().clone().numpy()], []
        for t in range(steps):
            opt.zero_grad()
            f(p[0], p[1]).backward()
            if noise is not None:
                p.grad += torch.from_numpy(noise[t])
            if clip:
                torch.nn.utils.clip_grad_norm_([p], clip)
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            if sched is not None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    sched.step()
            path.append(p.detach().clone().numpy())
    finally:
        torch.set_default_dtype(previous)
    return np.array(path), np.array(lrs, dtype=np.float64)
