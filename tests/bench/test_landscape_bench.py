"""The landscape benchmark: registered with the issue's targets, and every figure it reports."""

import math

import pytest

from lab.bench.suites import BENCHES, TARGETS


def test_landscape_bench_is_registered_with_its_targets():
    assert "landscape" in BENCHES
    assert TARGETS["landscape_25x25_s"] == 1.0 and TARGETS["landscape_vs_naive"] == 0.5


@pytest.mark.slow  # trains 55 iterations of the book's MLP and times a naive 25×25 loop
def test_landscape_bench_reports_each_figure():
    figures = BENCHES["landscape"](quick=True)
    assert set(figures) == {"landscape_25x25_s", "naive_landscape_25x25_s", "landscape_vs_naive",
                            "sharpness_s", "train_iteration_s", "sharpness_vs_iteration",
                            "sharpness_hvps"}
    assert all(math.isfinite(v) and v > 0 for v in figures.values())
    # --quick times one pair: the median of its one ratio is that pair's ratio
    assert figures["landscape_vs_naive"] == pytest.approx(
        figures["landscape_25x25_s"] / figures["naive_landscape_25x25_s"])
