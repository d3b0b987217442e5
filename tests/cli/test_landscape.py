"""``descent-lab train --snapshots/--sharpness`` and ``descent-lab landscape`` end to end on a
tiny MNIST folder: the files, the JSON's paths on the shared plane, CSV, clear refusals."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from lab.cli.main import main
from tests.cli.test_headless import _tiny_train_folder

RUNS = ('[defaults]\niterations = 6\nbatch_size = 20\nmodel = { hidden = [8] }\n'
        'eval_every = -1\nfinal_evaluation = false\n'
        '[[run]]\nname = "sgd"\noptimizer = "sgd:lr=0.1"\n'
        '[[run]]\nname = "adam"\noptimizer = "adam:lr=0.01"\n')


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """Two runs from one seed, trained headless with snapshots and sharpness (no PNG plots)."""
    from lab.cli.headless import train_all
    from lab.engine.train.experiments import parse_experiment
    from lab.engine.train.landscape.probes import ProbeConfig

    tmp = tmp_path_factory.mktemp("landscape")
    folder = _tiny_train_folder(tmp)
    runs = parse_experiment(RUNS.replace("[defaults]\n", f'[defaults]\ndata = {{ folder = '
                                                         f'"{folder}" }}\n'))  # fmt: skip
    out = tmp / "out"
    out.mkdir()
    lines: list[str] = []
    train_all(runs, out, log=lines.append,
              probes=ProbeConfig(snapshot_every=2, sharpness_every=3, samples=50))
    # no final evaluation: the log says how the run ended, not "diverged at iteration None"
    assert lines == ["sgd: 6 iterations, finished", "adam: 6 iterations, finished"]
    return out


def test_train_keeps_snapshots_and_writes_sharpness_csv(trained):
    assert (trained / "sgd.snapshots.safetensors").is_file()
    rows = list(csv.DictReader(io.StringIO((trained / "sharpness.csv").read_text())))
    assert [(r["run"], r["iteration"]) for r in rows] == [
        ("sgd", "0"), ("sgd", "3"), ("sgd", "6"), ("adam", "0"), ("adam", "3"), ("adam", "6")]
    assert float(rows[0]["threshold"]) == pytest.approx(20.0)  # 2/η for SGD at η = 0.1
    assert rows[0]["preconditioned"] == "" and float(rows[-1]["preconditioned"]) > 0


def test_the_shared_plane_holds_both_paths(trained, capsys):
    assert main(["landscape", "--run", str(trained / "sgd"), "--with", str(trained / "adam"),
                 "--grid", "5", "--samples", "40", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["plane"] == "pca" and out["runs"] == ["sgd", "adam"]
    assert len(out["explained_variance"]) == 2 and sum(out["explained_variance"]) <= 1 + 1e-9
    assert out["shape"] == [5, 5] and len(out["loss"]) == 25 and None not in out["loss"]
    sgd, adam = out["paths"]["sgd"], out["paths"]["adam"]
    assert sgd["iterations"] == [0, 2, 4, 6]
    assert sgd["coords"][0] == pytest.approx(adam["coords"][0])  # one initialisation
    assert sgd["coords"][-1] == pytest.approx([0.0, 0.0], abs=1e-5)  # centred on sgd's end
    lo, hi = min(out["alphas"]), max(out["alphas"])
    assert all(lo <= c[0] <= hi for c in sgd["coords"] + adam["coords"])


def test_a_line_from_initial_to_final_weights_as_csv(trained, capsys):
    assert main(["landscape", "--run", str(trained / "sgd"), "--plane", "line", "--grid", "5",
                 "--samples", "40", "--csv", "-"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    ts = [float(r["t"]) for r in rows]
    assert ts == pytest.approx(list(np.linspace(-0.5, 1.5, 5)))
    losses = [float(r["loss"]) for r in rows]
    assert losses[3] < losses[1]  # t = 1 (trained) below t = 0 (initial)


def test_random_and_hessian_planes(trained, capsys, tmp_path):
    target = tmp_path / "grid.csv"
    assert main(["landscape", "--run", str(trained / "adam"), "--plane", "random",
                 "--grid", "3", "--samples", "30", "--csv", str(target)]) == 0
    assert len(target.read_text().splitlines()) == 1 + 9
    assert main(["landscape", "--run", str(trained / "adam"), "--plane", "hessian",
                 "--grid", "5", "--samples", "30"]) == 0
    assert "sharpness (top Hessian eigenvalue)" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["--run", "{out}/missing"], "not a weights file"),
    (["--run", "{out}/sgd", "--grid", "1"], "grid"),
    (["--run", "{out}/sgd", "--plane", "hessian", "--with", "{out}/adam"], "leave out --with"),
])
def test_bad_requests_are_one_clear_line(trained, capsys, args, message):
    args = [a.format(out=trained) for a in args]
    assert main(["landscape", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("descent-lab: error:") and message in err and len(err.splitlines()) == 1


def test_a_pca_plane_needs_snapshots(trained, tmp_path, capsys):
    import shutil

    for suffix in (".safetensors", ".json", ".pt"):
        shutil.copy(trained / f"sgd{suffix}", tmp_path / f"bare{suffix}")
    assert main(["landscape", "--run", str(tmp_path / "bare"), "--grid", "3"]) == 2
    assert "--snapshots every=K" in capsys.readouterr().err
    assert main(["landscape", "--run", str(tmp_path / "bare"), "--plane", "line", "--grid", "3",
                 "--samples", "20"]) == 0  # a line needs no snapshots: the seed rebuilds θ₀
    from lab.engine.train.landscape.job import load_run

    kept, rebuilt = load_run(trained / "sgd"), load_run(tmp_path / "bare")
    assert rebuilt.snapshots is None
    assert bool((rebuilt.initial() == kept.initial()).all())
    assert not bool((kept.initial() == kept.final).all())


def test_train_options_are_checked_before_training(tmp_path, capsys):
    config = tmp_path / "exp.toml"
    config.write_text(RUNS)
    assert main(["train", "--config", str(config), "--out", str(tmp_path / "o"),
                 "--sharpness", "every=2,samples=0"]) == 2
    assert "samples" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_png_of_the_shared_plane(trained, tmp_path):
    target = tmp_path / "plane.png"
    assert main(["landscape", "--run", str(trained / "sgd"), "--with", str(trained / "adam"),
                 "--grid", "5", "--samples", "30", "--png", str(target)]) == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_npz_holds_the_grid_and_the_paths_without_pickle(trained, tmp_path):
    target = tmp_path / "plane.npz"
    assert main(["landscape", "--run", str(trained / "sgd"), "--with", str(trained / "adam"),
                 "--grid", "4", "--samples", "30", "--npz", str(target)]) == 0
    with np.load(target, allow_pickle=False) as data:
        assert data["loss"].shape == (4, 4) and data["betas"].shape == (4,)
        assert list(data["runs"]) == ["sgd", "adam"]
        assert data["path_1_coords"].shape == (4, 2)
        assert list(data["path_0_iterations"]) == [0, 2, 4, 6]


@pytest.mark.slow
def test_a_preset_turns_its_probes_on_and_the_flags_override_them(tmp_path):
    out = tmp_path / "eos"
    assert main(["train", "--preset", "edge-of-stability", "--iterations", "2",
                 "--sharpness", "every=1,samples=100", "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO((out / "sharpness.csv").read_text())))
    assert [(r["run"], r["iteration"]) for r in rows] == [
        (run, str(i)) for run in ("gd-0.15", "gd-0.25") for i in range(3)]
    assert float(rows[0]["threshold"]) == pytest.approx(2 / 0.15)
    assert not list(out.glob("*.snapshots.safetensors"))  # the preset keeps none
    plane = tmp_path / "plane"
    assert main(["train", "--preset", "landscape-optimizers", "--iterations", "2",
                 "--out", str(plane)]) == 0
    assert sorted(p.name for p in plane.glob("*.snapshots.safetensors")) == [
        f"{run}.snapshots.safetensors" for run in ("adagrad", "adam", "momentum", "sgd")]
    assert not (plane / "sharpness.csv").exists()


@pytest.mark.slow
def test_batch_norm_widens_the_basin_around_the_final_weights(tmp_path, capsys):
    """The landscape-batchnorm preset's claim, in numbers: on each run's own filter-normalised
    random plane, at half the plane's span the loss around batch norm's final weights is well
    below the plain network's (0.9 vs 1.7-2.0 over three direction seeds when written)."""
    out = tmp_path / "bn"
    assert main(["train", "--preset", "landscape-batchnorm", "--out", str(out)]) == 0
    rims = {}
    for run in ("batchnorm", "plain"):
        capsys.readouterr()
        assert main(["landscape", "--run", str(out / run), "--plane", "random", "--grid", "21",
                     "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        loss = np.asarray(data["loss"], dtype=float).reshape(data["shape"])
        a, b = np.meshgrid(data["alphas"], data["betas"], indexing="ij")
        rim = np.abs(np.hypot(a, b) - 0.5) < 0.06
        rims[run] = float(loss[rim].mean())
        assert loss[10, 10] < rims[run]  # the plane is centred on the final weights
    assert rims["batchnorm"] < 0.75 * rims["plain"]


def test_sharpness_now_adds_an_on_demand_point_to_the_runs_csv(trained, tmp_path, capsys):
    import shutil

    from lab.engine.train.landscape.probed_run import read_sharpness

    out = tmp_path / "out"
    shutil.copytree(trained, out)  # the module's folder stays as train wrote it
    before = read_sharpness(out / "sharpness.csv")
    assert main(["landscape", "--run", str(out / "adam"), "--sharpness", "--samples", "50",
                 "--json"]) == 0
    point = json.loads(capsys.readouterr().out)
    rows = read_sharpness(out / "sharpness.csv")
    assert rows[:-1] == before and rows[-1].on_demand and len(rows) == len(before) + 1
    last = rows[-1]
    assert (point["run"], point["iteration"]) == (last.run, last.iteration) == ("adam", 6)
    assert point["sharpness"] == last.sharpness
    # the same weights and images the run's own last point was measured on (no optimizer
    # state after training: λ₁(H), not the preconditioned value)
    assert last.sharpness == pytest.approx(before[-1].sharpness, rel=1e-3)
    assert last.preconditioned is None
    assert main(["landscape", "--run", str(out / "sgd"), "--sharpness", "--samples", "50"]) == 0
    assert "sgd: sharpness" in capsys.readouterr().out
    header = (out / "sharpness.csv").read_text().splitlines()[0]
    assert header == "run,iteration,sharpness,threshold,residual,preconditioned,on_demand"
    assert main(["landscape", "--run", str(out / "sgd"), "--with", str(out / "adam"),
                 "--sharpness"]) == 2
    assert "leave out --with" in capsys.readouterr().err
