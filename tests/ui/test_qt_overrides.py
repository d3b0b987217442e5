"""No widget shadows a Qt method with an attribute of its own.

Why: PySide looks up Python overrides of Qt's virtual methods by name on the instance. The sweep
plot once kept its combo box in ``self.metric``; Qt calls ``QWidget.metric`` (paint-device
metrics) whenever a font is re-resolved, PySide tried to call the combo box, and reporting that
error segfaulted: presentation mode could not enlarge fonts. A plain attribute named like any
Qt method is refused here."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, SignalInstance

# Non-virtual Qt methods that some controls shadow today (ProbeControls.width/.depth,
# LossPlot.cursor): Qt never calls these through Python, so they cannot crash like ``metric``,
# only confuse a reader. Anything else, virtual methods above all, fails the test.
NON_VIRTUAL_SHADOWED = {"width", "depth", "cursor"}


def qt_names(obj: QObject) -> set[str]:
    """Every name the Qt (PySide) classes of ``obj``'s type define."""
    names: set[str] = set()
    for cls in type(obj).__mro__:
        if cls.__module__.startswith(("PySide6.", "Shiboken")):
            names |= set(vars(cls))
    return names


def shadowing(root: QObject) -> list[str]:
    found = []
    for obj in [root, *root.findChildren(QObject)]:
        own = getattr(obj, "__dict__", {})
        for name in sorted(set(own) & qt_names(obj)):
            if isinstance(own[name], SignalInstance) or name in NON_VIRTUAL_SHADOWED:
                continue  # PySide caches bound signals in the instance
            found.append(f"{type(obj).__module__}.{type(obj).__name__}.{name}")
    return found


@pytest.mark.slow  # opens the main window
def test_no_attribute_shadows_a_qt_method(window, qtbot):
    for i in range(window.tabs.count()):  # every lab built and loaded
        window.tabs.setCurrentIndex(i)
    assert shadowing(window) == []


def test_the_check_finds_a_shadowing_attribute(qtbot):
    from PySide6.QtWidgets import QComboBox, QWidget

    class Plot(QWidget):
        def __init__(self):
            super().__init__()
            self.metric = QComboBox(self)

    plot = Plot()
    qtbot.addWidget(plot)
    assert shadowing(plot) == [f"{__name__}.Plot.metric"]
