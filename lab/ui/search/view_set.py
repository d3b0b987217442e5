"""Which views the search lab shows in its tab widget, in order, and the tab widget itself.
Every view follows one contract (lab/ui/search/views/common.py TrialView): ``trial_clicked``,
``show_trials``, ``select_trial``, ``export_widget``."""

from __future__ import annotations

import importlib

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QTabWidget, QWidget

from lab.ui.common.i18n import N_, tr

# (module under lab.ui.search.views, class, tab title); a view whose module is not there yet
# is left out (the views are built alongside the panel)
VIEWS = (("scatter", "ScatterView", N_("Scatter")),
         ("small_multiples", "SmallMultiplesView", N_("Best 20 curves")),
         ("parallel", "ParallelView", N_("Parallel coordinates")),
         ("history", "HistoryView", N_("History")),
         ("importance", "ImportanceView", N_("Importance")))  # fmt: skip


def view_title(title: str) -> str:
    return tr(title)


def make_views() -> list[tuple[str, QWidget]]:
    """[(title, view)] of the views that exist; the title in English (export labels, which
    the window translates; the tabs show :func:`view_title`)."""
    views = []
    for module, cls, title in VIEWS:
        name = f"lab.ui.search.views.{module}"
        try:
            found = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
            continue
        views.append((title, getattr(found, cls)()))
    return views


class ViewTabs(QTabWidget):
    """The views, one tab each: every view draws the same trials and marks the same one;
    ``trial_clicked(number)`` when the user picks a trial in any of them. Beside the tabs, the
    colour scale's option: the whole 0-1 accuracy scale, or fitted to the trials."""

    trial_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.views = make_views()  # [(title, view)]
        for title, view in self.views:
            self.addTab(view, view_title(title))
            view.trial_clicked.connect(self.trial_clicked)
        self.fit_colours = QCheckBox(tr("Fit colours to the trials"))
        self.fit_colours.setToolTip(tr("colour the trials over their own range of validation "
                                       "accuracy, to tell close ones apart; off: the whole "
                                       "0–1 scale, the same colour for the same accuracy in "
                                       "every study"))
        self.fit_colours.toggled.connect(self.set_colour_fit)
        self.setCornerWidget(self.fit_colours)

    def set_colour_fit(self, fit: bool) -> None:
        for _title, view in self.views:
            view.set_colour_fit(fit)

    def view(self, title: str) -> QWidget:
        """The view whose (English) tab title is ``title``."""
        return dict(self.views)[title]

    def show_trials(self, snapshot) -> None:
        for _title, view in self.views:
            view.show_trials(snapshot)

    def select_trial(self, number: int | None) -> None:
        for _title, view in self.views:
            view.select_trial(number)
