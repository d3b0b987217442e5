"""Smoke test of the frozen one-folder bundle (`make package`): the executable alone answers
--version, writes a trajectory CSV equal to the engine's, trains a few iterations on its own
MNIST, paints its window offscreen, and starts from the kernels compiled into it.

The bundle takes minutes to build; this test builds it only when dist/ has none or it is older
than the sources (CI runs `make package` once before `make test`, see the README), or tests
the bundle named by ``DESCENT_LAB_BUNDLE`` as it is.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path

import pytest

import lab

ROOT = Path(__file__).resolve().parents[2]
# DESCENT_LAB_BUNDLE=dist/descent-lab: test that bundle as it is (no staleness check)
BUNDLE = Path(os.environ.get("DESCENT_LAB_BUNDLE") or ROOT / "dist" / "descent-lab").resolve()
EXE = BUNDLE / "descent-lab"
pytestmark = pytest.mark.bundle


def newest_source() -> float:
    files = [*(ROOT / "lab").rglob("*.py"), *(ROOT / "packaging").glob("*"),
             ROOT / "pyproject.toml"]  # fmt: skip
    return max(p.stat().st_mtime for p in files if p.is_file())


@pytest.fixture(scope="module")
def bundle() -> Path:
    given = bool(os.environ.get("DESCENT_LAB_BUNDLE"))
    if not EXE.is_file() or not given and EXE.stat().st_mtime < newest_source():
        done = subprocess.run(["make", "package"], cwd=ROOT, capture_output=True, text=True,
                              timeout=3600)  # fmt: skip
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return EXE


def frozen(*args, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Run the bundle with a clean environment: no venv, no checkout on any path."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}  # fmt: skip
    base.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"),
                XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_CONFIG_HOME=str(tmp_path / "cfg"),
                XDG_DATA_HOME=str(tmp_path / "data"), **env)  # fmt: skip
    done = subprocess.run([str(EXE), *map(str, args)], cwd=tmp_path, env=base, text=True,
                          capture_output=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def test_version(bundle, tmp_path):
    assert frozen("--version", tmp_path=tmp_path).stdout.strip() == \
        f"descent-lab {lab.__version__}"


def test_trajectory_csv_equals_the_engines(bundle, tmp_path):
    from lab.cli.main import main

    args = ["trajectory", "--function", "rosenbrock", "--optimizer", "adam:lr=0.05",
            "--optimizer", "momentum:lr=0.001", "--steps", "200", "--start", "-1.5,2"]
    rows = list(csv.DictReader(io.StringIO(frozen(*args, "--csv", "-",
                                                  tmp_path=tmp_path).stdout)))  # fmt: skip
    assert main([*args, "--csv", str(tmp_path / "source.csv")]) == 0  # this checkout's engine
    expected = list(csv.DictReader(io.StringIO((tmp_path / "source.csv").read_text())))
    assert len(rows) == len(expected) == 2 * 201
    # the same columns: the path, and each optimizer's state (empty where a method has none)
    assert list(rows[0]) == list(expected[0])
    assert {"optimizer", "step", "x", "y", "loss", "lr", "grad_x", "delta_y"} <= set(rows[0])
    for got, want in zip(rows, expected, strict=True):
        assert (got["optimizer"], got["step"]) == (want["optimizer"], want["step"])
        for key in set(got) - {"optimizer", "step"}:
            if want[key] == "":
                assert got[key] == "", key
            else:
                assert float(got[key]) == pytest.approx(float(want[key]), rel=1e-9, abs=1e-12)


def test_bundle_starts_from_its_own_compiled_kernels(bundle, tmp_path):
    seed = BUNDLE / "_internal" / "kernel-cache"
    seeded = sorted(p.relative_to(seed) for p in seed.rglob("*.nbi"))
    assert any("kernels.integrate" in p.name for p in seeded)
    # the built-in formulas' gradients too (keyed on SymPy's version, which the bundle must be
    # able to read without importing SymPy): a launch needs no SymPy
    assert list((seed / "lab.engine.optimize.surfaces").glob("*.json"))
    frozen("trajectory", tmp_path=tmp_path)
    user = tmp_path / "cache" / "descent-lab" / "kernels"
    assert sorted(p.relative_to(user) for p in user.rglob("*.nbi")) == seeded
    # nothing was compiled: every file is the bundle's copy (same time, same bytes)
    for path in user.rglob("*.nb*"):
        source = seed / path.relative_to(user)
        assert path.stat().st_mtime == source.stat().st_mtime, path
        assert path.read_bytes() == source.read_bytes()


def test_trains_on_its_bundled_mnist(bundle, tmp_path):
    out = tmp_path / "out"
    frozen("train", "--preset", "book-optimizers", "--iterations", "3", "--seed", "1",
           "--out", out, tmp_path=tmp_path)  # fmt: skip
    written = [p.name for p in out.rglob("*") if p.is_file()]
    assert sum(name.endswith(".safetensors") for name in written) == 4, written


def test_window_paints_offscreen(bundle, tmp_path):
    done = frozen(tmp_path=tmp_path, DESCENT_LAB_EXIT_AFTER_PAINT="1")
    assert "painted" in done.stdout.split()


def test_bundle_has_the_icon_and_no_cuda(bundle):
    internal = BUNDLE / "_internal"
    assert (internal / "lab" / "desktop" / "icons" / "256x256" /
            "io.github.descentlab.DescentLab.png").is_file()
    assert (internal / "lab" / "data" / "bundled" / "mnist" / "README.md").is_file()
    cuda = [p.name for p in internal.rglob("*.so*")
            if p.name.startswith(("libcudnn", "libcublas", "libnccl", "libtorch_cuda",
                                  "libcudart", "libcusparse"))]  # fmt: skip
    assert cuda == []
