"""`make serve`: after a data edit the pages come first; the PDFs the edit changed follow, and
until they do the page says so. (How fast: `make bench`, not here.)"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.test_class_pdf import pdftotext

PENDING_NOTE = "đang được tạo lại theo dữ liệu vừa sửa"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def text_of_pdf(content: bytes, path: Path) -> str:
    path.write_bytes(content)
    return pdftotext(path)


def wait_for(what: str, found, timeout: float = 60):
    """Poll until found() gives something true; fail naming what never came."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := found():
            return result
        time.sleep(0.1)
    pytest.fail(f"{what}: not seen within {timeout:g} s")


@pytest.fixture
def served(project, tmp_path):
    """`mkdocs serve` of a project copy with a cache of its own, as `make serve` runs it."""
    project.with_site_sources()
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BUILD_CACHE": str(tmp_path / "cache"), "SITE_URL": f"http://127.0.0.1:{port}/"}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project.root, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield project, f"http://127.0.0.1:{port}/", server
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C, as a person stops `make serve`
        server.wait(timeout=30)
        log.close()


def test_a_class_edit_is_served_first_with_its_pdfs_marked_as_updating_then_with_the_new_pdfs(served, tmp_path):
    project, url, server = served
    page = lambda: (fetch(url + "lop-hoc/lop-2/") or b"").decode("utf-8")  # noqa: E731
    # Edited while the first build's PDFs are still being made (a fresh clone): the edit's own
    # PDFs are made first, and the page links them without waiting for the rest.
    wait_for("the class page of the first build", lambda: "07:30" in page())

    project.edit("data/classes/lop-2.yml", 'start: "07:30"', 'start: "07:15"')
    shown = wait_for("the new time on the class page", lambda: (text := page()) and "07:15" in text and text)
    assert PENDING_NOTE in shown, "the page comes before its PDFs, and says they are being made"
    assert 'href="../../lich/lop-2.pdf"' not in shown

    def new_pdf():
        content = fetch(url + "lich/lop-2.pdf")
        return content if content and "07:15" in text_of_pdf(content, tmp_path / "lop-2.pdf") else None

    wait_for("the class PDF with the new time", new_pdf)
    wait_for("the class page linking its new PDFs", lambda: PENDING_NOTE not in page() and 'href="../../lich/lop-2.pdf"' in page())
    handbook = fetch(url + "tai-lieu/lop-2/so-tay.pdf")
    assert "07:15" in text_of_pdf(handbook, tmp_path / "so-tay.pdf")
    # The serve process itself never loaded WeasyPrint (nor Pango): PDFs are made in workers.
    maps = Path(f"/proc/{server.pid}/maps").read_text()
    assert "libpango" not in maps
