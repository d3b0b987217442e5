"""What a run does beyond one step of its optimizer: Schedule-Free measured and kept at x (the
reference's eval()/train() swap around each evaluation), Muon's split of the parameters."""

from __future__ import annotations

import pytest
import schedulefree
import torch
import torch.nn.functional as F
from torch import nn

from lab.engine.core.initializers import make_init
from lab.engine.core.optimizers import OPTIMIZERS, make_optimizer
from lab.engine.train import training
from lab.engine.train.config import TrainConfig, TrainingError
from lab.engine.train.models import ModelConfig, build_model
from lab.engine.train.optimizer_classes import FOREACH_SAME, build_optimizer, muon_split
from lab.engine.train.training import TrainingRun
from tests.engine.train.test_training_step import (
    BATCH,
    CASES,
    CLASSES,
    EXAMPLES,
    FEATURES,
    HIDDEN,
    STEPS,
    float64,  # noqa: F401 - the fixture
    toy_data,
)

EVERY = 2  # accuracies measured after every second step


def schedule_free_reference(name: str, data, initial: dict, generator) -> list[dict]:
    """The schedulefree package in a bare loop, swapping to x (eval()) to measure after every
    EVERY-th step and back (train()): y after each step, x where it measured and at the end."""
    model = nn.Sequential(nn.Linear(FEATURES, HIDDEN[0]), nn.ReLU(),
                          nn.Linear(HIDDEN[0], HIDDEN[1]), nn.ReLU(),
                          nn.Linear(HIDDEN[1], CLASSES))  # fmt: skip
    model.load_state_dict(initial)
    opt = CASES[name][1](list(model.parameters()))
    steps, order = [], None
    for it in range(STEPS):
        start = (it * BATCH) % EXAMPLES
        if start == 0:
            order = torch.randperm(EXAMPLES, generator=generator)
        index = order[start: start + BATCH]
        opt.zero_grad()
        F.cross_entropy(model(data.train_x[index]), data.train_y[index]).backward()
        opt.step()
        record = {"y": model[0].weight.detach().clone()}
        if (it + 1) % EVERY == 0:
            opt.eval()
            record["x"] = model[0].weight.detach().clone()
            opt.train()
        steps.append(record)
    opt.eval()
    steps[-1]["final_x"] = {k: v.clone() for k, v in model.state_dict().items()}
    return steps


@pytest.mark.parametrize("name", ["schedulefree_sgd", "schedulefree_adamw"])
def test_schedule_free_measures_and_keeps_x(float64, monkeypatch, name):  # noqa: F811
    assert isinstance(CASES[name][1]([torch.zeros(1, requires_grad=True)]),
                      schedulefree.SGDScheduleFree | schedulefree.AdamWScheduleFree)
    seen = []

    def spy(function):
        def measured(model, *args, **kwargs):
            seen.append(model[0].weight.detach().clone())
            return function(model, *args, **kwargs)
        return measured

    monkeypatch.setattr(training, "accuracy_and_predictions",
                        spy(training.accuracy_and_predictions))
    monkeypatch.setattr(training, "evaluate_model", spy(training.evaluate_model))
    data = toy_data()
    config = TrainConfig(
        "sf", model=ModelConfig(hidden=HIDDEN, init=make_init("normal", std=0.5)),
        optimizer=make_optimizer(name, **CASES[name][0]), batch_size=BATCH, iterations=STEPS,
        eval_every=EVERY, final_evaluation=True, seed=3)
    run = TrainingRun(config, data, "cpu")
    initial = {k: v.clone() for k, v in run.model.state_dict().items()}
    generator = torch.Generator()
    generator.set_state(run.generator.get_state())
    expected = schedule_free_reference(name, data, initial, generator)
    for it, update in enumerate(run.steps()):
        torch.testing.assert_close(run.model[0].weight, expected[it]["y"], rtol=1e-12,
                                   atol=1e-14)  # fmt: skip
        assert (update.train_acc is None) == ("x" not in expected[it])
    measured_at_x = [step["x"] for step in expected if "x" in step]
    # train and validation accuracy at each measurement, then the final test evaluation
    assert len(seen) == 2 * len(measured_at_x) + 1
    for k, x in enumerate(measured_at_x):
        for weight in seen[2 * k: 2 * k + 2]:
            torch.testing.assert_close(weight, x, rtol=1e-12, atol=1e-14)
    torch.testing.assert_close(seen[-1], measured_at_x[-1], rtol=1e-12, atol=1e-14)
    assert not torch.allclose(measured_at_x[-1], expected[-1]["y"], rtol=1e-6, atol=0)
    kept = run.result().weights
    for key, value in expected[-1]["final_x"].items():
        torch.testing.assert_close(kept[key], value, rtol=1e-12, atol=1e-14)


def test_muon_takes_the_hidden_weight_matrices_and_says_so():
    model = build_model(ModelConfig(hidden=(30, 20, 10), batchnorm=True),
                        torch.Generator().manual_seed(0))
    muon, adamw = muon_split(model)
    linears = [name for name, m in model.named_modules() if isinstance(m, nn.Linear)]
    assert muon == [f"{linears[1]}.weight", f"{linears[2]}.weight"]
    assert set(muon) | set(adamw) == {n for n, _ in model.named_parameters()}
    assert f"{linears[0]}.weight" in adamw and f"{linears[-1]}.weight" in adamw
    optimizer, split = build_optimizer(make_optimizer("muon", lr=0.02), model)
    assert isinstance(optimizer.parts[0], torch.optim.Muon)
    assert isinstance(optimizer.parts[1], torch.optim.AdamW)
    assert optimizer.parts[1].defaults["lr"] == 0.02 and len(optimizer.param_groups) == 2
    assert split.startswith(f"Muon: {linears[1]}.weight, {linears[2]}.weight; AdamW")


def test_muon_in_a_cnn_takes_its_dense_hidden_layer_only():
    model = build_model(ModelConfig(kind="cnn", image_side=8, inputs=64),
                        torch.Generator().manual_seed(0))
    muon, _ = muon_split(model)
    hidden = [n for n, m in model.named_modules() if isinstance(m, nn.Linear)][0]
    assert muon == [f"{hidden}.weight"]


def test_a_muon_run_shows_its_split_and_a_network_without_hidden_matrices_is_refused():
    data = toy_data()
    run = TrainingRun(TrainConfig("m", model=ModelConfig(hidden=HIDDEN), iterations=1,
                                  optimizer=make_optimizer("muon")), data, "cpu")
    assert run.announcement == run.optimizer_split and run.announcement.startswith("Muon:")
    with pytest.raises(TrainingError, match="one: muon trains the weight matrices between "
                                            "hidden layers, and this network has none"):
        TrainingRun(TrainConfig("one", model=ModelConfig(hidden=(5,)), iterations=1,
                                optimizer=make_optimizer("muon")), data, "cpu")


FOREACH_NAMES = [name for name, spec in OPTIMIZERS.items()
                 if spec.package == "torch.optim" and spec.torch_class in FOREACH_SAME]


@pytest.mark.parametrize("name", FOREACH_NAMES)
def test_the_multi_tensor_step_is_the_loops_to_the_bit(name):
    """Every registry optimizer built with foreach=True steps exactly as torch's per-parameter
    loop does, float32, over steps whose gradients differ."""
    finals = {}
    for foreach in (True, False):
        model = build_model(ModelConfig(hidden=(8, 8), inputs=5, classes=3),
                            torch.Generator().manual_seed(0))  # fmt: skip
        optimizer, _ = build_optimizer(make_optimizer(name), model)
        for group in optimizer.param_groups:
            group["foreach"] = foreach
        g = torch.Generator().manual_seed(1)
        for _ in range(12):
            x, y = torch.randn(16, 5, generator=g), torch.randint(0, 3, (16,), generator=g)
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        finals[foreach] = [p.detach().clone() for p in model.parameters()]
    assert all(torch.equal(a, b) for a, b in zip(finals[True], finals[False], strict=True))
    assert build_optimizer(make_optimizer(name), model)[0].param_groups[0]["foreach"] is True
