"""Issue 16, 13, 12 and 15: a .pt file holding something other than a state_dict (a list, None,
integer keys) let a TypeError or AttributeError escape; a truncated .pt said "[Errno 22]
Invalid argument"; a weights JSON nested 100 000 deep raised RecursionError. Each is now one
WeightsError naming the file and saying what is wrong."""

import pytest

from lab.engine.train.models import ModelConfig, build_model
from lab.engine.train.weights import WeightsError, load_weights, save_weights


@pytest.fixture
def saved(tmp_path):
    import torch

    config = ModelConfig(inputs=4, image_side=2, hidden=(3,), classes=2)
    save_weights(build_model(config, torch.Generator().manual_seed(0)), config, tmp_path / "w")
    return tmp_path / "w.pt"  # the .pt needs the JSON beside it


@pytest.mark.parametrize("content, message", [
    ([1, 2], "w.pt holds a list, not a state_dict (a table of named tensors)"),
    (None, "w.pt holds None, not a state_dict"),
    ("tensors", "w.pt holds a str, not a state_dict"),
    ({1: "tensor"}, "w.pt: the state_dict's key 1 is an int, not a parameter name"),
    ({"0.weight": 3}, "w.pt: '0.weight' holds an int, not a tensor"),
])  # fmt: skip
def test_a_pt_holding_no_state_dict_is_named(saved, content, message):
    import torch

    torch.save(content, saved)
    with pytest.raises(WeightsError) as raised:
        load_weights(saved)
    assert str(raised.value).startswith(message)


def test_a_tensor_instead_of_a_state_dict(saved):
    import torch

    torch.save(torch.zeros(3), saved)
    with pytest.raises(WeightsError, match=r"w\.pt holds a Tensor, not a state_dict"):
        load_weights(saved)


def test_a_truncated_pt_says_so(saved):
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    with pytest.raises(WeightsError, match=r"w\.pt is not a complete PyTorch file: it is cut "
                                           r"off"):
        load_weights(saved)


def test_a_weights_json_nested_100000_deep_is_named(saved):
    saved.with_suffix(".json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(WeightsError, match=r"^w\.json: nested too deeply to be read$"):
        load_weights(saved)
