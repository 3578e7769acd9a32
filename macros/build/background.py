"""Under `make serve`: the PDFs an edit changed, rendered after the pages are served.

A build under serve leaves out the PDFs its cache lacks (BuildRun.defer_pdfs) and lists them
(Output.pending); its pages say those PDFs are being updated. The serve process keeps one
BackgroundPdfs for its life: after each build it is handed the pending PDFs, renders them in
worker processes, stores each in the PDF cache and, when none is left in flight, rewrites a
signal file that the server watches. The build that follows finds every PDF in the cache, and
the reloaded pages link them again. `make build` and CI never defer: they publish every file.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Callable, Mapping, Optional

from ..exports.pdf import PdfJob, render_pdf
from ..exports.pdf_cache import PdfCache, write_atomically

SIGNAL_FOLDER = "serve"  # beside the cache's pdf/ folder: rewritten when the PDFs in flight are all done
SIGNAL_FILE = "pdfs-ready"


def signal_folder(cache_folder: Path) -> Path:
    return cache_folder.parent / SIGNAL_FOLDER


class BackgroundPdfs:
    """Renders pending PDFs into the cache, one worker process per core, and signals when done."""

    def __init__(self, report: Callable[[str], None]):
        self.report = report  # where a failed render is told (the serve log)
        # Held while the cache folder changes: a store here, the build's prune there.
        self.lock = threading.RLock()
        self._pool: Optional[ProcessPoolExecutor] = None
        self._in_flight: dict[str, Future] = {}
        self._failed: set[str] = set()  # not tried again: the same job would fail the same way

    def render(self, pending: Mapping[str, PdfJob], cache_folder: Path) -> int:
        """Start rendering what is pending and not already in flight; queued jobs no build wants
        any more are dropped. The number of PDFs now in flight."""
        wanted = {job.key: (path, job) for path, job in pending.items()}
        with self.lock:
            for key in [k for k in self._in_flight if k not in wanted]:
                if self._in_flight[key].cancel():
                    del self._in_flight[key]
            for key, (path, job) in wanted.items():
                if key in self._in_flight or key in self._failed:
                    continue
                future = self._executor().submit(render_pdf, job)
                self._in_flight[key] = future
                future.add_done_callback(partial(self._done, key, path, cache_folder))
            return len(self._in_flight)

    def _executor(self) -> ProcessPoolExecutor:
        # Workers are started afresh (spawn), not forked: the serve process runs threads (the
        # HTTP server, the file watcher), and a fork copies their locks in whatever state.
        # They live as long as the server, so fonts and stylesheets load once per worker.
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def _done(self, key: str, path: str, cache_folder: Path, future: Future) -> None:
        if future.cancelled():
            return
        error = future.exception()
        with self.lock:
            if error is None:
                content, pages = future.result()
                PdfCache(cache_folder).store(key, content, pages)
            else:
                self._failed.add(key)
                self.report(f"{path}: không dựng được bản PDF ({type(error).__name__}: {error})")
            self._in_flight.pop(key, None)
            if not self._in_flight:
                # Its content names the last PDF stored: no clock, and a new inode each time.
                write_atomically(signal_folder(cache_folder) / SIGNAL_FILE, key.encode("ascii"))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
