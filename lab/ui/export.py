"""Exports of what the user sees: PNG, SVG, CSV and the clipboard, all written atomically.

SVG goes through ``QSvgGenerator`` + ``QPainter`` because pyqtgraph's SVGExporter raises under
Qt 6.12 (pyqtgraph #3485). PNG paints a plot's scene into an image at twice the widget's size
with a uniform scale (pyqtgraph's ImageExporter enlarges axis fonts but not legends); composite
widgets are grabbed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QRectF, QSize
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QWidget

from lab.engine.core.files import ExportError, atomic_write, atomic_write_bytes, atomic_write_text
from lab.ui.i18n import N_

IMAGE_FILTERS = N_("PNG image (*.png);;SVG image (*.svg)")


def export_image(widget: QWidget, path: str | Path) -> Path:
    """Write ``widget`` as PNG or SVG, chosen by the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".png":
        return export_png(widget, path)
    if suffix == ".svg":
        return export_svg(widget, path)
    raise ExportError(f"cannot write {path}: use a .png or .svg file name")


SCALE = 2  # crisp on slides and in papers


def background(widget: QWidget) -> QColor:
    """The colour behind a plot (its view's brush), white for other widgets; PNG and SVG agree."""
    if isinstance(widget, QGraphicsView) and widget.backgroundBrush().style():
        return widget.backgroundBrush().color()
    return QColor("white")


def render_image(widget: QWidget) -> QImage:
    """The widget as an image: a plot's scene at SCALE, a grab for other widgets."""
    if not isinstance(widget, QGraphicsView):
        return widget.grab().toImage()
    width, height = max(widget.width(), 1), max(widget.height(), 1)
    image = QImage(width * SCALE, height * SCALE, QImage.Format.Format_ARGB32)
    # A device pixel ratio, not painter.scale(): legends ignore the painter's transformations
    # (ItemIgnoresTransformations) and came out at half size, but the device ratio applies to all.
    image.setDevicePixelRatio(SCALE)
    image.fill(background(widget))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    widget.scene().render(painter, QRectF(0, 0, width, height),
                          QRectF(widget.viewport().rect()))  # fmt: skip
    painter.end()
    return image


def export_png(widget: QWidget, path: str | Path) -> Path:
    image = render_image(widget)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError(f"cannot write {path}: the image could not be encoded")
    buffer.close()
    return atomic_write_bytes(path, bytes(data.data()), regular_only=True)


def export_svg(widget: QWidget, path: str | Path) -> Path:
    """Render the widget into an SVG file through QPainter (vector output)."""

    def write(tmp: str) -> None:
        size = widget.size()
        generator = QSvgGenerator()
        generator.setFileName(tmp)
        generator.setSize(QSize(size.width(), size.height()))
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        # QPicture-cached items (pyqtgraph's axes) replay scaled by device dpi / recording dpi:
        # at the generator's default 72 dpi the axes shrank by 72/96 against the curves.
        generator.setResolution(widget.logicalDpiX())
        generator.setTitle(widget.objectName() or "Descent Lab figure")
        generator.setDescription("Exported from Descent Lab")
        painter = QPainter()
        if not painter.begin(generator):
            raise OSError(f"the SVG writer could not open {tmp}")
        items = _export_items(widget)
        try:
            for item in items:  # scatter symbols as paths: pixmap fragments smear in SVG
                item.setExportMode(True, {"antialias": True})
            painter.fillRect(QRectF(0, 0, size.width(), size.height()), background(widget))
            if isinstance(widget, QGraphicsView):  # a plot: its scene, as vectors
                widget.scene().render(painter, QRectF(0, 0, size.width(), size.height()),
                                      QRectF(widget.viewport().rect()))
            else:  # a composite (2x2 maps): each child paints itself
                widget.render(painter, QPoint(0, 0))
        finally:
            painter.end()
            for item in items:
                item.setExportMode(False)
        if Path(tmp).stat().st_size == 0:
            raise OSError("nothing was written")

    return atomic_write(path, write, regular_only=True)


def _export_items(widget: QWidget) -> list:
    """The pyqtgraph items painted for ``widget`` (its views' scenes) that have an export mode."""
    views = [widget] if isinstance(widget, QGraphicsView) else []
    views += widget.findChildren(QGraphicsView)
    return [item for view in views if view.scene() is not None
            for item in view.scene().items() if hasattr(item, "setExportMode")]


def export_text(text: str, path: str | Path) -> Path:
    return atomic_write_text(path, text, regular_only=True)


def copy_image(widget: QWidget) -> QImage:
    """Put the widget's image on the clipboard (and return it)."""
    image = render_image(widget)
    QGuiApplication.clipboard().setImage(image)
    return image
