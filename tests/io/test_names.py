"""safe_stem / unique_stems: any text becomes one safe path component; collisions are refused."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path, PureWindowsPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lab.io.names import MAX_STEM_BYTES, NameCollisionError, safe_stem, unique_stems

WINDOWS_RESERVED = ["CON", "PRN", "AUX", "NUL", "COM1", "COM9", "LPT1", "LPT9", "con", "Nul"]


def _assert_safe(stem: str) -> None:
    assert stem
    assert "/" not in stem and "\\" not in stem and "\x00" not in stem
    assert ".." not in stem
    assert stem == stem.strip(". "), stem
    assert not any(unicodedata.category(c).startswith("C") for c in stem), repr(stem)
    assert not set('<>:"|?*') & set(stem)
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert stem.split(".")[0].rstrip().upper() not in {n.upper() for n in WINDOWS_RESERVED}
    # one component on both POSIX and Windows, never absolute, never a drive
    assert Path(stem).name == stem and len(Path(stem).parts) == 1
    win = PureWindowsPath(stem)
    assert win.name == stem and not win.drive and not win.is_absolute()


@given(st.text(max_size=400))
@settings(max_examples=400, deadline=None)
def test_any_text_becomes_a_safe_component(name):
    _assert_safe(safe_stem(name))


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_stem_is_idempotent(name):
    stem = safe_stem(name)
    assert safe_stem(stem) == stem


@given(st.text(max_size=200))
@settings(max_examples=150, deadline=None)
def test_stem_stays_inside_its_folder(tmp_path_factory, name):
    folder = tmp_path_factory.mktemp("out")
    target = (folder / f"{safe_stem(name)}.json").resolve()
    assert target.parent == folder.resolve()


@pytest.mark.parametrize("name", ["../../x", "/etc/passwd", "", ".", "..", "...", " . ",
                                  "a/../../b", "..\\..\\win", "C:\\Windows\\x", "\x00", "a\x00b",
                                  "line\nbreak", "\u202eevil", "CON", "nul.txt", "com1.json",
                                  "LPT9 ", "x" * 1000, "é" * 500])
def test_hostile_names(name):
    _assert_safe(safe_stem(name))


def test_plain_names_are_kept_with_their_dots():
    assert safe_stem("adam lr=0.001") == "adam lr=0.001"
    assert safe_stem("v1.0") == "v1.0"
    assert safe_stem("model.pt") == "model.pt"
    assert safe_stem("../../x") == "_._x"
    assert safe_stem("") == "unnamed"
    assert safe_stem("CON") == "_CON"


def test_long_names_stay_distinct():
    a, b = "x" * 500 + "a", "x" * 500 + "b"
    assert safe_stem(a) != safe_stem(b)


@pytest.mark.parametrize("names", [("v1.0", "v1.5"), ("model.pt", "model.json"),
                                   ("model", "model.pt"), ("a.b.c", "a.b"), ("run 1", "run 2")])
def test_names_differing_after_a_dot_get_distinct_stems(names, tmp_path):
    stems = unique_stems(names)
    assert len(set(stems.values())) == len(names)
    # the files written for them are distinct, too (no suffix is ever stripped)
    files = {f"{stems[n]}{suffix}" for n in names for suffix in (".safetensors", ".json", ".pt")}
    assert len(files) == 3 * len(names)


@pytest.mark.parametrize("names", [("Run", "run"), ("a/b", "a_b"), ("x", "x"), ("", "."),
                                   ("v1", "v1."), ("ﬁle", "file"), ("a..b", "a.b")])
def test_colliding_names_are_refused_listing_them(names):
    with pytest.raises(NameCollisionError) as info:
        unique_stems(names)
    message = str(info.value)
    for name in set(names):
        assert repr(name) in message


@given(st.lists(st.text(max_size=40), max_size=12))
@settings(max_examples=200, deadline=None)
def test_unique_stems_either_refuses_or_gives_distinct_files(names):
    try:
        stems = unique_stems(names)
    except NameCollisionError:
        keys = [safe_stem(n).casefold() for n in names]
        keys_nfkc = [unicodedata.normalize("NFKC", safe_stem(n)).casefold() for n in names]
        assert len(set(keys)) < len(names) or len(set(keys_nfkc)) < len(names)
        return
    keys = {unicodedata.normalize("NFKC", s).casefold() for s in stems.values()}
    assert len(keys) == len(names)


def test_stems_can_be_created_as_files(tmp_path):
    names = ["../../x", "/abs", "a:b", "tab\there", "ok", "CON", "v1.0", "v1.5"]
    for name, stem in unique_stems(names).items():
        path = tmp_path / f"{stem}.json"
        path.write_text(name)
    assert sorted(os.listdir(tmp_path)) == sorted(f"{s}.json" for s in unique_stems(names).values())


@pytest.mark.parametrize("text, shown", [
    ("plain — é 中 ok", "plain — é 中 ok"),
    ("\x1b[2Jclear", "\\x1b[2Jclear"),
    ("title\x1b]0;x\x07", "title\\x1b]0;x\\x07"),
    ("rtl\u202eevil\u2066", "rtl\\u202eevil\\u2066"),
    ("nul\x00cr\rnl\n", "nul\\x00cr\\x0dnl\\x0a"),
    ("c1\x9b31m", "c1\\x9b31m"),
    ("sep\u2028\u2029", "sep\\u2028\\u2029"),
    ("surrogate\udcff", "surrogate\\udcff"),  # a path decoded with surrogateescape
])
def test_printable_escapes_what_a_terminal_would_act_on(text, shown):
    from lab.io.names import printable

    assert printable(text) == shown
    assert printable("a\nb", keep_newlines=True) == "a\nb"
