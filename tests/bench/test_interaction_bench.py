"""The interaction benchmark drives the real window through every action the issue names and
leaves nothing behind (its settings, run folders and dataset live in temporary folders)."""

import json
import math
import tempfile
from pathlib import Path

import pytest

from lab.bench.suites import TARGETS
from lab.cli.main import main

STALLS = ("type_function_stall_ms", "switch_to_2x2_stall_ms", "open_dataset_folder_stall_ms",
          "select_finished_run_stall_ms", "load_weights_stall_ms")


def test_every_stall_has_the_issues_target():
    for key in STALLS:
        assert TARGETS[key] == 50.0
    assert TARGETS["slider_to_paint_p95_ms"] == 33.0


def test_the_dataset_fixture_is_a_readable_mnist_folder_removed_afterwards():
    from lab.bench.scratch import scratch_dataset_folder
    from lab.data.mnist import load_folder, load_mnist

    with scratch_dataset_folder() as folder:
        data = load_folder(folder)
        assert Path(folder).parent == Path(tempfile.gettempdir())
    assert not Path(folder).exists()
    bundled = load_mnist()
    assert data.classes == 10
    assert (data.test_images == bundled.test_images).all()
    assert (data.train_labels == bundled.train_labels).all()


@pytest.mark.slow
def test_bench_interaction_measures_every_action(capsys):
    before = set(Path(tempfile.gettempdir()).glob("descent-lab-bench-*"))
    assert main(["bench", "interaction", "--json", "--quick"]) == 0
    figures = json.loads(capsys.readouterr().out)
    for key in (*STALLS, "slider_to_paint_p95_ms", "gui_stall_p99_ms"):
        assert math.isfinite(figures[key]) and figures[key] >= 0, key
    assert set(Path(tempfile.gettempdir()).glob("descent-lab-bench-*")) == before
