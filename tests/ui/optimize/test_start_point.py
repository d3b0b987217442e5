"""The start point follows real mouse input on every map, the 2x2 view included (issue 7)."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest


def _widget_point(contour_map, x: float, y: float) -> QPoint:
    scene_point = contour_map.getViewBox().mapViewToScene(QPointF(x, y))
    return contour_map.mapFromScene(scene_point)


@pytest.fixture
def shown_lab(qtbot, window, lab):
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert lab.two_by_two.isChecked()  # the book preset opens in the 2x2 view
    return lab


@pytest.mark.parametrize("index", [0, 3])
def test_clicking_a_small_map_moves_the_start_point(qtbot, shown_lab, index):
    lab = shown_lab
    small = lab.multiples.maps[index]
    assert small.isVisible()
    with qtbot.waitSignal(lab.computed, timeout=20000):
        qtbot.mouseClick(small.viewport(), Qt.MouseButton.LeftButton,
                         pos=_widget_point(small, 4.0, 1.0))
    np.testing.assert_allclose(lab.result.paths[:, 0], [[4.0, 1.0]] * 4, atol=0.3)
    for other in [lab.map, *lab.multiples.maps]:  # every map shows the new start
        assert (other.target.pos().x(), other.target.pos().y()) == pytest.approx(
            tuple(lab.result.paths[0, 0]))


def test_dragging_the_start_point_on_a_small_map(qtbot, shown_lab):
    lab = shown_lab
    small = lab.multiples.maps[1]
    viewport = small.viewport()
    start = _widget_point(small, -7.0, 2.0)  # where the book preset starts
    end = _widget_point(small, 2.0, -2.0)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    with qtbot.waitSignal(lab.computed, timeout=20000):
        for t in np.linspace(0.1, 1.0, 10):
            point = start + (end - start) * float(t)
            QTest.mouseMove(viewport, QPoint(round(point.x()), round(point.y())))
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           end)
    x, y = lab.result.paths[0, 0]
    assert x == pytest.approx(2.0, abs=0.3) and y == pytest.approx(-2.0, abs=0.3)
    assert lab.multiples.maps[0].target.pos().x() == pytest.approx(x)
