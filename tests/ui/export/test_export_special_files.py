"""Issue 16, 11: CSV export from the window to a FIFO with no reader froze the GUI for good
(writing a FIFO waits for a reader). The window's exports refuse a FIFO or a device before
writing anything, without opening it; the CLI's ``--csv /dev/stdout`` still writes through."""

import os

import pytest

from lab.io.files import ExportError
from tests.fifo_watch import nothing_written_into


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "runs.csv"
    os.mkfifo(path)
    return path


def test_csv_export_refuses_a_fifo_without_writing(fifo):
    from lab.ui.export.images import export_text

    with nothing_written_into(fifo), pytest.raises(ExportError) as raised:
        export_text("a,b\n1,2\n", fifo)
    assert str(raised.value) == f"cannot write {fifo}: it is a pipe (FIFO), not a regular file"


def test_image_exports_refuse_a_fifo_too(fifo, qtbot):
    from PySide6.QtWidgets import QLabel

    from lab.ui.export.images import export_image

    label = QLabel("x")
    qtbot.addWidget(label)
    for suffix in (".png", ".svg"):
        path = fifo.with_suffix(suffix)
        os.mkfifo(path)
        with nothing_written_into(path), pytest.raises(ExportError, match="pipe \\(FIFO\\)"):
            export_image(label, path)


def test_a_device_is_refused(tmp_path):
    from lab.ui.export.images import export_text

    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null here")
    with pytest.raises(ExportError, match="it is a device"):
        export_text("a\n", "/dev/null")


def test_a_link_to_a_fifo_is_refused(fifo, tmp_path):
    from lab.ui.export.images import export_text

    link = tmp_path / "link.csv"
    link.symlink_to(fifo)
    with nothing_written_into(fifo), pytest.raises(ExportError, match="symbolic link"):
        export_text("a\n", link)
