"""File > Export animation…: choose a view, file, size, frame rate and frame count; watch the
progress; cancel at any time (nothing is left on disk)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lab.ui.common import file_dialogs as dialogs
from lab.ui.common.i18n import N_, tr
from lab.ui.export.animation import (
    MAX_FRAMES,
    AnimationExporter,
    AnimationRequest,
    AnimationSource,
    ffmpeg_path,
    frame_size,
)

FILTERS_MP4 = N_("Animated GIF (*.gif);;WebP animation (*.webp);;MP4 video (*.mp4)")
FILTERS = N_("Animated GIF (*.gif);;WebP animation (*.webp)")


class AnimationDialog(QDialog):
    """Settings, then a progress bar while the exporter renders and encodes."""

    def __init__(self, sources: list[AnimationSource], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Export animation"))
        self.sources = sources
        self.exporter = AnimationExporter(self)
        self.saved_path = ""
        self.view = QComboBox()
        for source in sources:
            self.view.addItem(tr(source.label))
        self.path = QLineEdit(dialogs.suggested(dialogs.EXPORTS, "animation.gif"))
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.width = QSpinBox()
        self.width.setRange(16, 3840)
        self.width.setSingleStep(80)
        self.width.setSuffix(tr(" px wide"))
        self.size_note = QLabel()
        self.fps = QDoubleSpinBox()
        self.fps.setRange(0.5, 60.0)
        self.fps.setDecimals(1)
        self.fps.setValue(10.0)
        self.fps.setSuffix(tr(" frames/s"))
        self.frames = QSpinBox()
        self.frames.setRange(2, MAX_FRAMES)
        self.duration = QLabel()
        self.ffmpeg_note = QLabel()
        self.ffmpeg_note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow(tr("View"), self.view)
        form.addRow(tr("File"), file_row)
        form.addRow(tr("Size"), self.width)
        form.addRow("", self.size_note)
        form.addRow(tr("Frame rate"), self.fps)
        form.addRow(tr("Frames"), self.frames)
        form.addRow("", self.duration)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(tr("Export"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.ffmpeg_note)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.view.currentIndexChanged.connect(self._view_changed)
        self.width.valueChanged.connect(self._update_notes)
        self.fps.valueChanged.connect(self._update_notes)
        self.frames.valueChanged.connect(self._update_notes)
        self.exporter.progress.connect(self._progress)
        self.exporter.finished.connect(self._finished)
        self.exporter.failed.connect(self._failed)
        self.exporter.cancelled.connect(self._cancelled)
        self._show_ffmpeg()
        self._view_changed()

    def source(self) -> AnimationSource:
        return self.sources[self.view.currentIndex()]

    def request(self) -> AnimationRequest:
        return AnimationRequest(self.path.text().strip(), self.width.value(), self.fps.value(),
                                self.frames.value())  # fmt: skip

    def start(self) -> None:
        """Render and encode with the chosen settings (settings locked until it ends)."""
        self.status.setText("")
        self._set_running(True)
        self.exporter.start(self.source(), self.request())

    def _set_running(self, running: bool) -> None:
        for w in (self.view, self.path, self.width, self.fps, self.frames, self.export_button):
            w.setEnabled(not running)
        self.progress.setVisible(running)
        self.cancel_button.setText(tr("Stop") if running else tr("Close"))

    def _cancel_clicked(self) -> None:
        if self.exporter.is_running():
            self.exporter.cancel()
        else:
            self.reject()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        frames = total - 1
        self.progress.setFormat(
            tr("frame {done} / {frames}").format(done=min(done, frames), frames=frames)
            if done < frames else tr("encoding…") if done == frames else tr("done"))

    def _finished(self, path: str) -> None:
        self._set_running(False)
        self.saved_path = path
        dialogs.remember(dialogs.EXPORTS, path)  # a typed path counts as much as a browsed one
        self.status.setText(tr("Saved {path}").format(path=path))

    def _failed(self, message: str) -> None:
        self._set_running(False)
        self.status.setText(tr("⚠ Export failed: {message}").format(message=message))

    def _cancelled(self) -> None:
        self._set_running(False)
        self.status.setText(tr("Cancelled; no file was written."))

    def _browse(self) -> None:
        filters = FILTERS_MP4 if ffmpeg_path() else FILTERS
        path = dialogs.ask_save(self, dialogs.EXPORTS, tr("Export animation"), self.path.text(),
                                tr(filters))
        if path:
            self.path.setText(path)

    def _show_ffmpeg(self) -> None:
        if ffmpeg_path():
            self.ffmpeg_note.setText(tr("Formats: .gif, .webp, and .mp4 (through ffmpeg)."))
        else:
            self.ffmpeg_note.setText(tr("Formats: .gif and .webp. MP4 needs an ffmpeg "
                                        "executable on the PATH; none was found."))

    def _view_changed(self) -> None:
        source = self.source()
        self.width.setValue(min(3840, 2 * max(source.widget.width(), 8)))  # the PNG's size
        self.frames.setMaximum(source.max_frames)
        self.frames.setValue(source.default_frames)
        self._update_notes()

    def _update_notes(self) -> None:
        size = frame_size(self.source().widget, self.width.value())
        self.size_note.setText(tr("{width} × {height} pixels (the view's shape)").format(
            width=size.width(), height=size.height()))
        seconds = self.frames.value() / self.fps.value()
        self.duration.setText(tr("{seconds} s long").format(seconds=f"{seconds:.1f}"))

    def done(self, result: int) -> None:
        """Closing the dialog stops a running export (and joins its encoder)."""
        self.exporter.shutdown()
        super().done(result)
