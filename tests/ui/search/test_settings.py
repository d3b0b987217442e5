"""The search lab's saved settings (QSettings) never keep a credential of a storage URL (issue
16)."""

import json

URL = ("postgresql+psycopg://lab:hunter2@db.example/studies?sslmode=require"
       "&sslpassword=s3cr3t-key&passfile=/home/u/.pgpass")


def test_saved_settings_keep_the_storage_url_without_its_credentials(search_lab, tiny_config):
    search_lab.load_config(tiny_config, "shared", storage=URL)
    assert search_lab.study.storage() == URL  # what runs now has the password
    saved = json.dumps(search_lab.save_state())
    assert not [s for s in ("hunter2", "s3cr3t-key", ".pgpass") if s in saved], saved
    search_lab.restore_state(json.loads(saved))
    assert search_lab.study.storage() == \
        "postgresql+psycopg://lab@db.example/studies?sslmode=require"


def test_settings_an_older_version_saved_with_a_password_do_not_bring_it_back(search_lab,
                                                                            tiny_config):
    search_lab.load_config(tiny_config, "shared")
    state = {**search_lab.save_state(), "storage": URL}
    assert search_lab.restore_state(state)
    assert "hunter2" not in search_lab.study.storage()
    assert "hunter2" not in json.dumps(search_lab.save_state())

