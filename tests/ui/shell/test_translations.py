"""The app in Chinese: with the zh_CN catalogue installed the menus, tabs, presets and labels
show the .ts translations; without it (English) they show the source text; View > Language
keeps the choice."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication

from lab.engine.optimize.presets import OPTIMIZER_PRESETS
from lab.ui.common.i18n import (
    SETTINGS_KEY,
    catalogue_path,
    install_translators,
    remove_translators,
    resolve_language,
    restart_command,
    tr,
)

TS = Path(__file__).resolve().parents[3] / "lab" / "translations" / "descent_lab_zh_CN.ts"


def chinese() -> dict[str, str]:
    return {m.findtext("source"): m.findtext("translation")
            for m in ET.parse(TS).getroot().iter("message")}  # fmt: skip


@pytest.fixture
def zh(qapp):
    translators = install_translators(qapp, "zh_CN")
    yield translators
    remove_translators(qapp, translators)


def menu_texts(window) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_the_catalogue_is_shipped_and_loads(zh):
    assert catalogue_path("zh_CN").exists()
    assert any(t.language() == "zh_CN" for t in zh), "descent_lab_zh_CN.qm did not load"
    assert tr("&File") == chinese()["&File"] != "&File"


def test_chinese_window_shows_the_translations(zh, window):
    """``zh`` comes first: the catalogue is installed before the window is built."""
    zh_text = chinese()
    win = window
    assert win.tabs.tabText(0) == zh_text["Optimizer lab"]
    assert [win.tabs.tabText(i) for i in range(win.tabs.count())] == [
        zh_text[lab.title] for lab in win.labs]
    assert menu_texts(win)[:3] == [zh_text["&File"], zh_text["&View"], zh_text["&Help"]]
    lab = win.labs[0]
    # engine strings (preset titles and notes) are translated where the UI shows them
    first = next(iter(OPTIMIZER_PRESETS.values()))
    assert lab.presets.combo.itemText(0) == zh_text[first.title]
    assert lab.presets.note.text() == zh_text[lab.presets._presets[lab.presets._key].note]
    assert lab.readout.horizontalHeaderItem(0).text() == zh_text["Optimizer"]


def rotated_cjk(window) -> list[str]:
    """Every visible text in any plot of ``window`` that holds CJK characters and is drawn
    turned (its scene transform rotates)."""
    from PySide6.QtWidgets import QGraphicsTextItem

    from lab.ui.common.style import CJK

    found = []
    for view in window.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if (isinstance(item, QGraphicsTextItem) and item.isVisible()
                    and CJK.search(item.toPlainText())):  # fmt: skip
                turn = item.sceneTransform()
                if abs(turn.m12()) > 1e-9 or abs(turn.m21()) > 1e-9:
                    found.append(item.toPlainText())
    return found


def test_no_chinese_text_is_drawn_on_its_side(zh, window, qtbot):
    """Vertical axes' titles (and the search lab's colour bar's) stand upright in Chinese."""
    for i in range(window.tabs.count()):  # every lab built and shown
        window.tabs.setCurrentIndex(i)
    texts = [item.toPlainText() for view in window.findChildren(pg.GraphicsView)
             for item in view.scene().items() if hasattr(item, "toPlainText")]
    texts = [text.strip() for text in texts]
    assert chinese()["std (log scale)"] in texts  # the Chinese titles are there, upright
    assert rotated_cjk(window) == []


def test_english_window_shows_the_source_text(window):
    assert window.tabs.tabText(0) == "Optimizer lab"
    assert menu_texts(window)[:3] == ["&File", "&View", "&Help"]
    first = next(iter(OPTIMIZER_PRESETS.values()))
    assert window.labs[0].presets.combo.itemText(0) == first.title


@pytest.mark.parametrize(("choice", "system", "expected"), [
    ("system", "zh_CN", "zh_CN"), ("system", "zh_TW", "zh_CN"), ("system", "en_US", "en"),
    ("system", "de_DE", "en"), ("en", "zh_CN", "en"), ("zh_CN", "en_US", "zh_CN"),
    ("klingon", "zh_CN", "zh_CN"), ("klingon", "fr_FR", "en"),
])  # fmt: skip
def test_language_setting_resolves(choice, system, expected):
    assert resolve_language(choice, system) == expected


def test_english_installs_no_translator(qapp):
    assert install_translators(qapp, "en") == []


def test_language_menu_keeps_the_choice(qapp, settings):
    from PySide6.QtWidgets import QMainWindow

    from lab.ui.shell.language_menu import LanguageMenu

    window = QMainWindow()
    menu = LanguageMenu(window, settings, window.menuBar().addMenu("View"))  # notr
    assert menu.actions["system"].isChecked()
    assert [a.text() for a in menu.menu.actions()][1:] == ["English", "简体中文"]
    menu.choose("zh_CN", ask=False)
    assert settings.value(SETTINGS_KEY) == "zh_CN"
    assert menu.actions["zh_CN"].isChecked()
    again = LanguageMenu(window, settings, window.menuBar().addMenu("View"))  # notr
    assert again.actions["zh_CN"].isChecked()
    menu.choose("en")  # asks: the box offers a restart
    assert menu.box is not None and "Descent Lab" in menu.box.text()
    menu.box.close()
    window.deleteLater()
    QApplication.processEvents()


def test_the_restart_offer_speaks_the_language_just_chosen(qapp, settings):
    """An English window switched to Chinese: the box must be readable by a Chinese reader
    (and still by the English one who chose by mistake)."""
    from PySide6.QtWidgets import QMainWindow

    from lab.ui.shell.language_menu import LanguageMenu

    zh = chinese()
    window = QMainWindow()
    menu = LanguageMenu(window, settings, window.menuBar().addMenu("View"))  # notr
    menu.choose("zh_CN")
    text = menu.box.text()
    assert zh["The new language takes effect when Descent Lab starts again."] in text
    assert "The new language takes effect" in text  # the English reader too
    buttons = [b.text() for b in menu.box.buttons()]
    assert any(zh["Restart now"] in b for b in buttons) and any(zh["Later"] in b for b in buttons)
    assert zh["Language"] in menu.box.windowTitle()
    menu.box.close()
    window.deleteLater()
    QApplication.processEvents()


def test_restart_command_starts_the_same_interpreter():
    program, arguments = restart_command()
    assert program == sys.executable
    assert isinstance(arguments, list)


def test_start_up_installs_the_language_the_settings_name(qapp, settings):
    from lab.ui.common.i18n import install_language

    settings.setValue(SETTINGS_KEY, "zh_CN")
    try:
        assert install_language(qapp, settings) == "zh_CN"
        assert tr("&Quit") == chinese()["&Quit"]
    finally:
        remove_translators(qapp, qapp._translators)
    assert tr("&Quit") == "&Quit"
    settings.setValue(SETTINGS_KEY, "en")
    assert install_language(qapp, settings) == "en" and qapp._translators == []


def test_form_tooltips_in_english_read_as_the_engine_writes_them():
    """The run editor's tooltips are built in the UI (to translate the range words); in
    English they must say exactly what the engine's declarations say."""
    from lab.engine.core import fields as F
    from lab.engine.core.initializers import PARAMS as INIT_PARAMS
    from lab.engine.core.optimizers import PARAMS as OPT_PARAMS
    from lab.engine.core.schedules import PARAMS as SCHEDULE_PARAMS
    from lab.engine.train.config import DataConfig, TrainConfig
    from lab.engine.train.models import ModelConfig
    from lab.ui.common.config_form import tooltip

    decls = [*F.declarations(TrainConfig).values(), *F.declarations(DataConfig).values(),
             *F.declarations(ModelConfig).values(), *OPT_PARAMS.values(),
             *SCHEDULE_PARAMS.values(), *INIT_PARAMS.values()]
    assert any("must" in d.tooltip() for d in decls)
    for decl in decls:
        assert tooltip(decl) == decl.tooltip()
