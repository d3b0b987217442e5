"""Throw-away settings for benchmarks that open the real window.

Why: the window keeps its runs' folders beside a file-based settings store; a benchmark that
used the user's settings scope would leave run folders (and settings) behind after every run.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch_settings() -> Iterator[object]:
    """A QSettings in a temporary folder, removed with everything the window wrote beside it."""
    from PySide6.QtCore import QSettings

    with tempfile.TemporaryDirectory(prefix="descent-lab-bench-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        yield settings
        settings.sync()
