"""The engine and data layers must stay importable and usable without Qt (DESIGN.md)."""

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import lab.engine, lab.data
for pkg in (lab.engine, lab.data):
    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{pkg.__name__}.{info.name}")
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "pyqtgraph", "superqt"))
print(",".join(qt))
"""


def test_engine_and_data_do_not_import_qt():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "", f"Qt imported by the engine or data layer: {out.stdout}"


def test_cli_help_does_not_import_qt_or_torch():
    code = ("import sys; from lab.cli import build_parser; build_parser(); "
            "print(any(m.split('.')[0] in ('PySide6', 'torch') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_lazy_qt_imports_in_the_engine_either():
    """Imports inside functions escape the check above; read the sources instead."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "lab"
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|pyqtgraph|superqt|lab\.ui)\b", re.M)
    offenders = [str(path.relative_to(root)) for layer in ("engine", "data")
                 for path in (root / layer).rglob("*.py") if pattern.search(path.read_text())]
    assert not offenders, f"Qt or lab.ui imported in: {offenders}"
