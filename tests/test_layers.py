"""The import contract of DESIGN.md, checked on the sources and on a live interpreter.

- ``lab.engine`` and ``lab.data`` never import Qt or ``lab.ui`` (not even lazily, in a function);
- a lab's engine package (``optimize``, ``init``, ``train``, ``search``) imports ``lab.engine.core``
  and ``lab.data``, never another lab's engine package;
- ``lab.engine.core`` imports no lab package at all.
"""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "lab"
QT = ("PySide6", "pyqtgraph", "lab.ui")
LABS = ("optimize", "init", "train", "search")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (function-level imports included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def engine_files(*parts: str):
    return sorted((ROOT.joinpath(*parts)).rglob("*.py"))


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_engine_and_data_never_import_qt_or_the_ui():
    offenders = [f"{path.relative_to(ROOT)}: {module}"
                 for layer in ("engine", "data") for path in engine_files(layer)
                 for module in imported_modules(path) if any(_within(module, q) for q in QT)]
    assert not offenders, offenders


def test_a_labs_engine_uses_the_core_not_another_lab():
    offenders = []
    for lab in LABS:
        for path in engine_files("engine", lab):
            for module in imported_modules(path):
                others = [o for o in LABS if o != lab and _within(module, f"lab.engine.{o}")]
                if others:
                    offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert not offenders, offenders


def test_the_core_imports_no_lab():
    offenders = [f"{path.relative_to(ROOT)}: {module}" for path in engine_files("engine", "core")
                 for module in imported_modules(path)
                 if any(_within(module, f"lab.engine.{lab}") for lab in LABS)]
    assert not offenders, offenders


def test_the_contract_checker_sees_a_violation(tmp_path):
    """The checks above would fail on a real violation, including a lazy import."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtCore import QObject\n"
                   "    import lab.engine.train\n")
    assert {"PySide6.QtCore", "lab.engine.train"} <= imported_modules(bad)


CHECK = """
import importlib, pkgutil, sys
import lab.engine, lab.data
for pkg in (lab.engine, lab.data):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "pyqtgraph"))
print(",".join(qt))
"""


def test_importing_every_engine_module_loads_no_qt():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "", f"Qt imported by the engine or data layer: {out.stdout}"


def test_cli_help_does_not_import_qt_or_torch():
    code = ("import sys; from lab.cli.main import build_parser; build_parser(); "
            "print(any(m.split('.')[0] in ('PySide6', 'torch') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _lint_imports(tree: Path) -> subprocess.CompletedProcess:
    tool = Path(sys.executable).with_name("lint-imports")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tree)}
    return subprocess.run([str(tool), "--no-cache", "--no-logo", "pyproject.toml"], cwd=tree,
                          env=env, capture_output=True, text=True)


def _copy_sources(tmp_path: Path) -> Path:
    """The package's Python files and the contracts, apart from the checkout."""
    tree = tmp_path / "tree"
    for path in ROOT.rglob("*.py"):
        target = tree / "lab" / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text())
    (tree / "pyproject.toml").write_text((ROOT.parent / "pyproject.toml").read_text())
    return tree


def test_import_linter_contracts_hold_and_catch_planted_violations(tmp_path):
    """`make lint` runs these contracts; each kind of planted import breaks its own one."""
    tree = _copy_sources(tmp_path)
    clean = _lint_imports(tree)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    plants = {
        "lab/data/mnist.py": "import lab.engine.core.specs\n",  # a lower layer reaching up
        "lab/engine/core/specs.py": "def _f():\n    import PySide6.QtCore\n",  # Qt, lazily
        "lab/ui/train/report.py": "import lab.ui.search.report\n",  # one lab into another
        "lab/ui/common/tables.py": "import lab.ui.shell.about\n",  # common into the shell
        "lab/engine/train/history.py": "import lab.engine.train.training\n",  # the old circle
        "lab/ui/shell/help.py": "def _f():\n    import lab.ui.train.panel\n",  # a lab by name
    }
    for name, line in plants.items():
        path = tree / name
        path.write_text(path.read_text() + "\n" + line)
    broken = _lint_imports(tree)
    assert broken.returncode != 0
    for contract in ("Layers: cli > bench > ui > app > engine > data > io BROKEN",
                     "No Qt below the UI BROKEN",
                     "The labs' windows are independent of each other BROKEN",
                     "Inside the UI: shell > labs > export > common > concurrency BROKEN",
                     "Training engine: records and history at the bottom BROKEN",
                     "The shell names no lab but in its one list of labs BROKEN"):
        assert contract in broken.stdout, broken.stdout
