"""The headless CLI: CSV output, one-line errors with non-zero exit, benchmark JSON."""

import csv
import io
import json
import math

import pytest

from lab.cli.main import main


def test_trajectory_csv_matches_the_issue_example(capsys):
    code = main(["trajectory", "--function", "book", "--optimizer", "adam:lr=0.3",
                 "--optimizer", "sgd:lr=0.95", "--start", "-7,2", "--steps", "30", "--csv", "-"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["optimizer", "step", "x", "y", "loss", "lr", "grad_x", "grad_y",
                             "delta_x", "delta_y", "exp_avg_x", "exp_avg_y", "exp_avg_sq_x",
                             "exp_avg_sq_y"]  # the optimizers' state (docs/cli.md)
    assert len(rows) == 2 * 31
    adam_1, sgd_1 = rows[1], rows[32]
    assert float(adam_1["grad_x"]) == pytest.approx(-0.7) and sgd_1["exp_avg_x"] == ""
    assert float(adam_1["exp_avg_x"]) == pytest.approx(0.1 * -0.7)  # m = (1 - β₁)·g
    assert float(sgd_1["delta_y"]) == pytest.approx(-0.95 * 4)  # Δθ = −η·g
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
    (["--start", "1;2"], "start must have 2 items (it has 1)"),
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
    assert list(tmp_path.iterdir()) == []  # the missing folder was not made, nothing written


def test_csv_to_a_file(tmp_path):
    target = tmp_path / "out.csv"
    assert main(["trajectory", "--steps", "5", "--csv", str(target)]) == 0
    assert target.read_text().startswith("optimizer,step,x,y,loss,lr,grad_x,grad_y,delta_x,")
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.mark.slow
def test_bench_trajectories_json(capsys):
    assert main(["bench", "trajectories", "--json", "--quick"]) == 0
    figures = json.loads(capsys.readouterr().out)
    # the figures' arithmetic (medians of the named work, in ms) is tests/bench/test_suites.py;
    # here: the real run reports exactly these, each a finite time, the ratio of two of them
    assert set(figures) == {"traj_7x1000_ms", "sweep_7x100x500_ms", "torch_optim_7x1000_ms",
                            "speedup_vs_torch_optim", "sweep2d_60x60x500_ms",
                            "sweep2d_sequential_60x60x500_ms", "sweep2d_speedup"}
    assert all(math.isfinite(v) and v > 0 for v in figures.values()), figures
    assert figures["speedup_vs_torch_optim"] == pytest.approx(
        figures["torch_optim_7x1000_ms"] / figures["traj_7x1000_ms"])
    assert figures["sweep2d_speedup"] == pytest.approx(
        figures["sweep2d_sequential_60x60x500_ms"] / figures["sweep2d_60x60x500_ms"])


@pytest.mark.slow
def test_bench_startup_launches_the_real_app(capsys):
    assert main(["bench", "startup", "--json", "--quick"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert set(figures) == {"first_paint_ms", "first_trajectory_warm_ms", "bare_python_ms"}
    assert all(math.isfinite(v) for v in figures.values()), figures
    # a launch that paints a window takes longer than an interpreter that does nothing
    assert figures["first_paint_ms"] > figures["bare_python_ms"] > 0
    assert figures["first_trajectory_warm_ms"] > figures["bare_python_ms"]


def test_activations_json_has_the_documented_shape(capsys):
    assert main(["activations", "--activation", "relu", "--init", "he", "--layers", "5",
                 "--width", "100", "--samples", "1000", "--seed", "0", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [layer["index"] for layer in data["layers"]] == [1, 2, 3, 4, 5]
    keys = {"mean", "std", "min", "max", "saturated_frac", "dead_frac", "nonfinite", "hist"}
    for layer in data["layers"]:
        for kind in ("activation", "preactivation", "gradient"):
            assert set(layer[kind]) == keys
            assert len(layer[kind]["hist"]["counts"]) == 30
        assert layer["weight_grad_norm"] > 0


@pytest.mark.parametrize("args", [["--init", "normal", "--std", "0.01"], ["--init", "book-xavier"],
                                  ["--norm", "batch", "--bias"], ["--bins", "10"]])
def test_activations_options(capsys, args):
    assert main(["activations", *args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["layers"]


def test_activations_overflow_is_valid_json(capsys):
    # 200 samples: the same overflow as the default 1000 (per example), at a tenth of the cost
    assert main(["activations", "--activation", "linear", "--init", "normal", "--std", "10",
                 "--layers", "50", "--samples", "200", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["layers"][-1]["activation"]["nonfinite"] == 200 * 100


@pytest.mark.parametrize("args, message", [(["--activation", "swish"], "activation must be"),
                                           (["--layers", "0"], "depth must lie in [1, 50] (not 0)"),
                                           (["--init", "magic"], "unknown initializer"),
                                           (["--norm", "group"], "norm must be")])
def test_activations_bad_values(capsys, args, message):
    assert main(["activations", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and message in err


@pytest.mark.slow
def test_bench_activations_json(capsys):
    assert main(["bench", "activations", "--json", "--quick"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert set(figures) == {"probe_5x100_ms", "probe_50x500_ms",
                            "bare_forward_backward_50x500_ms"}
    assert all(math.isfinite(v) and v > 0 for v in figures.values()), figures


def test_presets_lists_every_lab(capsys):
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    for key in ("book-optimizers", "book-init", "book-batchnorm", "book-weight-decay",
                "book-dropout", "book-fig-6-8", "book-sigmoid-std1"):
        assert key in out


@pytest.mark.slow
def test_train_preset_writes_metrics_weights_and_plots(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["train", "--preset", "book-optimizers", "--iterations", "20", "--seed", "0",
                 "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO((out / "metrics.csv").read_text())))
    assert {"run", "iteration", "epoch", "loss", "lr", "train_acc", "val_acc"} <= set(rows[0])
    assert {r["run"] for r in rows} == {"sgd", "momentum", "adagrad", "adam"}
    assert any(r["train_acc"] for r in rows)
    for run in ("sgd", "momentum", "adagrad", "adam"):
        for suffix in (".safetensors", ".json", ".pt"):
            assert (out / f"{run}{suffix}").is_file()
    for plot in ("loss.png", "accuracy.png"):
        assert (out / plot).read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
def test_train_config_file(tmp_path):
    config = tmp_path / "exp.toml"
    config.write_text('[[run]]\nname = "tiny"\niterations = 15\n'
                      'optimizer = "adam:lr=0.001"\nmodel = { hidden = [32] }\n'
                      'data = { train_size = 500 }\n')
    assert main(["train", "--config", str(config), "--out", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "tiny.safetensors").is_file()
    from lab.engine.train.experiments import parse_experiment
    from lab.engine.train.weights import run_config

    meta = json.loads((tmp_path / "o" / "tiny.json").read_text())
    (expected,) = parse_experiment(config.read_text())  # the weights say how they were made
    assert run_config(meta) == expected


def test_train_bad_config_lists_every_problem(tmp_path, capsys):
    config = tmp_path / "bad.toml"
    config.write_text('[[run]]\nname = "a"\nlr = 3\nbatch_size = "x"\n')
    assert main(["train", "--config", str(config), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "2 problem(s)" in err and "unknown key 'lr'" in err and "batch_size" in err


def test_train_unknown_preset_and_bad_data(tmp_path, capsys):
    assert main(["train", "--preset", "nope", "--out", str(tmp_path)]) == 2
    assert "unknown preset" in capsys.readouterr().err
    assert main(["train", "--preset", "book-init", "--iterations", "2", "--data",
                 str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert "not a folder" in capsys.readouterr().err
