"""A search trial as a training-lab run: the same network, update rule and budget."""

from dataclasses import replace

from lab.engine.core import fields as F
from lab.engine.search.presets import SEARCH_PRESETS
from lab.engine.search.space import ChoiceParam, FloatParam
from lab.ui.search.to_train import train_config


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
    assert run.sampling == "replacement"  # the book's Trainer draws with replacement
    assert (run.data.train_size, run.data.val_split) == (500, 0.2)


def test_adam_trial_keeps_its_betas_and_width_depth_make_the_layers():
    base = SEARCH_PRESETS["architecture-halving"].config
    config = replace(base, space=base.space + (ChoiceParam("optimizer", ("adam",)),
                                               FloatParam("beta1", 0.5, 0.99)),
                     base=replace(base.base, beta2=0.99))
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


def test_momentum_trial_keeps_its_momentum():
    base = SEARCH_PRESETS["optimizer-lr-batch-tpe"].config
    run = train_config(base, {"optimizer": "momentum", "lr": 0.05, "batch_size": 200,
                              "weight_decay": 1e-5}, 0)
    assert run.optimizer.name == "momentum" and run.optimizer.params["momentum"] == 0.9
    assert run.batch_size == 200 and run.l2 == 1e-5
