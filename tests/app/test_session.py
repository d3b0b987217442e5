"""Session files: the envelope (header, version, sections), one message for every problem,
and TOML written so that tomllib reads back exactly what was saved."""

import tomllib

import pytest

from lab.app.session import (
    FORMAT,
    VERSION,
    Section,
    SessionError,
    format_session,
    parse_session,
)


def positive_steps(section: dict) -> list[str]:
    steps = section.get("steps")
    return [] if isinstance(steps, int) and steps > 0 else [f"steps must be positive, not {steps}"]


def no_check(section: dict) -> list[str]:
    return []


OPTIMIZER_KEYS = ("function", "start", "steps", "two_by_two", "optimizers", "note")
VALIDATORS = {"optimizer": Section(positive_steps, OPTIMIZER_KEYS, {"optimizers": 3}),
              "train": Section(no_check, ("preset", "colors", "runs"), {"runs": 2})}

SECTIONS = {
    "optimizer": {"function": "x**2/20 + y**2", "start": [-7.0, 2.0], "steps": 30,
                  "two_by_two": True, "optimizers": ["sgd:lr=0.95", "adam:lr=0.3"],
                  "note": 'quote " backslash \\ tab \t DEL \x7f 中文 😀'},
    "train": {"preset": "book", "colors": ["#1f77b4"],
              "runs": [{"name": "a", "iterations": 100, "model": {"hidden": [100, 100]},
                        "data": {"train_size": 1000, "val_split": 0.1}},
                       {"name": "b", "iterations": 2, "model": {"hidden": []},
                        "data": {}}]},
}


def test_round_trip_is_exact_and_plain_toml():
    text = format_session(SECTIONS, "9.9")
    doc = tomllib.loads(text)
    assert doc["session"] == {"format": FORMAT, "version": VERSION, "app": "9.9"}
    assert parse_session(text, VALIDATORS) == SECTIONS
    assert parse_session(text.encode(), VALIDATORS) == SECTIONS


def test_none_values_are_left_out():
    text = format_session({"train": {"preset": None, "runs": [{"name": "a", "folder": None}]}})
    assert parse_session(text, VALIDATORS) == {"train": {"runs": [{"name": "a"}]}}


def test_missing_sections_are_not_returned():
    text = format_session({"optimizer": {"steps": 3}})
    assert parse_session(text, VALIDATORS) == {"optimizer": {"steps": 3}}


def test_every_problem_in_one_message():
    text = "train = 3\n" + format_session({"optimizer": {"steps": -1}, "mystery": {"a": 1}})
    with pytest.raises(SessionError) as err:
        parse_session(text, VALIDATORS, "class.toml")
    message = str(err.value)
    assert message.startswith("class.toml: 3 problem(s), nothing was changed")
    assert "[optimizer] steps must be positive, not -1" in message
    assert "unknown section(s): mystery" in message
    assert "[train] must be a table" in message


def test_future_version_is_refused_by_name():
    text = format_session(SECTIONS, "2.0").replace(f"version = {VERSION}",
                                                   f"version = {VERSION + 1}")
    with pytest.raises(SessionError, match=f"newer Descent Lab .*2.0.* version {VERSION + 1}"):
        parse_session(text, VALIDATORS)


@pytest.mark.parametrize("text, words", [
    ("[optimizer]\nsteps = 3\n", "not a Descent Lab session"),
    (f'[session]\nformat = "{FORMAT}"\nversion = "1"\n[optimizer]\nsteps = 3\n',
     "whole number"),
    (f'[session]\nformat = "{FORMAT}"\nversion = 1\n', "no lab sections"),
    ("[session\n", "not valid TOML"),
    (b"\xff\xfe[session]", "not UTF-8"),
    ("a = " + "[" * 40 + "]" * 40 + "\n", "nested"),
    (b"#" * (5 * 2**20), "too large"),
])
def test_damaged_files_get_one_clear_message(text, words):
    with pytest.raises(SessionError, match=words):
        parse_session(text, VALIDATORS)


def test_a_validator_that_raises_becomes_a_problem():
    def broken(section):
        raise KeyError("function")

    text = format_session({"optimizer": {"steps": 1}})
    with pytest.raises(SessionError, match=r"\[optimizer\] 'function'"):
        parse_session(text, {"optimizer": Section(broken, ("steps",))})


def test_unwritable_values_are_refused():
    with pytest.raises(ValueError, match="nan cannot be written to a session file"):
        format_session({"optimizer": {"lr": float("nan")}})
    with pytest.raises(TypeError, match="cannot write object to a session file"):
        format_session({"optimizer": {"lr": object()}})


def test_unknown_keys_are_refused_by_name_and_section():
    """Experiment files refuse unknown keys; sessions dropped them silently (issue 16, 14)."""
    text = format_session({"optimizer": {"step": 50, "function": "book"},
                           "train": {"runs": [], "colour": "red"}})
    with pytest.raises(SessionError) as err:
        parse_session(text, VALIDATORS, "typo.toml")
    message = str(err.value)
    assert "[optimizer] unknown key 'step' (did you mean 'steps'?)" in message
    assert "[train] unknown key 'colour' (did you mean 'colors'?)" in message


def test_counts_are_bounded_before_items_are_checked():
    """A session of 3 000 runs was read and checked item by item (22 s): the count is refused
    first, in one line, and the validator never sees the items."""
    seen = []

    def spy(section):
        seen.append(section)
        return []

    many = {"train": {"runs": [{"name": f"r{k}"} for k in range(3000)]}}
    with pytest.raises(SessionError, match=r"\[train\] runs: 3,000 items; a session holds at "
                                           r"most 2"):
        parse_session(format_session(many), {"train": Section(spy, ("runs",), {"runs": 2})})
    assert seen == []
