"""Study journals listed for File > Manage stored data: trials counted from the journal,
the open study in use, damaged journals with the message the search lab shows."""

import os
import time

from lab.app.stored_data import OPEN, RECENT, remove_entries
from lab.app.stored_studies import journal_summary, list_study_files
from lab.engine.search.storage import journal_path, local_studies, open_storage

LATER = time.time() + 3600


def make_study(folder, name, trials):
    import optuna

    storage, _ = open_storage(None, name, folder)
    study = optuna.create_study(storage=storage, study_name=name)
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=trials)
    return journal_path(folder, name)


def test_studies_are_listed_with_trials_in_use_and_damage(tmp_path):
    a, b = make_study(tmp_path, "alpha", 3), make_study(tmp_path, "beta", 5)
    broken = tmp_path / "broken.journal"
    broken.write_bytes(b'{"op_code": 0}\nnot json\n')
    orphan = tmp_path / "gone.journal.flock"
    orphan.write_text("")
    entries = {e.path.name: e for e in list_study_files(tmp_path, {a.resolve(): OPEN},
                                                        now=LATER)}
    assert set(entries) == {a.name, b.name, broken.name, orphan.name}
    ea, eb = entries[a.name], entries[b.name]
    assert (ea.name, ea.trials, ea.in_use) == ("alpha", 3, OPEN) and not ea.deletable
    assert (eb.name, eb.trials, eb.in_use, eb.problem) == ("beta", 5, "", "")
    assert eb.size == os.path.getsize(b) and eb.companions == (b.with_name(b.name + ".flock"),)
    # the same message as the search lab's study list
    _, problems = local_studies(tmp_path)
    assert entries[broken.name].problem in problems and entries[broken.name].deletable
    assert "lock file" in entries[orphan.name].problem


def test_trials_counted_match_optuna(tmp_path):
    import optuna

    path = make_study(tmp_path, "gamma", 4)
    storage, _ = open_storage(str(path), "")
    study = optuna.load_study(study_name="gamma", storage=storage)
    assert journal_summary(path) == (["gamma"], len(study.trials))


def test_a_journal_being_written_is_not_offered(tmp_path):
    path = make_study(tmp_path, "live", 1)
    (entry,) = list_study_files(tmp_path, {})
    assert entry.in_use == RECENT
    old = time.time() - 3600
    os.utime(path, (old, old))
    (entry,) = list_study_files(tmp_path, {})
    assert entry.deletable


def test_deleting_a_study_takes_its_lock_file_and_leaves_the_others(tmp_path):
    a, b = make_study(tmp_path, "a", 1), make_study(tmp_path, "b", 1)
    entries = {e.name: e for e in list_study_files(tmp_path, {}, now=LATER)}
    removal = remove_entries(tmp_path, [entries["a"]])
    assert removal.done and not a.exists() and not a.with_name(a.name + ".flock").exists()
    found, problems = local_studies(tmp_path)
    assert [name for name, _ in found] == ["b"] and not problems and b.exists()
