"""Marking user-visible text for translation, and loading the translation the user chose.

One translation context ("DescentLab") for the whole app, so a string moved between modules
keeps its translation; ``disambiguation`` tells apart two meanings of the same English word.
Strings that come from the engine (preset titles and notes, update rules, hyperparameter help)
stay English there (the engine is Qt-free and the CLI prints English) and are passed through
``tr`` where the UI shows them.

The language is chosen in View > Language (kept in QSettings under ``language``: "system", "en"
or "zh_CN"); "system" follows ``QLocale.system()``. It takes effect at the next start (every
widget sets its text once, when it is built), so the menu offers to restart the app at once.
The compiled catalogues (``lab/translations/descent_lab_<lang>.qm``) are made from the ``.ts``
sources by ``make translations`` (packaging/translations.py) and ship in the wheel.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

CONTEXT = "DescentLab"
SETTINGS_KEY = "language"
# the languages the app offers, each named in its own language (a user who cannot read the
# current one still finds theirs); "system" is translated
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
CATALOGUE = "descent_lab"
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"


def tr(text: str, disambiguation: str | None = None) -> str:
    """``text`` in the interface language (itself where no translation is loaded)."""
    return QCoreApplication.translate(CONTEXT, text, disambiguation)


def tr_into(language: str, text: str) -> str:
    """``text`` in ``language`` whatever the interface speaks now: the restart offer after a
    language change must be read by someone who reads only the language just chosen. Itself
    for English or where the catalogue has no translation."""
    translator = _catalogue(language)
    translated = translator.translate(CONTEXT, text) if translator is not None else ""
    return translated or text


@functools.cache
def _catalogue(language: str) -> QTranslator | None:
    """The app's catalogue for ``language``, loaded but not installed (None: English, or none)."""
    if language == "en":
        return None
    translator = QTranslator()
    return translator if translator.load(f"{CATALOGUE}_{language}",
                                         str(TRANSLATIONS_DIR)) else None


def N_(text: str) -> str:
    """Mark ``text`` for extraction where it is defined (module-level data such as the help
    guides, built before a translation is loaded); the display point passes it through ``tr``."""
    return text


def resolve_language(choice: str, system_locale: str | None = None) -> str:
    """The language code to load for the setting ``choice``: "system" picks Chinese for a
    ``zh*`` system locale and English otherwise; an unknown value counts as "system"."""
    if choice in LANGUAGES:
        return choice
    name = system_locale if system_locale is not None else QLocale.system().name()
    return "zh_CN" if name.lower().startswith("zh") else "en"


# the app's catalogues installed now, with their language: what current_language reports
_catalogues: list[tuple[QTranslator, str]] = []


def current_language() -> str:
    """The language of the interface now: that of the app's last installed catalogue, else
    English. Text kept outside the catalogue (the lab guides, lab/guides/) is chosen by it."""
    return _catalogues[-1][1] if _catalogues else "en"


def catalogue_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"{CATALOGUE}_{language}.qm"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the app's catalogue for ``language`` (and Qt's own, for standard buttons such as
    OK and Cancel, where Qt ships one); English needs none. Returns the installed translators
    (keep them alive; :func:`remove_translators` takes them out again)."""
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"qtbase_{language}", qt_dir),
                         (f"{CATALOGUE}_{language}", str(TRANSLATIONS_DIR))):  # fmt: skip
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
            if name.startswith(CATALOGUE):
                _catalogues.append((translator, language))
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
    removed = {id(t) for t in translators}
    _catalogues[:] = [(t, code) for t, code in _catalogues if id(t) not in removed]


def install_language(app: QCoreApplication, settings: QSettings | None = None) -> str:
    """Install the translation the user chose (at start-up, before any widget is built);
    returns the language code in force."""
    settings = settings or QSettings()
    language = resolve_language(str(settings.value(SETTINGS_KEY, "system")))
    app._translators = install_translators(app, language)  # kept alive with the app
    return language


def restart_command() -> tuple[str, list[str]]:
    """The program and arguments that start this app again as it was started: the frozen
    bundle's executable, or the interpreter with its original arguments (``-m lab`` too)."""
    if getattr(sys, "frozen", False):
        return sys.executable, sys.argv[1:]
    return sys.executable, list(getattr(sys, "orig_argv", [sys.executable, *sys.argv])[1:])
