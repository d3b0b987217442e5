"""Issue 16, "names reach the terminal raw": user text the CLI prints (run and study names,
option values argparse echoes, paths in errors) reaches the terminal escaped, never as escape
sequences (clear screen, window title), bidi overrides or NUL."""

from __future__ import annotations

import pytest

from lab.cli.main import main
from tests.cli.test_headless import TINY, _tiny_train_folder

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u202eevil\x00\u200bx"
RAW = ("\x1b", "\x07", "\u202e", "\x00", "\u200b")


def _clean(text: str) -> None:
    assert not [c for c in RAW if c in text], repr(text)
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\u202eevil\\x00\\u200bx" in text, text


def test_a_run_name_is_escaped_in_every_line_train_prints(tmp_path, capsys):
    toml_name = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in HOSTILE)
    config = tmp_path / "exp.toml"
    config.write_text(TINY.replace('name = "a"', f'name = "{toml_name}"'))
    out = tmp_path / "out"
    assert main(["train", "--config", str(config), "--out", str(out), "--data",
                 _tiny_train_folder(tmp_path)]) == 0
    _clean(capsys.readouterr().err)


@pytest.mark.parametrize("args", [
    ["presets", HOSTILE],  # argparse echoes an unrecognized argument as it is
    ["search", "--out", "x", "--preset", HOSTILE],  # our own error names the preset
    ["trajectory", "--optimizer", HOSTILE],
    ["train", "--config", HOSTILE, "--out", "x"],  # a path in an error
])
def test_values_echoed_in_errors_are_escaped(capsys, args):
    with pytest.raises(SystemExit) if args[0] == "presets" else _no_exit():
        assert main(args) == 2
    _clean(capsys.readouterr().err)


class _no_exit:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
