"""The search lab's left-hand controls beside the space editor: budget and method, the study
(name, storage, earlier studies), and the run buttons with the live progress.

Widgets only, views of the lab's settings and search (:mod:`lab.ui.search.settings`,
:mod:`lab.ui.search.controller`): each tells ``edited`` when a value changes, and shows what the
panel hands it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lab.engine.core import fields as F
from lab.engine.search.space import PRUNERS, SAMPLERS, SearchConfig
from lab.ui.common.i18n import tr


def sampler_title(key: str) -> str:
    return {"random": tr("random (the book)"), "tpe": tr("TPE"),
            "qmc": tr("quasi-random (Sobol)")}.get(key, key)


def pruner_title(key: str) -> str:
    return {"none": tr("none"), "median": tr("median"),
            "halving": tr("successive halving")}.get(key, key)


def combo(keys: tuple[str, ...], title) -> QComboBox:
    box = QComboBox()
    for key in keys:
        box.addItem(title(key), key)
    return box


class BudgetControls(QWidget):
    """Trials, epochs, sampler, pruner and seed; ``edited`` when one changes."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        decls = F.declarations(SearchConfig)  # the ranges the engine checks
        self.trials = QSpinBox()
        self.trials.setRange(int(decls["trials"].low), int(decls["trials"].high))
        self.trials.setToolTip(tr("the budget: finished trials (complete, pruned, diverged); "
                                  "raise it to extend a finished study"))
        self.epochs = QSpinBox()
        self.epochs.setRange(int(decls["epochs"].low), int(decls["epochs"].high))
        self.sampler = combo(SAMPLERS, sampler_title)
        self.pruner = combo(PRUNERS, pruner_title)
        self.seed = QSpinBox()
        self.seed.setRange(0, min(int(decls["seed"].high), 2**31 - 1))  # a QSpinBox is int32
        self.seed.setToolTip(tr("seed of the sampler and of the trials' weights"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Trials"), self.trials)
        form.addRow(tr("Epochs"), self.epochs)
        form.addRow(tr("Sampler"), self.sampler)
        form.addRow(tr("Pruner"), self.pruner)
        form.addRow(tr("Seed"), self.seed)
        for box in (self.trials, self.epochs, self.seed):
            box.valueChanged.connect(self.edited)
        for box in (self.sampler, self.pruner):
            box.currentIndexChanged.connect(self.edited)

    def load(self, config) -> None:
        self.trials.setValue(config.trials)
        self.epochs.setValue(config.epochs)
        self.sampler.setCurrentIndex(max(0, self.sampler.findData(config.sampler)))
        self.pruner.setCurrentIndex(max(0, self.pruner.findData(config.pruner)))
        self.seed.setValue(config.seed)

    def values(self) -> dict:
        return {"trials": self.trials.value(), "epochs": self.epochs.value(),
                "sampler": self.sampler.currentData(), "pruner": self.pruner.currentData(),
                "seed": self.seed.value()}

    def set_editable(self, editable: bool) -> None:
        for widget in (self.epochs, self.sampler, self.pruner, self.seed):
            widget.setEnabled(editable)


class StudyControls(QWidget):
    """Study name; storage (the default folder or a URL / file); earlier studies. ``edited``
    when the name or the storage changes."""

    DEFAULT, URL = 0, 1
    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setToolTip(tr("names the study; workers on other machines join it by name"))
        self.where = QComboBox()
        self.where.addItem(tr("Default folder"))
        self.where.addItem(tr("Database URL or file"))
        self.url = QLineEdit()
        self.url.setPlaceholderText("postgresql+psycopg://user@host/db")
        self.url.setToolTip(tr("a shared database: other machines join the study with\n"
                               "descent-lab search worker --storage URL --study NAME"))
        self.url.setEnabled(False)
        self.where.currentIndexChanged.connect(lambda i: self.url.setEnabled(i == self.URL))
        self.studies = QComboBox()
        self.studies.setToolTip(tr("studies in the default folder (or in the URL's storage)"))
        self.refresh = QPushButton(tr("Refresh"))
        self.open = QPushButton(tr("Open"))
        self.open.setToolTip(tr("show the study's trials and settings; Start resumes it"))
        self.export_file = QPushButton(tr("Export study file…"))
        self.export_file.setToolTip(tr("a copy of the study's journal file (optuna-dashboard "
                                       "reads it)"))
        pick = QHBoxLayout()
        pick.addWidget(self.studies, 1)
        pick.addWidget(self.refresh)
        pick.addWidget(self.open)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Storage"), self.where)
        form.addRow(self.url)
        form.addRow(tr("Studies"), pick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.export_file)
        self.name.textChanged.connect(self.edited)
        self.where.currentIndexChanged.connect(self.edited)
        self.url.textChanged.connect(self.edited)

    def storage(self) -> str | None:
        """None: the study's journal file in the default folder."""
        if self.where.currentIndex() == self.URL and self.url.text().strip():
            return self.url.text().strip()
        return None

    def set_storage(self, storage: str | None) -> None:
        self.where.setCurrentIndex(self.URL if storage else self.DEFAULT)
        self.url.setText(storage or "")

    def show_studies(self, found) -> None:
        """The studies found: (name, where) pairs, in the list to open one from."""
        self.studies.clear()
        for name, where in found:
            self.studies.addItem(name, str(where))

    def set_editable(self, editable: bool) -> None:
        for widget in (self.name, self.where, self.studies, self.refresh, self.open):
            widget.setEnabled(editable)
        self.url.setEnabled(editable and self.where.currentIndex() == self.URL)


class RunControls(QWidget):
    """Start / Pause / Stop, a progress bar and the counts."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.start = QPushButton(tr("Start"))
        self.start.setToolTip(tr("start the search, or resume the study"))
        self.pause = QPushButton(tr("Pause"))
        self.pause.setToolTip(tr("finish the trials in training, then wait (Start resumes)"))
        self.stop = QPushButton(tr("Stop"))
        self.stop.setToolTip(tr("stop now: trials in training are re-asked when the study "
                                "resumes; finished trials are kept"))
        self.bar = QProgressBar()
        self.bar.setFormat("%v / %m")
        self.counts = QLabel(tr("Not started."))
        self.counts.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.start, self.pause, self.stop):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.counts)
        self.set_running(False)

    def show_progress(self, done: int, budget: int) -> None:
        self.bar.setMaximum(budget)
        self.bar.setValue(min(done, budget))

    def set_running(self, running: bool) -> None:
        self.start.setEnabled(not running)
        self.pause.setEnabled(running)
        self.stop.setEnabled(running)
