"""The search benchmark's arithmetic count against torch's own FLOP counter, on the reference
loop it times."""

import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

from lab.bench.search import matmul_flops, sequential
from lab.bench.suites import BENCHES, TARGETS
from lab.engine.search.data import SearchData
from tests.engine.search.conftest import trial


def test_flop_count_matches_torchs_counter_on_the_reference_loop():
    g = torch.Generator().manual_seed(0)
    data = SearchData(torch.rand(40, 784, generator=g), torch.randint(10, (40,), generator=g),
                      torch.rand(10, 784, generator=g), torch.randint(10, (10,), generator=g), 10)
    spec = trial(0.01, hidden=(32, 16, 16), batch_size=10)
    with FlopCounterMode(display=False) as counter:
        sequential([spec], data, epochs=2)
    assert matmul_flops(spec, 40, 10, epochs=2) == pytest.approx(counter.get_total_flops())


def test_search_bench_is_registered_with_its_targets():
    assert "search" in BENCHES
    assert TARGETS["search_vs_sequential"] == 0.4
    assert TARGETS["sgemm_vs_batched"] == pytest.approx(1 / 0.6)
