"""Marking user-visible text for translation: every string a user reads goes through ``tr``.

One translation context ("DescentLab") for the whole app, so a string moved between modules
keeps its translation; ``disambiguation`` tells apart two meanings of the same English word.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = "DescentLab"


def tr(text: str, disambiguation: str | None = None) -> str:
    """``text`` in the interface language (itself where no translation is loaded)."""
    return QCoreApplication.translate(CONTEXT, text, disambiguation)
