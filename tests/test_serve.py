"""`make serve`: after a data edit the pages come first; the PDFs the edit changed follow, and
until they do the page says so. What serve makes is what `make build` publishes, so the two share
their PDFs. (How fast: `make bench`, not here.)"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import Executor, Future
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from macros.build.background import BackgroundPdfs
from tests.conftest import mkdocs_config
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
def served(project, tmp_path, session_build):
    """`mkdocs serve` of a project copy, as `make serve` runs it after `make build`: with the
    cache that build filled (the session build's, of the same data and dates)."""
    project.with_site_sources()
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BUILD_CACHE": str(session_build.cache_copy(tmp_path / "cache"))}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project.root, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        # Served where it is published: at the public address's path (/tap-huan-2026/).
        yield project, f"http://127.0.0.1:{port}{urlsplit(mkdocs_config()['site_url']).path}", server
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C, as a person stops `make serve`
        server.wait(timeout=30)
        log.close()


def test_a_class_edit_is_served_first_with_its_pdfs_marked_as_updating_then_with_the_new_pdfs(served, tmp_path):
    project, url, server = served
    page = lambda: (fetch(url + "lop-hoc/lop-2/") or b"").decode("utf-8")  # noqa: E731
    # After `make build`, serve renders no PDF: its first build links every one at once.
    first = wait_for("the class page of the first build", lambda: (text := page()) and "07:30" in text and text)
    assert PENDING_NOTE not in first and 'href="../../lich/lop-2.pdf"' in first

    project.edit("data/classes/lop-2.yml", 'start: "07:30"', 'start: "07:15"')
    shown = wait_for("the new time on the class page", lambda: (text := page()) and "07:15" in text and text)
    assert PENDING_NOTE in shown, "the page comes before its PDFs, and says they are being made"
    assert 'href="../../lich/lop-2.pdf"' not in shown

    def new_pdf():
        content = fetch(url + "lich/lop-2.pdf")
        text = content and text_of_pdf(content, tmp_path / "lop-2.pdf")
        return text if text and "07:15" in text else None

    timetable = wait_for("the class PDF with the new time", new_pdf)
    # Made for the public address, as `make build` makes it, not for the local server.
    assert mkdocs_config()["site_url"] + "lop-hoc/lop-2/" in timetable and "127.0.0.1" not in timetable
    wait_for("the class page linking its new PDFs", lambda: PENDING_NOTE not in page() and 'href="../../lich/lop-2.pdf"' in page())
    handbook = fetch(url + "tai-lieu/lop-2/so-tay.pdf")
    assert "07:15" in text_of_pdf(handbook, tmp_path / "so-tay.pdf")
    # The serve process itself never loaded WeasyPrint (nor Pango): PDFs are made in workers.
    maps = Path(f"/proc/{server.pid}/maps").read_text()
    assert "libpango" not in maps


class HeldJobs(Executor):
    """Stands for the worker processes: records what is started, and finishes it when told."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.futures: dict[str, Future] = {}

    def submit(self, render, job):
        self.started.append(job.key)
        self.futures[job.key] = Future()
        return self.futures[job.key]

    def finish_the_running_one(self) -> None:
        self.futures[self.started[-1]].set_result((b"%PDF-", 1))


def test_the_pdfs_of_the_latest_edit_start_before_those_an_earlier_build_left_waiting(tmp_path):
    held = HeldJobs()
    background = BackgroundPdfs(report=pytest.fail, workers=1, pool=lambda workers: held)
    job = lambda key: SimpleNamespace(key=key)  # noqa: E731
    # A fresh clone's first build: four PDFs to make, one worker.
    background.render({f"{name}.pdf": job(name) for name in ("a", "b", "c", "d")}, tmp_path / "pdf")
    # An edit: the next build still wants c and d, and now e, which the edit changed (a and b are
    # no longer wanted: the edit changed them too, into e).
    background.render({"c.pdf": job("c"), "d.pdf": job("d"), "e.pdf": job("e")}, tmp_path / "pdf")
    for _ in range(3):
        held.finish_the_running_one()
    assert held.started == ["a", "e", "c", "d"]  # a was running; e comes before what the first build left
    background.close()
