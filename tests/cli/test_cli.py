"""The headless CLI: CSV output, one-line errors with non-zero exit, benchmark JSON."""

import csv
import io
import json

import pytest

from lab.cli import main


def test_trajectory_csv_matches_the_issue_example(capsys):
    code = main(["trajectory", "--function", "book", "--optimizer", "adam:lr=0.3",
                 "--optimizer", "sgd:lr=0.95", "--start", "-7,2", "--steps", "30", "--csv", "-"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["optimizer", "step", "x", "y", "loss", "lr"]
    assert len(rows) == 2 * 31
    first = rows[0]
    assert (first["optimizer"], first["step"], float(first["x"]), float(first["y"])) == (
        "adam", "0", -7.0, 2.0)
    assert float(first["loss"]) == pytest.approx(49 / 20 + 4)
    assert {float(r["lr"]) for r in rows if r["optimizer"] == "sgd"} == {0.95}


def test_typed_function_and_schedule(capsys):
    assert main(["trajectory", "--function", "x**2 + 3*y**2", "--optimizer", "sgd:lr=0.1",
                 "--schedule", "step:step_size=5,gamma=0.5", "--steps", "10",
                 "--start", "1,1", "--csv", "-"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert float(rows[6]["lr"]) == pytest.approx(0.05)


@pytest.mark.parametrize("args, message", [
    (["--function", "__import__('os').system('x')"], "attribute access"),
    (["--function", "9**9**9"], "too large"),
    (["--optimizer", "adamx"], "unknown optimizer"),
    (["--optimizer", "adam:lr=-2"], "lr must be positive"),
    (["--schedule", "cosine:T=3"], "no parameter T"),
    (["--start", "1;2"], "--start takes X,Y"),
    (["--steps", "0"], "steps must lie in"),
])
def test_bad_input_exits_non_zero_with_one_line(capsys, args, message):
    assert main(["trajectory", *args, "--csv", "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert "\n" not in err and message in err


def test_csv_to_an_unwritable_path_leaves_nothing(tmp_path, capsys):
    target = tmp_path / "missing" / "out.csv"
    assert main(["trajectory", "--csv", str(target)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not target.exists()


def test_csv_to_a_file(tmp_path):
    target = tmp_path / "out.csv"
    assert main(["trajectory", "--steps", "5", "--csv", str(target)]) == 0
    assert target.read_text().startswith("optimizer,step,x,y,loss,lr\n")
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_bench_trajectories_json(capsys):
    assert main(["bench", "trajectories", "--json", "--quick"]) == 0
    figures = json.loads(capsys.readouterr().out)
    for key in ("traj_7x1000_ms", "sweep_7x100x500_ms", "torch_optim_7x1000_ms"):
        assert figures[key] > 0


def test_bench_startup_launches_the_real_app(capsys):
    assert main(["bench", "startup", "--json", "--quick"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["first_paint_ms"] > figures["bare_python_ms"] > 0
