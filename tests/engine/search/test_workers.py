"""Worker processes on one study: a journal file shared by two, a worker killed mid-batch
(SIGKILL), and a PostgreSQL study with two workers on a throwaway server."""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest

from lab.engine.search.runner import counted_state, run_worker
from lab.engine.search.storage import journal_path
from lab.engine.search.study import open_study

ROOT = Path(__file__).resolve().parents[3]


def worker(storage: str, study: str) -> subprocess.Popen:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([sys.executable, "-m", "lab", "search", "worker", "--storage",
                             storage, "--study", study], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(*procs: subprocess.Popen, timeout: float = 240) -> list[str]:
    outputs = []
    for proc in procs:
        _, err = proc.communicate(timeout=timeout)
        assert proc.returncode == 0, err
        outputs.append(err)
    return outputs


def check_complete_study(study, budget: int) -> None:
    """Exactly ``budget`` trials counted, no number or parameter set trained twice."""
    trials = study.get_trials()
    done = [t for t in trials if counted_state(t) in ("complete", "pruned", "diverged")]
    assert len(done) == budget, [counted_state(t) for t in trials]
    assert not [t for t in trials if counted_state(t) in ("running", "waiting")]
    assert len({t.number for t in done}) == budget
    assert len({tuple(sorted(t.params.items())) for t in done}) == budget
    assert all(len(t.user_attrs["curves"]["val_acc"]) >= 1 for t in done)


@pytest.mark.slow
def test_two_worker_processes_complete_one_journal_study(tmp_path, tiny_config):
    config = replace(tiny_config, trials=12, batch_trials=2, epochs=4)
    path = str(journal_path(tmp_path, "shared"))
    handle = open_study("shared", config, storage=path)
    logs = finish(worker(path, "shared"), worker(path, "shared"))
    assert all("budget is reached" in log for log in logs)
    check_complete_study(handle.study, 12)


@pytest.mark.slow
def test_a_worker_killed_mid_batch_loses_only_its_trials_in_flight(tmp_path, tiny_config):
    config = replace(tiny_config, trials=8, batch_trials=2, epochs=40)
    path = str(journal_path(tmp_path, "killed"))
    handle = open_study("killed", config, storage=path)
    proc = worker(path, "killed")
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        trials = handle.study.get_trials()
        states = [counted_state(t) for t in trials]
        if states.count("complete") >= 2 and "running" in states:
            break
        assert proc.poll() is None, proc.communicate()[1]
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    kept = {t.number: (t.params, t.value) for t in handle.study.get_trials()
            if t.state.name == "COMPLETE"}
    in_flight = {t.number: t.params for t in handle.study.get_trials()
                 if t.state.name == "RUNNING"}
    assert len(kept) >= 2 and in_flight
    # a restart on the same machine: the dead worker's trials are failed as lost, re-asked
    resumed = open_study("killed", storage=path)
    list(run_worker(resumed, "cpu"))
    trials = resumed.study.get_trials()
    after = {t.number: (t.params, t.value) for t in trials if t.state.name == "COMPLETE"}
    assert all(after[n] == kept[n] for n in kept)  # finished trials kept as they were
    assert {t.number for t in trials if counted_state(t) == "lost"} == set(in_flight)
    retried = {t.user_attrs["retry_of"]: t.params for t in trials if "retry_of" in t.user_attrs}
    assert set(retried) == set(in_flight)  # every lost trial asked again...
    # ...with every parameter it had; a trial killed between ask and the end of its
    # suggestions had only some (or none) yet, and its retry draws the rest afresh
    for number, params in in_flight.items():
        assert {k: retried[number][k] for k in params} == params
        assert set(retried[number]) == {"lr", "weight_decay"}
    check_complete_study(resumed.study, 8)


def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


@pytest.fixture
def postgres_url():
    """A throwaway PostgreSQL server on a loopback port, stopped at the end."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install "
                        "'descent-lab[postgres]')")
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed "
                    "(apt-get install postgresql)")
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = tempfile.mkdtemp(prefix="descent-lab-pg-")
    if as_postgres:  # initdb refuses to run as root
        shutil.chown(folder, "postgres", "postgres")
    data = os.path.join(folder, "data")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def run(*args):
        subprocess.run([*as_postgres, *args], check=True, capture_output=True, text=True)

    run(f"{bin_dir}/initdb", "-D", data, "--auth=trust", "-U", "postgres")
    run(f"{bin_dir}/pg_ctl", "-D", data, "-w", "-l", os.path.join(folder, "log"), "-o",
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start")
    try:
        run(f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
            "studies")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/studies"
    finally:
        run(f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
def test_a_postgresql_study_with_two_workers(postgres_url, tiny_config):
    config = replace(tiny_config, trials=10, batch_trials=2, epochs=3)
    handle = open_study("pg", config, storage=postgres_url)
    assert handle.where.startswith("postgresql+psycopg://postgres@127.0.0.1")
    logs = finish(worker(postgres_url, "pg"), worker(postgres_url, "pg"))
    assert all("budget is reached" in log for log in logs)
    check_complete_study(handle.study, 10)
    handle.close()  # its connections, before the server stops
