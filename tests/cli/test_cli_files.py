"""What `descent-lab train` and `trajectory` write: names stay inside --out and apart, the folder
is checked and locked before training, results survive SIGTERM, CSV is quoted, every failed
write is one line."""

from __future__ import annotations

import csv
import fcntl
import io
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from lab.cli.main import main

pytestmark = pytest.mark.slow  # runs descent-lab train in subprocesses

TINY = 'iterations = 4\nmodel = { hidden = [8] }\ndata = { train_size = 200 }\n'


def _experiment(path: Path, names: list[str], extra: dict[str, str] | None = None) -> Path:
    text = "[defaults]\n" + TINY
    for name in names:
        text += f"[[run]]\nname = {_toml_string(name)}\n" + (extra or {}).get(name, "")
    path.write_text(text)
    return path


def _toml_string(text: str) -> str:
    return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
                         for c in text) + '"'


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_names_cannot_write_outside_out_or_share_files(tmp_path, capsys):
    user = tmp_path / "user" / "thesis"
    user.parent.mkdir()
    user.with_name("thesis.json").write_text("my own file")
    out = tmp_path / "a" / "b" / "out"
    names = ["../../escape", str(user), ".", "v1.0", "v1.5", "model.pt", "model"]
    config = _experiment(tmp_path / "exp.toml", names)
    out.parent.mkdir(parents=True)
    before = _tree(tmp_path)
    assert main(["train", "--config", str(config), "--out", str(out)]) == 0
    written = _tree(tmp_path) - before
    assert written and all(w.startswith(os.path.join("a", "b", "out")) for w in written), written
    assert user.with_name("thesis.json").read_text() == "my own file"
    weights = sorted(p.name for p in out.glob("*.safetensors"))
    assert len(weights) == len(names)  # seven runs, seven distinct sets of files
    import json

    runs = {json.loads(p.read_text())["run"] for p in out.glob("*.json")}
    assert runs == set(names)


def _boom(*args, **kwargs):
    raise AssertionError("training started before the checks")


@pytest.fixture
def no_training(monkeypatch):
    """Anything that reaches training fails the test: the checks must come first."""
    monkeypatch.setattr("lab.cli.headless.prepare_data", _boom)


@pytest.mark.parametrize("names", [["Run", "run"], ["", "."], ["a/b", "a_b"]])
def test_colliding_names_are_refused_before_training(tmp_path, capsys, names, no_training):
    out = tmp_path / "out"
    config = _experiment(tmp_path / "exp.toml", names)
    assert main(["train", "--config", str(config), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "distinct file names" in err and "iterations" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())


def test_out_under_a_file_is_refused_before_training(tmp_path, capsys, no_training):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    config = _experiment(tmp_path / "exp.toml", ["a"])
    assert main(["train", "--config", str(config), "--out", str(blocker / "out")]) == 2
    err = capsys.readouterr().err
    assert "cannot write to" in err and "iterations" not in err
    assert blocker.read_text() == "x"


def _creatable(folder: str) -> bool:
    try:
        fd, path = tempfile.mkstemp(dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(path)
    return True


@pytest.mark.skipif(not os.path.isdir("/sys") or _creatable("/sys"),
                    reason="needs an existing folder where no file can be created")
def test_existing_unwritable_out_is_refused_before_training(tmp_path, capsys, no_training):
    config = _experiment(tmp_path / "exp.toml", ["a"])
    assert main(["train", "--config", str(config), "--out", "/sys"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("descent-lab: error: cannot write to /sys: ") and "\n" not in err


def test_folder_in_use_is_refused(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    config = _experiment(tmp_path / "exp.toml", ["a"])
    # what a second process holds: an flock on the folder's lock file (own open file)
    fd = os.open(out / ".descent-lab.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, b"4242\n")
        with monkeypatch.context() as patch:
            patch.setattr("lab.cli.headless.prepare_data", _boom)
            assert main(["train", "--config", str(config), "--out", str(out)]) == 2
    finally:
        os.close(fd)
    err = capsys.readouterr().err
    assert "in use by another descent-lab train (process 4242)" in err
    assert sorted(os.listdir(out)) == [".descent-lab.lock"]
    # once released, the folder is usable
    assert main(["train", "--config", str(config), "--out", str(out)]) == 0
    assert (out / "a.safetensors").is_file()


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from lab.cli.main import main; sys.exit(main())",
            *args]


def _start_train(tmp_path: Path, out: Path, names, extra) -> subprocess.Popen:
    config = _experiment(tmp_path / "exp.toml", names, extra)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(_cli("train", "--config", str(config), "--out", str(out)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_for(path: Path, process: subprocess.Popen, timeout: float = 180.0) -> None:
    """Poll for a file the process writes (no fixed sleep: each wait is a short poll)."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"exited {process.returncode}: {process.communicate()[1]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} did not appear in {timeout} s")
        time.sleep(0.05)


def _stop(process: subprocess.Popen, signum: int = signal.SIGTERM) -> str:
    """Signal the process and collect its stderr; kill it if it does not end."""
    if process.poll() is None:
        process.send_signal(signum)
    try:
        return process.communicate(timeout=120)[1]
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise


def test_sigterm_keeps_finished_runs_and_a_second_job_is_refused(tmp_path):
    out = tmp_path / "out"
    process = _start_train(tmp_path, out, ["first", "second"],
                           {"second": "iterations = 100000\n"})
    try:
        _wait_for(out / "lr.png", process)  # the first run's plots: its results are all written
        # a second job on the same folder, while the first trains: refused, first unharmed
        config = _experiment(tmp_path / "other.toml", ["other"])
        second = subprocess.run(_cli("train", "--config", str(config), "--out", str(out)),
                                capture_output=True, text=True, timeout=300)
        assert second.returncode == 2, second.stderr
        assert "is in use by another descent-lab train (process " in second.stderr
        assert not (out / "other.safetensors").exists()
        assert process.poll() is None  # still training the long run
    finally:
        err = _stop(process)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err and "interrupted (SIGTERM)" in err
    rows = list(csv.DictReader(io.StringIO((out / "metrics.csv").read_text())))
    assert {r["run"] for r in rows} == {"first"} and len(rows) == 4
    for name in ("first.safetensors", "first.json", "first.pt", "loss.png", "accuracy.png"):
        assert (out / name).stat().st_size > 0
    assert [n for n in os.listdir(out) if n.endswith((".part", ".tmp"))] == []
    assert not (out / "second.safetensors").exists()


def test_metrics_csv_quotes_names(tmp_path):
    out = tmp_path / "out"
    names = ['a,b', 'say "hi"', "two\nlines"]
    config = _experiment(tmp_path / "exp.toml", names)
    assert main(["train", "--config", str(config), "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO((out / "metrics.csv").read_text(), newline="")))
    assert [r["run"] for r in rows] == [n for n in names for _ in range(4)]
    assert {len(r) for r in rows} == {8}


def test_non_oserror_from_a_writer_is_one_line(tmp_path, capsys, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("Error while serializing: I/O error: No space left on device "
                           "(os error 28)")

    monkeypatch.setattr("safetensors.torch.save_file", fail)
    config = _experiment(tmp_path / "exp.toml", ["a"])
    assert main(["train", "--config", str(config), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("descent-lab: error: cannot write ")
    assert err[-1].endswith("a.safetensors: No space left on device")
    assert not list((tmp_path / "out").glob("*.part"))


@pytest.fixture
def full_device(tmp_path):
    node = tmp_path / "full"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (PermissionError, AttributeError):
        return "/dev/full"
    return str(node)


def test_trajectory_csv_to_a_device_is_refused(full_device, capsys):
    assert main(["trajectory", "--steps", "3", "--csv", full_device]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("it is a device, not a regular file") and "\n" not in err
    assert stat.S_ISCHR(os.lstat(full_device).st_mode)


def test_repeated_optimizer_options_are_bounded(capsys):
    args = ["trajectory", "--csv", "-"]
    for _ in range(33):
        args += ["--optimizer", "sgd:lr=0.1"]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "optimizers must have at least 1 and at most 32 items (it has 33)" in captured.err
