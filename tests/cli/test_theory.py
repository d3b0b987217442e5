"""`descent-lab theory`: the book's figures as JSON, errors predicted beside observed, and one
clear line for a function with no point to expand around."""

import json

import numpy as np
import pytest

from lab.cli.main import main


def _json(capsys, *argv):
    assert main(["theory", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_books_figures(capsys):
    figures = _json(capsys)
    assert figures["condition_number"] == pytest.approx(20)
    assert figures["stability_limit"] == pytest.approx(1.0)
    assert figures["best_lr"] == pytest.approx(0.952, abs=5e-4)
    assert figures["best_contraction"] == pytest.approx(19 / 21)
    assert (figures["heavy_ball_lr"], figures["heavy_ball_momentum"],
            figures["heavy_ball_rate"]) == pytest.approx((1.336, 0.403, 0.635), abs=5e-4)


def test_a_point_and_a_runs_errors(capsys):
    figures = _json(capsys, "--function", "quadratic:kappa=4", "--at", "-1,2",
                    "--optimizer", "momentum:lr=0.2,momentum=0.5", "--start", "-3,1",
                    "--steps", "25")
    assert figures["at_minimum"] is False and figures["point"] == [-1.0, 2.0]
    assert figures["model_center"] == pytest.approx([0.0, 0.0], abs=1e-9)
    assert figures["eigenvalues"] == pytest.approx([1.0, 4.0])
    errors = figures["errors"]
    assert len(errors["observed"]) == 26
    # a quadratic's model at any point is the function itself: the same errors from there
    assert np.allclose(errors["predicted"], errors["observed"], rtol=1e-9, atol=1e-9)


def test_text_output_names_the_figures(capsys):
    assert main(["theory", "--function", "rosenbrock"]) == 0
    out = capsys.readouterr().out
    assert "not a quadratic" in out and "condition number κ: 2508" in out


@pytest.mark.parametrize("argv, message", [
    (["--function", "saddle"], "no known minimum"),
    (["--at", "1"], "--at takes two finite numbers"),
    (["--at", "nan,1"], "--at takes two finite numbers"),
    (["--optimizer", "adam:lr=0.1"], "closed form only for sgd, momentum, nesterov"),
    (["--function", "x+*2"], "syntax error"),
])
def test_bad_input_is_one_line(capsys, argv, message):
    assert main(["theory", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_sweep2d_json_and_csv(capsys, tmp_path):
    assert main(["sweep2d", "--steps", "200", "--lr-count", "8", "--value-count", "5",
                 "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["parameter"] == "momentum" and len(figures["lrs"]) == 8
    assert np.shape(figures["steps_to_tolerance"]) == (5, 8)
    lr, beta, steps = figures["best"]
    assert figures["steps_to_tolerance"][figures["values"].index(beta)][
        figures["lrs"].index(lr)] == steps
    out = tmp_path / "map.csv"
    assert main(["sweep2d", "--optimizer", "adam:lr=0.1", "--lr-count", "3", "--value-count",
                 "2", "--csv", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert lines[0].startswith("lr,beta1,") and len(lines) == 7


def test_sweep2d_refuses_a_method_without_momentum(capsys):
    assert main(["sweep2d", "--optimizer", "sgd"]) == 2
    assert "neither momentum nor β₁" in capsys.readouterr().err
