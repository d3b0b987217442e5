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
