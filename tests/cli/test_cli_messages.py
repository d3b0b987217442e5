"""Issue 16, 6 and 15 from the command line: a power hidden behind simplification hung
``trajectory`` (3 GB, killed); an ``--out`` that is a file or a link to nowhere said "File
exists". Each is one line naming the problem, exit status 2."""

import pytest

from lab.cli.main import main


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


@pytest.mark.parametrize("function", ["2**(x-x+999999999999999)",
                                      "(2*x)**(y/y*999999999999999)", "3**(x-x+100000000)"])
def test_a_disguised_huge_power_is_one_line(capsys, function):
    assert main(["trajectory", "--function", function, "--csv", "-"]) == 2
    assert "simplifies to" in one_line_error(capsys)


def test_caret_powers_run_from_the_cli(capsys):
    assert main(["trajectory", "--function", "x^2 + 3*y^2", "--steps", "2", "--csv", "-"]) == 0
    assert capsys.readouterr().out.count("\n") > 2


@pytest.mark.parametrize("kind", ["file", "dangling link"])
def test_an_out_folder_in_the_way_is_named(tmp_path, capsys, kind):
    out = tmp_path / "results"
    if kind == "file":
        out.write_text("notes")
        why = f"{out} is a file, not a folder"
    else:
        out.symlink_to(tmp_path / "gone")
        why = f"{out} is a link to {tmp_path / 'gone'}, which does not exist"
    assert main(["train", "--preset", "book-optimizers", "--out", str(out)]) == 2
    assert one_line_error(capsys) == f"descent-lab: error: cannot write to {out}: {why}"
    assert kind != "file" or out.read_text() == "notes"
