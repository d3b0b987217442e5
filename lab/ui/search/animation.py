"""The search lab's animation (File > Export animation…): its trials filling in, one view at a
time — the scatter's points appearing, the best-20 panels changing, the history climbing.

Frame k of n shows the study as it stood when its first ``round(k * N / (n - 1))`` finished
trials were in (N: complete, pruned and diverged trials, in the order they finished), drawn by
the view itself from a snapshot cut to those trials, so the last frame is the still export.
View ranges are held at the final picture's so the axes do not jump, and the view is put back
afterwards.
"""

from __future__ import annotations

from dataclasses import replace

import pyqtgraph as pg

from lab.io.files import ExportError
from lab.ui.export.animation import AnimationSource

FINISHED = ("complete", "pruned", "diverged")


def finish_order(rows) -> list[int]:
    """Finished trials' numbers by trial number: the order they were asked in, and so, batch
    by batch, the order they finished (a retried trial counts where it was first asked)."""
    finished = [r for r in rows if r["state"] in FINISHED]
    return [r["number"] for r in sorted(finished, key=lambda r: (r.get("retry_of")
                                                                 or r["number"], r["number"]))]


def cut_snapshot(snapshot, numbers: set[int]):
    """``snapshot`` with only trials ``numbers`` finished; trials not yet finished at that
    moment are left out (the views draw finished trials). Importance is left out too: it was
    computed from all the trials."""
    rows = tuple(r for r in snapshot.rows if r["number"] in numbers)
    return replace(snapshot, rows=rows,
                   curves={n: c for n, c in snapshot.curves.items() if n in numbers},
                   best_so_far=tuple(p for p in snapshot.best_so_far if p[0] in numbers),
                   importance=None)


class TrialsFilling(AnimationSource):
    """One search view, its trials appearing in the order they finished."""

    def __init__(self, label: str, view, controller):
        self.label, self.view, self.controller = label, view, controller
        self.widget = view.export_widget()
        rows = controller.snapshot.rows if controller.snapshot is not None else ()
        self.order = finish_order(rows)
        self.max_frames = max(2, len(self.order) + 1)  # more would repeat a picture
        self.default_frames = max(2, min(len(self.order) + 1, 60))
        self._boxes: list = []

    def begin(self) -> None:
        if self.controller.is_running():
            raise ExportError("the search is running: animate its trials once it has finished, "
                              "been paused or stopped")
        if self.controller.snapshot is None or not self.order:
            raise ExportError("there are no finished trials to animate yet: run a search or "
                              "open a study first")
        self.snapshot = self.controller.snapshot
        self.view.show_trials(self.snapshot)  # the final picture fixes the ranges held
        self._boxes = [(box, box.viewRange(), list(box.state["autoRange"]))
                       for box in view_boxes(self.widget)]  # fmt: skip
        for box, _range, _auto in self._boxes:
            box.disableAutoRange()

    def show_frame(self, k: int, n: int) -> None:
        count = round(k * len(self.order) / max(n - 1, 1))
        self.view.show_trials(cut_snapshot(self.snapshot, set(self.order[:count]))
                              if count < len(self.order) else self.snapshot)  # fmt: skip
        for box, ((x0, x1), (y0, y1)), _auto in self._boxes:
            if box.scene() is not None:  # a panel the view rebuilt is drawn at its own range
                box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def end(self) -> None:
        for box, ((x0, x1), (y0, y1)), auto in self._boxes:
            if box.scene() is not None:
                box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
                box.enableAutoRange(x=auto[0], y=auto[1])
        self._boxes = []
        if self.controller.snapshot is not None:
            self.view.show_trials(self.controller.snapshot)


def view_boxes(widget) -> list[pg.ViewBox]:
    """The plots' view boxes in a view's widget (a GraphicsLayoutWidget or a PlotWidget)."""
    scene = widget.scene() if hasattr(widget, "scene") else None
    if scene is None:
        return []
    return [item for item in scene.items() if isinstance(item, pg.ViewBox)]


ANIMATED_VIEWS = ("Scatter", "Best 20 curves", "Parallel coordinates", "History")


def search_sources(views, controller) -> list[TrialsFilling]:
    """The search lab's animations: each of ``views`` ([(title, view)]) whose picture grows
    with the trials of the ``controller``'s study."""
    return [TrialsFilling(title, view, controller) for title, view in views
            if title in ANIMATED_VIEWS]
