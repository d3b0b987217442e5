"""The wheel carries everything: built from the sources, installed into a fresh virtual
environment outside the checkout, it trains on the MNIST inside it.

Offline and fast: the wheel builds without build isolation (the venv's setuptools) and installs
with ``--no-deps``; the fresh environment sees the dependencies (torch, numba, ...) of the
project's venv through a ``.pth`` line - a plain path, so the venv's editable install of ``lab``
is *not* activated, and a test asserts ``lab`` is imported from the wheel.
"""

from __future__ import annotations

import email
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import lab
from lab.guides import LABS, LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def run(*args, cwd: Path, env: dict | None = None, timeout: int = 600) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the checkout's files (tracked, or new and not ignored), so
    the checkout itself stays untouched by the build."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    files = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard",
                cwd=ROOT).split("\0")  # fmt: skip
    for name in files:
        if not name or name.startswith(("dist/", "build/")):  # make package's output
            continue
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_bytes((ROOT / name).read_bytes())
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
        "-w", work / "out", source, cwd=work)  # fmt: skip
    (built,) = (work / "out").glob("descent_lab-*.whl")
    return built


def test_wheel_holds_the_data_licences_and_desktop_files_not_the_screenshots(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for part in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                 "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):  # fmt: skip
        assert f"lab/data/bundled/mnist/{part}.gz" in names
    info = f"descent_lab-{lab.__version__}.dist-info"
    assert {"lab/data/bundled/mnist/README.md", f"{info}/licenses/LICENSE",
            f"{info}/licenses/lab/data/bundled/mnist/README.md",
            "lab/desktop/io.github.descentlab.DescentLab.desktop",
            "lab/desktop/io.github.descentlab.DescentLab.metainfo.xml",
            "lab/desktop/icons/256x256/io.github.descentlab.DescentLab.png",
            "lab/translations/descent_lab_zh_CN.qm"} <= names
    assert {f"lab/guides/{language}/{guide}.md" for language in LANGUAGES
            for guide in LABS} <= names  # fmt: skip
    assert not [n for n in names if n.startswith(("resources/", "tests/")) or n.endswith(".pyc")]
    meta = email.message_from_bytes(zipfile.ZipFile(wheel).read(f"{info}/METADATA"))
    assert meta["Version"] == lab.__version__
    assert meta["License-Expression"] == "MIT AND CC-BY-SA-3.0"
    assert "LICENSE" in meta.get_all("License-File")


def test_installed_wheel_trains_on_its_bundled_mnist(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                    cwd=tmp_path).strip())  # fmt: skip
    # the project venv's packages, as a plain path (its .pth files, the editable lab, stay off)
    (site / "project-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel,
        cwd=tmp_path)  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", DESCENT_LAB_KERNEL_CACHE=str(tmp_path / "kernels"))
    where = run(python, "-c", "import lab, lab.data.mnist as m; from importlib import resources; "
                "print(lab.__file__); print(resources.files('lab.data'))", cwd=tmp_path, env=env)
    assert all(line.startswith(str(site)) for line in where.split()), where
    assert not where.count(str(ROOT))
    script = env_dir / "bin" / "descent-lab"
    assert run(script, "--version", cwd=tmp_path, env=env).strip() == \
        f"descent-lab {lab.__version__}"
    out = tmp_path / "out"
    run(script, "train", "--preset", "book-optimizers", "--iterations", "3", "--seed", "1",
        "--out", out, cwd=tmp_path, env=env)  # fmt: skip
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert any(name.endswith(".safetensors") for name in written), written
    assert any("sgd" in name for name in written) and any("adam" in name for name in written)
