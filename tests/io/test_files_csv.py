"""Every CSV the app writes goes through the csv module: a comma, quote or newline in a run or
optimizer name stays inside its field (read back with csv.reader, the reference parser)."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

NAMES = ["a,b", 'say "hi"', "two\nlines"]


def _rows(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert all(None not in r for r in rows)  # nothing spilled past the header
    return rows


@pytest.fixture(scope="module")
def probe_results():
    from lab.engine.init.probe import ProbeConfig, run_probe

    result = run_probe(ProbeConfig(depth=2, width=10, samples=16, bins=3))
    return {name: result for name in NAMES}


def test_probe_histogram_csv(probe_results):
    from lab.engine.init.probe_io import histogram_csv

    rows = _rows(histogram_csv(probe_results))
    assert list(dict.fromkeys(r["run"] for r in rows)) == NAMES
    assert {len(r) for r in rows} == {6}


def test_probe_stats_csv(probe_results):
    from lab.engine.init.probe_io import stats_csv

    rows = _rows(stats_csv(probe_results))
    assert list(dict.fromkeys(r["run"] for r in rows)) == NAMES
    assert all(float(r["weight_std"]) > 0 for r in rows)


def test_sweep_csv():
    from lab.engine.optimize.trajectories import SweepResult, sweep_csv

    sweep = SweepResult(labels=tuple(NAMES), lrs=np.array([0.1, 1.0]),
                        final_loss=np.ones((3, 2)), final_distance=np.zeros((3, 2)),
                        diverged_at=np.full((3, 2), -1))
    rows = _rows(sweep_csv(sweep))
    assert [r["optimizer"] for r in rows] == [n for n in NAMES for _ in range(2)]
    assert [float(r["lr"]) for r in rows[:2]] == [0.1, 1.0]
    assert {r["diverged_at"] for r in rows} == {"-1"}


def test_trajectories_csv_with_a_comma_in_the_label():
    from lab.engine.core.optimizers import make_optimizer
    from lab.engine.optimize.trajectories import (
        TrajectoryConfig,
        run_trajectories,
        trajectories_csv,
    )

    optimizers = (make_optimizer("adam", label="adam, fast", lr=0.3),
                  make_optimizer("sgd", label='sgd "slow"\nlr 0.1', lr=0.1))
    config = TrajectoryConfig(function="book", optimizers=optimizers, start=(-7.0, 2.0), steps=3)
    result = run_trajectories(config)
    rows = _rows(trajectories_csv(result))
    assert len(rows) == 8
    assert [r["optimizer"] for r in rows[::4]] == ["adam, fast", 'sgd "slow"\nlr 0.1']
    assert float(rows[0]["x"]) == -7.0 and float(rows[0]["y"]) == 2.0
