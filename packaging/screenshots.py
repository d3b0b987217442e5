"""Regenerate the README's screenshots of the four labs from the real window, at 1366×768 (the
small laptop screen every lab must fit), in one theme and language per run:

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 .venv/bin/python packaging/screenshots.py                    # light, English
    DISPLAY=:99 .venv/bin/python packaging/screenshots.py --theme dark       # *-dark.png
    DISPLAY=:99 .venv/bin/python packaging/screenshots.py --language zh_CN   # *-zh.png
    DISPLAY=:99 .venv/bin/python packaging/screenshots.py --landscape        # the two below
    DISPLAY=:99 .venv/bin/python packaging/screenshots.py --optimizer        # the three below

Each lab is shown as a new user meets it, doing what its README section describes: the book's
Fig. 6-8 in the 2×2 view, the book's sigmoid with std 1, the four book runs training, and the
book's random search mid-way. ``--landscape`` shoots only the training lab's Landscape tab: the
four optimizers on one shared PCA plane and the edge-of-stability preset's Stability page (both
train their preset to the end first: a few minutes on a laptop). ``--optimizer`` shoots the
optimizer lab's inner views: the State tab on Adam mid-way through Fig. 6-8, and the Muon and
Schedule-Free presets with their state shown (docs/labs.md). Settings, run folders and
studies live in a temporary folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer

OUT = Path(__file__).resolve().parent.parent / "resources" / "screenshots"
PAUSE_MS = 1500
SIZE = (1366, 768)
TRAIN_FOR_S = 25  # the training curves well under way
SEARCH_SHOWN_AT = 60  # trials done of the book's 100: mid-search


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--language", choices=("en", "zh_CN"), default="en")
    parser.add_argument("--landscape", action="store_true",
                        help="only the training lab's Landscape tab (two shots)")
    parser.add_argument("--optimizer", action="store_true",
                        help="only the optimizer lab's State tab and today's optimizers' presets")
    args = parser.parse_args(argv)
    suffix = ("-dark" if args.theme == "dark" else "") + ("-zh" if args.language != "en" else "")
    with tempfile.TemporaryDirectory(prefix="descent-lab-shots-") as scratch:
        only = "landscape" if args.landscape else "optimizer" if args.optimizer else None
        return _shoot(args.theme, args.language, suffix, Path(scratch), only)


def _shoot(theme: str, language: str, suffix: str, scratch: Path,
           only: str | None = None) -> int:
    from lab.ui.common.application import make_application
    from lab.ui.common.i18n import install_translators

    app = make_application()
    translators = install_translators(app, language)  # noqa: F841 (kept alive)
    from lab.ui.shell.main_window import MainWindow

    OUT.mkdir(parents=True, exist_ok=True)
    window = MainWindow(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat))
    window.theme.set_choice(theme)
    window.resize(*SIZE)
    window.show()
    opt, init, train, search = window.labs
    started: list[float] = []

    def save(name: str):
        return lambda: window.grab().save(str(OUT / f"{name}{suffix}.png"))

    def searched() -> bool:
        progress = search.controller.progress
        done = progress.done if progress is not None else 0
        return done >= SEARCH_SHOWN_AT or not search.controller.is_running()

    # each step acts (returns None) or is a condition (returns bool) polled until it holds
    if only == "landscape":
        steps = _landscape(window, train, save)
    elif only == "optimizer":
        steps = _optimizer_state(opt, save)
    else:
        steps = [
            lambda: opt.apply_preset("book-fig-6-8"),
            lambda: _idle(opt),
            save("optimizer-lab"),
            lambda: (window.show_lab(init), init.apply_preset("book-sigmoid-std1")) and None,
            lambda: _idle(init),
            save("init-lab"),
            lambda: (window.show_lab(train), train.controller.start_all(),
                     started.append(time.monotonic())) and None,
            lambda: time.monotonic() - started[0] > TRAIN_FOR_S,
            save("train-lab"),
            *(_batchnorm_grid(train, save, started) if not suffix else []),
            lambda: (train.controller.stop_all(), window.show_lab(search), search.load_default(),
                     search.controller.start()) and None,
            searched,
            lambda: search.controller.select_trial(_best_trial(search.controller)),
            save("search-lab"),
            lambda: search.controller.stop(),
        ]

    def advance() -> None:
        if not steps:
            window.close()
            app.quit()
            return
        outcome = steps[0]()
        if outcome is not False:  # a condition that holds, or an action
            steps.pop(0)
        QTimer.singleShot(PAUSE_MS, advance)

    QTimer.singleShot(PAUSE_MS, advance)
    app.exec()
    return 0


def _batchnorm_grid(train, save, started: list[float]) -> list:
    """Steps for the README's 32-run shot (light, English only): the book's batch-norm grid,
    trained for a while so diverged runs show in red."""
    return [
        lambda: (train.controller.stop_all(), train.controller.apply_preset("book-batchnorm-grid"),
                 train.controller.start_all(), started.append(time.monotonic())) and None,
        lambda: time.monotonic() - started[-1] > TRAIN_FOR_S,
        save("train-lab-32-runs"),
    ]


def _optimizer_state(opt, save) -> list:
    """Steps for the optimizer lab's inner views: the State tab on Adam at step 10 of Fig. 6-8,
    then the Muon and Schedule-Free presets with the State tab on their optimizer."""

    def state_of(label: str, step: int) -> None:
        opt.tabs.setCurrentWidget(opt.state_view)
        view = opt.state_view.optimizer
        view.setCurrentIndex(max(view.findText(label, Qt.MatchFlag.MatchContains), 0))
        opt.playback.scrubber.setValue(step)

    return [
        lambda: opt.apply_preset("book-fig-6-8"),
        lambda: _idle(opt),
        lambda: state_of("adam", 10),
        save("optimizer-state-adam"),
        lambda: opt.apply_preset("muon-normalised-steps"),
        lambda: _idle(opt),
        lambda: state_of("muon", 10),
        save("optimizer-muon"),
        lambda: opt.apply_preset("schedule-free-noise"),
        lambda: _idle(opt),
        lambda: state_of("schedule", 40),
        save("optimizer-schedule-free"),
    ]


def _landscape(window, train, save) -> list:
    """Steps for the Landscape tab's two shots: the landscape preset trained, its four runs on
    one shared 25×25 PCA plane; then the edge-of-stability preset trained, its Stability page
    with one point measured on demand at the end of the larger learning rate's run."""
    tab, c = train.landscape, train.controller
    measured: list[bool] = []

    def ended() -> bool:
        return all(e.status.ended for e in c.runs)

    def computed() -> None:
        train.tabs.setCurrentWidget(tab)
        tab.pages.setCurrentIndex(0)
        tab.settings.tick(c.runs.names())
        tab.compute()

    return [
        lambda: (window.show_lab(train), c.apply_preset("landscape-optimizers"),
                 c.start_all()) and None,
        ended,
        computed,
        lambda: _idle(train) and tab.result is not None,
        lambda: tab.slider.setValue(tab.slider.maximum() // 2),
        save("train-lab-landscape"),
        lambda: (c.apply_preset("edge-of-stability"), c.start_all()) and None,
        ended,
        lambda: (c.redraw(), tab.pages.setCurrentWidget(tab.stability_page),
                 tab.sharpness_now.measured.connect(lambda *_: measured.append(True)),
                 tab.sharpness_now.request("gd-0.25")) and None,  # one point on demand
        lambda: bool(measured) and _idle(train),
        save("train-lab-edge-of-stability"),
    ]


def _idle(lab) -> bool:
    """The lab's workers have nothing under way: its result is on screen."""
    from lab.ui.concurrency.worker import Worker

    return not any(w.is_busy() for w in lab.findChildren(Worker))


def _best_trial(controller) -> int | None:
    """The best trial so far, selected so the shot shows its curves beside the table."""
    snapshot = controller.snapshot
    rows = [r for r in getattr(snapshot, "rows", ()) if r.get("val_acc") is not None]
    return max(rows, key=lambda r: r["val_acc"])["number"] if rows else None


if __name__ == "__main__":
    sys.exit(main())
