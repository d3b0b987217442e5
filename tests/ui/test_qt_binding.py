"""Guards against Qt binding bugs that would crash the app rather than fail a feature."""

import sys

from PySide6 import QtCore, QtGui


def test_void_qt_calls_keep_none_alive():
    """PySide6 6.12.0 decrefs None on every void call; on Python 3.11 the app then aborts with
    'deallocating None' after a few thousand redraws. pyproject.toml pins around it."""
    point, pen = QtCore.QPointF(1, 2), QtGui.QPen()
    before = sys.getrefcount(None)
    for _ in range(500):
        point.setX(3)
        pen.setWidth(2)
    assert sys.getrefcount(None) - before > -50
