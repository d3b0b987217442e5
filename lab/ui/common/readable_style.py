"""Fusion with check boxes that can be seen on any palette, the dark one above all.

Why: Fusion outlines a check box in the window colour made 40 % darker: on the dark palette an
unchecked box (and the unchecked items of a menu, which Fusion draws as the same box) is dark on
dark, about 1.2:1, and its 1.5-px check mark thins out in presentation mode. Here the box is
outlined in a mix of the text and base colours (≥ 3:1 against both, the WCAG ratio for
graphical objects), and the mark is drawn in the text colour with a stroke that grows with the
box. Everything else is Fusion's.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory

OUTLINE_SHARE = 0.6  # of the text colour in the box's outline; the rest is the base colour


def relative_luminance(color: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (0.2126 * linear(color.redF()) + 0.7152 * linear(color.greenF())
            + 0.0722 * linear(color.blueF()))


def contrast_ratio(a, b) -> float:
    """WCAG contrast ratio (1 to 21) of two colours (QColor or anything QColor takes)."""
    high, low = sorted((relative_luminance(QColor(a)), relative_luminance(QColor(b))),
                       reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(a: QColor, b: QColor, share_of_a: float) -> QColor:
    """``share_of_a`` of ``a`` and the rest of ``b``, channel by channel."""
    k = share_of_a
    return QColor.fromRgbF(*(x * k + y * (1 - k) for x, y in
                             zip(a.getRgbF()[:3], b.getRgbF()[:3], strict=True)))


def outline_color(palette: QPalette) -> QColor:
    return mix(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base),
               OUTLINE_SHARE)


class ReadableFusion(QProxyStyle):
    """Fusion, but for the check box indicator (check boxes, checkable menu items)."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802
        if element == QStyle.PrimitiveElement.PE_IndicatorCheckBox:
            try:
                _draw_check_box(option, painter)
                return
            except Exception:  # noqa: BLE001 - a Qt override must not raise: Fusion's box then
                pass
        super().drawPrimitive(element, option, painter, widget)


def _draw_check_box(option, painter: QPainter) -> None:
    palette, state = option.palette, option.state
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    outline = outline_color(palette)
    focus = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange
    if state & focus == focus:
        outline = palette.color(QPalette.ColorRole.Highlight).lighter(140)
    painter.save()
    try:
        _paint(option, painter, text, base, outline)
    finally:
        painter.restore()


def _paint(option, painter: QPainter, text: QColor, base: QColor, outline: QColor) -> None:
    state = option.state
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    box = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
    painter.setPen(QPen(outline, 1.0))
    painter.setBrush(mix(text, base, 0.25) if state & QStyle.StateFlag.State_Sunken else base)
    painter.drawRoundedRect(box, 1.5, 1.5)
    stroke = max(1.5, box.width() / 7)  # grows with the box (presentation mode's larger font)
    pen = QPen(text, stroke, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    w, h, x, y = box.width(), box.height(), box.x(), box.y()
    if state & QStyle.StateFlag.State_NoChange:
        painter.drawLine(QPointF(x + 0.25 * w, y + 0.5 * h), QPointF(x + 0.75 * w, y + 0.5 * h))
    elif state & QStyle.StateFlag.State_On:
        painter.drawPolyline([QPointF(x + 0.22 * w, y + 0.52 * h),
                              QPointF(x + 0.42 * w, y + 0.74 * h),
                              QPointF(x + 0.78 * w, y + 0.27 * h)])
