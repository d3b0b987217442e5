"""The Chinese translation covers the interface (Qt-free checks of the sources and catalogue).

(a) an AST scan of lab/ui finds every string literal handed to a user-visible Qt call (widget
    texts, tooltips, titles, menus, tabs, headers, messages, plot labels) and fails naming
    file:line where it is not wrapped in ``tr()``;
(b) every marked string and every engine registry text has a finished, non-empty Chinese
    translation with the same {placeholders}, HTML tags, & accelerator and shortcuts;
(c) the shipped .qm is what lrelease makes of the .ts.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "lab" / "ui"
TS = ROOT / "lab" / "translations" / "descent_lab_zh_CN.ts"
QM = TS.with_suffix(".qm")

# calls whose arguments (all, or from an index on) a user reads
VISIBLE_CALLS = {
    "QLabel": 0, "QPushButton": 0, "QCheckBox": 0, "QRadioButton": 0, "QGroupBox": 0,
    "QAction": 0, "QToolButton": 0, "QMenu": 0, "QMessageBox": 0, "QProgressDialog": 0,
    "setText": 0, "setToolTip": 0, "setStatusTip": 0, "setWhatsThis": 0, "setWindowTitle": 0,
    "setTitle": 0, "setPlaceholderText": 0, "addAction": 0, "addMenu": 0, "addTab": 1,
    "insertTab": 2, "setTabText": 1, "setTabToolTip": 1, "setHorizontalHeaderLabels": 0,
    "setVerticalHeaderLabels": 0, "setHeaderLabels": 0, "setLabel": 1, "showMessage": 0,
    "setFormat": 0, "addRow": 0, "setItemText": 1, "addItem": 0, "addItems": 0,
    "insertItem": 1, "information": 1, "warning": 1, "critical": 1, "question": 1, "about": 1,
    "setLabelText": 0, "setCancelButtonText": 0, "setSpecialValueText": 0, "setSuffix": 0,
    "setPrefix": 0, "getSaveFileName": 1, "getOpenFileName": 1, "getExistingDirectory": 1,
    "addButton": 0, "setInformativeText": 0, "setDetailedText": 0, "setHtml": 0,
    "addLegend": 0, "ask_save": 2, "ask_open": 2, "ask_folder": 2, "plot_title": 1, "axis_title": 2,
}  # fmt: skip
VISIBLE_KEYWORDS = {"text", "title", "name", "tooltip", "toolTip", "label", "labelText"}
# a user's status line: lab.status_message.emit(...) and the like
VISIBLE_SIGNALS = {"status_message", "message", "status"}
# symbols, numbers and single letters (axis names x, y) are not text; a line with "# notr"
# shows codes (relu, he-normal, torch's parameter names)
# file names and addresses (model.safetensors, postgresql://...) are not text either
NOT_TEXT = re.compile(r"^(?!.*[A-Za-z]{2})|^\S*[./@]\S*$")
EXEMPT = "# notr"
# technical names shown as they are in every language
PROPER_NAMES = re.compile(r"^(SGD|Adam|MNIST|CSV|PNG|SVG|GIF|WebP|MP4|JSON|TOML|CPU|CUDA|"
                          r"[A-Z]{1,3}|Descent Lab)$")


def _text_literals(node: ast.AST) -> list[ast.AST]:
    """String literals and f-strings in ``node`` that a user would read (not inside tr())."""
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name == "tr":
            return []
        if name == "format" and isinstance(func, ast.Attribute):
            return _text_literals(func.value)
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value.strip()
        return [] if NOT_TEXT.match(text) or PROPER_NAMES.match(text) else [node]
    if isinstance(node, ast.JoinedStr):
        words = "".join(v.value for v in node.values
                        if isinstance(v, ast.Constant) and isinstance(v.value, str))  # fmt: skip
        return [] if NOT_TEXT.match(words.strip()) else [node]
    if isinstance(node, ast.BinOp):
        return _text_literals(node.left) + _text_literals(node.right)
    if isinstance(node, ast.IfExp):
        return _text_literals(node.body) + _text_literals(node.orelse)
    if isinstance(node, ast.List | ast.Tuple):
        return [x for e in node.elts for x in _text_literals(e)]
    return []


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def unmarked(path: Path) -> list[str]:
    """``file:line: text`` for each user-visible literal in ``path`` that is not in tr()."""
    found = []
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name == "tr" and node.args and isinstance(node.args[0], ast.JoinedStr | ast.BinOp):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: an f-string or + inside tr() "
                         "(use tr(\"... {name} ...\").format(name=...))")
            continue
        args: list[ast.AST] = []
        if name in VISIBLE_CALLS:
            args = node.args[VISIBLE_CALLS[name]:]
            if name in ("addItem", "insertItem"):  # (text, data): the data is not shown
                args = args[:1]
        elif (name == "emit" and isinstance(node.func, ast.Attribute)
              and getattr(node.func.value, "attr", "") in VISIBLE_SIGNALS):  # fmt: skip
            args = node.args
        args = args + [k.value for k in node.keywords if k.arg in VISIBLE_KEYWORDS]
        for arg in args:
            for literal in _text_literals(arg):
                if EXEMPT in lines[literal.lineno - 1]:
                    continue
                shown = ast.get_source_segment(source, literal) or ""
                found.append(f"{path.relative_to(ROOT)}:{literal.lineno}: {shown[:70]}")
    return found


def test_every_user_visible_string_is_marked_for_translation():
    problems = [p for path in sorted(UI.rglob("*.py")) for p in unmarked(path)]
    assert not problems, "not wrapped in tr():\n" + "\n".join(problems)


def test_the_scan_finds_an_unmarked_label(tmp_path):
    """The coverage scan itself: it must see plain literals, f-strings and .format() texts,
    and accept tr() and identifiers."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        'QLabel("Learning rate")\nb.setToolTip(f"{n} runs")\nm.addAction("Quit")\n'
        'QLabel(tr("Learning rate"))\ncombo.addItem("relu", "relu")  # notr\n'
        'w.setText(tr("{n} runs").format(n=n))\nw.setText("{n} runs".format(n=n))\n'
        'plot.setLabel("left", "loss")\nlab.status_message.emit("Done")\n'
        'w.setText(tr(f"{n} runs"))\n')
    found = [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in unmarked_at(sample)]
    assert found == ["1", "2", "3", "7", "8", "9", "10"]


def unmarked_at(path: Path) -> list[str]:
    global ROOT
    saved, ROOT = ROOT, path.parent
    try:
        return unmarked(path)
    finally:
        ROOT = saved


def _extractor():
    spec = importlib.util.spec_from_file_location("translations_tool",
                                                  ROOT / "packaging" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _catalogue() -> dict[tuple[str, str], tuple[str, str]]:
    out = {}
    for message in ET.parse(TS).getroot().iter("message"):
        translation = message.find("translation")
        out[(message.findtext("source") or "", message.findtext("comment") or "")] = (
            translation.text or "", translation.get("type", ""))
    return out


PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
ACCELERATOR = re.compile(r"&(?=[^&\s;])(?![a-z]+;)")
SHORTCUT = re.compile(r"\b(?:Ctrl|Shift|Alt)\+\S+|\bF\d{1,2}\b")


def _marks(text: str) -> dict[str, list[str]]:
    return {"placeholders": sorted(PLACEHOLDER.findall(text)),
            "tags": sorted(m.lower() for m in TAG.findall(text)),
            "accelerators": ["&"] * len(ACCELERATOR.findall(text)),
            "shortcuts": sorted(SHORTCUT.findall(text))}


def test_every_marked_and_engine_string_has_a_finished_chinese_translation():
    tool = _extractor()
    catalogue = _catalogue()
    missing, unfinished, broken = [], [], []
    for message in tool.all_messages():
        entry = catalogue.get(message.key)
        if entry is None:
            missing.append(message.source)
        elif entry[1] or not entry[0].strip():
            unfinished.append(message.source)
        elif _marks(message.source) != _marks(entry[0]):
            broken.append(f"{message.source!r} -> {entry[0]!r}")
    assert not missing, "not in the .ts (run `make translations`):\n" + "\n".join(missing)
    assert not unfinished, "no finished Chinese translation:\n" + "\n".join(unfinished)
    assert not broken, "placeholders, tags, & or shortcuts differ:\n" + "\n".join(broken)


# training jargon a Chinese reader should not meet in English (the sampling choice "epoch", a
# value typed in files, may still be named before its "：")
UNTRANSLATED_JARGON = re.compile(r"mini-?batch|(?<![A-Za-z_])epochs?(?![A-Za-z_]|：)", re.I)


def test_chinese_text_says_mini_batch_and_epoch_in_chinese():
    found = [f"{source!r} -> {text!r}" for (source, _), (text, _) in _catalogue().items()
             if UNTRANSLATED_JARGON.search(text)]
    guides = sorted((ROOT / "lab" / "guides" / "zh_CN").glob("*.md"))
    found += [f"{path.name}:{n}" for path in guides
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if UNTRANSLATED_JARGON.search(line)]
    assert not found, "English jargon in the Chinese text:\n" + "\n".join(found)
    assert UNTRANSLATED_JARGON.search("mini-batch 损失")
    assert UNTRANSLATED_JARGON.search("20 个 epoch")
    assert not UNTRANSLATED_JARGON.search("epoch：每轮每张图像用一次")


def test_the_marks_check_sees_a_lost_placeholder_or_tag():
    assert _marks("{n} runs") != _marks("运行")
    assert _marks("<b>lr</b>") != _marks("lr")
    assert _marks("&File") != _marks("文件")
    assert _marks("&File") == _marks("文件(&F)")
    assert _marks("Ctrl+E export") == _marks("Ctrl+E 导出")


def test_the_engine_registries_are_collected():
    """Preset titles, update rules and hyperparameter help come from the engine."""
    from lab.engine.core.optimizers import OPTIMIZERS, PARAMS
    from lab.engine.optimize.presets import OPTIMIZER_PRESETS

    texts = set(_extractor().engine_strings())
    assert {p.title for p in OPTIMIZER_PRESETS.values()} <= texts
    assert {p.note for p in OPTIMIZER_PRESETS.values()} <= texts
    assert {s.rule for s in OPTIMIZERS.values()} <= texts
    assert PARAMS["lr"].help in texts


def test_the_qm_is_compiled_from_the_current_ts(tmp_path):
    fresh = tmp_path / "fresh.qm"
    try:
        _extractor().compile_qm(TS, fresh)
    except FileNotFoundError:
        pytest.skip("pyside6-lrelease is not installed")
    assert QM.read_bytes() == fresh.read_bytes(), "run `make translations`"
