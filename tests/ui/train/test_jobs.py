"""The runner's jobs for the training lab: a run made with the history its entry gave it and a
declared device message, saved as it ends with the entry's colour; nothing stuck onto the run."""

import json

import numpy as np
import torch

from lab.data.idx import write_idx
from lab.engine.train.config import DataConfig, TrainConfig
from lab.engine.train.history import History
from lab.engine.train.models import ModelConfig
from lab.engine.train.records import RunStatus
from lab.engine.train.run_store import RunStore
from lab.ui.train.jobs import RunJobs


def tiny_dataset(folder):
    """An MNIST-format folder of 40 random 28x28 images (loads in milliseconds)."""
    folder.mkdir()
    rng = np.random.default_rng(0)
    for split, n in (("train", 40), ("t10k", 10)):
        write_idx(folder / f"{split}-images-idx3-ubyte.gz",
                  rng.integers(0, 255, (n, 28, 28), dtype=np.uint8))
        write_idx(folder / f"{split}-labels-idx1-ubyte.gz", rng.integers(0, 3, n, dtype=np.uint8))
    return str(folder)


def test_a_run_is_made_and_saved_without_attributes_stuck_onto_it(tmp_path):
    jobs = RunJobs(RunStore(tmp_path / "runs"))
    history = History("c")
    config = TrainConfig("c", iterations=3, batch_size=8, eval_every=-1,
                         final_evaluation=False, device="cuda", model=ModelConfig(hidden=(8,)),
                         data=DataConfig(folder=tiny_dataset(tmp_path / "data")))  # fmt: skip
    run = jobs.make_run(config, history, "#abcdef")  # a ProbedRun: it takes "measure now"
    assert run.run.history is history and not run.probes.config.active
    if torch.cuda.is_available():
        assert run.run.device_message == ""
    else:
        assert "no GPU" in run.run.device_message and run.run.device == "cpu"
    before = set(vars(run))
    for _update in run.steps():
        pass
    result, folder, problem = jobs.take_result(run, RunStatus.FINISHED)
    assert set(vars(run)) == before and not hasattr(run, "color")
    assert problem == "" and result.history is history and history.n == 3 and history.sealed
    meta = json.loads((tmp_path / "runs" / folder / "run.json").read_text())
    assert meta["color"] == "#abcdef" and meta["status"] == "finished"
