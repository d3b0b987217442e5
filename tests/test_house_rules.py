"""The house rules a reader of `lab/` relies on (issue 15): small files and classes with one idea
each, threads made in one package only, and a window that never names a lab's class."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

LAB = Path(__file__).resolve().parent.parent / "lab"
MAX_LINES = 400
MAX_METHODS = 30
LAB_FOLDERS = ("train", "search", "optimize", "init")


def sources(root: Path = LAB):
    return sorted(root.rglob("*.py"))


def oversized(root: Path = LAB, max_lines: int = MAX_LINES, max_methods: int = MAX_METHODS):
    """Files over ``max_lines`` lines and classes over ``max_methods`` methods, as strings."""
    found = []
    for path in sources(root):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > max_lines:
            found.append(f"{path.relative_to(root.parent)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                methods = [n for n in node.body
                           if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]  # fmt: skip
                if len(methods) > max_methods:
                    found.append(f"{path.relative_to(root.parent)}: class {node.name} has "
                                 f"{len(methods)} methods")
    return found


def test_no_file_over_400_lines_and_no_class_over_30_methods():
    assert oversized() == []


def test_the_size_check_sees_a_large_file_and_a_large_class(tmp_path):
    pkg = tmp_path / "lab"
    pkg.mkdir()
    methods = "".join(f"    def m{i}(self):\n        pass\n" for i in range(31))
    (pkg / "big.py").write_text("class Big:\n" + methods + "\n" * 350)
    assert oversized(pkg) == ["lab/big.py: 413 lines", "lab/big.py: class Big has 31 methods"]


THREADS = re.compile(r"threading\.Thread|QThread\(|ThreadPoolExecutor")
LAB_CLASS = re.compile(r"isinstance\(.*(TrainLab|SearchLab|OptimizerLab|InitLab)")


@pytest.mark.parametrize("pattern, allowed", [
    (THREADS, ("concurrency",)),  # one concurrency package owns every thread of the window
    (LAB_CLASS, LAB_FOLDERS),  # the shell asks the lab protocol, never a class
])  # fmt: skip
def test_the_window_keeps_threads_and_lab_classes_in_their_places(pattern, allowed):
    found = [f"{path.relative_to(LAB.parent)}:{n}"
             for path in sources(LAB / "ui") if path.relative_to(LAB / "ui").parts[0] not in allowed
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line)]  # fmt: skip
    assert found == []
