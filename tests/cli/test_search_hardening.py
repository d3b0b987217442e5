"""Issue 7's classes on what the CLI gained since: `search` and `lr-find` options out of range,
a bad --data or --out found before a study exists, and `train --config` read with a bound."""

import os
import threading
import time

import pytest

from lab.cli.main import main
from tests.engine.search.conftest import tiny_config, tiny_mnist  # noqa: F401 (fixtures)


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "descent-lab" / "studies"


def _one_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    return lines[0]


@pytest.mark.parametrize("args, message", [
    (["--seed", "-1"], "seed must lie in [0, 4,294,967,295] (not -1)"),
    (["--seed", str(10**22)], "seed must lie in [0, 4,294,967,295]"),
    (["--epochs", str(10**13)], "epochs must lie in [1, 100000]"),
    (["--train-size", "-5"], "data: train_size must lie in [0, 100,000,000] (not -5)"),
    (["--trials", str(10**15)], "trials must lie in [1, 1,000,000]"),
    (["--stale-after", "nan"], "--stale-after must be a positive number of seconds (not nan)"),
    (["--stale-after", "-1"], "--stale-after must be a positive number of seconds"),
    (["--stale-after", "inf"], "--stale-after must be a positive number of seconds"),
    (["--study", "a\x01b"], "control characters"),
    (["--study", "x" * 201], "at most 200 characters"),
])  # fmt: skip
def test_search_options_out_of_range_exit_2_and_make_no_study(tmp_path, data_home, capsys,
                                                              args, message):
    code = main(["search", "--out", str(tmp_path / "out"), "--no-plots", *args])
    assert code == 2
    line = _one_line(capsys)
    assert line.startswith("descent-lab: error: ") and message in line, line
    assert not data_home.exists() or not any(data_home.iterdir())
    assert not (tmp_path / "out" / "trials.csv").exists()


def test_bad_data_or_out_are_found_before_the_study_is_made(tmp_path, data_home, capsys,
                                                           tiny_mnist):  # noqa: F811
    blocker = tmp_path / "file"
    blocker.write_text("x")
    common = ["search", "--trials", "2", "--epochs", "1", "--train-size", "100", "--no-plots"]
    assert main([*common, "--data", str(tmp_path / "absent"), "--out", str(tmp_path / "o")]) == 2
    assert "not a folder" in _one_line(capsys)
    assert main([*common, "--data", tiny_mnist, "--out", str(blocker / "out")]) == 2
    assert _one_line(capsys).startswith(f"descent-lab: error: cannot write to {blocker}")
    assert not data_home.exists() or not any(data_home.iterdir())  # no empty study left
    assert blocker.read_text() == "x"


@pytest.mark.parametrize("args, message", [
    (["--steps", str(10**12)], "--steps must lie in [2, 100000]"),
    (["--sweep", str(10**11)], "--sweep must lie in [2, 1000]"),
    (["--sweep", "3", "--epochs", "0"], "--epochs must lie in [1, 100000] (not 0)"),
    (["--train-size", "-5"], "--train-size must lie in [0, 100,000,000] (not -5)"),
    (["--seed", "-1"], "--seed must lie in [0, 4,294,967,295] (not -1)"),
    (["--seed", str(10**21)], "--seed must lie in [0, 4,294,967,295]"),
])  # fmt: skip
def test_lr_find_counts_are_bounded_before_anything_is_allocated(capsys, args, message,
                                                                 monkeypatch):
    def no_data(*a, **k):
        raise AssertionError("data was prepared before the options were checked")

    monkeypatch.setattr("lab.engine.search.data.prepare_data", no_data)
    assert main(["lr-find", *args]) == 2
    line = _one_line(capsys)
    assert line.startswith("descent-lab: error: ") and message in line, line


def test_an_endless_config_source_is_read_with_a_bound(tmp_path, capsys):
    """`--config` naming a pipe that never ends (or /dev/zero) is refused after the bound,
    not read until memory runs out. The writer gives up after 60 s: if the CLI read the whole
    stream, it would still be blocked in read() when the writer gives up."""
    from lab.engine.train.experiments import MAX_BYTES

    fifo = tmp_path / "endless.toml"
    os.mkfifo(fifo)
    done = threading.Event()
    gave_up = []

    def write() -> None:
        try:
            with open(fifo, "wb") as fh:
                fh.write(b"#" * (MAX_BYTES + 4096))
                fh.flush()
                if not done.wait(60):
                    gave_up.append(True)
        except BrokenPipeError:  # the reader stopped at its bound and closed the pipe
            pass

    writer = threading.Thread(target=write)
    writer.start()
    start = time.monotonic()
    try:
        code = main(["train", "--config", str(fifo), "--out", str(tmp_path / "out")])
    finally:
        done.set()
        writer.join()
    assert not gave_up, f"the whole stream was read ({time.monotonic() - start:.0f} s)"
    assert code == 2
    line = _one_line(capsys)
    assert f"cannot read {fifo}: larger than {MAX_BYTES:,} bytes" in line
    assert not (tmp_path / "out").exists()


def test_a_config_that_is_a_folder_or_the_zero_device(tmp_path, capsys):
    assert main(["train", "--config", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "Is a directory" in _one_line(capsys)
    if os.path.exists("/dev/zero"):
        assert main(["train", "--config", "/dev/zero", "--out", str(tmp_path / "out")]) == 2
        assert "too large to be read" in _one_line(capsys)


@pytest.mark.parametrize("holder, job", [(b"4242 search\n", "search"), (b"4242\n", "train")])
def test_an_out_folder_in_use_is_refused_before_a_study_is_made(tmp_path, data_home, capsys,
                                                                tiny_mnist, holder, job):  # noqa: F811
    """Two jobs writing one --out would mix their files: the second search is refused, as a
    second `train` is, and makes no study."""
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / ".descent-lab.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, holder)
        code = main(["search", "--trials", "2", "--epochs", "1", "--train-size", "100",
                     "--data", tiny_mnist, "--study", "s", "--out", str(out), "--no-plots"])
    finally:
        os.close(fd)
    assert code == 2
    assert f"is in use by another descent-lab {job} (process 4242)" in _one_line(capsys)
    assert sorted(os.listdir(out)) == [".descent-lab.lock"]
    assert not data_home.exists() or not any(data_home.iterdir())
    # released: the search runs and says in the lock file what holds the folder
    assert main(["search", "--trials", "2", "--epochs", "1", "--train-size", "100",
                 "--data", tiny_mnist, "--study", "s", "--out", str(out), "--no-plots"]) == 0
    assert (out / "trials.csv").is_file()
    assert (out / ".descent-lab.lock").read_text().split()[1] == "search"


def test_sigterm_stops_a_search_like_ctrl_c(tmp_path, tiny_mnist):  # noqa: F811
    """SIGTERM (a cluster's kill, a closed terminal's job control) is handled as Ctrl-C: the
    trials in flight are failed as interrupted (re-asked on resume), one line says how to
    resume, no traceback, exit 128 + 15."""
    import re
    import signal
    import subprocess
    import sys

    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from lab.cli.main import main; sys.exit(main())",
         "search", "--trials", "50", "--epochs", "100000", "--train-size", "100",
         "--data", tiny_mnist, "--study", "term", "--out", str(tmp_path / "out"),
         "--no-plots", "--batch-trials", "2"],
        stderr=subprocess.PIPE, text=True, env=env)
    try:
        first = process.stderr.readline()  # printed once the study is open
        assert first.startswith("study 'term'"), first
        journal = tmp_path / "xdg" / "descent-lab" / "studies" / "term.journal"
        deadline = time.monotonic() + 120
        while len(re.findall(r'"op_code":\s*4\b', journal.read_text())) < 2:  # trials asked
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        err = first + process.communicate(timeout=120)[1]
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err and "stopped; resume with --study term" in err


def test_a_journal_with_nan_values_shows_a_dash_not_nan(tmp_path, data_home, capsys,
                                                        tiny_config):  # noqa: F811
    """Issue 16: the progress line's best is "—" when the only complete trial is NaN."""
    from tests.engine.search.test_results import nan_study

    nan_study(data_home, tiny_config, real_trials=0)
    assert main(["search", "worker", "--study", "nan"]) == 0
    err = capsys.readouterr().err
    assert "1/1 trials done; best val acc — (the study's budget is reached)" in err, err
    assert "val acc nan" not in err


@pytest.fixture
def tiny_disk(tmp_path):
    """A 12 KiB tmpfs (a disk that fills after a few trials: each adds about 1.2 KiB to the
    journal); skipped without the right to mount one."""
    import subprocess

    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=12k", "tmpfs", str(disk)],
            capture_output=True).returncode != 0:  # fmt: skip
        pytest.skip("mounting a tmpfs needs root and a kernel that allows it here")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk_under_the_journal_names_the_journal_and_the_study_resumes(
        tmp_path, tiny_disk, tiny_mnist, capsys):  # noqa: F811
    """Issue 16: the journal's disk fills mid-search: one line naming the journal (not --out),
    no torn record, and once there is room the study resumes with every finished trial."""
    import subprocess

    from lab.engine.search.runner import counted_state
    from lab.engine.search.storage import check_journal
    from lab.engine.search.study import open_study

    journal, out = tiny_disk / "s.journal", tmp_path / "out"
    args = ["search", "--trials", "20", "--epochs", "1", "--train-size", "100", "--batch-trials",
            "2", "--data", tiny_mnist, "--study", "s", "--storage", str(journal),
            "--out", str(out), "--no-plots"]
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"descent-lab: error: {journal}: cannot write the study file: "
                          "No space left on device"), err
    assert str(out) not in err
    assert check_journal(journal) == 0  # every record whole
    finished = [t.number for t in open_study("s", storage=str(journal)).study.get_trials()
                if counted_state(t) == "complete"]
    assert finished
    subprocess.run(["mount", "-o", "remount,size=4m", str(tiny_disk)], check=True)
    # the trials in flight stayed "running" (their release could not be written); a resume in
    # another process re-asks them at once (their pid is gone), this one after --stale-after
    assert main([*args, "--stale-after", "0.5"]) == 0
    trials = open_study("s", storage=str(journal)).study.get_trials()
    assert sum(counted_state(t) == "complete" for t in trials) == 20
    assert all(counted_state(trials[n]) == "complete" for n in finished)
