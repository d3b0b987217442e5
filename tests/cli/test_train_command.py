"""Issue 16, SIGTERM at the wrong moment: `train` and `search` note a signal and stop at the next
safe point, so a signal that lands inside an import (PySide6 for the PNG report, safetensors for
the weights) neither aborts the process nor is raised there, and none is lost. Each moment is
made deterministic by an import hook that pauses inside the import and says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.test_headless import _tiny_train_folder
from tests.engine.search.conftest import tiny_mnist  # noqa: F401 (a fixture)

# runs descent-lab, pausing once inside the import of the module named by the first argument
PAUSING = """
import importlib.abc, sys, time

class PauseInImport(importlib.abc.MetaPathFinder):
    def __init__(self, name):
        self.name, self.done = name, False

    def find_spec(self, name, path=None, target=None):
        if name == self.name and not self.done:
            self.done = True
            print("PAUSED-IN-IMPORT", file=sys.stderr, flush=True)
            end = time.monotonic() + 3.0
            while time.monotonic() < end:
                time.sleep(0.02)
            print("IMPORT-RESUMED", file=sys.stderr, flush=True)
        return None

sys.meta_path.insert(0, PauseInImport(sys.argv.pop(1)))
from lab.cli.main import main
sys.exit(main())
"""

RUNS = ('[defaults]\niterations = 3\nmodel = { hidden = [8] }\ndata = { train_size = 100 }\n'
        '[[run]]\nname = "first"\n[[run]]\nname = "second"\niterations = 100000\n')


def _start(tmp_path: Path, pause_in: str, *args: str) -> subprocess.Popen:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root),
           "XDG_DATA_HOME": str(tmp_path / "xdg")}
    return subprocess.Popen([sys.executable, "-c", PAUSING, pause_in, *args],
                            stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)


def _signal_when(process: subprocess.Popen, marker: str, timeout: float = 240.0) -> str:
    """Read stderr until ``marker``, send SIGTERM, return all of stderr once it exits."""
    seen, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            seen.append(line)
            if marker in line:
                process.send_signal(signal.SIGTERM)
                break
        assert any(marker in line for line in seen), "".join(seen)
        return "".join(seen) + process.communicate(timeout=240)[1]
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def _clean_stop(process: subprocess.Popen, err: str) -> None:
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err and "Fatal Python error" not in err, err
    assert "IMPORT-RESUMED" in err, err  # the import was never interrupted


@pytest.fixture
def experiment(tmp_path) -> list[str]:
    config = tmp_path / "exp.toml"
    config.write_text(RUNS)
    return ["train", "--config", str(config), "--data", _tiny_train_folder(tmp_path)]


@pytest.mark.slow  # each of these runs descent-lab in a subprocess
@pytest.mark.parametrize("module, kept", [
    ("PySide6", "1 finished run(s) kept"),  # drawing the first run's PNGs
    ("safetensors", "1 finished run(s) kept"),  # writing the first run's weights
])
def test_sigterm_inside_an_import_stops_train_at_the_next_safe_point(tmp_path, experiment,
                                                                     module, kept):
    out = tmp_path / "out"
    process = _start(tmp_path, module, *experiment, "--out", str(out))
    err = _signal_when(process, "PAUSED-IN-IMPORT")
    _clean_stop(process, err)
    assert f"descent-lab: interrupted (SIGTERM); {kept} in {out}" in err
    for name in ("first.safetensors", "first.json", "metrics.csv", "loss.png", "lr.png"):
        assert (out / name).stat().st_size > 0, name  # the first run, whole
    assert not (out / "second.safetensors").exists()
    assert [n for n in os.listdir(out) if n.endswith(".part")] == []


@pytest.mark.slow
def test_sigterm_while_training_stops_at_the_next_iteration(tmp_path, experiment):
    out = tmp_path / "out"
    process = _start(tmp_path, "no-such-module", *experiment, "--out", str(out))
    err = _signal_when(process, "first: 3 iterations")  # the long second run trains now
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err and "1 finished run(s) kept" in err


@pytest.mark.slow
def test_sigterm_inside_the_report_import_stops_search_with_its_results(tmp_path,
                                                                        tiny_mnist):  # noqa: F811
    out = tmp_path / "out"
    process = _start(tmp_path, "PySide6", "search", "--trials", "2", "--epochs", "1",
                     "--train-size", "100", "--data", tiny_mnist, "--study", "s",
                     "--out", str(out))
    err = _signal_when(process, "PAUSED-IN-IMPORT")  # the study is done; plots are drawn
    _clean_stop(process, err)
    assert "descent-lab: interrupted (SIGTERM); resume with --study s" in err
    assert (out / "trials.csv").stat().st_size > 0
    assert list(out.glob("*.png")) and not list(out.glob("*.part"))


def test_a_signal_is_noted_not_raised_and_acted_on_at_the_safe_point():
    from lab.cli.train_command import Interrupted, stop_requests

    reached = []
    with pytest.raises(Interrupted) as info:
        with stop_requests() as stop:
            os.kill(os.getpid(), signal.SIGTERM)  # delivered here, in the main thread
            reached.append("after the signal")  # nothing was raised where it landed
            stop.check()
            reached.append("after the safe point")
    assert reached == ["after the signal"] and info.value.signum == signal.SIGTERM


def test_a_signal_after_the_last_safe_point_is_not_lost():
    from lab.cli.train_command import Interrupted, stop_requests

    with pytest.raises(Interrupted) as info:
        with stop_requests():
            os.kill(os.getpid(), signal.SIGTERM)
    assert info.value.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # put back


def test_ctrl_c_twice_stops_at_once(capfd):
    from lab.cli.train_command import Interrupted, stop_requests

    with pytest.raises(Interrupted), stop_requests():
        os.kill(os.getpid(), signal.SIGINT)
        assert "Ctrl-C again stops at once" in capfd.readouterr().err
        os.kill(os.getpid(), signal.SIGINT)
        pytest.fail("the second Ctrl-C did not stop at once")
