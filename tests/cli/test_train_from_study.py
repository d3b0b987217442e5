"""``descent-lab train --from-study STORAGE --study NAME --trial N --out DIR``: a trial of a
study trained headless as a run, through the same mapping as the window's "Train this
configuration"; its metrics are any run's, and its validation curve is the trial's."""

import csv
import io
from dataclasses import replace

import pytest

from lab.cli.main import main
from lab.engine.search.data import prepare_data
from lab.engine.search.runner import run_worker
from lab.engine.search.space import FloatParam
from lab.engine.search.study import open_study
from tests.engine.search.conftest import tiny_mnist, tiny_search  # noqa: F401 (a fixture)


@pytest.fixture(scope="module")
def study(tmp_path_factory, tiny_mnist):  # noqa: F811
    """A finished two-trial study in a journal file of its own (shared by the tests here,
    which only read it)."""
    journal = str(tmp_path_factory.mktemp("study") / "tiny.journal")
    tiny = tiny_search(tiny_mnist)
    config = replace(tiny, trials=2, batch_trials=2,
                     space=tiny.space + (FloatParam("dropout", 0.0, 0.4),))
    handle = open_study("tiny", config, journal)
    for _ in run_worker(handle, "cpu"):
        pass
    return journal, handle


def test_a_trial_trains_as_a_run_and_writes_its_metrics(tmp_path, study, capsys):
    journal, handle = study
    trial = max(handle.study.get_trials(), key=lambda t: t.value)
    out = tmp_path / "out"
    assert main(["train", "--from-study", journal, "--study", "tiny", "--trial",
                 str(trial.number), "--out", str(out)]) == 0
    assert "tiny-trial-" in capsys.readouterr().err
    stem = f"tiny-trial-{trial.number}"
    assert {p.name for p in out.iterdir()} >= {"metrics.csv", f"{stem}.safetensors",
                                               f"{stem}.json"}
    rows = list(csv.DictReader(io.StringIO((out / "metrics.csv").read_text())))
    val = [float(r["val_acc"]) for r in rows if r["val_acc"]]
    stored = trial.user_attrs["curves"]["val_acc"]
    n_val = len(prepare_data(handle.config.data).val_x)
    assert len(val) == len(stored) == handle.config.epochs
    assert max(abs(a - b) for a, b in zip(val, stored, strict=True)) <= 1 / n_val + 1e-6
    assert {r["run"] for r in rows} == {stem}


@pytest.mark.parametrize("args, message", [
    (["--study", "tiny", "--trial", "99"], "has no trial 99"),
    (["--study", "absent", "--trial", "0"], "no study named 'absent'"),
    (["--study", "tiny"], "--from-study needs --study NAME and --trial N"),
])  # fmt: skip
def test_a_trial_that_is_not_there_is_one_clear_line(tmp_path, study, capsys, args, message):
    journal, _handle = study
    assert main(["train", "--from-study", journal, *args, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1, err
    assert not (tmp_path / "o").exists()


def test_a_missing_storage_or_a_stray_option_is_refused(tmp_path, capsys):
    absent = tmp_path / "absent.journal"
    assert main(["train", "--from-study", str(absent), "--study", "s", "--trial", "0",
                 "--out", str(tmp_path / "o")]) == 2
    assert "no study file there" in capsys.readouterr().err and not absent.exists()
    assert main(["train", "--preset", "book-init", "--trial", "3", "--out",
                 str(tmp_path / "o")]) == 2
    assert "--study and --trial go with --from-study" in capsys.readouterr().err
