"""Help: a short guide per lab (what to try, what to notice, where the course covers it) and the
list of keyboard shortcuts, both reachable from the Help menu (F1 opens the current lab's guide).

Why here and not in the panels: the guides are prose for students and teachers, kept together so
they read as one text and can be translated as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from lab.ui.common.i18n import N_, tr


@dataclass(frozen=True)
class Guide:
    title: str
    try_this: tuple[str, ...]
    notice: tuple[str, ...]
    course: str  # where the course material (shared notes, Deep Learning from Scratch ch. 6) is


GUIDES: dict[str, Guide] = {
    "Optimizer lab": Guide(
        N_("Optimizer lab"),
        try_this=(
            N_("Open the preset <i>Deep Learning from Scratch, Fig. 6-8</i>: SGD, Momentum, "
            "AdaGrad and Adam from (−7, 2) on f = x²/20 + y², 30 updates each, as in the book."),
            N_("Drag an optimizer's learning-rate slider and watch its path change as you drag."),
            N_("Click or drag on the map to move the start point."),
            N_("Pick a schedule (step, cosine, warm-up) and compare the paths with a constant "
               "rate."),
            N_("Run a learning-rate sweep and click a point of it to use that rate."),
        ),
        notice=(
            N_("SGD zig-zags along y: the function is twenty times steeper in y than in x, and one "
            "learning rate must serve both directions."),
            N_("Momentum overshoots and swings back like a ball rolling in a bowl."),
            N_("AdaGrad and Adam scale each coordinate separately, so their steps in x and y "
            "shrink at different rates."),
            N_("Above some learning rate a method diverges; the sweep shows where."),
        ),
        course=N_("Parameter updates: SGD and its weakness, Momentum, AdaGrad, Adam, which to use "
        "(notes 001, §1.1; notes 000, “优化算法 / 学习率调整”)."),
    ),
    "Initialization lab": Guide(
        N_("Initialization lab"),
        try_this=(
            N_("Step through the book's presets: weights with std 1, then 0.01, then “Xavier” "
            "(√(1/n)) with sigmoid; then ReLU with std 0.01, Xavier and He (√(2/n))."),
            N_("Pin a setup as B and change the initializer to compare the two side by side."),
            N_("Deepen the network to 50 layers and watch the spread per layer."),
        ),
        notice=(
            N_("With std 1 sigmoid activations pile up at 0 and 1: the gradient vanishes there."),
            N_("With std 0.01 they all sit near 0.5: every unit says the same thing."),
            N_("Xavier keeps sigmoid and tanh activations spread over all layers; He does the same "
            "for ReLU, whose output is zero half the time."),
        ),
        course=N_("Initial weights: can they all be zero, activation distributions in hidden "
        "layers, weights for ReLU (notes 001, §1.2)."),
    ),
    "Training lab": Guide(
        N_("Training lab"),
        try_this=(
            N_("Open <i>Book: optimizers on MNIST</i> and press Start all: four optimizers train "
            "side by side on the same network."),
            N_("Open the batch-norm presets: the same network with and without batch norm, across "
            "16 weight scales."),
            N_("Open the weight-decay and dropout presets: 300 training images, a large network, "
            "and the gap between training and test accuracy."),
            N_("Change a run's learning rate while it trains."),
            N_("Select a finished run to see its test accuracy, confusion matrix and mistakes; "
            "export its weights."),
        ),
        notice=(
            N_("Adam and AdaGrad reach a low loss sooner than SGD with the book's rates."),
            N_("Batch norm trains well over a much wider range of initial weight scales."),
            N_("Without regularisation training accuracy reaches 100 % while test accuracy stays "
            "far below it: overfitting. Weight decay and dropout narrow the gap."),
        ),
        course=N_("Comparing update methods and initial weights on MNIST (notes 001, §1.1.7 and "
        "§1.2.4), Batch Normalization (§1.3), regularisation: weight decay, dropout (§1.4)."),
    ),
    "Search lab": Guide(
        N_("Search lab"),
        try_this=(
            N_("Choose <i>Book: random search of lr and weight decay</i> and press Start: 100 "
            "trials with lr = 10^U(−6, −2) and weight decay = 10^U(−8, −4), trained together "
            "in batches."),
            N_("Watch the lr × weight-decay scatter fill in while it runs; click a trial to see "
            "its curves, then <i>Train this configuration</i> to train it in the training lab."),
            N_("Change the sampler to TPE and add median pruning: weak trials stop early."),
            N_("Close the app mid-search, open it again, pick the study and press Start: it "
            "resumes where it stopped."),
        ),
        notice=(
            N_("Only a band of learning rates trains at all in 50 epochs; weight decay matters far "
            "less in this range (the importance bars say so too)."),
            N_("The best 20 trials' curves: validation accuracy follows training accuracy until "
            "the 400 training images are learnt by heart."),
        ),
        course=N_("Validation data, hyperparameter optimisation (notes 001, §1.5; Deep Learning "
        "from Scratch, ch. 6.5)."),
    ),
}

# Fixed shortcuts; the labs' own (Ctrl+1 for the first lab, …) come from lab_shortcuts. Keys are
# written as QKeySequence reads them: tests check that each one is bound to an action.
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("F1", N_("Guide to the current lab")),
    ("Ctrl+E", N_("Export the current lab's plots and data (the Export menu)")),
    ("Ctrl+C", N_("Copy the current lab's first figure as an image")),
    ("Ctrl+S", N_("Save session: every lab's settings in one file")),
    ("Ctrl+O", N_("Open session")),
    ("F11", N_("Presentation mode: full screen, larger text, thicker lines (F11 again leaves)")),
    ("Space", N_("Play or pause the optimizer lab's playback (not while typing in a field)")),
    ("Ctrl+Q", N_("Quit")),
)
MAX_LAB_KEYS = 9  # Ctrl+1 … Ctrl+9


def lab_shortcuts(titles: list[str]) -> tuple[tuple[str, str], ...]:
    """``Ctrl+1`` for the first lab, and so on."""
    return tuple((f"Ctrl+{k}", tr("Switch to the {lab}").format(lab=tr(title)[0].lower()
                                                               + tr(title)[1:]))
                 for k, title in enumerate(titles[:MAX_LAB_KEYS], start=1))


def guide_html(guide: Guide) -> str:
    def items(lines: tuple[str, ...]) -> str:
        return "".join(f"<li>{tr(line)}</li>" for line in lines)

    return (f"<h2>{tr(guide.title)}</h2><h3>{tr('Try this')}</h3><ul>{items(guide.try_this)}"
            f"</ul><h3>{tr('What to notice')}</h3><ul>{items(guide.notice)}</ul>"
            f"<h3>{tr('In the course')}</h3><p>{tr(guide.course)}</p>")


def no_guide_html(title: str) -> str:
    return (f"<h2>{tr(title)}</h2><p>{tr('This lab has no guide yet; see the README.')}"
            "</p>")


def shortcuts_html(titles: list[str]) -> str:
    rows = "".join(f"<tr><td><b>{keys}</b></td><td>{tr(action)}</td></tr>"
                   for keys, action in (SHORTCUTS[:1] + lab_shortcuts(titles) + SHORTCUTS[1:]))
    return f"<h2>{tr('Keyboard shortcuts')}</h2><table cellspacing='8'>{rows}</table>"


class HelpDialog(QDialog):
    """A read-only text window; one instance per kind, reused."""

    def __init__(self, title: str, html: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def show_html(self, title: str, html: str) -> None:
        self.setWindowTitle(title)
        self.text.setHtml(html)
        self.show()
        self.raise_()


TEXT_FIELDS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


class HelpActions:
    """The Help menu (guide, shortcuts) and the window-wide keys: Ctrl+1… labs, Ctrl+E export,
    Space play/pause. ``window`` is the MainWindow (labs, tabs, export_menu, current_lab)."""

    def __init__(self, window, help_menu: QMenu):
        self.window = window
        self.dialog: HelpDialog | None = None
        self.guide_action = QAction(tr("&Guide to this lab"), window,
                                    shortcut=QKeySequence("F1"))
        self.guide_action.triggered.connect(self.show_guide)
        self.shortcuts_action = QAction(tr("&Keyboard shortcuts"), window)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.insertActions(help_menu.actions()[0] if help_menu.actions() else None,
                                [self.guide_action, self.shortcuts_action])
        self.lab_actions = []
        for k, lab in enumerate(window.labs[:MAX_LAB_KEYS], start=1):
            action = QAction(tr(lab.title), window, shortcut=QKeySequence(f"Ctrl+{k}"))
            action.triggered.connect(partial(window.show_lab, lab))
            self.lab_actions.append(action)
        self.export_action = QAction(tr("Export…"), window, shortcut=QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.show_export_menu)
        self.play_action = QAction(tr("Play / pause"), window, shortcut=QKeySequence("Space"))
        self.play_action.triggered.connect(self.toggle_playback)
        window.addActions([*self.lab_actions, self.export_action, self.play_action])
        window.tabs.currentChanged.connect(self._lab_changed)
        self._lab_changed()

    def _lab_changed(self, *_args) -> None:
        # disabled, Space reaches the focused widget (a button, a check box) in the other labs
        self.play_action.setEnabled(hasattr(self.window.current_lab(), "playback"))

    def show_guide(self) -> None:
        title = self.window.current_lab().title
        guide = GUIDES.get(title)
        self._show(tr("Guide: {lab}").format(lab=tr(title)),
                   guide_html(guide) if guide else no_guide_html(title))

    def show_shortcuts(self) -> None:
        self._show(tr("Keyboard shortcuts"),
                   shortcuts_html([lab.title for lab in self.window.labs]))

    def _show(self, title: str, html: str) -> None:
        if self.dialog is None:
            self.dialog = HelpDialog(title, html, self.window)
        self.dialog.show_html(title, html)

    def show_export_menu(self) -> None:
        """The Export menu of the current lab, beneath the File menu."""
        menu = self.window.export_menu
        bar = self.window.menuBar()
        file_action = bar.actions()[0]
        menu.popup(bar.mapToGlobal(bar.actionGeometry(file_action).bottomLeft()))

    def toggle_playback(self) -> None:
        lab = self.window.current_lab()
        if isinstance(QApplication.focusWidget(), TEXT_FIELDS) or not hasattr(lab, "playback"):
            return  # a text field takes its spaces (it claims them first; this is a guard)
        lab.playback.play.toggle()
