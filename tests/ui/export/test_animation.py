"""Animated export: frame count and size as asked, the last frame is the still export's picture,
cancelling or failing leaves no file, and the dialog drives it from the File menu."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageSequence

from lab.engine.train.history import History, HistorySnapshot
from lab.io.files import ExportError
from lab.ui.export import animation
from lab.ui.export.animation import (
    AnimationExporter,
    AnimationRequest,
    Cancelled,
    encode,
    render_all,
)
from lab.ui.export.images import export_png
from lab.ui.train.animation import TrainingGrowth, grown

pytestmark = pytest.mark.slow  # renders and encodes animations frame by frame

# a pixel "differs" when a channel is off by more than this (GIF's 256-colour palette moves
# colours by a few levels; a line or marker drawn elsewhere changes them by far more)
CHANNEL_TOLERANCE = 48
SAME_PICTURE = 0.0015  # at most this fraction of pixels may differ between two equal pictures


def frames_of(path) -> list[np.ndarray]:
    with Image.open(path) as image:
        return [np.asarray(frame.convert("RGB"), dtype=int)
                for frame in ImageSequence.Iterator(image)]


def differing(a: np.ndarray, b: np.ndarray) -> float:
    assert a.shape == b.shape
    return float(np.mean(np.abs(a - b).max(axis=2) > CHANNEL_TOLERANCE))


def still(widget, tmp_path) -> np.ndarray:
    path = export_png(widget, tmp_path / "still.png")
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=int)


@pytest.fixture
def shown(window, qtbot):
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def exporter(qtbot):
    exp = AnimationExporter()
    yield exp
    exp.shutdown()


def export(qtbot, exporter, source, request) -> None:
    with qtbot.waitSignal(exporter.finished, timeout=120_000,
                          raising=True) as blocker:  # fmt: skip
        exporter.start(source, request)
    assert blocker.args == [request.path]


@pytest.mark.parametrize("suffix", [".gif", ".webp"])
def test_optimizer_playback_frames_size_and_last_frame_is_the_still(
        qtbot, shown, exporter, tmp_path, suffix):
    lab = shown.labs[0]
    lab.two_by_two.setChecked(False)  # the single map
    source = lab.animation_sources()[0]
    assert source.widget is lab.map
    widget = source.widget
    steps = lab.result.paths.shape[1] - 1
    request = AnimationRequest(str(tmp_path / f"play{suffix}"), 2 * widget.width(), 10, 16)
    export(qtbot, exporter, source, request)
    frames = frames_of(request.path)
    assert len(frames) == 16
    reference = still(widget, tmp_path)
    assert frames[-1].shape == reference.shape  # 2x the widget, as the PNG export
    assert frames[-1].shape[1] == request.width
    assert differing(frames[-1], reference) < SAME_PICTURE
    # the first frame shows step 0: no trajectory drawn yet, markers at the start
    assert differing(frames[0], reference) > 2 * SAME_PICTURE
    # frames change as the trajectories grow, and the lab is left as it was
    assert differing(frames[0], frames[8]) > SAME_PICTURE
    assert lab.playback.step() == steps
    assert differing(still(widget, tmp_path), reference) == 0.0


def test_book_two_by_two_view_animates_all_four_maps(qtbot, shown, exporter, tmp_path):
    lab = shown.labs[0]
    lab.two_by_two.setChecked(True)
    source = lab.animation_sources()[0]
    assert source.widget is lab.multiples
    request = AnimationRequest(str(tmp_path / "book.gif"), 600, 8, 5)
    export(qtbot, exporter, source, request)
    frames = frames_of(request.path)
    assert len(frames) == 5
    h, w = frames[0].shape[:2]
    assert w == 600 and abs(h / w - lab.multiples.height() / lab.multiples.width()) < 0.01
    # every quadrant changes between the first and the last frame
    for quad in ((slice(0, h // 2), slice(0, w // 2)), (slice(0, h // 2), slice(w // 2, w)),
                 (slice(h // 2, h), slice(0, w // 2)), (slice(h // 2, h), slice(w // 2, w))):
        assert differing(frames[0][quad], frames[-1][quad]) > SAME_PICTURE


def lab_steps(window) -> int:
    return window.labs[0].result.paths.shape[1] - 1


def synthetic_history(name: str, n: int = 400) -> HistorySnapshot:
    """A decreasing loss with accuracy measured every 100 iterations."""
    it = np.arange(1, n + 1)
    loss = 2.3 * np.exp(-it / 150) + 0.05 + 0.02 * np.sin(it)
    evaluations = [(k, k / 100, 1 - 0.5 * np.exp(-k / 150), 1 - 0.55 * np.exp(-k / 150))
                   for k in range(100, n + 1, 100)]
    return History.from_columns(name, it, loss, np.full(n, 0.01), np.ones(n), evaluations,
                                total=n, epoch_of_iteration=0.01,
                                elapsed_s=1.0).snapshot()


def test_training_curves_grow_and_end_on_the_still(qtbot, tmp_path):
    from lab.ui.train.training_curves import AccuracyCurves, LossCurves

    for widget_type in (LossCurves, AccuracyCurves):
        widget = widget_type()
        qtbot.addWidget(widget)
        widget.resize(500, 300)
        widget.show_run(synthetic_history("sgd"), "#1f77b4")
        widget.show_run(synthetic_history("adam", 300), "#d62728")
        widget.show()
        qtbot.waitExposed(widget)
        reference = still(widget, tmp_path)
        source = TrainingGrowth("curves", widget)
        frames = render_all(source, AnimationRequest(str(tmp_path / "c.gif"), 1000, 10, 6))
        assert len(frames) == 6 and frames[0].size == (1000, 600)
        arrays = [np.asarray(f, dtype=int) for f in frames]
        assert differing(arrays[-1], reference) < SAME_PICTURE
        assert differing(arrays[0], reference) > 2 * SAME_PICTURE
        # growing: each frame differs from the last, and the view is back as it was
        assert differing(arrays[3], arrays[-1]) > SAME_PICTURE
        assert differing(still(widget, tmp_path), reference) == 0.0


def test_training_frames_draw_only_up_to_their_cut(qtbot):
    from lab.ui.train.training_curves import LossCurves

    widget = LossCurves()
    qtbot.addWidget(widget)
    widget.show_run(synthetic_history("sgd"), "#1f77b4")
    source = TrainingGrowth("loss", widget)
    source.begin()
    try:
        source.show_frame(1, 4)  # a third of the way: iterations 1 .. 134
        for item in widget.listDataItems():
            assert item.xData.max() <= 1 + 399 / 3 + 1e-9
            assert item.xData.max() > 100
    finally:
        source.end()
    assert max(item.xData.max() for item in widget.listDataItems()) == 400


def test_sparse_lines_grow_to_the_cut_and_symbols_stop_at_measurements():
    x, y = np.array([1.0, 2.0, 3.0]), np.array([0.5, 0.7, 0.9])
    xs, ys = grown(x, y, 2.5, interpolate=True)
    np.testing.assert_allclose(xs, [1.0, 2.0, 2.5])
    np.testing.assert_allclose(ys, [0.5, 0.7, 0.8])
    xs, ys = grown(x, y, 2.5, interpolate=False)
    np.testing.assert_allclose(xs, [1.0, 2.0])
    assert len(grown(x, y, 0.5, True)[0]) == 0


def test_optimizer_playback_has_at_most_one_frame_per_step(qtbot, shown, exporter, tmp_path):
    lab = shown.labs[0]
    source = lab.animation_sources()[0]
    steps = lab.result.paths.shape[1] - 1
    assert source.max_frames == steps + 1
    with qtbot.waitSignal(exporter.failed) as blocker:
        exporter.start(source, AnimationRequest(str(tmp_path / "a.gif"), 300, 10, steps + 2))
    assert f"at most {steps + 1}" in blocker.args[0]
    assert list(tmp_path.iterdir()) == []


def test_training_refuses_while_a_run_trains(qtbot):
    from lab.engine.train.records import RunStatus
    from lab.ui.train.training_curves import LossCurves

    class Entry:
        status = RunStatus.RUNNING

    widget = LossCurves()
    qtbot.addWidget(widget)
    with pytest.raises(ExportError, match="still training"):
        TrainingGrowth("loss", widget, runs=[Entry()]).begin()


def test_cancelling_while_rendering_leaves_no_file(qtbot, shown, exporter, tmp_path):
    lab = shown.labs[0]
    source = lab.animation_sources()[1]  # the loss plot
    target = tmp_path / "cancelled.gif"
    request = AnimationRequest(str(target), 400, 10, lab_steps(shown) + 1)

    def cancel_at_third(done, total):
        if done == 3:
            exporter.cancel()

    exporter.progress.connect(cancel_at_third)
    with qtbot.waitSignal(exporter.cancelled, timeout=60_000):
        exporter.start(source, request)
    assert not exporter.is_running()
    assert list(tmp_path.iterdir()) == []  # neither the file nor a temp file
    assert lab.playback.step() == lab.result.paths.shape[1] - 1  # the view is put back


@pytest.mark.parametrize("suffix", [".gif", ".webp"])
def test_cancelling_while_encoding_leaves_no_file(tmp_path, suffix):
    frames = [Image.new("RGB", (64, 48), (k * 20, 0, 0)) for k in range(10)]
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 4  # cancelled after a few frames were encoded

    with pytest.raises(Cancelled):
        encode(frames, tmp_path / f"a{suffix}", 10, cancelled)
    assert list(tmp_path.iterdir()) == []


def test_bad_requests_fail_with_one_message_and_no_file(qtbot, exporter, tmp_path,
                                                         monkeypatch):
    from lab.ui.train.training_curves import LossCurves

    widget = LossCurves()
    qtbot.addWidget(widget)
    widget.show_run(synthetic_history("sgd"), "#1f77b4")
    source = TrainingGrowth("loss", widget)
    monkeypatch.setattr(animation, "ffmpeg_path", lambda: None)
    cases = {"a.bmp": "use a .gif, .webp or .mp4", "a.mp4": "ffmpeg",
             "missing/a.gif": "does not exist"}
    for name, message in cases.items():
        with qtbot.waitSignal(exporter.failed, timeout=30_000) as blocker:
            exporter.start(source, AnimationRequest(str(tmp_path / name), 200, 10, 3))
        assert message in blocker.args[0]
    with qtbot.waitSignal(exporter.failed) as blocker:
        exporter.start(source, AnimationRequest(str(tmp_path / "a.gif"), 200, 10, 1))
    assert "2 to" in blocker.args[0]
    assert list(tmp_path.iterdir()) == []


def test_dialog_from_the_file_menu_exports_and_says_when_ffmpeg_is_missing(
        qtbot, shown, tmp_path, monkeypatch):
    from lab.ui.export import animation_dialog

    monkeypatch.setattr(animation_dialog, "ffmpeg_path", lambda: None)
    action = next(a for a in shown.menuBar().actions()[0].menu().actions()
                  if a.text() == "Export &animation…")
    action.trigger()
    dialog = shown.animation_dialog
    assert dialog.isVisible()
    assert "ffmpeg" in dialog.ffmpeg_note.text() and "none was found" in dialog.ffmpeg_note.text()
    assert [dialog.view.itemText(i) for i in range(dialog.view.count())] == [
        "Contour map", "Loss plot"]
    assert dialog.frames.maximum() == lab_steps(shown) + 1
    dialog.view.setCurrentIndex(1)
    dialog.path.setText(str(tmp_path / "loss.webp"))
    dialog.width.setValue(320)
    dialog.frames.setValue(4)
    with qtbot.waitSignal(dialog.exporter.finished, timeout=120_000):
        dialog.export_button.click()
    assert dialog.progress.value() == dialog.progress.maximum() == 5
    assert dialog.status.text() == f"Saved {tmp_path / 'loss.webp'}"
    frames = frames_of(tmp_path / "loss.webp")
    assert len(frames) == 4 and frames[0].shape[1] == 320
    dialog.reject()


@pytest.mark.skipif(animation.ffmpeg_path() is None, reason="no ffmpeg executable")
def test_cancelling_an_mp4_stops_ffmpeg_and_leaves_no_file(tmp_path):
    frames = [Image.new("RGB", (64, 48), (k * 20, 0, 0)) for k in range(10)]
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 4

    with pytest.raises(Cancelled):
        encode(frames, tmp_path / "a.mp4", 10, cancelled)
    assert list(tmp_path.iterdir()) == []
    encode(frames, tmp_path / "b.mp4", 10)
    assert (tmp_path / "b.mp4").stat().st_size > 0


def test_training_lab_dialog_says_when_there_is_nothing_to_animate(qtbot, shown, tmp_path):
    shown.show_lab(shown.lab("train"))
    shown.ask_export_animation()
    dialog = shown.animation_dialog
    assert [dialog.view.itemText(i) for i in range(dialog.view.count())] == [
        "Loss curves", "Accuracy curves", "Learning rate", "Paths over the landscape",
        "Inside: histograms over the run"]
    dialog.path.setText(str(tmp_path / "loss.gif"))
    with qtbot.waitSignal(dialog.exporter.failed):
        dialog.export_button.click()
    assert "no curves to animate yet" in dialog.status.text()
    assert dialog.export_button.isEnabled()  # settings unlocked again
    assert list(tmp_path.iterdir()) == []
    dialog.reject()
