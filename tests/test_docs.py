"""The documentation stays a door and stays true: README.md is at most 250 lines (the Chinese
one too), every relative link in the READMEs and docs/ reaches a file (and a heading, where it
names one), and docs/cli.md documents every subcommand and option the parser has."""

from __future__ import annotations

import argparse
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_README_LINES = 250
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)


def documents() -> list[Path]:
    return [ROOT / "README.md", ROOT / "README.zh-CN.md", *sorted((ROOT / "docs").glob("*.md"))]


def cli_reference():
    """packaging/cli_reference.py, which writes docs/cli.md's option lists."""
    spec = importlib.util.spec_from_file_location("cli_reference",
                                                  ROOT / "packaging" / "cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def links(text: str) -> list[str]:
    """The targets of the Markdown links and images outside code blocks."""
    return LINK.findall(FENCE.sub("", text))


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation but '-' and '_' dropped,
    spaces to '-'."""
    text = heading.strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {slug(m[1]) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.MULTILINE)}


def broken_links(path: Path) -> list[str]:
    """Each relative link of ``path`` whose file (or heading) does not exist."""
    broken = []
    for target in links(path.read_text(encoding="utf-8")):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        name, _, anchor = target.partition("#")
        file = (path.parent / name).resolve() if name else path
        if not file.exists():
            broken.append(f"{path.name}: {target} (no such file)")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{path.name}: {target} (no such heading)")
    return broken


@pytest.mark.parametrize("name", ["README.md", "README.zh-CN.md"])
def test_the_readme_is_a_door(name):
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_README_LINES, f"{name} has {len(lines)} lines; move detail to docs/"


def test_every_relative_link_reaches_its_file_and_heading():
    found = [problem for path in documents() for problem in broken_links(path)]
    assert not found, "\n".join(found)


def test_the_link_check_sees_a_missing_file_and_heading(tmp_path):
    (tmp_path / "other.md").write_text("# Other\n\n## A `code` heading: here\n")
    page = tmp_path / "page.md"
    page.write_text("[ok](other.md) [ok](other.md#a-code-heading-here) ![img](missing.png)\n"
                    "[bad](other.md#nowhere) [web](https://example.com/x.md)\n"
                    "```\n[in code](absent.md)\n```\n")
    assert broken_links(page) == ["page.md: missing.png (no such file)",
                                  "page.md: other.md#nowhere (no such heading)"]


def cli_sections() -> dict[str, str]:
    """docs/cli.md's text under each ``## SUBCOMMAND`` heading ("" for the part above them)."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    parts = re.split(r"^## +(\S+)\s*$", text, flags=re.MULTILINE)
    return {"": parts[0], **dict(zip(parts[1::2], parts[2::2], strict=True))}


def documented_words(parser: argparse.ArgumentParser) -> list[str]:
    """What docs/cli.md must name for a parser: its long options and its positional choices."""
    words = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        words += [s for s in action.option_strings if s.startswith("--") and s != "--help"]
        if not action.option_strings and action.choices:
            words += [str(choice) for choice in action.choices]
    return words


def test_cli_md_documents_every_subcommand_and_option():
    from lab.cli.main import build_parser

    parser = build_parser()
    sections = cli_sections()
    missing = [f"--help: {w}" for w in documented_words(parser) if w not in sections[""]]
    for name, sub in cli_reference().subcommands(parser).items():
        if name not in sections:
            missing.append(f"no '## {name}' section")
            continue
        missing += [f"{name}: {w}" for w in documented_words(sub) if w not in sections[name]]
    assert not missing, "docs/cli.md lacks (run packaging/cli_reference.py): " + ", ".join(missing)


def test_files_md_documents_every_optimizers_state_columns():
    """The trajectory CSV's state columns, per optimizer: its table row (or the Adam row it
    extends) names every key the registry records for it."""
    from lab.engine.core.optimizers import OPTIMIZERS

    rows = [line for line in (ROOT / "docs" / "files.md").read_text().splitlines()
            if line.startswith("| `")]
    for name, spec in OPTIMIZERS.items():
        row = " ".join(r for r in rows if f"`{name}`" in r.split("|")[1])
        assert row, f"docs/files.md has no state row for {name}"
        if "as Adam" in row:
            row += next(r for r in rows if "`adam`" in r.split("|")[1])
        assert spec.reference.split(".")[-1] in row, (name, spec.reference)
        every = spec.state_columns({key: 1.0 for key in spec.defaults})  # each flag on
        missing = [c.key for c in every[2:] if f"`{c.key}`" not in row]
        assert not missing, f"docs/files.md: {name}'s state columns {missing} are not described"
