"""A .safetensors weights file carries its model configuration in its metadata: it loads alone,
and that metadata is validated through ModelConfig like the JSON beside it."""

from __future__ import annotations

import json

import pytest
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

from lab.engine.train.models import ModelConfig, build_model
from lab.engine.train.weights import META_KEY, WeightsError, load_weights, save_weights


@pytest.fixture
def saved(tmp_path):
    config = ModelConfig(inputs=4, image_side=2, hidden=(5, 3), classes=2, activation="tanh")
    net = build_model(config, torch.Generator().manual_seed(3))
    save_weights(net, config, tmp_path / "net", {"run": "alone"})
    return net, config, tmp_path


def test_safetensors_alone_loads_the_same_model(saved):
    net, config, folder = saved
    (folder / "net.json").unlink()
    (folder / "net.pt").unlink()
    model, loaded_config, meta = load_weights(folder / "net.safetensors")
    assert loaded_config == config and meta["run"] == "alone"
    x = torch.randn(7, 4, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        net.eval()
        assert torch.equal(model(x), net(x))


def test_metadata_matches_the_json_as_safetensors_reads_it(saved):
    _, _, folder = saved
    with safe_open(str(folder / "net.safetensors"), framework="pt") as file:
        inside = file.metadata()
    assert json.loads(inside[META_KEY]) == json.loads((folder / "net.json").read_text())


def test_invalid_metadata_is_refused_through_model_config(saved):
    _, _, folder = saved
    path = folder / "net.safetensors"
    meta = json.loads((folder / "net.json").read_text())
    meta["model"]["hidden"] = [-5]
    save_file(load_file(str(path)), str(path), metadata={META_KEY: json.dumps(meta)})
    (folder / "net.json").unlink()
    with pytest.raises(WeightsError, match=r"net.safetensors \(its metadata\): not a valid model "
                                           r"configuration .*hidden"):
        load_weights(path)


def test_files_without_metadata_still_use_the_json(saved):
    net, config, folder = saved
    path = folder / "net.safetensors"
    save_file(load_file(str(path)), str(path))  # as written before metadata was added
    _, loaded_config, _ = load_weights(path)
    assert loaded_config == config
    (folder / "net.json").unlink()
    with pytest.raises(WeightsError, match="net.json is missing"):
        load_weights(path)


def test_pt_still_needs_its_json(saved):
    _, _, folder = saved
    (folder / "net.json").unlink()
    with pytest.raises(WeightsError, match="net.json is missing"):
        load_weights(folder / "net.pt")


def test_the_json_carries_the_whole_run_config_and_it_comes_back_equal(tmp_path):
    """A weights file alone says how it was made: every setting of the run (optimizer and its
    hyperparameters, schedule, length, batch, seed, data, network, regularisation), written by
    the run config's own serializer and read back to an equal TrainConfig."""
    from lab.engine.core.data_split import DataConfig
    from lab.engine.core.optimizers import make_optimizer
    from lab.engine.core.schedules import parse_schedule
    from lab.engine.train.config import TrainConfig
    from lab.engine.train.weights import RUN_KEY, run_config

    model = ModelConfig(hidden=(50, 20), activation="tanh", dropout=0.2, batchnorm=True)
    run = TrainConfig(name="adam-trial-10", model=model,
                      optimizer=make_optimizer("adam", lr=0.003, beta1=0.8, beta2=0.99),
                      schedule=parse_schedule("cosine:T_max=500"), batch_size=64, epochs=3,
                      l2=0.01, l1=0.001, clip_norm=2.0, sampling="replacement", seed=7,
                      data=DataConfig(train_size=1000, holdout=0.1, shuffle=True, split_seed=3))
    net = build_model(ModelConfig(inputs=784, hidden=(50, 20), activation="tanh", dropout=0.2,
                                  batchnorm=True), torch.Generator().manual_seed(0))
    save_weights(net, run.model, tmp_path / "adam-trial-10", {"run": run.name}, run=run)
    meta = json.loads((tmp_path / "adam-trial-10.json").read_text())
    assert meta[RUN_KEY]["optimizer"].startswith("adam") and "0.003" in meta[RUN_KEY]["optimizer"]
    assert meta[RUN_KEY]["seed"] == 7 and meta[RUN_KEY]["batch_size"] == 64
    assert meta[RUN_KEY]["data"]["train_size"] == 1000
    assert run_config(meta, "adam-trial-10.json") == run
    (tmp_path / "adam-trial-10.json").unlink()  # the .safetensors alone carries it too
    _model, _config, inside = load_weights(tmp_path / "adam-trial-10.safetensors")
    assert run_config(inside) == run


def test_a_damaged_run_config_is_refused_and_an_absent_one_is_none(saved):
    from lab.engine.train.weights import RUN_KEY, run_config

    _, _, folder = saved
    meta = json.loads((folder / "net.json").read_text())
    assert run_config(meta) is None  # written without one (other tools, older files)
    meta[RUN_KEY] = {"name": "x", "batch_size": -1, "iterations": 10}
    with pytest.raises(WeightsError, match="batch_size"):
        run_config(meta, "net.json")
