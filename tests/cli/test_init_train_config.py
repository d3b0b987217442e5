"""``descent-lab activations ... --train-config FILE``: the init lab's "Train this network"
without a window. The file is an experiment file that ``descent-lab train --config`` reads as
the very run the window's action hands to the training lab (lab.app.init_run)."""

from lab.app.init_run import train_config
from lab.cli.main import main
from lab.engine.core.initializers import make_init
from lab.engine.init.probe import ProbeConfig
from lab.engine.train.experiments import parse_experiment


def test_the_file_is_the_run_the_window_hands_over(tmp_path, capsys):
    path = tmp_path / "run.toml"
    assert (
        main(
            [
                "activations",
                "--activation",
                "tanh",
                "--init",
                "xavier-normal",
                "--layers",
                "3",
                "--width",
                "40",
                "--norm",
                "batch",
                "--seed",
                "9",
                "--samples",
                "50",
                "--train-config",
                str(path),
            ]
        )
        == 0
    )
    probe = ProbeConfig(
        depth=3,
        width=40,
        activation="tanh",
        init=make_init("xavier-normal"),
        norm="batch",
        seed=9,
        samples=50,
    )
    text = path.read_text(encoding="utf-8")
    assert parse_experiment(text, str(path)) == (train_config(probe),)
    # what differs from the probe is said in the file, and how to train it with diagnostics
    assert "784 MNIST pixels" in text and "zero at step 0" in text
    assert f"--config {path} --out DIR --diagnostics probe=50" in text
    assert "layer" in capsys.readouterr().out  # the statistics are printed as before


def test_a_network_training_cannot_build_writes_nothing(tmp_path, capsys):
    path = tmp_path / "run.toml"
    assert main(["activations", "--norm", "layer", "--train-config", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "norm 'layer'" in err and not path.exists()
