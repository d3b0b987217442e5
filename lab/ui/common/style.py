"""One look for every plot: the theme's text on its background, antialiased, row-major images."""

import pyqtgraph as pg

from lab.ui.common.theme import plot_colors


def apply_plot_style() -> None:
    """Call before any plot widget is built (pyqtgraph reads these at construction)."""
    colors = plot_colors()  # light unless the theme (lab.ui.common.theme) chose dark
    pg.setConfigOptions(antialias=True, imageAxisOrder="row-major",
                        background=colors.background, foreground=colors.foreground)


class _OutsideLegend(pg.LegendItem):
    """A legend laid out beside the view box: its size is a layout hint, not a geometry."""

    def updateSize(self) -> None:
        from PySide6.QtCore import Qt

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
    from PySide6.QtCore import Qt

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
    """Size the shown title of every PlotItem in ``items`` at ``scale`` times its normal size
    (the size noted by :func:`plot_title`, else the size it has now, in points) and set the
    factor for titles set later."""
    global _title_scale
    _title_scale = scale
    for item in items:
        label = item.titleLabel
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
