"""Search plots as PNG files without a window (the CLI's ``search --out``): the book's two
readings of a random search, drawn by the same widgets as the GUI's search views.

- ``lr_wd_scatter.png``: learning rate x weight decay on log axes, each trial coloured by its
  validation accuracy (where is the good region?); pruned and diverged trials as grey crosses.
- ``top20_curves.png``: the best 20 trials' train (dashed) and validation accuracy per epoch
  as small multiples, best first (the book's figure 6-24).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from lab.engine.search.results import TrialCurves


def _positive(value) -> bool:
    return isinstance(value, int | float) and value > 0 and math.isfinite(value)


def write_search_plots(rows: list[dict], curves: list[TrialCurves],
                       folder: str | Path) -> list[Path]:  # fmt: skip
    """lr_wd_scatter.png (when the search varied lr and weight decay) and top20_curves.png."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from lab.ui.common.application import make_application
    from lab.ui.common.style import apply_plot_style
    from lab.ui.export.images import export_png
    from lab.ui.search.views.scatter import TrialScatter
    from lab.ui.search.views.small_multiples import CurvesGrid

    app = make_application()
    apply_plot_style()
    written = []
    keys = tuple(k for k in ("lr", "weight_decay", "optimizer", "batch_size")
                 if any(k in c.params for c in curves))  # fmt: skip
    widgets = []
    if any(_positive(r.get("lr")) and _positive(r.get("weight_decay")) for r in rows):
        scatter = TrialScatter("lr", "weight_decay")
        scatter.resize(760, 560)
        scatter.show_rows(rows)
        widgets.append(("lr_wd_scatter", scatter))
    if curves:
        multiples = CurvesGrid()
        multiples.resize(1200, 200 * math.ceil(len(curves) / multiples.columns) + 20)
        multiples.show_curves(curves, keys)
        widgets.append(("top20_curves", multiples))
    for name, widget in widgets:
        widget.show()  # offscreen: lays the scene out at the widget's size before painting
        app.processEvents()
        written.append(export_png(widget, Path(folder) / f"{name}.png"))
        widget.close()
        widget.deleteLater()
    app.processEvents()
    return written
