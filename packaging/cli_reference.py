"""Write the option lists of docs/cli.md from the parser itself, so they say what is true today.

    python packaging/cli_reference.py           (rewrites the generated blocks in docs/cli.md)
    python packaging/cli_reference.py --check   (exit status 1 when a block is out of date)

docs/cli.md is prose written by hand around blocks marked
``<!-- BEGIN descent-lab SUBCOMMAND --help -->`` ... ``<!-- END -->``; each block is replaced
by that subcommand's ``--help`` text (the top-level one for ``descent-lab --help``), wrapped at
100 columns. The prose is left alone.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"
WIDTH = "100"
BLOCK = re.compile(r"(<!-- BEGIN descent-lab (?P<command>[\w-]*) ?--help -->\n)(.*?)(<!-- END -->)",
                   re.DOTALL)


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's subcommands by name, in the order ``--help`` lists them."""
    for action in parser._actions:  # argparse keeps its subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def help_text(command: str) -> str:
    """``descent-lab [COMMAND] --help`` as printed in a 100-column terminal."""
    from lab.cli.main import build_parser

    os.environ["COLUMNS"] = WIDTH  # argparse reads the width when it formats
    parser = build_parser()
    return (subcommands(parser)[command] if command else parser).format_help()


def render(text: str) -> str:
    """``text`` with every generated block filled in from the parser."""
    def fill(match: re.Match) -> str:
        return f"{match[1]}```text\n{help_text(match['command'])}```\n{match[4]}"

    return BLOCK.sub(fill, text)


def main(argv: list[str]) -> int:
    text = CLI_DOC.read_text(encoding="utf-8")
    fresh = render(text)
    if "--check" in argv:
        if fresh != text:
            print(f"{CLI_DOC.relative_to(ROOT)} is out of date: run packaging/cli_reference.py")
            return 1
        return 0
    if fresh != text:
        from lab.io.files import atomic_write_text

        atomic_write_text(CLI_DOC, fresh)
        print(f"wrote {CLI_DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
