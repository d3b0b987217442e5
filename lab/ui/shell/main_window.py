"""The main window: one tab per lab, the File, View and Help menus, a status bar.

The window never names a lab: it builds them from the list in :mod:`lab.ui.shell.labs` and asks
each through the protocol of :mod:`lab.ui.common.lab` (exports, animations, File-menu actions,
session sections, stored data in use, hand-offs, errors, the launch order, shutdown). It owns
the dialogs and the error messages, so every lab exports, saves and fails the same way. Window
geometry and each lab's last settings (QSettings group: the lab's key) persist with QSettings.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from pyqtgraph.util.garbage_collector import GarbageCollector
from PySide6.QtCore import QEvent, QSettings, QStandardPaths, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget

from lab import __version__
from lab.io.files import ExportError
from lab.io.json_files import load_json
from lab.io.names import safe_stem
from lab.ui.common import file_dialogs as dialogs
from lab.ui.common.i18n import tr
from lab.ui.common.lab import Lab, StoredDataInUse, check_keys
from lab.ui.common.style import apply_plot_style
from lab.ui.concurrency.registry import shutdown_all
from lab.ui.export import images as export
from lab.ui.shell.about import about_html
from lab.ui.shell.help import HelpActions
from lab.ui.shell.labs import LABS, LabFactory
from lab.ui.shell.language_menu import LanguageMenu
from lab.ui.shell.presentation import Presentation
from lab.ui.shell.session import Sessions
from lab.ui.shell.theme_menu import Theme

HOLD_HIDDEN_MS = 4000  # at the latest, the labs not on screen start computing


def about_text() -> str:
    """The About box (translated when it is shown, so it follows the language in force)."""
    return (f"<h3>Descent Lab {__version__}</h3><p>"
            + tr("See and measure how neural networks are optimized and initialized.")
            + "</p><p>"
            + tr("Experiments after chapter 6 of <i>Deep Learning from Scratch</i> (Koki Saitoh, "
                 "O'Reilly Japan). Update rules follow <code>torch.optim</code>; schedules "
                 "follow <code>torch.optim.lr_scheduler</code>.")
            + "</p><p>"
            + tr("Bundled data: the MNIST database of handwritten digits (Yann LeCun, Corinna "
                 "Cortes, Christopher J.C. Burges), CC BY-SA 3.0.")
            + "</p><p>"
            + tr("Built with PySide6 (Qt), pyqtgraph, NumPy, numba, SymPy and PyTorch.")
            + "</p>")


def data_folder(settings: QSettings) -> Path:
    """Where the app keeps its data (run folders): the user's data directory
    (QStandardPaths.AppDataLocation), or, for settings kept in a file of the caller's choosing
    (tests, benchmarks), ``<settings stem>-data`` beside that file, so they never touch the
    user's."""
    if settings.format() == QSettings.Format.IniFormat and settings.fileName():
        path = Path(settings.fileName())
        return path.parent / f"{path.stem}-data"
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) if base else Path.home() / ".descent-lab"


def _file_name(label: str, suffix: str) -> str:
    """The file name an export proposes: its (untranslated) label, lower case, hyphenated."""
    return safe_stem(label.lower().replace(" ", "-")) + suffix


class MainWindow(QMainWindow):
    """``labs``: the factories of the labs to show (default: every lab, lab.ui.shell.labs)."""

    def __init__(self, settings: QSettings | None = None,
                 labs: Sequence[LabFactory] = LABS):
        super().__init__()
        apply_plot_style()
        # Python's gc only on the GUI thread (every second): a collection that runs in a worker
        # thread destroys Qt objects there and deadlocks with the GUI thread (Qt mutex vs GIL)
        self._gc = GarbageCollector(interval=1.0)
        self.setWindowTitle("Descent Lab")
        self.settings = settings or QSettings()
        dialogs.use_settings(self.settings)  # each kind of file opens where it was last saved
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        self.labs: list[Lab] = [make(data_folder(self.settings)) for make in labs]
        check_keys(self.labs)
        self._status: dict[int, str] = {}  # each lab's last message, shown when its tab is
        for lab in self.labs:
            self.tabs.addTab(lab, tr(lab.title))
            lab.status_message.connect(partial(self._lab_status, lab))
            lab.error_raised.connect(self._show_error)
            lab.handed_off.connect(self.hand_off)
            lab.show_requested.connect(partial(self.show_lab, lab))
        self.tabs.currentChanged.connect(
            lambda _: self.statusBar().showMessage(self._status.get(id(self.current_lab()), "")))
        self.last_error = ""
        self._build_menus()
        self._restore()

    def current_lab(self) -> Lab:
        return self.tabs.currentWidget()

    def lab(self, key: str) -> Lab | None:
        """The lab with that key (a hand-off's address), or None."""
        return next((lab for lab in self.labs if lab.key == key), None)

    def _lab_status(self, lab, text: str) -> None:
        self._status[id(lab)] = text
        if lab is self.current_lab():
            self.statusBar().showMessage(text)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(tr("&File"))
        self.sessions = Sessions(self)
        file_menu.addActions([self.sessions.open_action, self.sessions.save_action])
        file_menu.addSeparator()
        self.export_menu = file_menu.addMenu(tr("&Export"))
        self.export_menu.aboutToShow.connect(self._fill_export_menu)
        animation = QAction(tr("Export &animation…"), self)
        animation.triggered.connect(self.ask_export_animation)
        file_menu.addAction(animation)
        for lab in self.labs:  # the labs' own actions (the training lab: dataset, weights)
            file_menu.addActions(lab.file_actions())
        copy = QAction(tr("&Copy figure image"), self, shortcut=QKeySequence.StandardKey.Copy)
        copy.triggered.connect(self.copy_first_plot)
        file_menu.addAction(copy)
        manage = QAction(tr("&Manage stored data…"), self)
        manage.triggered.connect(self.ask_manage_data)
        file_menu.addAction(manage)
        file_menu.addSeparator()
        quit_action = QAction(tr("&Quit"), self, shortcut=QKeySequence("Ctrl+Q"))  # every platform
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(tr("&View"))
        self.theme = Theme(self, self.settings, view_menu)
        self.presentation = Presentation(self, view_menu)
        self.language = LanguageMenu(self, self.settings, view_menu)
        help_menu = self.menuBar().addMenu(tr("&Help"))
        about = QAction(tr("&About Descent Lab"), self)
        about.triggered.connect(lambda: QMessageBox.about(self, tr("About Descent Lab"),
                                                          about_html(about_text())))
        help_menu.addAction(about)
        self.help_actions = HelpActions(self, help_menu)

    def _fill_export_menu(self) -> None:
        self.export_menu.clear()
        lab = self.current_lab()
        for target in lab.export_targets():
            action = self.export_menu.addAction(tr("{plot} as PNG or SVG…").format(
                plot=tr(target.label)))
            action.triggered.connect(partial(self.ask_export_image, target.label, target.widget))
        self.export_menu.addSeparator()
        for data in lab.csv_exports():
            action = self.export_menu.addAction(tr("{data} as CSV…").format(data=tr(data.label)))
            action.triggered.connect(partial(self.ask_export_csv, data.label, data.text))
        for weights in lab.weights_exports():
            action = self.export_menu.addAction(
                tr("{weights} (safetensors + JSON + .pt)…").format(weights=tr(weights.label)))
            action.triggered.connect(partial(self.ask_export_weights, weights.label,
                                             weights.write, weights.name))
        for files in lab.folder_exports():
            action = self.export_menu.addAction(tr("{files}…").format(files=tr(files.label)))
            action.triggered.connect(partial(self.ask_export_folder, files.label, files.write))

    def ask_export_image(self, label: str, widget, *_checked) -> None:
        path = dialogs.ask_save(self, dialogs.EXPORTS, tr("Export {what}").format(what=tr(label)),
                                _file_name(label, ".png"), tr(export.IMAGE_FILTERS))
        if path:
            self.export_image(widget, path)

    def ask_export_csv(self, label: str, make_text, *_checked) -> None:
        path = dialogs.ask_save(self, dialogs.EXPORTS, tr("Export {what}").format(what=tr(label)),
                                _file_name(label, ".csv"), "CSV (*.csv)")  # notr
        if path:
            self.export_csv(make_text(), path)

    def ask_export_weights(self, label: str, writer, name: str = "", *_checked) -> None:
        """``name``: the run's name, proposed as the file name (made safe for any disk)."""
        path = dialogs.ask_save(self, dialogs.WEIGHTS, tr("Export {what}").format(what=tr(label)),
                                safe_stem(name or "model") + ".safetensors",
                                "safetensors (*.safetensors)")  # notr
        if path:
            self._guarded(lambda: writer(path)[0])

    def ask_export_folder(self, label: str, write, *_checked) -> None:
        folder = dialogs.ask_folder(self, dialogs.EXPORTS,
                                    tr("Export {what} into a folder").format(what=tr(label)))
        if folder:
            write(folder)

    def ask_export_animation(self, *_checked) -> None:
        """The current lab's playback or curves as GIF, WebP or MP4 (lab.ui.export.animation)."""
        from lab.ui.export.animation_dialog import AnimationDialog

        sources = self.current_lab().animation_sources()
        if not sources:
            self.statusBar().showMessage(tr("This lab has nothing to animate yet"), 5000)
            return
        self.animation_dialog = AnimationDialog(sources, self)
        self.animation_dialog.open()

    def ask_manage_data(self, *_checked) -> None:
        """File > Manage stored data: the run folders and studies kept in the data folder;
        what any lab uses is kept, and each lab hears what was removed."""
        from lab.ui.shell.stored_data_dialog import StoredDataDialog

        self._load_labs()  # the runs in the list, and so their folders, are known
        self.stored_data_dialog = StoredDataDialog(data_folder(self.settings),
                                                   self.stored_data_in_use, self)
        for lab in self.labs:
            self.stored_data_dialog.removed.connect(lab.stored_data_changed)
        self.stored_data_dialog.open()

    def stored_data_in_use(self) -> StoredDataInUse:
        return StoredDataInUse.union(lab.stored_data_in_use() for lab in self.labs)

    def _show_error(self, title: str, message: str) -> None:
        """A clear, non-blocking message (status bar and a window-modal box)."""
        self.last_error = message
        self.statusBar().showMessage(message, 10000)
        self._error_box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self)
        self._error_box.open()

    def _report(self, action, error_type, title: str) -> bool:
        """Run ``action``; an expected failure becomes a clear, non-blocking message."""
        try:
            action()
        except error_type as err:
            self._show_error(title, str(err))
            return False
        return True

    def export_image(self, widget, path: str) -> bool:
        return self._guarded(lambda: export.export_image(widget, path))

    def export_csv(self, text: str, path: str) -> bool:
        return self._guarded(lambda: export.export_text(text, path))

    def copy_first_plot(self) -> None:
        targets = self.current_lab().export_targets()
        if not targets:
            self.statusBar().showMessage(tr("This lab has no figure to copy"), 5000)
            return
        export.copy_image(targets[0].widget)
        self.statusBar().showMessage(tr("Image copied to the clipboard"), 5000)

    def hand_off(self, key: str, payload: object) -> bool:
        """Route what a lab handed off (Train this configuration: a trial's configuration for
        the training lab) to the lab with that key, and show that lab."""
        target = self.lab(key)
        if target is None or not target.accept_handoff(payload):
            self._show_error(tr("Not handed over"), tr("No lab here takes this ({key}).").format(
                key=key))
            return False
        self.show_lab(target)
        return True

    def show_lab(self, lab: Lab) -> None:
        self.tabs.setCurrentWidget(lab)

    def _guarded(self, write) -> bool:
        """Run an export; a failure gets a clear, non-blocking message and leaves no file."""
        saved = []
        if not self._report(lambda: saved.append(write()), ExportError, tr("Export failed")):
            return False
        self.statusBar().showMessage(tr("Saved {path}").format(path=saved[0]), 8000)
        return True

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:  # 1500×900, or what fits the screen's free area with the window's frame
            area = self.screen().availableGeometry()
            self.resize(min(1500, area.width() - 16), min(900, area.height() - 48))
            self.move(area.center() - self.rect().center())
        # the labs fill in after the first paint (their engines import sympy and numba); a
        # window that is never shown (tests, scripts) fills in after a short delay instead
        self._labs_loaded = False
        QTimer.singleShot(300, self._load_labs)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self._labs_loaded:
            QTimer.singleShot(0, self._load_labs)
        return super().event(event)

    def _load_labs(self) -> None:
        if self._labs_loaded:
            return
        self._labs_loaded = True
        shown = self.current_lab()
        self._hold_hidden_labs(shown)
        self._load_lab(shown)
        # the others on the next turn: the shown lab's first job (a zero timer) starts first
        QTimer(self, singleShot=True, interval=0,
               timeout=partial(self._load_others, shown)).start()  # fmt: skip

    def _load_others(self, shown) -> None:
        for lab in self.labs:
            if lab is not shown:
                self._load_lab(lab)

    def _load_lab(self, lab: Lab) -> None:
        text = self.settings.value(f"{lab.key}/state")
        if text is None:  # saved before labs had keys: the group was named after the class
            text = self.settings.value(f"{type(lab).__name__}/state")
        try:
            restored = isinstance(text, str) and lab.restore_state(
                load_json(text, f"saved settings of the {lab.key} lab"))
        except (ValueError, TypeError):
            restored = False
        if not restored:
            lab.load_default()

    def _hold_hidden_labs(self, shown: Lab) -> None:
        """The lab on screen computes first. The others load their settings now, but hold
        their first jobs until it has drawn (or failed), a tab is switched, or HOLD_HIDDEN_MS
        passed: the init lab's first job imports torch, which would slow the first
        trajectories of a launch by about a second (two cores, one GIL)."""
        self._held = [lab for lab in self.labs if lab is not shown]
        for lab in self._held:
            lab.hold()
        QTimer(self, singleShot=True, interval=HOLD_HIDDEN_MS,
               timeout=self._release_labs).start()  # fmt: skip
        for signal in (shown.computed, shown.compute_failed, self.tabs.currentChanged):
            signal.connect(self._release_labs)

    def _release_labs(self, *_) -> None:
        held, self._held = self._held, []
        for lab in held:
            lab.release()

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        for lab in self.labs:
            self.settings.setValue(f"{lab.key}/state", json.dumps(lab.save_state()))
            if type(lab).__name__ != lab.key:  # the group used before labs had keys
                self.settings.remove(f"{type(lab).__name__}/state")
        self.settings.sync()

    def closeEvent(self, event) -> None:
        # the labs first: the training lab stops its runs and saves what they produced, and
        # the settings then name the run folders it wrote
        for lab in self.labs:
            lab.shutdown()
        self.save_settings()
        dialogs.forget_settings(self.settings)
        shutdown_all()
        # pyqtgraph's collector turned Python's automatic collection off for this window's life;
        # it must not outlive the window (a later window or test would collect on its timer)
        self._gc.timer.stop()
        gc.enable()
        super().closeEvent(event)
