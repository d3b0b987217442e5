"""``descent-lab trajectory --gif/--webp/--mp4``: the lab's playback drawn headless, with the
requested frames and size, the lab's picture, and one-line errors that leave no file."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageSequence

from lab.cli.animation import MAP_SIZE
from lab.cli.main import main


def frames_of(path) -> list[np.ndarray]:
    with Image.open(path) as image:
        return [np.asarray(f.convert("RGB"), dtype=int) for f in ImageSequence.Iterator(image)]


def differing(a: np.ndarray, b: np.ndarray) -> float:
    """The fraction of pixels with a channel off by more than GIF quantisation moves it."""
    assert a.shape == b.shape
    return float(np.mean(np.abs(a - b).max(axis=2) > 48))


def test_gif_has_the_requested_frames_and_size(tmp_path, capsys):
    out = tmp_path / "book.gif"
    assert main(["trajectory", "--gif", str(out), "--frames", "7", "--width", "300"]) == 0
    frames = frames_of(out)
    assert len(frames) == 7
    assert frames[0].shape[:2] == (round(300 * MAP_SIZE[1] / MAP_SIZE[0]), 300)
    assert differing(frames[0], frames[-1]) > 0.002  # it moves
    assert "adam" in capsys.readouterr().out  # the summary is printed as without --gif


def test_default_is_one_frame_per_step_and_webp_too(tmp_path):
    gif, webp = tmp_path / "a.gif", tmp_path / "a.webp"
    assert main(["trajectory", "--steps", "12", "--optimizer", "adam:lr=0.3", "--gif", str(gif),
                 "--webp", str(webp), "--view", "2x2", "--width", "240"]) == 0
    assert len(frames_of(gif)) == len(frames_of(webp)) == 13
    assert frames_of(webp)[0].shape[1] == 240


def test_the_cli_draws_the_labs_picture(qtbot, tmp_path):
    """The last frame equals a still PNG export of the optimizer lab's own map (book preset,
    the CLI's defaults) at the same size."""
    from lab.ui.common.style import apply_plot_style
    from lab.ui.export.images import export_png
    from lab.ui.optimize.panel import OptimizerLab

    apply_plot_style()
    out = tmp_path / "cli.gif"
    assert main(["trajectory", "--gif", str(out), "--frames", "4"]) == 0
    lab = OptimizerLab()
    qtbot.addWidget(lab)
    with qtbot.waitSignals([lab.computed, lab.surface_shown], timeout=120_000):
        lab.load_default()
    view = lab.map
    view.setParent(None)  # out of the lab's layout, at the CLI's size
    qtbot.addWidget(view)
    view.resize(*MAP_SIZE)
    view.show()
    qtbot.waitExposed(view)
    png = export_png(view, tmp_path / "lab.png")
    with Image.open(png) as image:
        still = np.asarray(image.convert("RGB"), dtype=int)
    frames = frames_of(out)
    assert differing(frames[-1], still) < 0.0015
    assert differing(frames[0], still) > 0.003
    lab.shutdown()


@pytest.mark.parametrize("args, message", [
    (["--gif", "{tmp}/a.png"], "use a .gif, .webp or .mp4 file name"),
    (["--gif", "{tmp}/a.webp"], "--gif writes a .gif file"),
    (["--gif", "{tmp}/a.gif", "--frames", "1"], "2 to 2000 frames"),
    (["--gif", "{tmp}/a.gif", "--frames", "7"], "at most 6 (one per step)"),
    (["--gif", "{tmp}/a.gif", "--fps", "0"], "frame rate"),
    (["--gif", "{tmp}/a.gif", "--width", "100000"], "width"),
    (["--webp", "{tmp}/no/such/folder/a.webp"], "does not exist"),
    (["--mp4", "{tmp}/a.mp4"], "needs an ffmpeg executable"),
])
def test_bad_animation_options_are_one_line_and_leave_no_file(tmp_path, capsys, monkeypatch,
                                                               args, message):
    from lab.ui.export import animation

    monkeypatch.setattr(animation, "ffmpeg_path", lambda: None)
    argv = ["trajectory", "--steps", "5"] + [a.format(tmp=tmp_path) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not __import__("shutil").which("ffmpeg"), reason="no ffmpeg executable")
def test_mp4_through_ffmpeg_has_every_frame_and_even_size(tmp_path):
    import re
    import subprocess

    out = tmp_path / "book.mp4"
    assert main(["trajectory", "--mp4", str(out), "--frames", "9", "--width", "301"]) == 0
    probe = subprocess.run(["ffmpeg", "-hide_banner", "-i", str(out), "-f", "null", "-"],
                           capture_output=True, text=True, check=True).stderr
    assert int(re.findall(r"frame=\s*(\d+)", probe)[-1]) == 9
    assert re.search(r"yuv420p.*302x\d*[02468],", probe)  # padded to even sizes
    assert [p.name for p in tmp_path.iterdir()] == ["book.mp4"]
