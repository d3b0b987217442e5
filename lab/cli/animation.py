"""``descent-lab trajectory ... --gif FILE`` (``--webp``, ``--mp4``): the optimizer lab's
playback as an animation, without a window.

Why this way: the frames are drawn by the lab's own widgets (ContourMap or the book's 2x2
SmallMultiples, with a PlaybackBar driving them) offscreen, through the same animation source
as File > Export animation…, so the file shows the same picture as the lab, the way
lab/ui/train/report.py draws the training plots for ``train --out``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

MAP_SIZE = (700, 560)  # logical pixels of the single map (the frame is --width wide)
GRID_SIZE = (900, 820)  # the 2x2 view
MAX_DEFAULT_FRAMES = 200


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The animation options of the ``trajectory`` subcommand."""
    group = parser.add_argument_group("animation (the optimizer lab's playback)")
    group.add_argument("--gif", metavar="FILE", help="write an animated GIF")
    group.add_argument("--webp", metavar="FILE", help="write an animated WebP")
    group.add_argument("--mp4", metavar="FILE", help="write an MP4 video (needs ffmpeg)")
    group.add_argument("--view", choices=["map", "2x2"], default="map",
                       help="one map with every optimizer, or the book's 2x2 maps (first four)")
    group.add_argument("--width", type=int, help="frame width in pixels (default: twice the "
                       f"view's {MAP_SIZE[0]} or {GRID_SIZE[0]}, as a PNG export)")
    group.add_argument("--fps", type=float, default=10.0, help="frames per second (0.5-60)")
    group.add_argument("--frames", type=int, help="number of frames (2-2000; default one per "
                       f"step, at most {MAX_DEFAULT_FRAMES})")


def wanted(args: argparse.Namespace) -> list[str]:
    return [path for path in (args.gif, args.webp, args.mp4) if path]


def check_arguments(args: argparse.Namespace, steps: int, error_type: type[Exception]) -> list:
    """Every requested file as an AnimationRequest, or one error before anything is drawn."""
    from lab.io.files import ExportError
    from lab.ui.export.animation import AnimationRequest, format_of

    view = GRID_SIZE if args.view == "2x2" else MAP_SIZE
    width = 2 * view[0] if args.width is None else args.width
    frames = max(2, min(steps + 1, MAX_DEFAULT_FRAMES)) if args.frames is None else args.frames
    if frames > steps + 1 >= 2:
        raise error_type(f"--frames: at most {steps + 1} (one per step); a lower --fps slows the "
                         "animation down")
    requests = []
    for option, path in (("--gif", args.gif), ("--webp", args.webp), ("--mp4", args.mp4)):
        if not path:
            continue
        request = AnimationRequest(path, width, args.fps, frames)
        try:
            request.check()
            expected = option[2:]
            if format_of(path).lower() != expected:
                raise ExportError(f"{option} writes a .{expected} file, not {path}")
        except ExportError as err:
            raise error_type(str(err)) from None
        requests.append(request)
    return requests


def write_animations(args: argparse.Namespace, config, result,
                     error_type: type[Exception]) -> list[Path]:
    """Draw the playback of ``result`` (computed from ``config``) into every requested file."""
    requests = check_arguments(args, result.paths.shape[1] - 1, error_type)
    if not requests:
        return []
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from lab.engine.optimize.expressions import ExpressionError
    from lab.io.files import ExportError
    from lab.ui.common.application import make_application
    from lab.ui.common.palette import optimizer_color
    from lab.ui.common.style import apply_plot_style
    from lab.ui.export.animation import encode, render_all
    from lab.ui.optimize.animation import OptimizerPlayback
    from lab.ui.optimize.contour_map import ContourMap
    from lab.ui.optimize.controller import theory_of
    from lab.ui.optimize.small_multiples import SmallMultiples
    from lab.ui.optimize.surface_loader import prepare_surface

    app = make_application()
    apply_plot_style()
    try:
        prepared = prepare_surface(config.function)
    except ExpressionError as err:
        raise error_type(str(err)) from None
    view = SmallMultiples() if args.view == "2x2" else ContourMap()
    view.resize(*(GRID_SIZE if args.view == "2x2" else MAP_SIZE))
    view.set_surface(prepared)
    view.set_start(*config.start)
    view.set_result(result, [optimizer_color(o.name) for o in config.optimizers])
    if args.view != "2x2":  # the Hessian's axes, as the lab's map draws them
        view.set_theory(theory_of(config))
    lab = _Playback(result, view)
    view.show()  # offscreen: lays the scene out at the widget's size before painting
    app.processEvents()
    written = []
    try:
        for request in requests:
            frames = render_all(OptimizerPlayback("trajectories", view, lab), request)
            written.append(encode(frames, request.path, request.fps))
    except ExportError as err:
        raise error_type(str(err)) from None
    finally:
        view.close()
        view.deleteLater()
        lab.playback.deleteLater()
    return written


class _Playback:
    """What OptimizerPlayback needs of the lab: its result and a playback bar driving the view
    (the lab connects them the same way: ``step_changed`` to ``set_step``)."""

    def __init__(self, result, view):
        from lab.ui.optimize.playback_bar import PlaybackBar

        self.result = result
        self.playback = PlaybackBar()
        self.playback.step_changed.connect(view.set_step)
        self.playback.set_maximum(result.paths.shape[1] - 1)
