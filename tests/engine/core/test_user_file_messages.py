"""Issue 16, 12 and 15: messages that help. A UTF-8 byte-order mark ("Invalid statement at line 1,
column 1"), a number where text belongs ("'int' object has no attribute 'strip'"), JSON nested
past the stack (RecursionError), an output folder that is a file or a link to nowhere ("File
exists"): each is one message that names the file and what is wrong."""

import pytest

from lab.engine.core.optimizers import OptimizerError, parse_optimizer
from lab.engine.core.schedules import ScheduleError, parse_schedule
from lab.engine.train.experiments import parse_experiment

BOM = "\ufeff"


def test_a_byte_order_mark_is_read_as_text():
    text = BOM + '[[run]]\nname = "a"\niterations = 5\noptimizer = "adam:lr=0.001"\n'
    (run,) = parse_experiment(text.encode("utf-8"), "exp.toml")
    assert run.name == "a" and run.optimizer.name == "adam"
    (run,) = parse_experiment(text, "exp.toml")  # text that kept its mark, too
    assert run.name == "a"


def test_a_session_with_a_byte_order_mark_opens():
    from lab.app.session import FORMAT, Section, parse_session

    text = BOM + f'[session]\nformat = "{FORMAT}"\nversion = 1\n[train]\nruns = []\n'
    assert parse_session(text.encode(), {"train": Section(lambda s: [], ("runs",))}) == {
        "train": {"runs": []}}


@pytest.mark.parametrize("parse, error", [(parse_optimizer, OptimizerError),
                                          (parse_schedule, ScheduleError)])
@pytest.mark.parametrize("value, shown", [(3, "3"), (None, "None"), (["sgd"], "a list")])
def test_a_spec_that_is_not_text_says_so(parse, error, value, shown):
    with pytest.raises(error) as raised:
        parse(value)
    assert str(raised.value) == f'expected text such as "name:key=value", not {shown}'


@pytest.mark.parametrize("text, message", [
    ("[" * 100_000 + "]" * 100_000, "attrs.json: nested too deeply to be read"),
    ("[" * 40 + "]" * 40, "attrs.json: nested more than 32 levels deep"),
    ('{"a": }', "attrs.json: not valid JSON (Expecting value at line 1, column 7)"),
    (b"\xff", "attrs.json: not UTF-8 text (byte 0xff at offset 0)"),
])  # fmt: skip
def test_json_problems_name_the_source(text, message):
    from lab.io.json_files import JsonError, load_json

    with pytest.raises(JsonError) as raised:
        load_json(text, "attrs.json")
    assert str(raised.value) == message


def test_a_study_attribute_nested_100000_deep_is_a_message():
    from lab.engine.search.space import SearchConfigError
    from lab.engine.search.stored import config_from_text

    with pytest.raises(SearchConfigError, match="the stored search configuration: nested too "
                                                "deeply to be read"):
        config_from_text("[" * 100_000 + "]" * 100_000)


def test_an_output_folder_in_the_way_is_named(tmp_path):
    from lab.io.files import make_folder

    afile = tmp_path / "results"
    afile.write_text("")
    dangling = tmp_path / "link"
    dangling.symlink_to(tmp_path / "nowhere")
    for path, why in ((afile, f"{afile} is a file, not a folder"),
                      (afile / "sub", f"{afile} is a file, not a folder"),
                      (dangling, f"{dangling} is a link to {tmp_path / 'nowhere'}, which does "
                                 "not exist")):
        with pytest.raises(OSError) as raised:
            make_folder(path)
        assert raised.value.strerror == why
    assert make_folder(tmp_path / "new" / "deeper").is_dir()
