"""A run folder's diagnostics read back equal what the run kept (the window reopens them)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lab.engine.train.diagnostics.config import KINDS
from lab.engine.train.diagnostics.files import histogram_matrix
from lab.engine.train.diagnostics.readback import read_diagnostics
from lab.engine.train.run_store import DIAGNOSTICS_CSV, HISTOGRAMS_NPZ, RunStore
from tests.engine.train.diagnostics.test_measure import diagnosed_run
from tests.engine.train.test_training_step import toy_data


@pytest.fixture
def saved(tmp_path, float64):
    run = diagnosed_run("adam", {}, toy_data(), every=2, iterations=6)
    for _ in run.steps():
        pass
    result = run.result()
    store = RunStore(tmp_path)
    folder = store.save(run.config, "#112233", result)
    return store, folder, result.diagnostics.snapshot()


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def test_a_reopened_run_shows_every_figure_and_histogram_it_measured(saved):
    store, folder, kept = saved
    back = store.load(folder.name).result.diagnostics.snapshot()
    assert back.layers == kept.layers and back.activation == kept.activation
    assert back.iterations.tolist() == kept.iterations.tolist() == [0, 2, 4, 6]
    for a, b in zip(kept.measurements, back.measurements, strict=True):
        for name in ("dead_probe", "dead_trained", "saturated", "update_ratio", "grad_norm"):
            assert all(map(_same, getattr(a, name), getattr(b, name))), name
        for layer in range(len(kept.layers)):
            for kind in KINDS:
                for stat in ("count", "mean", "std", "min", "max"):
                    assert _same(a.stat(layer, kind, stat), b.stat(layer, kind, stat))
    for layer in range(len(kept.layers)):
        for kind in KINDS:
            mine, theirs = histogram_matrix(kept, layer, kind), histogram_matrix(back, layer, kind)
            if mine is None:
                assert theirs is None
                continue
            np.testing.assert_allclose(theirs[0], mine[0], rtol=1e-12, atol=1e-12)
            for x, y in zip(mine[1:], theirs[1:], strict=True):
                assert np.array_equal(x, y)


def test_a_run_without_diagnostics_reopens_without_them(tmp_path, float64):
    run = diagnosed_run("sgd", {}, toy_data(), iterations=2)
    run.diagnostics = None  # as a run trained with measurement off
    for _ in run.steps():
        pass
    store = RunStore(tmp_path)
    folder = store.save(run.config, "#112233", run.result())
    assert not (folder / DIAGNOSTICS_CSV).exists()
    assert store.load(folder.name).result.diagnostics is None


def test_a_damaged_histograms_file_is_named(saved):
    store, folder, _ = saved
    (folder / HISTOGRAMS_NPZ).write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="histograms"):
        read_diagnostics(folder / DIAGNOSTICS_CSV, folder / HISTOGRAMS_NPZ, "relu")
    (folder / DIAGNOSTICS_CSV).write_text("iteration,loss\n")
    from lab.engine.train.run_store import RunStoreError

    with pytest.raises(RunStoreError, match=folder.name):
        store.load(folder.name)
