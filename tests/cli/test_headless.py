"""The output folder of `train` and `search`: its lock file planted as a link, a hard link, a
FIFO or a device is refused before anything trains and nothing behind it is touched; temp files
a killed job left there are removed at the next start (issue 16)."""

from __future__ import annotations

import os
import stat
import tempfile

import pytest

from lab.cli.main import main
from tests.engine.search.conftest import tiny_mnist  # noqa: F401 (a fixture)
from tests.fifo_watch import no_writer_waits

TINY = ('[defaults]\niterations = 2\nmodel = { hidden = [8] }\ndata = { train_size = 100 }\n'
        '[[run]]\nname = "a"\n')


def _boom(*args, **kwargs):
    raise AssertionError("training started although the folder's lock was refused")


@pytest.fixture
def victim(tmp_path):
    path = tmp_path / "victim.txt"
    path.write_text("precious")
    return path


def _plant(out, how: str, victim) -> None:
    out.mkdir()
    lock = out / ".descent-lab.lock"
    if how == "link":
        lock.symlink_to(victim)
    elif how == "hard link":
        os.link(victim, lock)
    elif how == "fifo":
        os.mkfifo(lock)
    else:
        try:
            os.mknod(lock, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
        except PermissionError:
            pytest.skip("making a device node needs privileges")


WHY = {"link": "it is a symbolic link", "hard link": "it has other names",
       "fifo": "it is a pipe (FIFO)", "device": "it is a device"}


@pytest.mark.parametrize("how", list(WHY))
def test_train_refuses_a_planted_lock_file_before_training(tmp_path, capsys, monkeypatch,
                                                          victim, how):
    out = tmp_path / "out"
    _plant(out, how, victim)
    config = tmp_path / "exp.toml"
    config.write_text(TINY)
    monkeypatch.setattr("lab.cli.headless.prepare_data", _boom)
    lock = out / ".descent-lab.lock"
    with no_writer_waits(lock) if how == "fifo" else _nothing():
        assert main(["train", "--config", str(config), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"descent-lab: error: cannot lock {lock}: {WHY[how]}" + err.split(WHY[how])[1]
    assert victim.read_text() == "precious"
    assert sorted(os.listdir(out)) == [".descent-lab.lock"]


def test_search_refuses_a_planted_lock_file_before_the_study_is_made(tmp_path, capsys,
                                                                     monkeypatch, victim,
                                                                     tiny_mnist):  # noqa: F811
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    out = tmp_path / "out"
    _plant(out, "link", victim)
    assert main(["search", "--trials", "1", "--epochs", "1", "--train-size", "100",
                 "--data", tiny_mnist, "--study", "s", "--out", str(out), "--no-plots"]) == 2
    err = capsys.readouterr().err
    assert f"cannot lock {out / '.descent-lab.lock'}: it is a symbolic link" in err
    assert victim.read_text() == "precious"
    studies = tmp_path / "xdg" / "descent-lab" / "studies"
    assert not studies.exists() or not any(studies.iterdir())


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_temp_files_a_killed_job_left_are_removed_at_the_next_start(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    left = []
    for name in ("a.safetensors", "metrics.csv", "loss_curve.png"):
        fd, path = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=out)
        os.write(fd, b"half-written " * 1000)
        os.close(fd)
        left.append(os.path.basename(path))
    (out / "notes.part").write_text("the user's own file")
    config = tmp_path / "exp.toml"
    config.write_text(TINY)
    assert main(["train", "--config", str(config), "--out", str(out), "--data",
                 _tiny_train_folder(tmp_path)]) == 0
    names = set(os.listdir(out))
    assert not names & set(left) and "notes.part" in names and "a.safetensors" in names
    err = capsys.readouterr().err
    assert f"removed 3 temp files a stopped job left in {out}" in err


def _tiny_train_folder(tmp_path) -> str:
    from lab.data.idx import write_idx
    from lab.data.mnist import load_mnist

    folder = tmp_path / "mnist"
    folder.mkdir()
    mnist = load_mnist()
    write_idx(folder / "train-images-idx3-ubyte", mnist.train_images[:100])
    write_idx(folder / "train-labels-idx1-ubyte", mnist.train_labels[:100].astype("uint8"))
    write_idx(folder / "t10k-images-idx3-ubyte", mnist.test_images[:20])
    write_idx(folder / "t10k-labels-idx1-ubyte", mnist.test_labels[:20].astype("uint8"))
    return str(folder)


def test_a_results_file_planted_as_a_link_is_refused_and_named(tmp_path, capsys, victim,
                                                               tiny_mnist):  # noqa: F811
    """search's trials.csv (as every output) is never written through a planted link; the
    message names the file, once."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "trials.csv").symlink_to(victim)
    code = main(["search", "--trials", "1", "--epochs", "1", "--train-size", "100", "--data",
                 tiny_mnist, "--study", "csv", "--storage", str(tmp_path / "s.journal"),
                 "--out", str(out), "--no-plots"])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert code == 2 and victim.read_text() == "precious"
    assert err == (f"descent-lab: error: cannot write {out / 'trials.csv'}: it is a symbolic "
                   "link (links are not followed: give the path of the file itself)")
