"""The 3-D view follows the theme (issue 17): its GL background is the plots' background when it
is made, and View > Theme re-colours it with every other plot (lab.ui.common.theme)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from lab.ui.common.theme import DARK, LIGHT, apply_plot_colors, plot_colors, restyle_plots

gl = pytest.importorskip("pyqtgraph.opengl")


@pytest.fixture
def theme():
    before = plot_colors()
    yield
    apply_plot_colors(before)


def background(view) -> str:
    return QColor.fromRgbF(*view.opts["bgcolor"]).name()  # pyqtgraph keeps (r, g, b, a)


@pytest.mark.qt_log_ignore("QOpenGLWidget is not supported on this platform")
def test_the_view_is_made_in_the_theme_and_follows_a_change(qtbot, monkeypatch, theme):
    from lab.ui.optimize import surface_3d

    apply_plot_colors(DARK)
    # the tests' offscreen display has no OpenGL: let the view be made (it is never shown)
    monkeypatch.setattr(surface_3d, "gl_problem", lambda: None)
    root = QWidget()
    qtbot.addWidget(root)
    view3d = surface_3d.Surface3D(root)
    view3d._make_view()  # what its first show does
    assert background(view3d.view) == DARK.background  # not pyqtgraph's white
    restyle_plots(root, LIGHT)
    assert background(view3d.view) == LIGHT.background
    restyle_plots(root, DARK)
    assert background(view3d.view) == DARK.background
