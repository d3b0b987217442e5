"""The interaction benchmark drives the real window through every action the issue names and
leaves nothing behind (its settings, run folders and dataset live in temporary folders)."""

import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from lab.bench.suites import TARGETS

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
def test_bench_interaction_measures_every_action():
    """In its own process, as a user runs it: the bench builds, trains in and closes whole
    windows, which must not share an application with the tests that follow."""
    before = set(Path(tempfile.gettempdir()).glob("descent-lab-bench-*"))
    done = subprocess.run([sys.executable, "-m", "lab", "bench", "interaction", "--json",
                           "--quick"], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout)
    for key in (*STALLS, "slider_to_paint_p95_ms", "gui_stall_p99_ms"):
        assert math.isfinite(figures[key]) and figures[key] >= 0, key
    assert set(Path(tempfile.gettempdir()).glob("descent-lab-bench-*")) == before
