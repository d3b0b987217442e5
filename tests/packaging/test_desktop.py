"""Desktop integration: the launcher and metainfo validate, install and uninstall for the
current user under XDG_DATA_HOME, and the icon comes at every size it claims."""

from __future__ import annotations

import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET

import pytest

import lab
from lab.cli.main import main
from lab.desktop.entry import (
    APP_ID,
    ICON_SIZES,
    desktop_entry_text,
    icon_dir,
    icon_png,
    installed_paths,
    package_dir,
)

DESKTOP = package_dir() / f"{APP_ID}.desktop"
METAINFO = package_dir() / f"{APP_ID}.metainfo.xml"


def entry_keys(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (Debian: desktop-file-utils)")
def test_desktop_files_validate(tmp_path):
    installed = tmp_path / f"{APP_ID}.desktop"
    installed.write_text(desktop_entry_text(["/opt/Descent Lab/descent-lab", "--flag"]))
    for path in (DESKTOP, installed):
        done = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                              text=True)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        assert "error" not in done.stdout.lower(), done.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli not installed (Debian: appstream)")
def test_metainfo_validates():
    done = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_desktop_entry_and_metainfo_agree_with_the_app():
    keys = entry_keys(DESKTOP.read_text())
    assert keys["Categories"].startswith("Education;Science;")
    assert keys["Icon"] == APP_ID and keys["Exec"] == "descent-lab"
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.find("releases/release").get("version") == lab.__version__


def test_icon_comes_at_every_size():
    assert (icon_dir() / f"{APP_ID}.svg").read_text().lstrip().startswith("<?xml")
    for size in ICON_SIZES:
        header = icon_png(size).read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", header[16:24]) == (size, size)


def test_install_and_uninstall_for_the_user(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert main(["--install-desktop-entry"]) == 0
    paths = installed_paths(tmp_path / "share")
    assert all(p.is_file() for p in paths)
    launcher = tmp_path / "share" / "applications" / f"{APP_ID}.desktop"
    assert launcher == paths[0] and f"launcher {launcher}" in capsys.readouterr().out
    exec_line = entry_keys(launcher.read_text())["Exec"]
    assert exec_line.endswith("descent-lab") or exec_line.endswith("-m lab"), exec_line
    assert (tmp_path / "share/icons/hicolor/48x48/apps" / f"{APP_ID}.png").read_bytes() == \
        icon_png(48).read_bytes()
    # the user's own files beside ours survive the uninstall
    mine = tmp_path / "share" / "applications" / "mine.desktop"
    mine.write_text("[Desktop Entry]\n")
    assert main(["--uninstall-desktop-entry"]) == 0
    assert not any(p.exists() for p in paths) and mine.is_file()
    assert main(["--uninstall-desktop-entry"]) == 0  # nothing left: still fine


def test_install_into_an_unwritable_place_says_so(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))  # a file where a folder must go
    assert main(["--install-desktop-entry"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("descent-lab: error: cannot write") and "\n" == err[-1]


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"descent-lab {lab.__version__}"
