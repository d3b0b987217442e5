"""File > Save session… / Open session…: every lab's settings in one TOML file.

A section per lab holds what the lab's ``save_state`` returns (the same dicts QSettings keeps),
plus the preset shown, less what belongs to one machine: results and their run folders, and
the dataset folder (a student opens the teacher's runs on the data they have). Opening checks
every section of the file first (lab.app.session with the schemas below: the keys each
section may hold, its bounded counts, and validators that build each lab's configuration
without applying it); only a file with no problem at all is applied, through the labs'
``restore_state``. Reading and checking run in a worker: a file may hold hundreds of runs or a
typed function, which is compiled there (with its budget) and not on the GUI thread.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QFileDialog

from lab import __version__
from lab.app.session import (
    MAX_BYTES,
    Section,
    SessionError,
    format_session,
    parse_session,
)
from lab.engine.core.fields import ConfigError, declarations
from lab.engine.core.specs import check_known, parse_spec
from lab.engine.init.presets import INIT_PRESETS
from lab.engine.optimize.functions import BUILTIN_FUNCTIONS, typed_surface
from lab.engine.optimize.presets import OPTIMIZER_PRESETS
from lab.engine.optimize.trajectories import MAX_OPTIMIZERS, TrajectoryConfig
from lab.engine.search.space import PARAM_NAMES
from lab.engine.train.experiments import MAX_RUNS, runs_from_entries
from lab.engine.train.presets import TRAIN_PRESETS
from lab.io.files import ExportError, atomic_write_text, read_limited
from lab.ui.common.i18n import N_, tr
from lab.ui.concurrency.worker import Worker
from lab.ui.init.panel import InitLab
from lab.ui.init.state import state_from_plain as read_init_state
from lab.ui.optimize.panel import OptimizerLab
from lab.ui.optimize.state import state_from_plain as read_optimizer_state
from lab.ui.search.panel import SearchLab
from lab.ui.search.session_io import SECTION_KEYS as SEARCH_KEYS
from lab.ui.search.session_io import check_section as check_search
from lab.ui.train.panel import TrainLab

FILTER = N_("Descent Lab session (*.toml)")
ERRORS = (KeyError, TypeError, ValueError, AttributeError, RecursionError)


# ---- validators: a section's problems, without touching any lab ---------------------------------
def _preset(section: dict, presets: dict) -> list[str]:
    key = section.get("preset")
    if key is None or key in presets:
        return []
    return [f"unknown preset {key!r} (known: {', '.join(presets)})"]


def _function(spec) -> None:
    """The surface worker's checks: a built-in's parameters, or a typed function compiled
    (with its budget, in the compiler process; kept, so the lab gets it at once)."""
    if not isinstance(spec, str):
        raise TypeError("function must be text")
    if spec.partition(":")[0].strip() in BUILTIN_FUNCTIONS:
        name, params = parse_spec(spec, ValueError)
        check_known(f"function '{name}'", params, BUILTIN_FUNCTIONS[name].params, ValueError)
    else:
        typed_surface(spec)


def _without_preset(section: dict) -> dict:
    """A section as the lab's saved settings (the preset shown is the session's)."""
    return {k: v for k, v in section.items() if k != "preset"}


def _state_problems(read, section: dict) -> list[str]:
    """The problems the lab's own reader of saved settings finds (the same declarations, the
    same messages as its saved settings and the CLI)."""
    try:
        read(_without_preset(section))
    except ConfigError as err:
        return err.problems
    return []


def check_optimizer(section: dict) -> list[str]:
    problems = _preset(section, OPTIMIZER_PRESETS)
    try:
        if isinstance(section.get("function"), str):  # else the declaration says what it is
            _function(section["function"])
    except ERRORS as err:
        problems.append(f"function: {_text(err)}")
    return problems + _state_problems(read_optimizer_state, section)


def check_init(section: dict) -> list[str]:
    return _preset(section, INIT_PRESETS) + _state_problems(read_init_state, section)


def check_train(section: dict) -> list[str]:
    problems = _preset(section, TRAIN_PRESETS)
    try:
        if not runs_from_entries(section["runs"], "runs"):
            problems.append("no runs")
    except ERRORS as err:
        problems.append(_text(err))
    colors = section.get("colors", [])
    if not isinstance(colors, list) or not all(
            isinstance(c, str) and QColor.isValidColorName(c) for c in colors):
        problems.append("colors must be a list of colour names such as \"#1f77b4\"")
    return problems


# what each section may hold (any other key is refused by name) and how many items per list
VALIDATORS = {
    "optimizer": Section(check_optimizer, ("preset", *declarations(TrajectoryConfig), "clip",
                                           "two_by_two", "tolerance"),
                         {"optimizers": MAX_OPTIMIZERS}),
    "init": Section(check_init, ("preset", "a", "b", "kind")),
    "train": Section(check_train, ("preset", "runs", "colors"),
                     {"runs": MAX_RUNS, "colors": MAX_RUNS}),
    "search": Section(check_search, SEARCH_KEYS, {"space": len(PARAM_NAMES)}),
}


def _text(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


# ---- the window's side ------------------------------------------------------------------------
def session_sections(window) -> dict[str, dict]:
    """What a session file holds for each of the window's labs."""
    optimizer_lab, init_lab = _lab(window, OptimizerLab), _lab(window, InitLab)
    optimizer = {"preset": optimizer_lab.presets.combo.currentData(),
                 **optimizer_lab.save_state()}
    init = {"preset": init_lab.presets.combo.currentData(), **init_lab.save_state()}
    state = _lab(window, TrainLab).save_state()
    runs = [{**run, "data": {k: v for k, v in run.get("data", {}).items() if k != "folder"}}
            for run in state["runs"]]  # the dataset folder is the user's own
    train = {"preset": state.get("preset"), "runs": runs, "colors": state.get("colors", [])}
    return {"optimizer": optimizer, "init": init, "train": train,
            "search": _lab(window, SearchLab).session_section()}


def _show_preset(lab, section: dict) -> None:
    if lab.presets.combo.findData(section.get("preset")) >= 0:
        lab.presets.show_preset(section["preset"])


def _lab(window, cls):
    return next(lab for lab in window.labs if isinstance(lab, cls))


def apply_sections(window, sections: dict[str, dict]) -> None:
    """Apply checked sections (see :func:`parse_session`) to the labs."""
    optimizer, init, train = (_lab(window, cls) for cls in (OptimizerLab, InitLab, TrainLab))
    if "optimizer" in sections:
        optimizer.restore_state(_without_preset(sections["optimizer"]))
        _show_preset(optimizer, sections["optimizer"])
    if "init" in sections:
        init.restore_state({"b": None, **_without_preset(sections["init"])})
        _show_preset(init, sections["init"])
    if "train" in sections:
        section = sections["train"]
        train.replace_runs({**section, "data_folder": train.data_folder, "folders": []})
    if "search" in sections:
        _lab(window, SearchLab).restore_session(sections["search"])


def read_session(path: str) -> tuple[dict | None, str]:
    """The worker's job: (the checked sections, "") or (None, the one message)."""
    name = Path(path).name
    try:
        data = read_limited(path, MAX_BYTES, regular_only=True)  # a FIFO would block
        return parse_session(data, VALIDATORS, name), ""
    except OSError as err:
        return None, tr("{name}: cannot be read ({error})").format(name=name,
                                                                   error=err.strerror or err)
    except SessionError as err:
        return None, str(err)


def _read_and_check(path: str) -> tuple[str, dict | None, str]:
    return (path, *read_session(path))


class Sessions(QObject):
    """The File menu's session actions for ``window`` (a MainWindow)."""

    opened = Signal(bool)  # after open(): the file was applied (True) or refused (False)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.folder = ""
        self.save_action = QAction(tr("&Save session…"), window, shortcut=QKeySequence("Ctrl+S"))
        self.save_action.setToolTip(tr("Every lab's settings in one TOML file to hand to others"))
        self.save_action.triggered.connect(self.ask_save)
        self.open_action = QAction(tr("&Open session…"), window, shortcut=QKeySequence("Ctrl+O"))
        self.open_action.triggered.connect(self.ask_open)
        self.worker = Worker("session", self)  # done/failed: only the latest open's
        self.worker.done.connect(self._checked)
        self.worker.failed.connect(lambda message: self._checked((self._opening, None, message)))
        self._opening = ""  # the file being read

    def ask_save(self) -> None:
        start = str(Path(self.folder or Path.home()) / "descent-lab-session.toml")
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Save session"), start, tr(FILTER))
        if path:
            self.save(path if path.endswith(".toml") else path + ".toml")

    def ask_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, tr("Open session"), self.folder,
                                              tr(FILTER))
        if path:
            self.open(path)

    def save(self, path: str) -> bool:
        """Write every lab's settings to ``path`` (atomically); a failure is one message."""
        try:
            text = format_session(session_sections(self.window), __version__)
            written = atomic_write_text(path, text)
        except (ExportError, ValueError, TypeError) as err:
            self.window._show_error(tr("Session not saved"), _text(err))
            return False
        self.folder = str(Path(path).parent)
        self.window.statusBar().showMessage(tr("Session saved to {path}").format(path=written),
                                            8000)
        return True

    def open(self, path: str) -> None:
        """Read and check the whole file in the worker, then apply it (``opened`` answers);
        any problem: one message, nothing changed."""
        self._opening = path
        self.worker.submit(partial(_read_and_check, path))
        self.window.statusBar().showMessage(
            tr("Opening session {name}…").format(name=Path(path).name))

    def _checked(self, result: tuple[str, dict | None, str]) -> None:
        path, sections, message = result
        if sections is None:
            self.window.statusBar().clearMessage()
            self.window._show_error(tr("Session not opened"), message)
            self.opened.emit(False)
            return
        self.folder = str(Path(path).parent)
        apply_sections(self.window, sections)
        self.window.statusBar().showMessage(
            tr("Session {name} opened ({sections})").format(name=Path(path).name,
                                                            sections=", ".join(sections)), 8000)
        self.opened.emit(True)
