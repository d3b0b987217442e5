"""First launch: the app's names and icon, the About box's versions, and the optimizer map's
"compiling" notice on a cold kernel cache instead of empty axes."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

import lab
from lab.desktop.entry import APP_ID
from lab.engine.jit.kernel_paths import index_file
from lab.engine.warmup import kernels_look_compiled
from lab.ui.common import busy_overlay
from lab.ui.common.application import make_application
from lab.ui.common.busy_overlay import COMPILING_KERNELS, PREPARING, BusyOverlay
from lab.ui.shell.about import about_html, versions


class Source(QObject):
    done = Signal()


def test_overlay_covers_its_widget_until_a_signal(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(600, 500)
    pages = QStackedWidget(window)  # raises its pages: the overlay must stay above them
    pages.setGeometry(20, 30, 300, 200)
    pages.addWidget(QWidget())
    pages.addWidget(QWidget())
    window.show()
    source = Source()
    overlay = BusyOverlay(pages, "Working…", until=(source.done,))
    assert overlay.isVisible() and overlay.geometry() == pages.geometry()
    assert overlay.spinner.maximum() == 0  # an animated, indeterminate indicator
    pages.setCurrentIndex(1)
    pages.setGeometry(10, 10, 500, 400)
    assert overlay.geometry() == pages.geometry()
    assert window.childAt(200, 200) in (overlay, *overlay.findChildren(QWidget))
    with qtbot.waitSignal(overlay.destroyed, timeout=5000):
        source.done.emit()
    assert window.findChild(BusyOverlay) is None


def test_cold_cache_is_noticed_without_numba(tmp_path, monkeypatch):
    monkeypatch.setenv("DESCENT_LAB_KERNEL_CACHE", str(tmp_path))
    assert not kernels_look_compiled()
    path = index_file("lab.engine.optimize.kernels", "integrate")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    assert kernels_look_compiled()
    assert path.name == f"kernels.integrate-lab.py{sys.version_info[0]}{sys.version_info[1]}.nbi"


class RecordingOverlay(BusyOverlay):
    """Remembers each overlay and what it showed when its wait ended."""

    made: list[dict] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = {"message": self.message, "shown": not self.isHidden(),
                       "covers": self.geometry() == self.target.geometry()}
        RecordingOverlay.made.append(self.record)

    def finish(self, *args) -> None:
        panel = self.target
        while not hasattr(panel, "result"):
            panel = panel.parent()
        self.record["map_had_result"] = panel.result is not None
        self.record["finished"] = True
        super().finish(*args)


@pytest.fixture
def cold(monkeypatch):
    RecordingOverlay.made = []
    monkeypatch.setattr(busy_overlay, "BusyOverlay", RecordingOverlay)
    monkeypatch.setattr("lab.engine.warmup.kernels_look_compiled", lambda *a: False)


@pytest.fixture
def warm(monkeypatch):
    RecordingOverlay.made = []
    monkeypatch.setattr(busy_overlay, "BusyOverlay", RecordingOverlay)
    monkeypatch.setattr("lab.engine.warmup.kernels_look_compiled", lambda *a: True)


def test_map_says_compiling_on_a_cold_cache_until_the_first_trajectories(cold, window, qtbot):
    optimizer_lab = window.labs[0]
    assert optimizer_lab.result is not None  # the fixture waited for the first trajectories
    qtbot.waitUntil(lambda: optimizer_lab.findChild(BusyOverlay) is None, timeout=5000)
    assert RecordingOverlay.made == [{"message": COMPILING_KERNELS, "shown": True,
                                      "covers": True, "map_had_result": True,
                                      "finished": True}]


def test_warm_cache_says_preparing_until_the_first_trajectories(warm, window, qtbot):
    optimizer_lab = window.labs[0]
    assert optimizer_lab.result is not None
    qtbot.waitUntil(lambda: optimizer_lab.findChild(BusyOverlay) is None, timeout=5000)
    assert [made["message"] for made in RecordingOverlay.made] == [PREPARING]
    assert RecordingOverlay.made[0]["finished"]


def test_application_names_and_icon(qapp):
    app = make_application()
    assert app is QApplication.instance()
    assert (app.applicationName(), app.organizationName()) == ("Descent Lab", "DescentLab")
    assert app.desktopFileName() == APP_ID and app.applicationVersion() == lab.__version__
    sizes = {(s.width(), s.height()) for s in app.windowIcon().availableSizes()}
    assert {(16, 16), (48, 48), (256, 256)} <= sizes


def test_about_lists_versions_and_device():
    import torch

    rows = dict(versions())
    assert rows["Descent Lab"] == lab.__version__ and rows["PyTorch"] == torch.__version__
    assert rows["Qt"].split()[0].count(".") == 2
    expected = "CUDA GPU" if torch.cuda.is_available() else "CPU"
    assert rows["Device"].startswith(expected)
    html = about_html("<p>credits</p>")
    assert html.startswith("<p>credits</p>") and torch.__version__ in html
