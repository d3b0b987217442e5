"""One look for every plot: the theme's text on its background, antialiased, row-major images."""

import re

import pyqtgraph as pg
from PySide6.QtCore import Qt

from lab.ui.common.theme import plot_colors


def apply_plot_style() -> None:
    """Call before any plot widget is built (pyqtgraph reads these at construction)."""
    colors = plot_colors()  # light unless the theme (lab.ui.common.theme) chose dark
    pg.setConfigOptions(antialias=True, imageAxisOrder="row-major",
                        background=colors.background, foreground=colors.foreground)


class _OutsideLegend(pg.LegendItem):
    """A legend laid out beside the view box: its size is a layout hint, not a geometry."""

    def updateSize(self) -> None:
        hint = self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize)  # the entries' text
        self.setMinimumSize(hint)
        self.setMaximumSize(hint)
        self.updateGeometry()

    def mouseDragEvent(self, event) -> None:  # its place is the layout's, not the user's
        event.ignore()


def legend_outside(plot: pg.PlotItem, size: str = "8pt") -> pg.LegendItem:
    """A legend in its own column right of the data, so it never covers a curve.

    ``plot.plot(name=...)`` adds entries to it as to pyqtgraph's own (which floats over the
    data)."""
    legend = _OutsideLegend(labelTextSize=size)
    legend.setFlag(legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
    plot.layout.addItem(legend, 2, 3)
    plot.layout.setAlignment(legend, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    plot.legend = legend
    return legend


# ---- plot titles that presentation mode can grow and give back exactly -----------------------
TITLE_POINTS = "title_points"  # the Qt property a title label keeps its normal size in
_title_scale = 1.0  # presentation mode's factor while it is on


def plot_title(plot, text: str, points: float, **style) -> None:
    """Set ``plot``'s title (a PlotWidget or PlotItem) at ``points`` — times presentation
    mode's factor while it is on, so a title set meanwhile is as large as the others — and
    note ``points`` on the label, so leaving presentation mode gives that size back exactly."""
    item = plot.getPlotItem() if isinstance(plot, pg.PlotWidget) else plot
    item.setTitle(text, size=f"{points * _title_scale:g}pt", **style)
    item.titleLabel.setProperty(TITLE_POINTS, float(points))


def scale_titles(items, scale: float) -> None:
    """Size the shown title and upright axis titles of every PlotItem in ``items`` at ``scale``
    times their normal size (the size noted by :func:`plot_title` or :func:`axis_title`, else
    the size they have now, in points) and set the factor for titles set later."""
    global _title_scale
    _title_scale = scale
    labels = [label for item in items
              for label in (item.titleLabel, *item.__dict__.get("_upright_titles", {}).values())]
    for label in labels:
        if not label.isVisible():  # no title: resizing its label would give it a height
            continue
        base = label.property(TITLE_POINTS)
        if base is None:
            size = str(label.opts.get("size", ""))
            if not size.endswith("pt"):
                continue
            base = float(size[:-2])
            label.setProperty(TITLE_POINTS, base)
        label.setText(label.text, size=f"{base * scale:g}pt")


# ---- vertical axes' titles: upright for Chinese (and any CJK) text ---------------------------
AXIS_TITLE_POINTS = 9.0
CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


class _AxisTitle(pg.LabelItem):
    """A horizontal title in the corner above a vertical axis: as tall as its text, but asking
    for no width, so the axis keeps its own and the text runs on over the plot's top edge."""

    def updateMin(self) -> None:
        super().updateMin()
        height = self.itemRect().height()
        self.setMinimumWidth(0)
        self._sizeHint[Qt.SizeHint.MinimumSize] = (0, height)
        self._sizeHint[Qt.SizeHint.PreferredSize] = (0, height)
        self.updateGeometry()


def axis_title(plot, side: str, text: str | None, **style) -> None:
    """Title the axis on ``side`` of ``plot`` (a PlotWidget or PlotItem) with ``text``.

    pyqtgraph turns a vertical axis's title on its side; Chinese characters on their side are
    read with the head tilted (and the Chinese window's colour-bar title was), so a left or
    right title with CJK characters is laid out horizontally above its axis instead, in the
    top axis's row. Latin text keeps the usual rotated title."""
    item = plot.getPlotItem() if isinstance(plot, pg.PlotWidget) else plot
    upright: dict = item.__dict__.setdefault("_upright_titles", {})
    if side not in ("left", "right") or not text or not CJK.search(text):
        if side in upright:
            label = upright.pop(side)
            item.layout.removeItem(label)
            if label.scene() is not None:
                label.scene().removeItem(label)
        item.getAxis(side).setLabel(text, **style)
        return
    item.getAxis(side).setLabel(None)  # no rotated title
    label = upright.get(side)
    if label is None:
        label = _AxisTitle("", size=f"{AXIS_TITLE_POINTS * _title_scale:g}pt", justify=side)
        label.setProperty(TITLE_POINTS, AXIS_TITLE_POINTS)
        item.layout.addItem(label, 1, 0 if side == "left" else 2)  # above the axis
        upright[side] = label
    label.setText(text, **style)
