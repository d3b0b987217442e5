"""The registry: every worker and runner is joined at quit, a lab joins what it owns, and no
module of ``lab/ui`` outside the concurrency package starts a thread of its own."""

import re
import threading
from pathlib import Path

from PySide6.QtCore import QObject

from lab.ui.concurrency import registry
from lab.ui.concurrency.runner import GeneratorRunner
from lab.ui.concurrency.worker import Worker

UI = Path(registry.__file__).resolve().parents[1]  # lab/ui
PACKAGE = UI / "concurrency"
# what starts a thread or hands work to one: only the concurrency package may
THREAD_MAKERS = re.compile(
    r"threading\.Thread\b|QThread\(|QThreadPool|QtConcurrent|ThreadPoolExecutor"
    r"|ProcessPoolExecutor|concurrent\.futures|start_new_thread|threading\.Timer|\bstart_thread\b"
    r"|^\s*(import threading|from threading import|import _thread|from _thread import)",
    re.MULTILINE)


def thread_makers(root: Path, allowed: Path) -> list[str]:
    """``path:line: text`` of every match below ``root`` outside ``allowed``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if allowed in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        for match in THREAD_MAKERS.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(root)}:{line}: {match.group().strip()}")
    return found


def test_no_thread_is_started_in_lab_ui_outside_the_concurrency_package():
    assert thread_makers(UI, PACKAGE) == []


def test_the_source_check_finds_a_planted_thread(tmp_path):
    ui = tmp_path / "ui"
    (ui / "concurrency").mkdir(parents=True)
    (ui / "concurrency" / "registry.py").write_text("import threading\nthreading.Thread()\n")
    (ui / "train").mkdir()
    (ui / "train" / "panel.py").write_text("x = 1\n")
    assert thread_makers(ui, ui / "concurrency") == []
    for planted in ("import threading\n", "t = threading.Thread(target=f)\n",
                    "from PySide6.QtCore import QThread\nt = QThread()\n",
                    "from concurrent.futures import ThreadPoolExecutor\n",
                    "from lab.ui.concurrency.registry import start_thread\n"):
        (ui / "train" / "panel.py").write_text("x = 1\n" + planted)
        assert thread_makers(ui, ui / "concurrency"), planted


def test_shutdown_all_joins_every_worker_and_runner(qtbot):
    worker, runner = Worker("r1"), GeneratorRunner("r2")
    started = threading.Event()

    def until_cancelled(token):
        started.set()
        while not token.cancelled:
            threading.Event().wait(0.001)

    worker.submit(until_cancelled, with_token=True)

    def endless():
        while True:
            yield 1

    runner.start(1, lambda: type("Job", (), {"steps": staticmethod(endless)})())
    assert started.wait(5)
    qtbot.waitUntil(lambda: any(t.name == "runs-r2" for t in threading.enumerate()), timeout=5000)
    assert registry.shutdown_all(timeout=2.0)
    names = {t.name for t in threading.enumerate()}
    assert "worker-r1" not in names and "runs-r2" not in names


def test_shutdown_within_joins_only_what_the_object_owns(qtbot):
    lab, other = QObject(), QObject()
    inner = QObject(lab)  # a grandchild counts: the search runner is its SearchRun's child
    mine, theirs = Worker("mine", inner), Worker("theirs", other)
    for worker in (mine, theirs):
        with qtbot.waitSignal(worker.done, timeout=5000):
            worker.submit(lambda: 1)
    assert registry.shutdown_within(lab, timeout=2.0)
    names = {t.name for t in threading.enumerate()}
    assert "worker-mine" not in names and "worker-theirs" in names
    assert theirs.shutdown()
