"""Exports of what the user sees: PNG, SVG, CSV and the clipboard, all written atomically.

Every picture is painted the same way (:func:`paint_parts`): a plot's scene, or a composite
widget (the 2x2 maps) child by child. PNG paints it at twice the widget's size through a device
pixel ratio, plots and composites alike (a painter scale would leave pyqtgraph's legends, which
ignore transformations, at half size). SVG paints it into ``QSvgGenerator`` (pyqtgraph's
SVGExporter raises on Qt 6's path data, pyqtgraph #3485) and then rewrites Qt's output so that
librsvg, ImageMagick and Inkscape draw it as Qt does (:mod:`lab.ui.export.portable_svg`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QGuiApplication, QImage, QPainter, QRegion
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QWidget

from lab.io.files import ExportError, atomic_write_bytes, atomic_write_text
from lab.ui.common.i18n import N_
from lab.ui.export.portable_svg import portable_svg

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


def paint_parts(widget: QWidget) -> list[Callable[[QPainter], None]]:
    """How ``widget`` is painted, in pieces: a plot's scene is one; a composite (the 2x2 maps)
    is its own background, then each visible child (so an animation can paint one piece per
    event-loop turn). PNG, SVG and animation frames all paint these."""
    w, h = max(widget.width(), 1), max(widget.height(), 1)
    if isinstance(widget, QGraphicsView):
        return [_exporting(widget, lambda p: widget.scene().render(
            p, QRectF(0, 0, w, h), QRectF(widget.viewport().rect())))]
    parts = [lambda p: widget.render(p, QPoint(0, 0), QRegion(),
                                     QWidget.RenderFlag.DrawWindowBackground)]
    for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if child.isVisibleTo(widget):
            # QWidget's render: QGraphicsView overrides it with a scene-rect signature
            parts.append(_exporting(child, lambda p, c=child: QWidget.render(
                c, p, c.mapTo(widget, QPoint(0, 0)))))
    return parts


def _exporting(widget: QWidget, draw: Callable[[QPainter], None]) -> Callable[[QPainter], None]:
    """``draw`` with ``widget``'s pyqtgraph items in export mode, as pyqtgraph's own exporters
    paint: scatter symbols as paths, not the screen's cached 1x pixmaps (which smeared in SVG
    and pixelated at SCALE)."""

    def part(painter: QPainter) -> None:
        items = _export_items(widget)
        try:
            for item in items:
                item.setExportMode(True, {"antialias": True})
            draw(painter)
        finally:
            for item in items:
                item.setExportMode(False)

    return part


def paint(widget: QWidget, painter: QPainter) -> None:
    """Paint all of ``widget`` with ``painter`` (the SVG writer's), then let the screen
    catch up."""
    try:
        for part in paint_parts(widget):
            painter.save()
            part(painter)
            painter.restore()
    finally:
        repaint(widget)


def repaint(widget: QWidget) -> None:
    """Schedule a full repaint on screen: rendering a composite into an image consumes its
    plots' pending updates, which left an animation's markers and arrows on screen."""
    views = [widget] if isinstance(widget, QGraphicsView) else []
    for view in views + widget.findChildren(QGraphicsView):
        view.viewport().update()
    widget.update()


def render_image(widget: QWidget) -> QImage:
    """The widget as an image at SCALE, whatever its kind (a plot or the 2x2 maps)."""
    try:
        size = QSize(max(widget.width(), 1), max(widget.height(), 1))
        return render_frame(widget, size * SCALE)
    finally:
        repaint(widget)


def render_frame(widget: QWidget, size: QSize) -> QImage:
    """The widget painted into a ``size`` image (an animation's frame, a PNG at SCALE).

    A device pixel ratio, not a painter transform, scales it: pyqtgraph's legends ignore the
    painter's transformations and came out at half size."""
    frame = FramePainter(widget, size)
    try:
        for part in paint_parts(widget):
            frame.paint(part)
    finally:
        image = frame.finish()  # the painter ends even when a part fails
    return image


class FramePainter:
    """One frame's image and painter, open while its parts are painted."""

    def __init__(self, widget: QWidget, size: QSize):
        self.image = QImage(size.width(), size.height(), QImage.Format.Format_ARGB32)
        self.image.setDevicePixelRatio(size.width() / max(widget.width(), 1))
        self.image.fill(background(widget))
        self.painter = QPainter(self.image)
        self.painter.setRenderHint(QPainter.RenderHint.Antialiasing)

    def paint(self, part: Callable[[QPainter], None]) -> None:
        self.painter.save()
        try:
            part(self.painter)
        finally:
            self.painter.restore()

    def finish(self) -> QImage:
        if self.painter.isActive():
            self.painter.end()
        self.image.setDevicePixelRatio(1.0)
        return self.image.convertToFormat(QImage.Format.Format_RGB888)


def export_png(widget: QWidget, path: str | Path) -> Path:
    image = render_image(widget)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError(f"cannot write {path}: the image could not be encoded")
    buffer.close()
    return atomic_write_bytes(path, bytes(data.data()))


def export_svg(widget: QWidget, path: str | Path) -> Path:
    """The widget as vectors: painted into Qt's SVG generator, then made portable."""
    size = widget.size()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(size.width(), size.height()))
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    # QPicture-cached items (pyqtgraph's axes) replay scaled by device dpi / recording dpi:
    # at the generator's default 72 dpi the axes shrank by 72/96 against the curves.
    generator.setResolution(widget.logicalDpiX())
    generator.setTitle(widget.objectName() or "Descent Lab figure")
    generator.setDescription("Exported from Descent Lab")
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(f"cannot write {path}: the SVG writer could not start")
    try:
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), background(widget))
        paint(widget, painter)
    finally:
        painter.end()
    buffer.close()
    try:
        svg = portable_svg(bytes(data.data()), css_font_family)
    except (ValueError, SyntaxError) as error:  # SyntaxError: ElementTree's ParseError
        raise ExportError(f"cannot write {path}: {error}") from error
    return atomic_write_bytes(path, svg)


GENERIC_FAMILIES = {"sans serif": "sans-serif", "sans": "sans-serif", "sans-serif": "sans-serif",
                    "serif": "serif", "monospace": "monospace", "mono": "monospace"}


def css_font_family(families: str) -> str:
    """A family list every SVG renderer understands for the font Qt named (``families``):
    the face this machine drew (the app's font) first, then the face asked for, then a
    generic family. Qt writes fontconfig's alias "Sans Serif", which browsers do not know."""
    names = [n.strip().strip("'\"") for n in families.split(",")]
    names = [n for n in names if n]
    info = QFontInfo(QFont(names[0] if names else ""))
    drawn = info.family()
    generic = next((GENERIC_FAMILIES[n.lower()] for n in names if n.lower() in GENERIC_FAMILIES),
                   None)  # fmt: skip
    if generic is None:
        serif = "serif" in drawn.lower() and "sans" not in drawn.lower()
        generic = "monospace" if info.fixedPitch() else "serif" if serif else "sans-serif"
    faces = []
    for name in [drawn, *names]:
        if name and name.lower() not in GENERIC_FAMILIES and name not in faces:
            faces.append(name.replace("'", ""))
    return ", ".join([f"'{face}'" for face in faces] + [generic])


def _export_items(widget: QWidget) -> list:
    """The pyqtgraph items painted for ``widget`` (its views' scenes) that have an export mode."""
    views = [widget] if isinstance(widget, QGraphicsView) else []
    views += widget.findChildren(QGraphicsView)
    return [item for view in views if view.scene() is not None
            for item in view.scene().items() if hasattr(item, "setExportMode")]


def export_text(text: str, path: str | Path) -> Path:
    return atomic_write_text(path, text)


def copy_image(widget: QWidget) -> QImage:
    """Put the widget's image on the clipboard (and return it)."""
    image = render_image(widget)
    QGuiApplication.clipboard().setImage(image)
    return image
