"""Edit-to-preview under `mkdocs serve`, as staff live it: from the moment a file is saved to
the moment the updated page is served, polled over HTTP.

The server serves a page only once the build it belongs to has finished (MkDocs' live-reload
server holds requests during a build), so the time polled is the time a reader waits.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PENDING_NOTE = "đang được tạo lại theo dữ liệu vừa sửa"  # macros/views/templates/pages/class.md
EDITED_CLASS = "lop-2"
_FIRST_START = re.compile(r"""(start:\s*["']?)(\d\d:\d\d)(["']?)""")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return b""


def poll(found, timeout: float, what: str, interval: float = 0.02) -> float:
    """Seconds until found() is true, polling; SystemExit naming `what` if it never is."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if found():
            return time.perf_counter() - start
        time.sleep(interval)
    raise SystemExit(f"make serve: {what} not seen within {timeout:g} s")


def move_first_session(project: Path, minute: int) -> str:
    """What a typical edit does: the first session of one class moved to 07:<minute> (before its
    old start, so it stays valid). The new time, as the class page shows it."""
    path = project / "data" / "classes" / f"{EDITED_CLASS}.yml"
    new = f"07:{minute:02d}"
    path.write_text(_FIRST_START.sub(lambda m: m.group(1) + new + m.group(3), path.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")
    return new


@dataclass
class ServeFigures:
    docs: list[float] = field(default_factory=list)  # seconds from a docs/ save to the page served
    data: list[float] = field(default_factory=list)  # from a data/ save to the class page served
    pdf: list[float] = field(default_factory=list)  # from the same save to the class PDF updated

    @property
    def docs_median(self) -> float:
        return statistics.median(self.docs)

    @property
    def data_median(self) -> float:
        return statistics.median(self.data)

    @property
    def pdf_median(self) -> float:
        return statistics.median(self.pdf)


class Server:
    """`mkdocs serve` of a project copy, as `make serve` runs it."""

    def __init__(self, project: Path, port: int, env: dict, log: Path):
        self.url = f"http://127.0.0.1:{port}/"
        self._log = log.open("w")
        argv = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--livereload", "--dev-addr", f"127.0.0.1:{port}"]
        self.process = subprocess.Popen(argv, cwd=project, env={**os.environ, **env}, stdout=self._log, stderr=subprocess.STDOUT)

    def page(self, path: str) -> str:
        return fetch(self.url + path).decode("utf-8", errors="replace")

    def close(self) -> None:
        self.process.send_signal(signal.SIGINT)  # Ctrl-C, as a person stops `make serve`
        self.process.wait(timeout=60)
        self._log.close()


def measure_serve(project: Path, port: int, env: dict, repeats: int, work: Path, timeout: float = 300) -> ServeFigures:
    """`repeats` docs/ edits and data/ edits, alternating; after each data edit, waits for the
    class PDF and the rebuild that links it before the next edit."""
    server = Server(project, port, env, work / "serve.log")
    class_page, class_pdf = f"lop-hoc/{EDITED_CLASS}/", f"lich/{EDITED_CLASS}.pdf"
    figures = ServeFigures()
    try:
        poll(lambda: (text := server.page(class_page)) and PENDING_NOTE not in text, timeout, "the first build with every PDF")
        home = project / "docs" / "index.md"
        for n in range(repeats):
            marker = f"Đoạn đo thời gian số {n + 1}."
            with home.open("a", encoding="utf-8") as out:
                out.write(f"\n{marker}\n")
            figures.docs.append(poll(lambda: marker in server.page(""), timeout, "a docs/ edit"))
            time.sleep(1)  # the watcher settles: the next save is a change of its own
            before = hashlib.sha256(fetch(server.url + class_pdf)).digest()
            started = time.perf_counter()
            new_time = move_first_session(project, 10 + n)
            figures.data.append(poll(lambda: new_time in server.page(class_page), timeout, "a data/ edit"))
            poll(lambda: (pdf := fetch(server.url + class_pdf)) and hashlib.sha256(pdf).digest() != before, timeout,
                 "the class PDF updated")
            figures.pdf.append(time.perf_counter() - started)
            poll(lambda: PENDING_NOTE not in server.page(class_page), timeout, "the page linking its new PDFs")
            time.sleep(1)
    finally:
        server.close()
    return figures
