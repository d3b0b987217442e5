"""descent-lab search / search worker / lr-find, end to end on a small MNIST-format folder."""

import csv
import json

import pytest

from lab.cli.main import main
from tests.engine.search.conftest import tiny_mnist  # noqa: F401 (a fixture)


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "descent-lab" / "studies"


def search(out, folder, *extra):
    return main(["search", "--preset", "book-random-search", "--epochs", "2", "--data",
                 folder, "--train-size", "100", "--batch-trials", "3", "--study", "cli",
                 "--out", str(out), *extra])


def rows(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def test_search_writes_trials_csv_and_plots_and_resumes(tmp_path, tiny_mnist, data_home,  # noqa: F811
                                                        capsys):
    assert search(tmp_path / "a", tiny_mnist, "--trials", "4") == 0
    first = rows(tmp_path / "a" / "trials.csv")
    assert len(first) == 4 and {"lr", "weight_decay", "val_acc", "state"} <= first[0].keys()
    assert all(r["state"] == "complete" for r in first)
    assert all(1e-6 <= float(r["lr"]) <= 1e-2 and 1e-8 <= float(r["weight_decay"]) <= 1e-4
               for r in first)  # fmt: skip
    assert all(0 <= float(r["val_acc"]) <= 1 and r["epochs"] == "2" for r in first)
    for name in ("lr_wd_scatter.png", "top20_curves.png"):
        assert (tmp_path / "a" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (data_home / "cli.journal").is_file()
    # the same study again with a larger budget: resumed, the first four kept as they were
    assert search(tmp_path / "b", tiny_mnist, "--trials", "6", "--no-plots") == 0
    second = rows(tmp_path / "b" / "trials.csv")
    assert len(second) == 6 and second[:4] == first
    assert not (tmp_path / "b" / "top20_curves.png").exists()
    # a worker joining the finished study by name stops at once
    assert main(["search", "worker", "--study", "cli"]) == 0
    assert "budget is reached" in capsys.readouterr().err


def test_a_damaged_study_file_gets_one_clear_line_and_is_left_alone(tmp_path, tiny_mnist,  # noqa: F811
                                                                    data_home, capsys):
    data_home.mkdir(parents=True)
    journal = data_home / "cli.journal"
    journal.write_bytes(b"\x00\x01 not a journal\n")
    assert search(tmp_path / "out", tiny_mnist, "--trials", "2") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "damaged at line 1" in err[0] and str(journal) in err[0]
    assert journal.read_bytes() == b"\x00\x01 not a journal\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, message", [
    (["search", "worker"], "needs --study"),
    (["search", "--preset", "nope", "--out", "x"], "unknown search preset"),
    (["search", "--trials", "0", "--out", "x"], "trials must lie in [1, 1,000,000] (not 0)"),
    (["search", "worker", "--study", "absent"], "no study named 'absent'"),
    (["search", "--storage", "postgresql+psycopg://u:secret@127.0.0.1:1/db", "--study", "x",
      "--out", "x"], "cannot open the study storage"),
])  # fmt: skip
def test_bad_search_input_exits_2_with_one_line(args, message, data_home, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert "secret" not in err


def test_lr_find_prints_the_suggestions_and_the_sweeps_best(tiny_mnist, capsys):  # noqa: F811
    assert main(["lr-find", "--data", tiny_mnist, "--train-size", "100", "--steps", "40",
                 "--lr-min", "1e-4", "--lr-max", "100", "--sweep", "4", "--epochs", "1",
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result["suggestions"]) == {"steepest", "min/10"}
    assert len(result["sweep_lrs"]) == 4
    assert result["sweep_best_val_acc"] == max(result["sweep_val_acc"])


def test_presets_lists_the_search_presets(capsys):
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    assert "search lab" in out and "book-random-search" in out
