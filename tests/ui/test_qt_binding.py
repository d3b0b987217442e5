"""Guards against Qt binding bugs that would crash the app rather than fail a feature."""

import ctypes
import sys

from PySide6 import QtCore, QtGui

VOID_CALLS = 500  # x2 calls: a binding that drops None's reference on each loses 1000


def references_seen(count: int) -> int:
    """Take ``count`` references to None through the C API and give them back; return by how
    much ``sys.getrefcount(None)`` rose meanwhile: ``count`` where None is reference-counted,
    0 where it is immortal (Python >= 3.12, PEP 683)."""
    none = ctypes.py_object(None)
    before = sys.getrefcount(None)
    for _ in range(count):
        ctypes.pythonapi.Py_IncRef(none)
    seen = sys.getrefcount(None) - before
    for _ in range(count):
        ctypes.pythonapi.Py_DecRef(none)
    return seen


def test_void_qt_calls_keep_none_alive():
    """PySide6 6.12.0 decrefs None on every void call; on Python 3.11 the app then aborts with
    'deallocating None' after a few thousand redraws. pyproject.toml pins around it.

    Where None is reference-counted (Python < 3.12) the count must survive the void calls, and
    the same measurement must see references taken on purpose, so it could see them lost.
    Where None is immortal (PEP 683) a lost reference cannot free it: there the test checks
    that None really is immortal, which is what makes the bug harmless."""
    point, pen = QtCore.QPointF(1, 2), QtGui.QPen()
    assert point.setX(3) is None and pen.setWidth(2) is None  # void calls return None
    before = sys.getrefcount(None)
    for _ in range(VOID_CALLS):
        point.setX(3)
        pen.setWidth(2)
    change = sys.getrefcount(None) - before
    if sys.version_info < (3, 12):
        assert references_seen(2 * VOID_CALLS) == 2 * VOID_CALLS  # the measure can see them
        assert abs(change) < 50, f"{-change} references to None lost in {2 * VOID_CALLS} calls"
    else:
        assert references_seen(2 * VOID_CALLS) == 0, "None is counted: the guard above applies"
        assert change == 0
