"""Issue 7's "negative or huge seeds" class on the optimizer and init labs: a seed outside what
the lab's seed box and numpy/torch take is one clear line (exit 2), never a traceback, from the
CLI and from a session file (both go through the engine config's own validate)."""

import pytest

from lab.cli.main import main


@pytest.mark.parametrize("args, message", [
    (["trajectory", "--noise", "0.1", "--noise-seed", "-1", "--csv", "-"],
     "noise_seed must lie in [0, 2,147,483,647] (not -1)"),
    (["trajectory", "--noise", "0.1", "--noise-seed", str(10**22), "--csv", "-"],
     "noise_seed must lie in [0, 2,147,483,647]"),
    (["activations", "--json", "--seed", "-1"], "seed must lie in [0, 2,147,483,647] (not -1)"),
    (["activations", "--json", "--seed", str(10**20)], "seed must lie in [0, 2,147,483,647]"),
])  # fmt: skip
def test_seeds_out_of_range_are_one_line(capsys, args, message):
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert captured.err.strip() == f"descent-lab: error: {message}" or message in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_the_largest_seeds_the_labs_hold_still_run(capsys):
    assert main(["trajectory", "--steps", "2", "--noise", "0.1", "--noise-seed",
                 str(2**31 - 1), "--csv", "-"]) == 0
    assert main(["activations", "--json", "--layers", "2", "--samples", "10",
                 "--seed", str(2**31 - 1)]) == 0


def test_a_session_with_a_bad_noise_seed_is_refused_whole(qtbot):
    from lab.app.session import FORMAT, SessionError, parse_session
    from lab.ui.optimize.session_io import SCHEMA

    VALIDATORS = {"optimizer": SCHEMA}

    section = ('[optimizer]\nfunction = "book"\noptimizers = ["sgd:lr=0.1"]\nstart = [-7.0, 2.0]\n'
               'steps = 30\nschedule = "constant"\nnoise = 0.1\nclip = 0.0\nnoise_seed = {}\n')
    head = f'[session]\nformat = "{FORMAT}"\nversion = 1\n'
    assert "optimizer" in parse_session((head + section.format(7)).encode(), VALIDATORS, "s")
    with pytest.raises(SessionError, match=r"noise_seed must lie in \[0, 2,147,483,647\]"):
        parse_session((head + section.format(-1)).encode(), VALIDATORS, "s")
