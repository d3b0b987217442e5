"""``descent-lab train --diagnostics every=K --tensorboard DIR``: the book's init comparison
over time from the CLI, its files read back, and the TensorBoard log read back with
TensorBoard's own reader where it is installed."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pytest

from lab.cli.main import main
from lab.engine.train.diagnostics.config import KINDS
from lab.engine.train.diagnostics.files import CSV_HEADER, read_histograms
from tests.engine.search.conftest import tiny_mnist  # noqa: F401 (a fixture)

ITERATIONS, EVERY = 60, 20


pytestmark = pytest.mark.slow  # MNIST training through the CLI (plots included)


@pytest.fixture(scope="module")
def book_init(tmp_path_factory, tiny_mnist):  # noqa: F811
    """The book's init preset (std 0.01, "Xavier", He; ReLU; SGD 0.01) on 150 images."""
    out = tmp_path_factory.mktemp("inside")
    assert main(["train", "--preset", "book-init", "--iterations", str(ITERATIONS),
                 "--data", tiny_mnist, "--diagnostics", f"every={EVERY},probe=100",
                 "--out", str(out / "out")]) == 0  # fmt: skip
    return out / "out"


def rows(out) -> list[dict]:
    text = (out / "diagnostics.csv").read_text()
    assert text.splitlines()[0] == ",".join(CSV_HEADER)
    return list(csv.DictReader(io.StringIO(text)))


def figure(table, run, iteration, layer, kind, column) -> float:
    (row,) = [r for r in table if (r["run"], int(r["iteration"]), r["layer"], r["kind"])
              == (run, iteration, str(layer), kind)]  # fmt: skip
    return float(row[column]) if row[column] else math.nan


def test_std_001_collapses_where_he_keeps_the_spread_over_the_whole_run(book_init):
    table = rows(book_init)
    runs = sorted({r["run"] for r in table})
    small, he = "std-0.01", "he"
    assert {small, he} <= set(runs)
    iterations = sorted({int(r["iteration"]) for r in table})
    assert iterations == [0, 20, 40, 60]
    for it in iterations:
        deep_small = figure(table, small, it, 4, "activation", "std")
        deep_he = figure(table, he, it, 4, "activation", "std")
        assert deep_small < 1e-3 * deep_he, it  # the book's collapse, at every measurement
        for layer in (1, 2, 3, 4, 5):
            ratio = figure(table, he, it, layer, "weight", "update_ratio")
            assert (it == 0 and math.isnan(ratio)) or 1e-5 < ratio < 1e-1  # CS231n ~1e-3
    dead = [float(r[c]) for r in table for c in ("dead_frac", "dead_frac_trained") if r[c]]
    assert dead and all(0.0 <= d <= 1.0 for d in dead)
    kinds = {r["kind"] for r in table}
    assert kinds == set(KINDS)


def test_histograms_npz_holds_every_measurement_with_its_edges(book_init):
    arrays = read_histograms(book_init / "histograms.npz")
    table = rows(book_init)
    stems = sorted({k.split("/")[0] for k in arrays})
    assert len(stems) == 3
    for stem in stems:
        assert arrays[f"{stem}/iterations"].tolist() == [0, 20, 40, 60]
        name = str(arrays[f"{stem}/run"])
        key = f"{stem}/layer2/activation"
        edges, counts = arrays[f"{key}/edges"], arrays[f"{key}/counts"]
        assert counts.shape == (4, len(edges) - 1)
        assert np.allclose(np.diff(edges), np.diff(edges)[0])  # fixed width, never re-binned
        total = counts.sum(1) + arrays[f"{key}/under"] + arrays[f"{key}/over"]
        assert (total == 100 * 100).all()  # probe 100 x 100 units, every value counted once
        # the histogram's mass sits between the CSV's min and max
        low = figure(table, name, 0, 2, "activation", "min")
        first = np.flatnonzero(counts[0])[0]
        assert edges[first] <= low < edges[first + 1]


def test_a_bad_diagnostics_setting_is_one_clear_line(tmp_path, capsys):
    assert main(["train", "--preset", "book-init", "--diagnostics", "every=0",
                 "--out", str(tmp_path)]) == 2  # fmt: skip
    assert "--diagnostics: every must lie in" in capsys.readouterr().err


def test_tensorboard_log_reads_back_with_tensorboards_reader(tmp_path, tiny_mnist):  # noqa: F811
    pytest.importorskip("tensorboardX")
    accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")
    logs = tmp_path / "tb"
    assert main(["train", "--preset", "book-init", "--iterations", "20", "--data", tiny_mnist,
                 "--diagnostics", "every=10,probe=50", "--tensorboard", str(logs),
                 "--out", str(tmp_path / "out")]) == 0  # fmt: skip
    folders = sorted(p for p in logs.iterdir() if p.is_dir())
    assert len(folders) == 3
    reader = accumulator.EventAccumulator(str(folders[-1]), size_guidance={"histograms": 0,
                                                                          "scalars": 0})
    reader.Reload()
    tags = reader.Tags()
    assert [e.step for e in reader.Scalars("train/loss")] == list(range(1, 21))
    assert {"layer1/update_ratio", "hparam/final_loss"} <= set(tags["scalars"])
    events = reader.Histograms("layer2/activation")
    assert [e.step for e in events] == [0, 10, 20]
    arrays = read_histograms(tmp_path / "out" / "histograms.npz")
    stem = folders[-1].name
    edges = arrays[f"{stem}/layer2/activation/edges"]
    counts = arrays[f"{stem}/layer2/activation/counts"]
    value = events[0].histogram_value
    limits, buckets = np.array(value.bucket_limit), np.array(value.bucket)
    # the first bucket ends at our lowest edge (the underflow), then one bucket per bin of
    # ours, by its right edge: our bins and counts, not re-binned
    start = int(np.argmin(np.abs(edges - limits[0])))
    n = min(len(limits) - 1, len(edges) - 1 - start)
    assert n >= 10
    np.testing.assert_allclose(limits[1: n + 1], edges[start + 1: start + n + 1])
    assert buckets[1: n + 1].tolist() == counts[0][start: start + n].tolist()
    assert value.num == counts[0].sum() + arrays[f"{stem}/layer2/activation/under"][0]


def test_an_inside_preset_measures_without_the_flag(tmp_path, tiny_mnist):  # noqa: F811
    """book-init-inside measures at its own cadence (50); --diagnostics still overrides it."""
    out = tmp_path / "out"
    assert main(["train", "--preset", "book-init-inside", "--iterations", "60", "--data",
                 tiny_mnist, "--out", str(out)]) == 0  # fmt: skip
    assert read_histograms(out / "histograms.npz")["he/iterations"].tolist() == [0, 50, 60]
    again = tmp_path / "again"
    assert main(["train", "--preset", "book-init-inside", "--iterations", "60", "--data",
                 tiny_mnist, "--diagnostics", "every=30", "--out", str(again)]) == 0  # fmt: skip
    assert read_histograms(again / "histograms.npz")["he/iterations"].tolist() == [0, 30, 60]
    plain = tmp_path / "plain"
    assert main(["train", "--preset", "book-init", "--iterations", "5", "--data", tiny_mnist,
                 "--out", str(plain)]) == 0  # fmt: skip
    assert not (plain / "histograms.npz").exists()
