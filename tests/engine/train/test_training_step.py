"""The training lab's own loop against a bare loop with each optimizer's reference, in float64.

For every optimizer in the registry (torch.optim's, and the reference packages of Lion and
Schedule-Free: lion-pytorch, schedulefree; Muon as torch.optim.Muon on the hidden weight matrix
beside torch.optim.AdamW on the rest), alone and with each thing the run editor adds to a step
(book-style L2, L1, decoupled weight decay, gradient-norm clipping, a learning-rate schedule,
and all of them at once), the weights after every one of a few steps, the loss, the lr and the
gradient norm each update reports equal the reference's. The reference is built from torch
primitives only (nn.Linear, F.cross_entropy, torch.optim with its keyword arguments written out
by hand, clip_grad_norm_, torch.optim.lr_scheduler); it shares with the run nothing but the
initial weights, the data and the state of the generator that draws the minibatches.
"""

from __future__ import annotations

import lion_pytorch
import pytest
import schedulefree
import torch
import torch.nn.functional as F
from torch import nn

from lab.engine.core.initializers import make_init
from lab.engine.core.optimizers import OPTIMIZERS, make_optimizer
from lab.engine.core.schedules import make_schedule
from lab.engine.train.data import PreparedData
from lab.engine.train.models import ModelConfig
from lab.engine.train.records import RunStatus
from lab.engine.train.training import TrainConfig, TrainingRun
from tests.engine.torch_reference import torch_scheduler

FEATURES, HIDDEN, CLASSES = 6, (5, 4), 3
EXAMPLES, BATCH = 48, 16  # three minibatches an epoch: the steps cross two epoch boundaries
STEPS = 8  # RAdam's rectified branch starts at step 6 (rho_t > 5)
CLIP = 0.05  # below every step's gradient norm here: the clip acts at each step (checked)

optim = torch.optim


def in_train_mode(optimizer):
    """Schedule-Free's reference steps only in train mode."""
    optimizer.train()
    return optimizer


def muon_and_adamw(p, **muon):
    """The network's one hidden weight matrix (the middle layer's, p[2]) to Muon, the input
    and output layers and every bias to AdamW with its defaults and the same lr."""
    return [optim.Muon([p[2]], **muon), optim.AdamW([p[0], p[1], p[3], p[4], p[5]],
                                                    lr=muon["lr"])]

# every registry entry with hyperparameters off torch's defaults where it has them, and the
# torch.optim optimizer that its name promises, written out by hand
CASES = {
    "sgd": ({"lr": 0.2, "weight_decay": 0.01},
            lambda p: optim.SGD(p, lr=0.2, weight_decay=0.01)),
    "momentum": ({"lr": 0.1, "momentum": 0.8, "dampening": 0.1},
                 lambda p: optim.SGD(p, lr=0.1, momentum=0.8, dampening=0.1)),
    "nesterov": ({"lr": 0.1, "momentum": 0.7},
                 lambda p: optim.SGD(p, lr=0.1, momentum=0.7, nesterov=True)),
    "adagrad": ({"lr": 0.1, "lr_decay": 0.05, "initial_accumulator_value": 0.1},
                lambda p: optim.Adagrad(p, lr=0.1, lr_decay=0.05, initial_accumulator_value=0.1)),
    "rmsprop": ({"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": 1.0},
                lambda p: optim.RMSprop(p, lr=0.01, alpha=0.9, momentum=0.5, centered=True)),
    "adam": ({"lr": 0.02, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6},
             lambda p: optim.Adam(p, lr=0.02, betas=(0.8, 0.99), eps=1e-6)),
    "amsgrad": ({"lr": 0.02, "beta2": 0.9},
                lambda p: optim.Adam(p, lr=0.02, betas=(0.9, 0.9), amsgrad=True)),
    "adamw": ({"lr": 0.02, "weight_decay": 0.1},
              lambda p: optim.AdamW(p, lr=0.02, weight_decay=0.1)),
    "nadam": ({"lr": 0.02, "momentum_decay": 0.01},
              lambda p: optim.NAdam(p, lr=0.02, momentum_decay=0.01)),
    "radam": ({"lr": 0.02, "beta2": 0.99},
              lambda p: optim.RAdam(p, lr=0.02, betas=(0.9, 0.99))),
    "adadelta": ({"lr": 1.0, "rho": 0.8},
                 lambda p: optim.Adadelta(p, lr=1.0, rho=0.8)),
    "adamax": ({"lr": 0.02, "beta1": 0.8, "weight_decay": 0.01},
               lambda p: optim.Adamax(p, lr=0.02, betas=(0.8, 0.999), weight_decay=0.01)),
    "rprop": ({"lr": 0.01, "etaminus": 0.4, "step_size_max": 1.0},
              lambda p: optim.Rprop(p, lr=0.01, etas=(0.4, 1.2), step_sizes=(1e-6, 1.0))),
    "muon": ({"lr": 0.02, "momentum": 0.9, "weight_decay": 0.05},
             lambda p: muon_and_adamw(p, lr=0.02, momentum=0.9, weight_decay=0.05)),
    "adafactor": ({"lr": 0.05, "beta2_decay": -0.6, "weight_decay": 0.01},
                  lambda p: optim.Adafactor(p, lr=0.05, beta2_decay=-0.6, weight_decay=0.01)),
    "lion": ({"lr": 1e-3, "beta1": 0.8, "weight_decay": 0.1},
             lambda p: lion_pytorch.Lion(p, lr=1e-3, betas=(0.8, 0.99), weight_decay=0.1)),
    "schedulefree_sgd": ({"lr": 0.5, "momentum": 0.8, "warmup_steps": 3,
                          "weight_decay": 0.01},
                         lambda p: in_train_mode(schedulefree.SGDScheduleFree(
                             p, lr=0.5, momentum=0.8, warmup_steps=3, weight_decay=0.01))),
    "schedulefree_adamw": ({"lr": 0.01, "beta1": 0.8, "warmup_steps": 3, "weight_decay": 0.01,
                            "r": 1.0},
                           lambda p: in_train_mode(schedulefree.AdamWScheduleFree(
                               p, lr=0.01, betas=(0.8, 0.999), warmup_steps=3, r=1.0,
                               weight_decay=0.01))),
}  # fmt: skip

SCHEDULE = make_schedule("warmup_cosine", warmup=3, start_factor=0.2)  # lr changes every step
EXTRAS = {
    "plain": {},
    "l2": {"l2": 0.3},
    "l1": {"l1": 0.02},
    "decoupled": {"decoupled_weight_decay": 0.5},
    "clip": {"clip_norm": CLIP},
    "schedule": {"schedule": SCHEDULE},
    "all": {"l2": 0.3, "l1": 0.02, "decoupled_weight_decay": 0.5, "clip_norm": CLIP,
            "schedule": SCHEDULE},
}


@pytest.fixture
def float64():
    """Both loops in float64 (torch.optim's step counters follow the default dtype too)."""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(previous)


def toy_data() -> PreparedData:
    g = torch.Generator().manual_seed(7)
    x = torch.randn(EXAMPLES, FEATURES, generator=g, dtype=torch.float64)
    y = torch.randint(0, CLASSES, (EXAMPLES,), generator=g)
    return PreparedData("toy", x, y, x[:8], y[:8], x[:8], y[:8], CLASSES, image_side=1,
                        val_is_test=False)


def reference_loop(extras: dict, make_torch_optimizer, data: PreparedData, initial: dict,
                   generator: torch.Generator) -> list[dict]:
    """The bare loop: epoch sampling (a fresh permutation each epoch, sliced into minibatches),
    mean cross-entropy, 0.5*l2*sum(W^2) and l1*sum(|W|) on the weights (not the biases),
    clip_grad_norm_ over every parameter, W <- W - lr*lambda*W on the weights, torch.optim's
    step, and the scheduler stepped once after each step. Returns what each step reports."""
    model = nn.Sequential(nn.Linear(FEATURES, HIDDEN[0]), nn.ReLU(),
                          nn.Linear(HIDDEN[0], HIDDEN[1]), nn.ReLU(),
                          nn.Linear(HIDDEN[1], CLASSES))  # fmt: skip
    model.load_state_dict(initial)
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    params = list(model.parameters())
    made = make_torch_optimizer(params)
    opts = made if isinstance(made, list) else [made]
    schedulers = ([torch_scheduler(extras["schedule"], opt, STEPS) for opt in opts]
                  if "schedule" in extras else [])  # fmt: skip
    l2, l1 = extras.get("l2", 0.0), extras.get("l1", 0.0)
    decay, clip = extras.get("decoupled_weight_decay", 0.0), extras.get("clip_norm", 0.0)
    x_all, y_all = data.train_x, data.train_y
    steps, order = [], None
    for it in range(STEPS):
        start = (it * BATCH) % EXAMPLES
        if start == 0:
            order = torch.randperm(EXAMPLES, generator=generator)
        index = order[start: start + BATCH]
        loss = F.cross_entropy(model(x_all[index]), y_all[index])
        if l2:
            loss = loss + 0.5 * l2 * sum((w**2).sum() for w in weights)
        if l1:
            loss = loss + l1 * sum(w.abs().sum() for w in weights)
        for opt in opts:
            opt.zero_grad()
        loss.backward()
        norm = torch.linalg.vector_norm(torch.cat([p.grad.reshape(-1) for p in params]))
        if clip:
            assert norm > clip, "the clip must act for the test to mean anything"
            torch.nn.utils.clip_grad_norm_(params, clip)
        lr = opts[0].param_groups[0]["lr"]
        if decay:  # on the weights the gradient was taken at: AdamW's theta_{t-1}
            with torch.no_grad():
                for w in weights:
                    w -= lr * decay * w
        for opt in opts:
            opt.step()
        for scheduler in schedulers:
            scheduler.step()
        steps.append({"loss": float(loss.detach()), "lr": lr, "grad_norm": float(norm),
                      "state": {k: v.clone() for k, v in model.state_dict().items()}})
    return steps


def engine_run(name: str, extras: dict, data: PreparedData):
    config = TrainConfig(
        "step", model=ModelConfig(hidden=HIDDEN, init=make_init("normal", std=0.5)),
        optimizer=make_optimizer(name, **CASES[name][0]), batch_size=BATCH, iterations=STEPS,
        eval_every=-1, final_evaluation=False, seed=3, **extras)
    return TrainingRun(config, data, "cpu")


@pytest.mark.parametrize("extra", list(EXTRAS))
@pytest.mark.parametrize("name", list(CASES))
def test_each_step_equals_a_bare_torch_optim_loop(float64, name, extra):
    data = toy_data()
    run = engine_run(name, EXTRAS[extra], data)
    assert all(p.dtype == torch.float64 for p in run.model.parameters())
    initial = {k: v.clone() for k, v in run.model.state_dict().items()}
    generator = torch.Generator()
    generator.set_state(run.generator.get_state())  # the minibatches' stream, as it stands now
    expected = reference_loop(EXTRAS[extra], CASES[name][1], data, initial, generator)
    steps = run.steps()
    for it, want in enumerate(expected):
        update = next(steps)
        assert update.iteration == it + 1
        assert update.lr == pytest.approx(want["lr"], rel=1e-12), f"lr at step {it + 1}"
        assert update.loss == pytest.approx(want["loss"], rel=1e-12), f"loss at step {it + 1}"
        assert update.grad_norm == pytest.approx(want["grad_norm"], rel=1e-12)
        state = run.model.state_dict()
        for key, value in want["state"].items():
            torch.testing.assert_close(state[key], value, rtol=1e-12, atol=1e-14,
                                       msg=lambda m, k=key, i=it: f"{k} after step {i + 1}: {m}")
    assert next(steps, None) is None and run.status is RunStatus.FINISHED
    moved = sum(float((want - initial[k]).abs().max()) for k, want in expected[-1]["state"].items())
    assert moved > 1e-3  # the steps changed the weights: equality above is not of two no-ops


def test_every_registry_optimizer_has_a_case():
    """A new registry entry must get its hand-written torch.optim twin here."""
    assert set(CASES) == set(OPTIMIZERS)


def test_the_extras_change_the_trajectory(float64):
    """Each extra alters the weights of a step, so a run that ignored it would fail above."""
    data = toy_data()
    finals = {}
    for extra, changes in EXTRAS.items():
        run = engine_run("adam", changes, data)
        for _ in run.steps():
            pass
        finals[extra] = torch.cat([p.detach().reshape(-1) for p in run.model.parameters()])
    for extra in EXTRAS:
        if extra != "plain":
            assert not torch.allclose(finals[extra], finals["plain"], rtol=1e-6, atol=0), extra


def test_adam_with_decoupled_decay_is_torch_adamw(float64):
    """"AdamW-style" decay, checked against torch.optim.AdamW itself (Loshchilov & Hutter
    2019, alg. 2: theta_t = theta_{t-1} - lr*(update + lambda*theta_{t-1})), on the weights
    only, as the run editor's decay is."""
    data = toy_data()
    run = engine_run("adam", {"decoupled_weight_decay": 0.5}, data)
    model = nn.Sequential(nn.Linear(FEATURES, HIDDEN[0]), nn.ReLU(),
                          nn.Linear(HIDDEN[0], HIDDEN[1]), nn.ReLU(),
                          nn.Linear(HIDDEN[1], CLASSES))  # fmt: skip
    model.load_state_dict(run.model.state_dict())
    linears = [m for m in model if isinstance(m, nn.Linear)]
    opt = optim.AdamW([{"params": [m.weight for m in linears], "weight_decay": 0.5},
                   {"params": [m.bias for m in linears], "weight_decay": 0.0}],
                  lr=0.02, betas=(0.8, 0.99), eps=1e-6)  # fmt: skip
    generator = torch.Generator()
    generator.set_state(run.generator.get_state())
    steps = run.steps()
    for it in range(STEPS):
        start = (it * BATCH) % EXAMPLES
        if start == 0:
            order = torch.randperm(EXAMPLES, generator=generator)
        index = order[start: start + BATCH]
        opt.zero_grad()
        F.cross_entropy(model(data.train_x[index]), data.train_y[index]).backward()
        opt.step()
        next(steps)
        for key, value in model.state_dict().items():
            torch.testing.assert_close(run.model.state_dict()[key], value, rtol=1e-12,
                                       atol=1e-14)
