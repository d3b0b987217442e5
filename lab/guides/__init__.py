"""The guides to the labs: one Markdown file per lab and language (``en/optimizer.md``,
``zh_CN/optimizer.md`` ...), shipped as package data, shown by Help > Guide to this lab (F1) and
linked from docs/.

Why files and not strings in the code: a guide is prose for students and teachers. As Markdown
it reads the same on GitHub (the docs link to it instead of repeating it) and in the app, and a
translation is written as a whole text, not sentence by sentence through the .ts catalogue.
Qt-free, so the docs test and any future CLI can read the same files.
"""

from __future__ import annotations

from pathlib import Path

from lab.io.files import read_limited

GUIDES_DIR = Path(__file__).resolve().parent
LABS = ("optimizer", "initialization", "training", "search")  # each lab panel's ``guide``
LANGUAGES = ("en", "zh_CN")  # as lab/ui/common/i18n.py names them; English is the fallback
MAX_GUIDE_BYTES = 256 * 1024  # a guide is a page of text; anything larger is not ours


def guide_path(lab: str, language: str = "en") -> Path:
    """The file of ``lab``'s guide in ``language`` (English where that language has none)."""
    if lab not in LABS:
        raise ValueError(f"no guide named {lab!r}; known: {', '.join(LABS)}")
    path = GUIDES_DIR / language / f"{lab}.md"
    return path if language in LANGUAGES and path.is_file() else GUIDES_DIR / "en" / f"{lab}.md"


def read_guide(lab: str, language: str = "en") -> str:
    """The Markdown text of ``lab``'s guide in ``language``; OSError (and UnicodeDecodeError, a
    ValueError) when an installation's file is damaged."""
    return read_limited(guide_path(lab, language), MAX_GUIDE_BYTES, regular_only=True).decode(
        "utf-8")
