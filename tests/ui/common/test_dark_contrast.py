"""The dark theme is readable: every series colour, the unchecked check box and the check mark
of a checkable menu item (View > Presentation) stand out at least 3:1 against what they are
drawn on (WCAG 2.x contrast ratio, the floor for lines and graphical objects)."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QAction, QColor, QImage
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QMainWindow,
    QMenu,
    QStyle,
    QStyleOptionButton,
)

from lab.engine.core.optimizers import OPTIMIZERS
from lab.ui.common.palette import distinct_colors, optimizer_color
from lab.ui.common.readable_style import ReadableFusion, contrast_ratio
from lab.ui.common.theme import DARK, LIGHT
from lab.ui.shell.theme_menu import Theme

FLOOR = 3.0


def test_the_contrast_ratio_is_wcags():
    """Reference values of the WCAG 2.x formula."""
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ff0000", "#ffffff") == pytest.approx(4.0, abs=0.01)
    assert contrast_ratio("#0000ff", "#000000") == contrast_ratio("#000000", "#0000ff")


def test_every_series_colour_reads_on_the_dark_plots():
    series = {name: optimizer_color(name) for name in OPTIMIZERS}
    series |= {f"run {k}": c for k, c in enumerate(itertools.islice(distinct_colors(), 64))}
    weak = {name: f"{color} {contrast_ratio(color, DARK.background):.2f}:1"
            for name, color in series.items()
            if contrast_ratio(color, DARK.background) < FLOOR}  # fmt: skip
    assert not weak, f"below {FLOOR}:1 on {DARK.background}: {weak}"
    assert contrast_ratio(optimizer_color("adadelta"), LIGHT.background) >= FLOOR  # and on white


def pixels(image: QImage, rect) -> list[QColor]:
    return [image.pixelColor(x, y) for y in range(rect.top(), rect.bottom() + 1)
            for x in range(rect.left(), rect.right() + 1)]  # fmt: skip


def strongest(image: QImage, rect, against: QColor) -> float:
    """The highest contrast of any pixel in ``rect`` against ``against``."""
    return max(contrast_ratio(c, against) for c in pixels(image, rect))


@pytest.fixture
def dark(tmp_path):
    """View > Theme > Dark, as the window applies it (style and palette); then back."""
    window = QMainWindow()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    theme = Theme(window, settings, QMenu())
    theme.set_choice("dark")
    yield QApplication.instance()
    theme.set_choice("system")
    window.deleteLater()


def test_check_boxes_read_on_dark_checked_or_not(dark, qtbot):
    for checked in (False, True):
        box = QCheckBox("2×2 view")
        qtbot.addWidget(box)
        box.setChecked(checked)
        box.resize(box.sizeHint())
        image = box.grab().toImage()
        option = QStyleOptionButton()
        box.initStyleOption(option)
        rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        behind = box.palette().color(box.backgroundRole())
        assert strongest(image, rect, behind) >= FLOOR, "the box's outline"
        if checked:  # the mark inside the box, against the box's fill
            inner = rect.adjusted(3, 3, -3, -3)
            fill = box.palette().color(box.palette().ColorRole.Base)
            assert strongest(image, inner, fill) >= FLOOR, "the check mark"


def test_a_checkable_menu_items_box_and_mark_read_on_dark(dark, qtbot):
    """View > Presentation and the theme items are checkable menu items: Fusion draws them as
    the same box; checked and unchecked must both be seen."""
    menu = QMenu()
    qtbot.addWidget(menu)
    for text, on in (("Presentation", True), ("Light", False)):
        action = QAction(text, menu, checkable=True)
        action.setChecked(on)
        menu.addAction(action)
    menu.resize(menu.sizeHint())
    image = menu.grab().toImage()
    colours = pixels(image, image.rect())
    background = max(set(c.rgb() for c in colours), key=[c.rgb() for c in colours].count)
    for action in menu.actions():
        row = menu.actionGeometry(action)
        check = QRect(row.left(), row.top(), row.height(), row.height())  # before the text
        assert strongest(image, check, QColor(background)) >= FLOOR, action.text()


def test_readable_fusion_is_the_style_of_the_dark_theme(dark):
    assert isinstance(dark.style(), ReadableFusion)
