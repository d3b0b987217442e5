"""The lab guides (lab/guides/): every lab has one in every language, written as the same
three sections, read with a bound; a language without a guide falls back to English."""

import os
import re

import pytest

import lab.guides as guides
from lab.guides import LABS, LANGUAGES, guide_path, read_guide

SECTIONS = {"en": ["Try this", "What to notice", "In the course"],
            "zh_CN": ["试一试", "注意观察", "对应课程内容"]}


def outline(text: str) -> list[tuple[str, int]]:
    """Each level-2 heading with the number of list items under it."""
    found: list[tuple[str, int]] = []
    for line in text.splitlines():
        if line.startswith("## "):
            found.append((line[3:].strip(), 0))
        elif line.startswith("- ") and found:
            found[-1] = (found[-1][0], found[-1][1] + 1)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("lab", LABS)
def test_every_lab_has_a_guide_in_every_language(lab, language):
    path = guides.GUIDES_DIR / language / f"{lab}.md"
    assert path.is_file(), f"{path} is missing (the English one would be shown instead)"
    text = read_guide(lab, language)
    assert text.startswith("# ") and text.endswith("\n")
    assert [name for name, _ in outline(text)] == SECTIONS[language]
    if language == "zh_CN":
        assert re.search(r"[\u4e00-\u9fff]", text.splitlines()[0]), "the title is not Chinese"


@pytest.mark.parametrize("lab", LABS)
def test_the_translations_keep_every_item(lab):
    english = [count for _, count in outline(read_guide(lab, "en"))]
    for language in LANGUAGES:
        assert [count for _, count in outline(read_guide(lab, language))] == english, language


def test_a_language_without_guides_falls_back_to_english():
    assert guide_path("optimizer", "fr") == guides.GUIDES_DIR / "en" / "optimizer.md"
    assert read_guide("optimizer", "de") == read_guide("optimizer", "en")


def test_an_unknown_lab_is_refused_by_name():
    with pytest.raises(ValueError, match="no guide named 'nope'"):
        guide_path("nope")


def test_a_guide_is_read_with_a_bound(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "optimizer.md").write_bytes(b"x" * (guides.MAX_GUIDE_BYTES + 1))
    os.mkfifo(tmp_path / "en" / "search.md")  # a FIFO with no writer must not block
    monkeypatch.setattr(guides, "GUIDES_DIR", tmp_path)
    with pytest.raises(OSError, match="too large"):
        read_guide("optimizer")
    with pytest.raises(OSError, match="not a regular file"):
        read_guide("search")
