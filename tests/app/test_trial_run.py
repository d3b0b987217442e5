"""A search trial as a training-lab run: the same network, update rule and budget, and the same
curve. The run's per-epoch validation accuracy is the trial's: exactly (1e-9) in float64 for
SGD, Momentum and Adam with and without dropout, and within one validation image in float32 for
the trials of a real study (re-asked trials included)."""

from dataclasses import replace

import numpy as np
import pytest
import torch

from lab.app.trial_run import train_config
from lab.engine.core import fields as F
from lab.engine.core.initializers import parse_init
from lab.engine.core.mlp import MlpSpec
from lab.engine.core.optimizers import make_optimizer
from lab.engine.search.batched import Stop, train_batch
from lab.engine.search.data import prepare_data as search_data
from lab.engine.search.presets import SEARCH_PRESETS
from lab.engine.search.runner import run_worker
from lab.engine.search.space import ChoiceParam, FloatParam
from lab.engine.search.study import open_study
from lab.engine.train.data import cached_data
from lab.engine.train.training import TrainingRun
from tests.engine.search.conftest import tiny_config, tiny_mnist  # noqa: F401 (fixtures)


def test_book_trial_becomes_the_books_network_with_its_lr_and_l2():
    config = SEARCH_PRESETS["book-random-search"].config
    run = train_config(config, {"lr": 0.00312, "weight_decay": 2.5e-6}, 17)
    assert F.problems(run) == []
    assert run.name == "trial-17"
    assert run.optimizer.name == "sgd" and run.optimizer.params["lr"] == 0.00312
    assert run.l2 == 2.5e-6 and run.decoupled_weight_decay == 0.0  # 0.5·λ·ΣW², the book's
    assert run.model.hidden == (100,) * 6 and run.model.activation == "relu"
    assert run.model.init.name == "book-he"
    assert (run.epochs, run.iterations, run.batch_size) == (50, 0, 100)
    assert run.sampling == "replacement" and run.drop_last  # the book Trainer's whole batches
    assert run.data == config.data  # the same split: 500 images, the first 100 held out
    assert (run.data.train_size, run.data.holdout, run.data.order) == (500, 0.2, "subset-first")
    assert run.seed == config.trial_seed(17) and run.eval_every == 0  # every epoch


def test_adam_trial_keeps_its_betas_and_width_depth_make_the_layers():
    base = SEARCH_PRESETS["architecture-halving"].config
    config = replace(base, space=base.space + (ChoiceParam("optimizer", ("adam",)),
                                               FloatParam("beta1", 0.5, 0.99)),
                     base=replace(base.base, optimizer=make_optimizer("adam", lr=0.01,
                                                                      beta2=0.99)))
    run = train_config(config, {"width": 50, "depth": 4, "dropout": 0.25, "lr": 0.01,
                                "init": "xavier-normal", "optimizer": "adam", "beta1": 0.8}, 3,
                       name="best")
    assert F.problems(run) == []
    assert run.name == "best"
    assert run.model.hidden == (50, 50, 50, 50) and run.model.dropout == 0.25
    assert run.model.init.name == "xavier-normal"
    assert run.optimizer.name == "adam"
    assert run.optimizer.params["beta1"] == 0.8 and run.optimizer.params["beta2"] == 0.99
    assert run.optimizer.params["lr"] == 0.01 and run.epochs == base.epochs


def test_momentum_trial_keeps_its_momentum_and_sgd_ignores_the_betas():
    base = SEARCH_PRESETS["optimizer-lr-batch-tpe"].config
    run = train_config(base, {"optimizer": "momentum", "lr": 0.05, "batch_size": 200,
                              "weight_decay": 1e-5}, 0)
    assert run.optimizer.name == "momentum" and run.optimizer.params["momentum"] == 0.9
    assert run.batch_size == 200 and run.l2 == 1e-5
    sgd = train_config(base, {"optimizer": "sgd", "lr": 0.05, "beta1": 0.5}, 1)
    assert sgd.optimizer.params == {"lr": 0.05, "weight_decay": 0.0}


def test_a_reasked_trial_trains_with_its_first_numbers_seed():
    config = SEARCH_PRESETS["book-random-search"].config
    params = {"lr": 0.01, "weight_decay": 1e-6}
    assert train_config(config, params, 7, retry_of=3).seed == config.trial_seed(3)
    assert train_config(config, params, 7).seed == config.trial_seed(7) != config.trial_seed(3)


def _float64(data):
    return replace(data, train_x=data.train_x.double(), val_x=data.val_x.double(),
                   test_x=data.test_x.double())


def run_curves(run_config, dtype=torch.float32) -> tuple[list, list, object]:
    """Train ``run_config`` in the training lab: its (val_acc, train_acc) per epoch and the
    run; float64 by converting the prepared data and the model (the loop is the same)."""
    data = cached_data(run_config.data, "cpu")
    if dtype == torch.float64:
        data = _float64(data)
    run = TrainingRun(run_config, data, "cpu")
    run.model.to(dtype)
    updates = [u for u in run.steps() if u.val_acc is not None]
    return [u.val_acc for u in updates], [u.train_acc for u in updates], run


@pytest.mark.parametrize("dropout", [0.0, 0.3])
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_train_this_configuration_reproduces_the_trial_in_float64(
        tiny_config, optimizer, dropout):  # noqa: F811 (a fixture)
    """Same images, initial weights, minibatches (80 images in whole batches of 25: 3 steps
    an epoch, 5 images skipped each epoch), dropout masks and L2: per-epoch accuracies equal
    and the final weights equal torch's within float64 rounding."""
    lr = {"sgd": 0.2, "momentum": 0.05, "adam": 0.01}[optimizer]
    config = replace(tiny_config, epochs=4, space=(
        ChoiceParam("optimizer", (optimizer,)), FloatParam("lr", 1e-3, 0.5, log=True),
        FloatParam("weight_decay", 1e-6, 1e-2, log=True), FloatParam("dropout", 0.0, 0.5)),
        base=replace(tiny_config.base, model=MlpSpec(hidden=(24, 16),
                                                     init=parse_init("book-he"))))
    params = {"optimizer": optimizer, "lr": lr, "weight_decay": 3e-3, "dropout": dropout}
    spec = config.trial_spec(params, config.trial_seed(5))
    trial = list(train_batch([spec], search_data(config.data), config.epochs,
                             sampling=config.sampling, dtype=torch.float64))
    val, train, _run = run_curves(train_config(config, params, 5), torch.float64)
    assert len(val) == len(trial) == config.epochs
    np.testing.assert_allclose(val, [u.val_acc[0] for u in trial], rtol=0, atol=1e-9)
    np.testing.assert_allclose(train, [u.train_acc[0] for u in trial], rtol=0, atol=1e-9)


@pytest.mark.slow
def test_every_trial_of_a_study_is_reproduced_within_one_validation_image(
        tmp_path, tiny_config):  # noqa: F811 (a fixture)
    """float32, the real path: trials asked by Optuna, trained in stacks (SGD and Momentum
    share one), some interrupted and re-asked (their seed is their first number's); each run
    made from a stored trial gives its stored curve to within one validation image."""
    config = replace(tiny_config, trials=8, batch_trials=8, space=(
        ChoiceParam("optimizer", ("sgd", "momentum", "adam")),
        FloatParam("lr", 1e-3, 3e-2, log=True), FloatParam("weight_decay", 1e-6, 1e-3, log=True),
        FloatParam("dropout", 0.0, 0.4)))
    handle = open_study("repro", config, data_dir=tmp_path)
    worker = run_worker(handle, "cpu")
    next(worker)
    with pytest.raises(StopIteration):
        worker.send(Stop())  # the trials in flight are failed as interrupted and re-asked
    for _ in run_worker(handle, "cpu"):
        pass
    complete = [t for t in handle.study.get_trials() if t.state.name == "COMPLETE"]
    assert len(complete) == 8 and any("retry_of" in t.user_attrs for t in complete)
    n_val = len(search_data(config.data).val_x)
    for t in complete:
        run_config = train_config(handle.config, t.params, t.number,
                                  retry_of=t.user_attrs.get("retry_of"))
        val, _train, _run = run_curves(run_config)
        stored = t.user_attrs["curves"]["val_acc"]
        assert len(val) == len(stored) == config.epochs
        assert np.abs(np.subtract(val, stored)).max() <= 1 / n_val + 1e-9, (t.number, t.params)
