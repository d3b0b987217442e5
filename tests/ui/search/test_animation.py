"""The search lab's animation: trials appear in the order they finished, the last frame is the
still export, the view is put back afterwards, and a running search is refused."""

import numpy as np
import pytest
from PIL import Image

from lab.engine.core.status import RunStatus
from lab.io.files import ExportError
from lab.ui.export.animation import AnimationRequest, render_all
from lab.ui.export.images import export_png
from lab.ui.search.animation import cut_snapshot, finish_order
from tests.ui.search.conftest import run_search
from tests.ui.search.keys import click

pytestmark = pytest.mark.slow  # a search, then frames rendered one by one


def still(widget, path) -> np.ndarray:
    with Image.open(export_png(widget, path)) as image:
        return np.asarray(image.convert("RGB"), dtype=int)


def test_the_scatter_fills_in_trial_by_trial_and_ends_on_the_still(qtbot, search_lab,
                                                                   tiny_config, tmp_path):
    lab = search_lab
    lab.resize(1200, 800)
    lab.show()
    qtbot.waitExposed(lab)
    run_search(qtbot, lab.controller, tiny_config)
    sources = {s.label: s for s in lab.animation_sources()}
    assert set(sources) == {"Scatter", "Best 20 curves", "Parallel coordinates", "History"}
    source = sources["Scatter"]
    assert source.max_frames == 9  # no trial, then one more per frame
    scatter = source.widget
    reference = still(scatter, tmp_path / "still.png")
    counts = []
    original = source.show_frame

    def counted(k, n):
        original(k, n)
        counts.append(scatter.count())

    source.show_frame = counted
    # frames as wide as the still export: the same pixels, nothing rescaled
    frames = render_all(source, AnimationRequest(str(tmp_path / "a.gif"), reference.shape[1],
                                                 10, 9))
    assert counts == list(range(9))  # frame k: the first k finished trials
    arrays = [np.asarray(f, dtype=int) for f in frames]
    assert arrays[-1].shape == reference.shape
    assert np.mean(np.abs(arrays[-1] - reference).max(axis=2) > 48) < 0.0015
    assert np.mean(np.abs(arrays[0] - arrays[-1]).max(axis=2) > 48) > 0.001
    # the view is back as it was: every trial, the same picture
    assert scatter.count() == 8
    assert (still(scatter, tmp_path / "after.png") == reference).all()


def test_frames_cut_the_snapshot_and_a_running_search_is_refused(qtbot, search_lab,
                                                                 tiny_config):
    from dataclasses import replace

    lab = search_lab
    controller = lab.controller
    run_search(qtbot, controller, tiny_config)
    order = finish_order(controller.snapshot.rows)
    assert order == sorted(order) and len(order) == 8
    cut = cut_snapshot(controller.snapshot, set(order[:3]))
    assert [r["number"] for r in cut.rows] == order[:3]
    assert set(cut.curves) == set(order[:3]) and cut.importance is None
    assert all(n in order[:3] for n, _best in cut.best_so_far)
    controller.settings.load_config(replace(tiny_config, trials=200, epochs=40), "busy")
    assert controller.start()
    with qtbot.waitSignal(controller.search.progressed, timeout=60_000):
        pass
    source = lab.animation_sources()[0]
    with pytest.raises(ExportError, match="the search is running"):
        source.begin()
    with qtbot.waitSignal(controller.search_ended, timeout=60_000) as ended:
        click(qtbot, lab.run.stop)
    assert ended.args == [RunStatus.STOPPED]
