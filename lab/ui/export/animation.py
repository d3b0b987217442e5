"""Animated export: a lab's view rendered frame by frame, encoded as GIF, WebP or MP4.

Why this shape (issue 11, "Animated export"): frames paint widgets, so they are rendered on the
GUI thread, but one frame per event-loop turn (a zero-interval QTimer), so the window stays
responsive and Cancel works mid-way. Encoding the collected frames runs in a
:class:`lab.ui.concurrency.worker.Worker` whose cancel token the encoder polls. Every file is
written through :func:`lab.io.files.atomic_write`: a cancelled or failed export leaves nothing
behind.
GIF and WebP come from Pillow; MP4 from an ``ffmpeg`` executable when one is on the PATH.
The picture is the still export's (``lab.ui.export.images``): a plot's scene painted at a
device pixel ratio, a composite widget rendered child by child, so the last frame matches a
PNG export.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSize, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from lab.io.files import ExportError, atomic_write
from lab.ui.concurrency.worker import Worker
from lab.ui.export.images import FramePainter, paint_parts, render_frame, repaint

FORMATS = {".gif": "GIF", ".webp": "WebP", ".mp4": "MP4"}
MAX_FRAMES = 2000
MAX_PIXELS = 3840 * 2160  # per frame: 4K is plenty for slides; more only fills memory


class Cancelled(Exception):
    """The user cancelled the export (the encoder stops; the temp file is removed)."""


def ffmpeg_path() -> str | None:
    """The ``ffmpeg`` executable used for MP4, or None (then MP4 is not offered)."""
    return shutil.which("ffmpeg")


def format_of(path: str | Path) -> str:
    """"GIF", "WebP" or "MP4" from the file name; ExportError for anything else."""
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise ExportError(f"cannot write {path}: use a .gif, .webp or .mp4 file name")
    if kind == "MP4" and ffmpeg_path() is None:
        raise ExportError(f"cannot write {path}: MP4 needs an ffmpeg executable on the PATH "
                          "(none was found); choose .gif or .webp")
    return kind


def frame_size(widget: QWidget, width: int) -> QSize:
    """``width`` wide with the widget's aspect ratio (a plot is never stretched)."""
    w, h = max(widget.width(), 1), max(widget.height(), 1)
    return QSize(int(width), max(1, round(width * h / w)))


def to_pil(image: QImage):
    """An RGB888 QImage as a Pillow image (a copy: the QImage may go)."""
    from PIL import Image

    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = bytes(image.constBits())[: stride * height]
    return Image.frombuffer("RGB", (width, height), data, "raw", "RGB", stride, 1).copy()


def encode(frames: Sequence, path: str | Path, fps: float,
           cancelled: Callable[[], bool] = lambda: False) -> Path:
    """Write Pillow ``frames`` to ``path`` (format from its name), atomically.

    ``cancelled`` is polled between frames; when it turns true the encoder stops and the temp
    file is removed (``Cancelled`` is raised). GIF and WebP merge identical consecutive frames
    into one shown for their total time (a run that has converged stops changing)."""
    kind = format_of(path)
    if not frames:
        raise ExportError(f"cannot write {path}: there are no frames")

    def checked() -> Iterator:
        for frame in frames[1:]:
            if cancelled():
                raise Cancelled
            yield frame

    duration = max(1, round(1000 / fps))  # ms per frame (GIF stores hundredths: 20 ms min)

    def write(tmp: str) -> None:
        if kind == "GIF":
            frames[0].save(tmp, format="GIF", save_all=True, append_images=checked(),
                           duration=duration, loop=0, optimize=False, disposal=1)
        elif kind == "WebP":
            frames[0].save(tmp, format="WEBP", save_all=True, append_images=checked(),
                           duration=duration, loop=0, lossless=False, quality=90, method=4)
        else:
            _write_mp4(frames, tmp, fps, cancelled)

    try:
        return atomic_write(path, write)
    except ExportError as err:
        if cancelled():
            raise Cancelled from None
        raise err


def _write_mp4(frames: Sequence, tmp: str, fps: float, cancelled: Callable[[], bool]) -> None:
    """Raw RGB frames piped into ffmpeg (H.264, yuv420p: plays in browsers and slides)."""
    width, height = frames[0].size
    command = [ffmpeg_path() or "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
               "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}",
               "-r", f"{fps:g}", "-i", "-", "-an",
               "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2:color=white",  # yuv420p needs even sizes
               "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", tmp]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        for frame in frames:
            if cancelled():
                raise Cancelled
            process.stdin.write(frame.convert("RGB").tobytes())
        process.stdin.close()
        error = process.stderr.read().decode("utf-8", "replace").strip()
        if process.wait() != 0:
            raise OSError(f"ffmpeg failed: {error.splitlines()[-1] if error else 'no reason'}")
    except BrokenPipeError:
        process.wait()
        error = process.stderr.read().decode("utf-8", "replace").strip()
        raise OSError(f"ffmpeg failed: {error.splitlines()[-1] if error else 'no reason'}") \
            from None
    finally:
        if process.poll() is None:  # cancelled or failed mid-way: stop ffmpeg
            process.kill()
            process.wait()
        for pipe in (process.stdin, process.stderr):
            try:
                pipe.close()
            except OSError:  # a broken pipe to a killed ffmpeg
                pass


class AnimationSource:
    """What an animation shows: a widget and a way to draw frame ``k`` of ``n`` on it.

    ``begin`` saves what the frames change, ``end`` puts it back (also after a cancel)."""

    label = "animation"
    widget: QWidget
    default_frames = 60
    max_frames = MAX_FRAMES

    def begin(self) -> None:
        """Prepare the view (save its state); may raise ExportError with a clear message."""

    def show_frame(self, k: int, n: int) -> None:
        raise NotImplementedError

    def end(self) -> None:
        """Restore the view as it was before ``begin``."""


@dataclass(frozen=True)
class AnimationRequest:
    path: str
    width: int
    fps: float
    frames: int

    def check(self) -> None:
        """Bad settings get one message before anything is rendered."""
        format_of(self.path)
        if not 2 <= self.frames <= MAX_FRAMES:
            raise ExportError(f"an animation has 2 to {MAX_FRAMES} frames, not {self.frames}")
        if not 0.5 <= self.fps <= 60:
            raise ExportError(f"the frame rate must be between 0.5 and 60, not {self.fps:g}")
        if not 16 <= self.width <= 3840:
            raise ExportError(f"the width must be between 16 and 3840 pixels, not {self.width}")


def render_all(source: AnimationSource, request: AnimationRequest) -> list:
    """Every frame at once, blocking (the CLI, which has no window to keep responsive)."""
    request.check()
    size = _checked(source, request)
    source.begin()
    try:
        frames = []
        for k in range(request.frames):
            source.show_frame(k, request.frames)
            frames.append(to_pil(render_frame(source.widget, size)))
        return frames
    finally:
        source.end()


def _checked(source: AnimationSource, request: AnimationRequest) -> QSize:
    """The frame size, once the request fits the source (one message otherwise)."""
    if request.frames > source.max_frames:
        raise ExportError(f"this view has at most {source.max_frames} distinct frames (one per "
                          "step); choose fewer, or a lower frame rate to slow it down")
    size = frame_size(source.widget, request.width)
    if size.width() * size.height() > MAX_PIXELS:
        raise ExportError(f"{size.width()} x {size.height()} pixels is too large a frame")
    return size


class AnimationExporter(QObject):
    """Renders one frame per event-loop turn (a composite: one child per turn), then encodes
    in a worker.

    Signals: ``progress(done, total)`` (rendering counts frames, encoding is the last step),
    ``finished(path)``, ``failed(message)``, ``cancelled()``; exactly one of the last three
    ends an export."""

    progress = Signal(int, int)
    finished = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(0)  # one frame per turn of the event loop
        self._timer.timeout.connect(self._render_next)
        self._worker = Worker("animation", self)
        self._worker.done.connect(self._encoded)
        self._worker.failed.connect(self._encode_failed)
        self._worker.cancelled.connect(self._encode_cancelled)
        self._source: AnimationSource | None = None
        self._request: AnimationRequest | None = None
        self._frames: list = []
        self._size = QSize()
        self._encoding = False
        self._painting: FramePainter | None = None  # the frame being painted, part by part
        self._parts: list = []

    def is_running(self) -> bool:
        return self._timer.isActive() or self._encoding

    def start(self, source: AnimationSource, request: AnimationRequest) -> None:
        """Begin rendering; a bad request or view fails at once through ``failed``."""
        if self.is_running():
            self.failed.emit("an animation is already being exported")
            return
        try:
            request.check()
            size = _checked(source, request)
            source.begin()
        except ExportError as err:
            self.failed.emit(str(err))
            return
        self._source, self._request, self._size, self._frames = source, request, size, []
        self.progress.emit(0, request.frames + 1)
        self._timer.start()

    def cancel(self) -> None:
        """Stop now: rendering ends at once; an encoder stops at its next frame (``cancelled``
        follows once it has, its temporary file gone)."""
        if self._encoding:
            self._worker.cancel()
        elif self._timer.isActive():
            self._timer.stop()
            self._finish_rendering()
            self._frames = []
            self.cancelled.emit()

    def shutdown(self) -> None:
        """Cancel and join the encoder (the window is closing)."""
        self.cancel()
        self._worker.shutdown()

    def _render_next(self) -> None:
        source, request = self._source, self._request
        k = len(self._frames)
        try:
            if self._painting is None:  # a new frame: set the view, then paint it in parts
                source.show_frame(k, request.frames)
                self._painting = FramePainter(source.widget, self._size)
                self._parts = paint_parts(source.widget)
            self._painting.paint(self._parts.pop(0))
            if self._parts:
                return  # the next part on the next turn of the event loop
            self._frames.append(to_pil(self._painting.finish()))
            self._painting = None
        except Exception as err:  # noqa: BLE001 (any failure ends the export with a message)
            self._timer.stop()
            self._finish_rendering()
            self._frames = []
            self.failed.emit(f"the animation could not be drawn: {err}")
            return
        self.progress.emit(len(self._frames), request.frames + 1)
        if len(self._frames) < request.frames:
            return
        self._timer.stop()
        self._finish_rendering()
        frames, self._frames = self._frames, []
        self._encoding = True
        self._worker.submit(lambda token: encode(frames, request.path, request.fps,
                                                 lambda: token.cancelled), with_token=True)

    def _finish_rendering(self) -> None:
        if self._painting is not None:
            self._painting.finish()
            self._painting, self._parts = None, []
        if self._source is not None:
            self._source.end()
            repaint(self._source.widget)
            self._source = None

    def _encoded(self, path) -> None:
        self._encoding = False
        self.progress.emit(self._request.frames + 1, self._request.frames + 1)
        self.finished.emit(str(path))

    def _encode_failed(self, message: str) -> None:
        self._encoding = False
        self.failed.emit(message)

    def _encode_cancelled(self, written) -> None:
        """The encoder stopped; had it written the file before the cancel reached it, the
        export finished (the file is there: saying "cancelled" would hide it)."""
        self._encoding = False
        if written is not None:
            self.progress.emit(self._request.frames + 1, self._request.frames + 1)
            self.finished.emit(str(written))
        else:
            self.cancelled.emit()
