"""Load weights on files that are not files: a FIFO as the weights or as the JSON beside them
(reading one waits for a writer: the weights worker hung, and the window's close with it), a
device, a huge JSON. Each is one WeightsError naming the file; nothing waits."""

import os

import pytest

from lab.engine.train.models import ModelConfig, build_model
from lab.engine.train.weights import MAX_JSON_BYTES, WeightsError, load_weights, save_weights
from tests.fifo_watch import no_reader_waits


@pytest.fixture
def saved(tmp_path):
    import torch

    config = ModelConfig(inputs=4, image_side=2, hidden=(3,), classes=2)
    save_weights(build_model(config, torch.Generator().manual_seed(0)), config, tmp_path / "w")
    return tmp_path / "w.pt"  # the .pt needs the JSON beside it


def _no_writer_ever_needed(fifo, call):
    """Run ``call``, which must refuse ``fifo`` with a WeightsError without waiting on it."""
    with no_reader_waits(fifo), pytest.raises(WeightsError) as raised:
        call()
    return str(raised.value)


def test_a_fifo_as_the_weights_file_is_refused_at_once(tmp_path):
    fifo = tmp_path / "w.pt"
    os.mkfifo(fifo)
    message = _no_writer_ever_needed(fifo, lambda: load_weights(fifo))
    assert message == "w.pt: not a weights file (missing, or not a regular file)"


def test_a_fifo_as_the_json_beside_is_refused_at_once(saved):
    meta = saved.with_suffix(".json")
    meta.unlink()
    os.mkfifo(meta)
    message = _no_writer_ever_needed(meta, lambda: load_weights(saved))
    assert message.startswith("w.json: cannot be read (not a regular file")


def test_a_huge_json_beside_is_read_with_a_bound(saved, monkeypatch):
    monkeypatch.setattr("lab.engine.train.weights.MAX_JSON_BYTES", 4096)  # not 64 MiB on disk
    saved.with_suffix(".json").write_bytes(b" " * 4097)
    with pytest.raises(WeightsError, match=r"w.json: cannot be read \(larger than 4,096 bytes"):
        load_weights(saved)
    assert MAX_JSON_BYTES >= 8 * 2**20  # a JSON a million-layer config fits is still validated


def test_a_device_as_the_weights_file(tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    with pytest.raises(WeightsError, match="zero: not a weights file"):
        load_weights("/dev/zero")
