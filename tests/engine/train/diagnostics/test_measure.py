"""Inside-training measurements against independent computations (issue 18, "Must show").

The update ratio against a bare torch.optim loop (tests.engine.train.test_training_step's
reference, sharing nothing with the run but the initial weights, the data and the minibatch
stream); histograms, statistics, dead and saturated fractions against a forward/backward pass
written here with matrix products on the probe batch drawn here from its documented stream.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lab.engine.core.initializers import make_init
from lab.engine.core.optimizers import make_optimizer
from lab.engine.train.diagnostics.config import KINDS, PROBE_STREAM, DiagnosticsConfig
from lab.engine.train.models import ModelConfig
from lab.engine.train.training import TrainConfig, TrainingRun
from tests.engine.train.test_training_step import (
    BATCH,
    CASES,
    EXAMPLES,
    HIDDEN,
    STEPS,
    reference_loop,
    toy_data,
)

RATIO_CASES = {
    "sgd": ("sgd", {}),
    "adam": ("adam", {}),
    "adamw_decay": ("adamw", {}),  # torch.optim.AdamW's own weight_decay=0.1
    "adam_decoupled": ("adam", {"decoupled_weight_decay": 0.5}),
    "sgd_clip": ("sgd", {"clip_norm": 0.05}),
    "adam_clip": ("adam", {"clip_norm": 0.05}),
}
PROBE = 20


def diagnosed_run(name, extras, data, every=1, activation="relu", std=0.5, iterations=STEPS):
    config = TrainConfig(
        "inside", model=ModelConfig(hidden=HIDDEN, activation=activation,
                                    init=make_init("normal", std=std)),
        optimizer=make_optimizer(name, **CASES[name][0]), batch_size=BATCH,
        iterations=iterations, eval_every=-1, final_evaluation=False, seed=3, **extras)
    return TrainingRun(config, data, "cpu",
                       diagnostics=DiagnosticsConfig(every=every, probe=PROBE, bins=16))


@pytest.mark.parametrize("case", list(RATIO_CASES))
def test_update_ratio_is_the_optimizers_actual_step(float64, case):
    name, extras = RATIO_CASES[case]
    data = toy_data()
    run = diagnosed_run(name, extras, data)
    initial = {k: v.clone() for k, v in run.model.state_dict().items()}
    generator = torch.Generator()
    generator.set_state(run.generator.get_state())
    expected = reference_loop(extras, CASES[name][1], data, initial, generator)
    for _ in run.steps():
        pass
    snap = run.result().diagnostics.snapshot()
    assert snap.iterations.tolist() == list(range(STEPS + 1))
    assert np.isnan(snap.measurements[0].update_ratio).all()  # no step before step 0
    keys = [f"{i}.weight" for i in (0, 2, 4)]
    before = initial
    for step, want in enumerate(expected, start=1):
        ratios = [float(torch.linalg.vector_norm(want["state"][k] - before[k])
                        / torch.linalg.vector_norm(before[k])) for k in keys]
        np.testing.assert_allclose(snap.measurements[step].update_ratio, ratios, rtol=1e-9)
        before = want["state"]
    lr_times_grad = CASES[name][0]["lr"] * snap.measurements[1].grad_norm
    assert not np.allclose(snap.measurements[1].update_ratio, lr_times_grad)


def test_diagnostics_leave_the_run_as_it_was(float64):
    """Same weights with and without diagnostics, dropout and batch norm included."""
    data = toy_data()
    finals = []
    for diagnostics in (None, DiagnosticsConfig(every=2, probe=PROBE)):
        config = TrainConfig("same", model=ModelConfig(hidden=HIDDEN, dropout=0.3,
                                                       batchnorm=True),
                             optimizer=make_optimizer("adam", lr=0.02), batch_size=BATCH,
                             iterations=STEPS, eval_every=2, seed=5)  # fmt: skip
        run = TrainingRun(config, data, "cpu", diagnostics=diagnostics)
        for _ in run.steps():
            pass
        finals.append({k: v.clone() for k, v in run.model.state_dict().items()})
    for key, value in finals[0].items():
        torch.testing.assert_close(finals[1][key], value, rtol=0, atol=0)


def reference_pass(state: dict, x, y, activation: str):
    """Forward and backward by hand: per layer z = h·Wᵀ + b, a = act(z); the output layer's
    'activation' is its logits. Returns per layer {kind: numpy values}."""
    acts = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh}
    weights = [state[f"{i}.weight"].clone().requires_grad_() for i in (0, 2, 4)]
    biases = [state[f"{i}.bias"] for i in (0, 2, 4)]
    h, pres, outs = x, [], []
    for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
        z = h @ w.T + b
        a = acts[activation](z) if k < 2 else z
        pres.append(z)
        outs.append(a)
        h = a
    loss = F.cross_entropy(h, y)
    grads = torch.autograd.grad(loss, outs + weights)
    return [{"preactivation": pres[k].detach().numpy(),
             "activation": outs[k].detach().numpy() if k < 2 else None,
             "gradient": grads[k].numpy(), "weight": weights[k].detach().numpy(),
             "weight_gradient": grads[3 + k].numpy()} for k in range(3)]


def probe_drawn_here(data):
    g = torch.Generator().manual_seed(3 + PROBE_STREAM)
    index = torch.randperm(EXAMPLES, generator=g)[:PROBE]
    return data.train_x[index], data.train_y[index]


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_statistics_and_histograms_match_a_pass_by_hand(float64, activation):
    data = toy_data()
    run = diagnosed_run("sgd", {}, data, every=3, activation=activation, std=2.0)
    with torch.no_grad():
        run.model[0].bias[:2] = -1e3  # two units of layer 1 dead on every input
    x, y = probe_drawn_here(data)
    steps = run.steps()
    states = {0: {k: v.clone() for k, v in run.model.state_dict().items()}}
    for it in range(1, 7):
        next(steps)
        states[it] = {k: v.clone() for k, v in run.model.state_dict().items()}
    snap = run.diagnostics.record.snapshot()
    assert snap.iterations.tolist() == [0, 3, 6]
    for m in snap.measurements:
        want = reference_pass(states[m.iteration], x, y, activation)
        for layer in range(3):
            for k, kind in enumerate(KINDS):
                values = want[layer][kind]
                hist = m.histograms[layer][k]
                if values is None:
                    assert hist is None
                    continue
                v = values.reshape(-1)
                np.testing.assert_allclose(
                    [m.stat(layer, kind, s) for s in ("mean", "std", "min", "max")],
                    [v.mean(), v.std(), v.min(), v.max()], rtol=1e-9, atol=1e-15)
                edges = snap.edges(layer, kind, hist.start, len(hist.counts))
                inside = (v >= edges[0]) & (v < edges[-1])
                counts, _ = np.histogram(v[inside], edges)
                np.testing.assert_array_equal(hist.counts, counts, err_msg=f"{layer} {kind}")
                assert hist.under == (v < edges[0]).sum() and hist.over == (v >= edges[-1]).sum()
            z, a = want[layer]["preactivation"], want[layer]["activation"]
            if layer == 2:
                assert np.isnan([m.dead_probe[2], m.saturated[2]]).all()
            elif activation == "relu":
                assert m.dead_probe[layer] == pytest.approx((z.max(0) <= 0).mean())
            elif activation == "sigmoid":
                assert m.saturated[layer] == pytest.approx(((a < 0.01) | (a > 0.99)).mean())
            else:
                assert m.saturated[layer] == pytest.approx((np.abs(a) > 0.99).mean())
    if activation == "relu":
        assert snap.measurements[0].dead_probe[0] >= 2 / HIDDEN[0]
    else:
        assert np.nanmax(snap.series("saturated")) > 0.05  # std 2 saturates: not 0 = 0


def test_dead_since_the_last_measurement_follows_the_minibatches_trained(float64):
    """Units never active over the minibatches actually trained between two measurements,
    recomputed here from the reference loop's weights and the minibatch stream."""
    data = toy_data()
    run = diagnosed_run("sgd", {}, data, every=4, std=1.0)
    with torch.no_grad():
        run.model[0].bias[:2] = -1e3
        run.model[2].bias[:1] = -3.0  # likely but not surely dead: the data decides
    initial = {k: v.clone() for k, v in run.model.state_dict().items()}
    generator = torch.Generator()
    generator.set_state(run.generator.get_state())
    order_gen = torch.Generator()
    order_gen.set_state(run.generator.get_state())
    expected = reference_loop({}, CASES["sgd"][1], data, initial, generator)
    for _ in run.steps():
        pass
    snap = run.result().diagnostics.snapshot()
    states = [initial] + [e["state"] for e in expected]
    orders = [torch.randperm(EXAMPLES, generator=order_gen) for _ in range(3)]
    active = [torch.zeros(HIDDEN[0], dtype=torch.bool), torch.zeros(HIDDEN[1], dtype=torch.bool)]
    want = {}
    for it in range(STEPS):  # the minibatch of step it+1 meets the weights after step it
        start = (it * BATCH) % EXAMPLES
        batch = orders[(it * BATCH) // EXAMPLES][start: start + BATCH]
        h = data.train_x[batch]
        for layer, key in enumerate((0, 2)):
            z = h @ states[it][f"{key}.weight"].T + states[it][f"{key}.bias"]
            active[layer] |= (z > 0).any(0)
            h = torch.relu(z)
        if (it + 1) % 4 == 0:
            want[it + 1] = [1 - float(a.double().mean()) for a in active]
            active = [torch.zeros_like(a) for a in active]
    assert np.isnan(snap.measurements[0].dead_trained).all()
    for m in snap.measurements[1:]:
        np.testing.assert_allclose(m.dead_trained[:2], want[m.iteration], rtol=1e-12)
        assert np.isnan(m.dead_trained[2])
    assert all(w[0] >= 2 / HIDDEN[0] for w in want.values())


def test_the_torch_backend_measures_a_run_as_the_compiled_one_does(float64):
    """What a GPU run uses (torch on the device), forced on the CPU through the whole
    measurement: axes fixed from its ranges, cells unpacked into histograms, the extras."""
    data = toy_data()
    records = []
    for on_host in (True, False):
        run = diagnosed_run("sgd", {}, data, every=2, std=1.0)
        run.diagnostics.on_host = on_host
        for _ in run.steps():
            pass
        records.append(run.result().diagnostics.snapshot())
    compiled, device = records
    assert len(compiled.measurements) == len(device.measurements) > 2
    for a, b in zip(compiled.measurements, device.measurements, strict=True):
        np.testing.assert_allclose(a.stats, b.stats, rtol=1e-12, atol=1e-15, equal_nan=True)
        for row_a, row_b in zip(a.histograms, b.histograms, strict=True):
            for h_a, h_b in zip(row_a, row_b, strict=True):
                assert (h_a is None) == (h_b is None)
                if h_a is not None:
                    assert (h_a.start, h_a.under, h_a.over, h_a.nonfinite) == (
                        h_b.start, h_b.under, h_b.over, h_b.nonfinite)
                    np.testing.assert_array_equal(h_a.counts, h_b.counts)
        np.testing.assert_array_equal(a.dead_probe, b.dead_probe)
        np.testing.assert_array_equal(a.update_ratio, b.update_ratio)


def test_the_models_own_relus_are_back_however_the_run_ends(float64):
    """The dead-unit counters stand in for the ReLUs only while the run trains: not before it
    starts, and not after it finishes, is closed mid-way or fails; a copy or a pickle of the
    model taken mid-run holds plain ReLUs."""
    import copy
    import pickle

    from torch import nn

    def relus(model):
        return [type(m) for m in model if isinstance(m, nn.ReLU)]

    data = toy_data()
    finished = diagnosed_run("sgd", {}, data)
    assert relus(finished.model) == [nn.ReLU, nn.ReLU]  # queued, not started
    for _ in finished.steps():
        pass
    assert relus(finished.model) == [nn.ReLU, nn.ReLU]

    closed = diagnosed_run("sgd", {}, data)
    steps = closed.steps()
    next(steps)
    assert all(t is not nn.ReLU for t in relus(closed.model))  # counting while it trains
    assert relus(copy.deepcopy(closed.model)) == [nn.ReLU, nn.ReLU]
    assert relus(pickle.loads(pickle.dumps(closed.model))) == [nn.ReLU, nn.ReLU]
    steps.close()
    assert relus(closed.model) == [nn.ReLU, nn.ReLU]

    failed = diagnosed_run("sgd", {}, data)
    steps = failed.steps()
    next(steps)
    with pytest.raises(KeyboardInterrupt):
        steps.throw(KeyboardInterrupt)
    assert relus(failed.model) == [nn.ReLU, nn.ReLU]
