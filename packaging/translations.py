"""Extract the app's translatable strings, merge them into the .ts catalogues, compile the .qm.

    python packaging/translations.py          (or: make translations)

Why our own extractor: pyside6-lupdate cannot see strings marked through our ``tr`` function,
nor the engine's texts (preset titles and notes, update rules, hyperparameter help), which stay
English in the Qt-free engine and are translated where the UI shows them. So this script

1. walks lab/ui with ``ast`` and collects every ``tr("literal")`` (implicit concatenation
   included; a second literal argument is the disambiguation);
2. enumerates the engine's registries (:data:`ENGINE_REGISTRIES`, :data:`ENGINE_CONFIGS`) and
   collects their user-visible text fields;
3. merges them into ``lab/translations/descent_lab_<lang>.ts``: existing translations are kept,
   new strings come in as ``unfinished``, strings no longer in the sources are dropped;
4. runs ``pyside6-lrelease`` (PySide6-Essentials) to write the ``.qm`` the app loads.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "lab" / "ui"
TRANSLATIONS = ROOT / "lab" / "translations"
LANGUAGES = ("zh_CN",)
CONTEXT = "DescentLab"
ENGINE = "<engine>"

TEXT_FIELDS = ("title", "note", "hint", "rule", "formula", "help", "label")
# registries whose entries' text fields the UI shows: module, dict name, fields (a built-in
# function's formula is an expression the user edits, not text)
ENGINE_REGISTRIES = (
    ("lab.engine.core.optimizers", "OPTIMIZERS", TEXT_FIELDS),
    ("lab.engine.core.optimizers", "PARAMS", TEXT_FIELDS),
    ("lab.engine.core.optimizer_state", "COLUMNS", TEXT_FIELDS),
    ("lab.engine.core.schedules", "SCHEDULES", TEXT_FIELDS),
    ("lab.engine.core.schedules", "PARAMS", TEXT_FIELDS),
    ("lab.engine.core.initializers", "INITIALIZERS", TEXT_FIELDS),
    ("lab.engine.core.initializers", "PARAMS", TEXT_FIELDS),
    ("lab.engine.optimize.functions", "BUILTIN_FUNCTIONS", ("title", "note")),
    ("lab.engine.optimize.presets", "OPTIMIZER_PRESETS", TEXT_FIELDS),
    ("lab.engine.optimize.step_rules", "PHRASES", TEXT_FIELDS),
    ("lab.engine.init.presets", "INIT_PRESETS", TEXT_FIELDS),
    ("lab.engine.train.presets", "TRAIN_PRESETS", TEXT_FIELDS),
    ("lab.engine.search.presets", "SEARCH_PRESETS", TEXT_FIELDS),
    ("lab.engine.train.diagnostics.symptoms", "TEMPLATES", TEXT_FIELDS),
)
# config dataclasses whose field declarations (help, label) become the editors' forms
ENGINE_CONFIGS = (
    ("lab.engine.train.config", "TrainConfig"),
    ("lab.engine.search.space", "SearchConfig"),
    ("lab.engine.optimize.trajectories", "TrajectoryConfig"),
    ("lab.engine.init.probe", "ProbeConfig"),
    ("lab.engine.train.landscape.probes", "ProbeConfig"),  # the Landscape tab's forms
    ("lab.engine.train.landscape.job", "LandscapeConfig"),
    ("lab.ui.optimize.state", "OptimizerView"),  # Qt-free: the view's declared settings
)


@dataclass
class Message:
    source: str
    disambiguation: str = ""
    files: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return self.source, self.disambiguation


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def tr_calls(path: Path) -> list[tuple[str, str, int]]:
    """Every ``tr("text")`` / ``tr("text", "disambiguation")`` (or ``N_("text")``, the no-op
    marker of module-level data) in one file: (text, disambiguation, line)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("tr", "N_") and node.args):  # fmt: skip
            text = _literal(node.args[0])
            if text is None:
                continue
            disambiguation = _literal(node.args[1]) if len(node.args) > 1 else ""
            found.append((text, disambiguation or "", node.lineno))
    return found


def ui_messages(ui_dir: Path = UI_DIR) -> list[Message]:
    """Every string marked with ``tr`` under lab/ui, in file order."""
    messages: dict[tuple[str, str], Message] = {}
    for path in sorted(ui_dir.rglob("*.py")):
        name = Path(os.path.relpath(path, TRANSLATIONS)).as_posix()  # Qt Linguist's convention
        for text, disambiguation, _ in tr_calls(path):
            message = messages.setdefault((text, disambiguation), Message(text, disambiguation))
            if name not in message.files:
                message.files.append(name)
    return list(messages.values())


def _texts(obj, names: tuple[str, ...] = TEXT_FIELDS) -> list[str]:
    """The non-empty user-visible text fields of one registry entry or field declaration (an
    entry that is itself text, such as a symptom's template, is its own text)."""
    if isinstance(obj, str):
        return [obj] if obj.strip() else []
    return [value for name in names
            if isinstance(value := getattr(obj, name, None), str) and value.strip()]  # fmt: skip


def _config_texts(config_type, seen: set) -> list[str]:
    if config_type in seen:
        return []
    seen.add(config_type)
    texts = []
    for f in dataclasses.fields(config_type):
        decl = f.metadata.get("decl")
        if decl is None:
            continue
        texts += _texts(decl)
        if getattr(decl, "table", None) is not None:
            texts += _config_texts(decl.table, seen)
    return texts


def engine_strings() -> list[str]:
    """The engine's user-visible texts: registry entries' titles, notes, rules and help, and the
    config declarations' help and labels (the UI shows them through ``tr``)."""
    texts: list[str] = []
    for module, name, names in ENGINE_REGISTRIES:
        for entry in getattr(importlib.import_module(module), name).values():
            texts += _texts(entry, names)
    seen: set = set()
    for module, name in ENGINE_CONFIGS:
        texts += _config_texts(getattr(importlib.import_module(module), name), seen)
    return list(dict.fromkeys(texts))


def all_messages() -> list[Message]:
    """The UI's marked strings, then the engine's (each once)."""
    messages = {m.key: m for m in ui_messages()}
    for text in engine_strings():
        messages.setdefault((text, ""), Message(text)).files.append(ENGINE)
    return list(messages.values())


def read_ts(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(source, disambiguation) -> (translation, type) of an existing catalogue ("" type:
    finished)."""
    if not path.exists():
        return {}
    out = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        comment = message.findtext("comment") or ""
        translation = message.find("translation")
        text = (translation.text or "") if translation is not None else ""
        kind = translation.get("type", "") if translation is not None else "unfinished"
        out[(source, comment)] = (text, kind)
    return out


def write_ts(path: Path, language: str, messages: list[Message],
             translations: dict[tuple[str, str], tuple[str, str]]) -> dict[str, int]:
    """Write the catalogue: ``messages`` in order with their kept translations; returns counts
    (finished, unfinished, dropped)."""
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="en")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    finished = 0
    for m in messages:
        element = ET.SubElement(context, "message")
        for name in m.files:
            location = ET.SubElement(element, "location")
            location.set("filename", name)
        ET.SubElement(element, "source").text = m.source
        if m.disambiguation:
            ET.SubElement(element, "comment").text = m.disambiguation
        text, kind = translations.get(m.key, ("", "unfinished"))
        if kind in ("obsolete", "vanished"):
            kind = "unfinished"
        translation = ET.SubElement(element, "translation")
        translation.text = text
        if kind or not text:
            translation.set("type", "unfinished")
        else:
            finished += 1
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                    encoding="utf-8")
    kept = {m.key for m in messages}
    return {"finished": finished, "unfinished": len(messages) - finished,
            "dropped": sum(key not in kept for key in translations)}


def lrelease() -> str:
    """pyside6-lrelease beside this interpreter (the venv's), else on PATH."""
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    return str(beside) if beside.exists() else "pyside6-lrelease"


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True,
                   env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def main() -> int:
    messages = all_messages()
    TRANSLATIONS.mkdir(exist_ok=True)
    for language in LANGUAGES:
        ts = TRANSLATIONS / f"descent_lab_{language}.ts"
        counts = write_ts(ts, language, messages, read_ts(ts))
        compile_qm(ts, ts.with_suffix(".qm"))
        print(f"{ts.relative_to(ROOT)}: {len(messages)} strings, {counts['finished']} "
              f"translated, {counts['unfinished']} unfinished, {counts['dropped']} dropped")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
