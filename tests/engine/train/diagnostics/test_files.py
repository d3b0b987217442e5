"""diagnostics.csv and histograms.npz: what a run measured, read back from its run folder."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from lab.engine.train.diagnostics.config import KINDS
from lab.engine.train.diagnostics.files import CSV_HEADER, read_histograms
from lab.engine.train.run_store import DIAGNOSTICS_CSV, HISTOGRAMS_NPZ, RunStore
from tests.engine.train.diagnostics.test_measure import diagnosed_run
from tests.engine.train.test_training_step import toy_data


@pytest.fixture
def saved(tmp_path, float64):
    run = diagnosed_run("adam", {}, toy_data(), every=2, iterations=6)
    for _ in run.steps():
        pass
    result = run.result()
    folder = RunStore(tmp_path).save(run.config, "#112233", result)
    return folder, result.diagnostics.snapshot()


def test_the_run_folder_holds_every_figure_of_every_kept_measurement(saved):
    folder, snap = saved
    rows = list(csv.DictReader(io.StringIO((folder / DIAGNOSTICS_CSV).read_text())))
    assert tuple(rows[0]) == CSV_HEADER
    # 4 measurements x (2 hidden layers x 5 kinds + the output layer's 4)
    assert len(rows) == 4 * (2 * 5 + 4)
    for m in snap.measurements:
        for layer in range(3):
            for k, kind in enumerate(KINDS):
                found = [r for r in rows if (int(r["iteration"]), r["layer"], r["kind"])
                         == (m.iteration, str(layer + 1), kind)]  # fmt: skip
                if m.histograms[layer][k] is None:
                    assert not found
                    continue
                (row,) = found
                assert float(row["std"]) == m.stat(layer, kind, "std")  # repr: exact
                if kind == "weight" and m.iteration:
                    assert float(row["update_ratio"]) == m.update_ratio[layer]
                if kind == "activation" and layer < 2:
                    assert float(row["dead_frac"]) == m.dead_probe[layer]
                if kind != "activation":
                    assert row["dead_frac"] == row["saturated_frac"] == ""


def test_histograms_come_back_with_their_edges(saved):
    folder, snap = saved
    arrays = read_histograms(folder / HISTOGRAMS_NPZ)
    assert arrays["run/iterations"].tolist() == [0, 2, 4, 6]
    for layer in range(3):
        for k, kind in enumerate(KINDS):
            if snap.measurements[0].histograms[layer][k] is None:
                assert f"run/layer{layer + 1}/{kind}/counts" not in arrays
                continue
            edges = arrays[f"run/layer{layer + 1}/{kind}/edges"]
            counts = arrays[f"run/layer{layer + 1}/{kind}/counts"]
            for row, m in zip(counts, snap.measurements, strict=True):
                hist = m.histograms[layer][k]
                own = snap.edges(layer, kind, hist.start, len(hist.counts))
                at = int(np.argmin(np.abs(edges - own[0])))
                np.testing.assert_allclose(edges[at: at + len(own)], own)
                assert row[at: at + len(hist.counts)].tolist() == hist.counts.tolist()
                assert row.sum() == hist.counts.sum()


def test_a_file_that_is_not_an_npz_is_refused_with_its_name(tmp_path):
    bad = tmp_path / "histograms.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="histograms.npz is not a histograms file"):
        read_histograms(bad)
