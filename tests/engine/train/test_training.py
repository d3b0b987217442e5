"""Training: short runs learn, the book's findings hold, seeds reproduce, divergence is caught,
commands work, weights round-trip."""

from dataclasses import replace

import numpy as np
import pytest
import torch

from lab.engine.core.commands import CommandError, Finish, SetLr, Stop
from lab.engine.core.devices import resolve_device, thread_budget
from lab.engine.core.initializers import make_init
from lab.engine.core.optimizers import make_optimizer
from lab.engine.core.schedules import make_schedule
from lab.engine.train.config import DataConfig, TrainConfig, TrainingError
from lab.engine.train.data import cached_data
from lab.engine.train.history import HistoryError
from lab.engine.train.models import ModelConfig
from lab.engine.train.presets import TRAIN_PRESETS, with_iterations
from lab.engine.train.records import RunStatus
from lab.engine.train.training import TrainingRun
from lab.engine.train.weights import WeightsError, load_weights, save_weights

pytestmark = pytest.mark.slow  # trains on MNIST

SMALL = DataConfig(train_size=2000)


@pytest.fixture(scope="module")
def data():
    return cached_data(SMALL, "cpu")


def train(config, data):
    run = TrainingRun(config, data, "cpu")
    updates = list(run.steps())
    return run, updates


def test_mlp_learns(data):
    config = TrainConfig("mlp", optimizer=make_optimizer("adam", lr=0.001), iterations=300,
                         batch_size=64, eval_every=100)
    run, updates = train(config, data)
    losses = np.array([u.loss for u in updates])
    assert losses[-50:].mean() < losses[:10].mean() / 3
    assert updates[-1].status is RunStatus.FINISHED and run.evaluation.test_acc > 0.85
    assert [u.iteration for u in updates if u.train_acc is not None] == [100, 200, 300]
    assert run.evaluation.confusion.sum() == 10000 and run.evaluation.confusion.shape == (10, 10)


def test_cnn_learns(data):
    config = TrainConfig("cnn", model=ModelConfig(kind="cnn"), iterations=60, batch_size=64,
                         optimizer=make_optimizer("adam", lr=0.002))
    run, updates = train(config, data)
    assert run.evaluation.test_acc > 0.6  # chance is 0.1
    assert np.mean([u.loss for u in updates[-10:]]) < 1.5


def test_book_std_001_does_not_learn_while_he_does(data):
    """The book's Fig. 6-15 on a short run: SGD 0.01, batch 128, the 5-layer ReLU MLP."""
    runs = {r.name: replace(r, iterations=300, data=SMALL, eval_every=-1)
            for r in TRAIN_PRESETS["book-init"].runs}
    small, _ = train(runs["std-0.01"], data)
    he, _ = train(runs["he"], data)
    assert small.evaluation.test_acc < 0.2
    assert he.evaluation.test_acc > 0.75


def _dropout_config(**changes):
    return TrainConfig("d", model=ModelConfig(hidden=(50, 50), dropout=0.3), iterations=40,
                       batch_size=32, eval_every=20, **changes)


def test_same_seed_same_curves_even_interleaved(data):
    config = _dropout_config()
    alone = [u.loss for u in TrainingRun(config, data, "cpu").steps()]
    a = TrainingRun(config, data, "cpu").steps()
    b = TrainingRun(replace(config, seed=1), data, "cpu").steps()
    interleaved = []
    for ua, _ in zip(a, b, strict=True):  # another run draws dropout masks in between
        interleaved.append(ua.loss)
        torch.rand(100)  # and someone else uses torch's global generator
    assert interleaved == alone
    other = [u.loss for u in TrainingRun(replace(config, seed=1), data, "cpu").steps()]
    assert other != alone


def test_runs_leave_the_global_generator_alone(data):
    """No torch.manual_seed: building and training a run neither reads nor moves torch's
    global generator (dropout masks come from the run's own)."""
    torch.manual_seed(1234)
    expected = torch.rand(5)
    torch.manual_seed(1234)
    run = TrainingRun(_dropout_config(sampling="replacement"), data, "cpu")
    for _ in run.steps():
        pass
    assert torch.equal(torch.rand(5), expected)
    assert run.generator.device.type == "cpu"


def test_dropout_masks_follow_the_run_seed(data):
    """Dropout is still inverted dropout with rate p: in training mode about p of the units
    are zeroed and the rest scaled by 1/(1-p); in eval mode it is the identity."""
    run = TrainingRun(_dropout_config(), data, "cpu")
    layer = next(m for m in run.model if type(m).__name__ == "RunDropout")
    x = torch.ones(200, 100)
    layer.train()
    y = layer(x)
    kept = y != 0
    assert abs(float(kept.float().mean()) - 0.7) < 0.02
    assert torch.allclose(y[kept], torch.full_like(y[kept], 1 / 0.7))
    layer.eval()
    assert torch.equal(layer(x), x)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_same_seed_same_curves_on_cuda():
    gpu = cached_data(SMALL, "cuda")
    config = _dropout_config(sampling="replacement")
    alone = [u.loss for u in TrainingRun(config, gpu, "cuda").steps()]
    a = TrainingRun(config, gpu, "cuda")
    assert a.dropout_generator.device.type == "cuda"  # indices: drawn on the CPU, per epoch
    b = TrainingRun(replace(config, seed=1), gpu, "cuda").steps()
    interleaved = [ua.loss for ua, _ in zip(a.steps(), b, strict=True)]
    assert interleaved == alone


def test_a_run_hands_over_an_immutable_result(data):
    config = TrainConfig("r", iterations=20, eval_every=10)
    run, updates = train(config, data)
    result = run.result()
    assert result.status is RunStatus.FINISHED and result.history.n == 20
    assert result.evaluation is run.evaluation and result.evaluation.test_acc > 0
    assert all(t.device.type == "cpu" for t in result.weights.values())
    with torch.no_grad():  # a copy: changing the live model leaves the result as it was
        next(iter(run.model.parameters())).add_(1.0)
    assert not torch.equal(result.weights["0.weight"], run.model.state_dict()["0.weight"])
    assert result.history is run.history  # the one history, sealed: it cannot grow
    with pytest.raises(HistoryError, match="has ended"):
        run.history.add(updates[-1])
    assert result.history.n == 20


def test_a_stopped_run_is_evaluated_as_it_stands(data):
    run = TrainingRun(TrainConfig("s", iterations=1000, eval_every=-1), data, "cpu")
    gen = run.steps()
    for _ in range(5):
        next(gen)
    with pytest.raises(StopIteration):  # Stop ends the generator at once
        gen.send(Stop())
    assert run.status is RunStatus.STOPPED
    result = run.result()
    assert result.status is RunStatus.STOPPED and result.history.n == 5
    assert result.evaluation is not None and result.evaluation.confusion.sum() == 10000


def test_divergence_is_caught_and_history_kept(data):
    # lr 1e30 blows up whatever the minibatches (at 1e3 some draws only kill the ReLUs)
    config = TrainConfig("boom", optimizer=make_optimizer("sgd", lr=1e30), iterations=200,
                         model=ModelConfig(hidden=(100, 100), init=make_init("normal", std=1.0)))
    run, updates = train(config, data)
    assert updates[-1].status is run.status is RunStatus.DIVERGED
    assert run.diverged_at == updates[-1].iteration < 200
    assert len(updates) == run.diverged_at


def test_commands_before_the_first_iteration_apply_from_it(data):
    run = TrainingRun(TrainConfig("c", iterations=5, eval_every=-1,
                                  optimizer=make_optimizer("sgd", lr=0.1)), data, "cpu")
    run.apply(SetLr(0.2))
    run.apply(SetLr(0.3))
    assert next(run.steps()).lr == pytest.approx(0.3)
    for refused in (("set_lr", 0.4), Finish(), Stop()):  # tuples are gone; ends are not settings
        with pytest.raises(TrainingError, match="does not take the command"):
            run.apply(refused)
    for bad in (0.0, -1.0, float("nan"), float("inf"), "0.1", True):
        with pytest.raises(CommandError, match="positive number"):
            SetLr(bad)


def test_set_lr_command_and_schedule(data):
    config = TrainConfig("s", iterations=30, schedule=make_schedule("cosine"),
                         optimizer=make_optimizer("sgd", lr=0.1), eval_every=-1)
    run = TrainingRun(config, data, "cpu")
    gen = run.steps()
    first = next(gen)
    assert first.lr == pytest.approx(0.1)
    second = gen.send(SetLr(0.5))  # applies from the next iteration on
    factors = make_schedule("cosine").factor_curve(30)
    assert second.lr == pytest.approx(0.5 * factors[1])
    third = next(gen)
    assert third.lr == pytest.approx(0.5 * factors[2])
    gen.close()


def test_weight_decay_shrinks_weights(data):
    base = TrainConfig("w", iterations=100, optimizer=make_optimizer("sgd", lr=0.05))
    plain, _ = train(base, data)
    l2, _ = train(replace(base, l2=0.5), data)
    decoupled, _ = train(replace(base, decoupled_weight_decay=0.5), data)

    def norm(run):
        return sum(float(w.detach().norm()) for w in run.weights)

    assert norm(l2) < norm(plain) and norm(decoupled) < norm(plain)


def test_weights_round_trip(tmp_path, data):
    run, _ = train(TrainConfig("rt", iterations=50, eval_every=-1), data)
    files = save_weights(run.model, run.model_config, tmp_path / "rt", {"run": "rt"})
    assert sorted(p.suffix for p in files) == [".json", ".pt", ".safetensors"]
    for path in (tmp_path / "rt.safetensors", tmp_path / "rt.pt"):
        model, config, meta = load_weights(path)
        assert meta["run"] == "rt" and config == run.model_config
        x = data.test_x[:500]
        run.model.eval()
        assert torch.equal(model(x).argmax(1), run.model(x).argmax(1))


def test_mismatched_or_broken_weights_get_clear_messages(tmp_path, data):
    run, _ = train(TrainConfig("m", iterations=5, eval_every=-1), data)
    save_weights(run.model, run.model_config, tmp_path / "m")
    meta = (tmp_path / "m.json").read_text().replace('"hidden": [\n      100,',
                                                      '"hidden": [\n      64,')
    (tmp_path / "m.json").write_text(meta)
    with pytest.raises(WeightsError, match="does not match m.json"):  # .safetensors: its own
        load_weights(tmp_path / "m.pt")  # metadata (test_weights_metadata); .pt: the JSON
    (tmp_path / "bad.safetensors").write_bytes(b"not a tensor file")
    (tmp_path / "bad.json").write_text((tmp_path / "m.json").read_text())
    with pytest.raises(WeightsError, match="cannot be read"):
        load_weights(tmp_path / "bad.safetensors")
    with pytest.raises(WeightsError, match="missing"):
        load_weights(tmp_path / "alone.safetensors")


def test_invalid_configs_list_every_problem():
    config = TrainConfig("x", batch_size=0, iterations=10, epochs=3, l2=-1.0,
                         model=ModelConfig(hidden=(), dropout=1.5))
    with pytest.raises(TrainingError) as info:
        TrainingRun(config, cached_data(SMALL, "cpu"), "cpu")
    message = str(info.value)
    for part in ("batch_size", "either iterations or epochs", "l2", "dropout", "hidden"):
        assert part in message


def test_presets_follow_the_book():
    runs = {r.name: r for r in TRAIN_PRESETS["book-optimizers"].runs}
    assert list(runs) == ["sgd", "momentum", "adagrad", "adam"]
    assert runs["adam"].optimizer.lr == 0.001 and runs["sgd"].batch_size == 128
    assert runs["sgd"].model.hidden == (100,) * 4 and runs["sgd"].iterations == 2000
    assert [r.name for r in TRAIN_PRESETS["book-init"].runs] == ["std-0.01", "xavier", "he"]
    wd = {r.name: r for r in TRAIN_PRESETS["book-weight-decay"].runs}
    assert wd["weight-decay"].l2 == 0.1 and wd["no-decay"].data.train_size == 300
    assert wd["no-decay"].epochs == 201 and wd["no-decay"].model.hidden == (100,) * 6
    assert len(TRAIN_PRESETS["book-batchnorm-grid"].runs) == 32
    assert all(r.iterations == 7 and r.epochs == 0
               for r in with_iterations(TRAIN_PRESETS["book-dropout"].runs, 7))


def test_device_fallback_and_thread_budget():
    import os

    device, message = resolve_device("cuda")
    if torch.cuda.is_available():
        assert (device, message) == ("cuda", "")
    else:
        assert device == "cpu" and "no GPU" in message
    assert resolve_device("auto")[0] == ("cuda" if torch.cuda.is_available() else "cpu")
    assert resolve_device("cpu") == ("cpu", "")
    with pytest.raises(ValueError, match="device must be one of"):
        resolve_device("tpu")
    cores = os.cpu_count() or 1
    assert thread_budget(leave_for_gui=False) == cores
    assert thread_budget(leave_for_gui=True) == max(1, cores - 1)


def test_the_presets_of_todays_optimizers():
    today = {r.name: r.optimizer for r in TRAIN_PRESETS["today-optimizers"].runs}
    assert [o.name for o in today.values()] == ["adam", "adamw", "lion", "muon",
                                                "schedulefree_adamw"]
    free = {r.name: r for r in TRAIN_PRESETS["schedule-free-mnist"].runs}
    assert free["adamw-cosine"].schedule.name == "cosine"
    assert free["schedulefree"].schedule.name == "constant"
    assert free["schedulefree"].optimizer == make_optimizer("schedulefree_adamw")


def test_schedule_free_keeps_up_with_a_cosine_schedule_on_the_books_mnist():
    """The preset's claim, on the book's whole setup (60k images, 2000 iterations): without a
    schedule, Schedule-Free AdamW ends at least level with AdamW under a cosine decay."""
    full = cached_data(DataConfig(), "cpu")
    accuracy = {}
    for config in TRAIN_PRESETS["schedule-free-mnist"].runs:
        run, _ = train(replace(config, eval_every=-1), full)
        accuracy[config.name] = run.evaluation.test_acc
    assert accuracy["schedulefree"] >= accuracy["adamw-cosine"] - 0.003, accuracy
    assert accuracy["schedulefree"] > accuracy["adamw-constant"], accuracy
