"""Weights files: names with dots keep their own files, a malicious .pt is refused in one line
(never unpickled), a writer failing on a full disk is one ExportError."""

from __future__ import annotations

import json
import os
import pickle

import pytest
import torch

from lab.engine.train.models import ModelConfig, build_model
from lab.engine.train.weights import WeightsError, load_weights, save_weights
from lab.io.files import ExportError


@pytest.fixture
def model():
    config = ModelConfig(inputs=4, image_side=2, hidden=(3,), classes=2)
    return build_model(config, torch.Generator().manual_seed(0)), config


def test_names_with_dots_get_their_own_files(tmp_path, model):
    net, config = model
    save_weights(net, config, tmp_path / "v1.0", {"run": "v1.0"})
    save_weights(net, config, tmp_path / "v1.5", {"run": "v1.5"})
    save_weights(net, config, tmp_path / "model.pt", {"run": "model.pt"})  # a name, not a file
    names = sorted(os.listdir(tmp_path))
    for stem in ("v1.0", "v1.5", "model"):
        for suffix in (".safetensors", ".json", ".pt"):
            assert f"{stem}{suffix}" in names
    assert json.loads((tmp_path / "v1.0.json").read_text())["run"] == "v1.0"
    assert json.loads((tmp_path / "v1.5.json").read_text())["run"] == "v1.5"
    _, _, meta = load_weights(tmp_path / "v1.0.safetensors")
    assert meta["run"] == "v1.0"


class _Harmless:
    """Pickles as a call to os.getcwd: a global torch's weights-only loader does not allow.
    The test only writes this pickle; nothing here loads it without weights_only."""

    def __reduce__(self):
        return (os.getcwd, ())


def test_malicious_pt_is_refused_in_one_line(tmp_path, model):
    net, config = model
    save_weights(net, config, tmp_path / "evil")
    path = tmp_path / "evil.pt"
    state = {k: v for k, v in net.state_dict().items()}
    state["payload"] = _Harmless()
    torch.save(state, path)  # torch.save pickles; saving runs nothing
    with pytest.raises(WeightsError) as info:
        load_weights(path)
    message = str(info.value)
    assert "not a plain weights file" in message and "was not loaded" in message
    assert "weights_only" not in message and "\n" not in message


def test_plain_pickle_pt_is_refused(tmp_path, model):
    net, config = model
    save_weights(net, config, tmp_path / "p")
    (tmp_path / "p.pt").write_bytes(pickle.dumps(_Harmless()))
    with pytest.raises(WeightsError, match="not a plain weights file"):
        load_weights(tmp_path / "p.pt")


@pytest.mark.parametrize("writer", ["safetensors.torch.save_file", "torch.save"])
def test_full_disk_in_a_writer_is_an_export_error(tmp_path, model, monkeypatch, writer):
    net, config = model

    def fail(obj, target, *args, **kwargs):
        with open(target, "wb") as fh:
            fh.write(b"half")
        raise RuntimeError("Error while serializing: IoError(Os { code: 28, kind: StorageFull })")

    monkeypatch.setattr(writer, fail)
    with pytest.raises(ExportError, match="No space left on device"):
        save_weights(net, config, tmp_path / "w")
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".part")]
