"""Under `make serve`: the PDFs an edit changed, rendered after the pages are served.

A build under serve leaves out the PDFs its cache lacks (BuildRun.defer_pdfs) and lists them
(Output.pending); its pages say those PDFs are being updated. The serve process keeps one
BackgroundPdfs for its life: after each build it is handed the pending PDFs and queues the new
ones first (the edit just made comes before the rest of a fresh clone's first build), renders
them in worker processes, stores each in the PDF cache and rewrites a signal file that the
server watches when the latest build's new PDFs are all in, and again when the queue is empty.
The build that follows finds those PDFs in the cache, and the reloaded pages link them again. `make build` and CI never defer: they publish every file.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Callable, Mapping, Optional

from ..exports.pdf import PdfJob, prepare, render_pdf
from ..exports.pdf_cache import PdfCache
from ..files import write_atomically

SIGNAL_FOLDER = "serve"  # beside the cache's pdf/ folder: rewritten when the PDFs in flight are all done
SIGNAL_FILE = "pdfs-ready"


def signal_folder(cache_folder: Path) -> Path:
    return cache_folder.parent / SIGNAL_FOLDER


class BackgroundPdfs:
    """Renders pending PDFs into the cache, one worker process per core, and signals when done."""

    def __init__(self, report: Callable[[str], None], *, workers: int = os.cpu_count() or 1,
                 pool: Optional[Callable[[int], Executor]] = None):
        self.report = report  # where a failed render is told (the serve log)
        # Held while the cache folder changes: a store here, the build's prune there.
        self.lock = threading.RLock()
        self._pool: Optional[Executor] = None
        self._workers = workers
        self._make_pool = pool or _worker_processes  # given `workers`
        # Waiting, in the order they will start: the latest build's new PDFs first, so the PDF
        # of the edit just made comes before the rest of a first build's (a fresh clone's).
        self._queue: dict[str, tuple[str, PdfJob, Path]] = {}
        self._running: dict[str, Future] = {}  # at most one per worker
        self._latest: set[str] = set()  # the latest build's new PDFs: the server is told when they are in
        self._failed: set[str] = set()  # not tried again: the same job would fail the same way

    def render(self, pending: Mapping[str, PdfJob], cache_folder: Path) -> int:
        """Queue what is pending and not already queued or running, ahead of the rest; queued jobs
        no build wants any more are dropped. The number of PDFs now waiting or rendering."""
        wanted = {job.key: (path, job, cache_folder) for path, job in pending.items()}
        with self.lock:
            kept = {key: item for key, item in self._queue.items() if key in wanted}
            new = {key: item for key, item in wanted.items()
                   if key not in kept and key not in self._running and key not in self._failed}
            self._queue = {**new, **kept}
            self._latest = set(new)
            self._start()
            return len(self._queue) + len(self._running)

    def _start(self) -> None:
        while self._queue and len(self._running) < self._workers:
            key = next(iter(self._queue))
            path, job, cache_folder = self._queue.pop(key)
            future = self._executor().submit(render_pdf, job)
            self._running[key] = future
            future.add_done_callback(partial(self._done, key, path, cache_folder))

    def _executor(self) -> Executor:
        if self._pool is None:
            self._pool = self._make_pool(self._workers)
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
            self._running.pop(key, None)
            self._start()
            was_latest = key in self._latest
            self._latest.discard(key)
            if (was_latest and not self._latest) or (not self._running and not self._queue):
                # Its content names the last PDF stored: no clock, and a new inode each time.
                write_atomically(signal_folder(cache_folder) / SIGNAL_FILE, key.encode("ascii"))

    def close(self) -> None:
        self._queue.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _worker_processes(workers: int) -> ProcessPoolExecutor:
    """Started afresh (spawn), not forked: the serve process runs threads (the HTTP server, the
    file watcher), and a fork copies their locks in whatever state. They live as long as the
    server, so fonts and stylesheets load once: the first loads them and forks the others
    (pdf.prepare)."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=prepare, initargs=(os.getpid(), workers - 1))
