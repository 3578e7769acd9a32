"""HTML to PDF with WeasyPrint and the bundled font: the one PDF machinery of the portal.

Only the bundled Noto Serif family is declared, and it covers all of Vietnamese, so no
character falls back to a system font (which could silently mix typefaces).

Rendering is deterministic (same HTML, CSS, fonts and WeasyPrint, same bytes), so PDFs are
kept in a content-addressed PdfCache (pdf_cache.py): a rebuild renders only the PDFs whose
inputs changed, and gives the bytes a fresh render would.
"""

from __future__ import annotations

import atexit
import hashlib
import multiprocessing
import multiprocessing.util
import os
import signal
import threading
import time
import warnings
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..views.render import render
from ..views.review import DRAFT_MARK
from . import shared_pages
from .docx_cache import DocxCache
from .pdf_cache import PdfCache, cache_key

if TYPE_CHECKING:
    from .word import DocxJob

FONTS = Path(__file__).parent / "fonts"
FONT_FAMILY = "Noto Serif"
FONT_FILES = {
    ("normal", 400): "NotoSerif-Regular.ttf",
    ("normal", 700): "NotoSerif-Bold.ttf",
    ("italic", 400): "NotoSerif-Italic.ttf",
    ("italic", 700): "NotoSerif-BoldItalic.ttf",
}
WORKERS = os.cpu_count() or 1  # PDF worker processes: one per core
SIBLING_NICENESS = 10  # the workers but the first: see prepare
FONT_PATHS = tuple(FONTS / name for name in sorted(FONT_FILES.values()))  # in the order the cache key reads them
_PACKAGE_URI = Path(__file__).parents[1].as_uri()


def font_faces() -> list[dict]:
    return [{"family": FONT_FAMILY, "style": style, "weight": weight, "url": (FONTS / name).as_uri()}
            for (style, weight), name in FONT_FILES.items()]


@lru_cache(maxsize=1)  # the same for every PDF of a build
def base_css() -> str:
    """@font-face rules and the page defaults shared by every PDF."""
    return render("pdf/base.css", faces=font_faces(), family=FONT_FAMILY, draft_mark=DRAFT_MARK)


# Every PDF is tagged (headings, tables, lists, reading order, its language) for screen readers
# and carries XMP metadata: PDF/UA-1. Documents kept for the record (the plan, the handbooks)
# are PDF/A-2a instead: the same tags, plus what an archive needs (embedded colour profile).
ACCESSIBLE = "pdf/ua-1"
ARCHIVAL = "pdf/a-2a"


@dataclass(frozen=True)
class PdfJob:
    """Everything one render takes; the same job always gives the same bytes."""

    html: str
    base_url: str
    stylesheets: tuple[str, ...]
    variant: str = ACCESSIBLE
    # Where a run of pages other documents hold too is in the HTML: laid out once per worker
    # (shared_pages.py). The PDF is the same either way, so neither key nor identifier reads it.
    shared: shared_pages.Span | None = None

    @cached_property  # asked for several times per build: a digest of the whole HTML
    def key(self) -> str:
        # The fonts and templates are named by their file URIs, which hold the checkout's path: the
        # key takes them by content (the fonts are digested) so that two checkouts share a cache.
        portable = [part.replace(_PACKAGE_URI, "macros:") for part in (self.base_url, *self.stylesheets)]
        return cache_key(self.html, portable[0], portable[1:], fonts=list(FONT_PATHS), variant=self.variant)

    kind = "pdf"

    @property
    def looks(self) -> tuple:
        """What lays out its HTML besides the HTML: the same for documents that share pages."""
        return self.base_url, self.stylesheets, self.variant

    def run(self) -> tuple[bytes, int]:
        return render_pdf(self)

    @property
    def identifier(self) -> bytes:
        """The PDF's file identifier, from its input rather than the clock."""
        own = self.stylesheets[1] if len(self.stylesheets) > 1 else ""
        return hashlib.sha256(self.html.encode("utf-8") + own.encode("utf-8")).hexdigest()[:32].encode("ascii")


PENDING = b"\0pdf-pending:"  # what an export gets for a document not made yet; no PDF or Word file starts so


class RenderPlan:
    """The documents a build asks for that are made in worker processes: PDFs, and Word files
    when a Word cache is given. Those the caches hold are handed out at once; each missing one
    gets a placeholder (PENDING + its key) and, unless rendering is deferred (under `make
    serve`), starts in a worker right away, while the build goes on. rendered() waits for one
    of them, finish() for all; each goes into its cache."""

    def __init__(self, cache: PdfCache, *, defer: bool = False, renderer: Renderer | None = None,
                 docx_cache: DocxCache | None = None) -> None:
        self.cache = cache
        self.docx_cache = docx_cache
        self.missing: dict[str, PdfJob | DocxJob] = {}
        self._renderer = None if defer else renderer or Renderer()

    def cache_of(self, job: PdfJob | DocxJob) -> PdfCache | DocxCache:
        return self.docx_cache if job.kind == "docx" else self.cache

    def take(self, job: PdfJob | DocxJob) -> bytes:
        cache = self.cache_of(job)
        cached = cache.load(job.key)
        if cached is not None:
            return cached
        if job.key not in self.missing:
            self.missing[job.key] = job
            if self._renderer:
                self._renderer.submit(job)
        return PENDING + job.key.encode("ascii")

    def awaited(self, content: bytes) -> PdfJob | DocxJob | None:
        """The job a placeholder stands for; None for the bytes of a document."""
        if not content.startswith(PENDING):
            return None
        return self.missing[content[len(PENDING):].decode("ascii")]

    def rendered(self, job: PdfJob | DocxJob) -> bytes:
        """The bytes of a job this plan started, once made."""
        if self._renderer is None:
            raise ValueError("PDFs are deferred: this build renders none")
        self._renderer.store(job.key, self.cache_of(job))
        return self.cache_of(job).load(job.key)

    def finish(self) -> None:
        """Every document started, made and in its cache."""
        if self._renderer:
            self._renderer.store_all(self.cache_of)

    def close(self) -> None:
        """The build failed: stop the workers, make nothing more."""
        if self._renderer:
            self._renderer.shutdown()


class Renderer:
    """Worker processes, one per core, started at the first job (or ahead, by start()): WeasyPrint
    is imported and its fonts loaded in the workers only (in the first, which forks the others;
    see prepare), so a build with every document cached never loads it."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._started: dict[str, tuple[PdfJob | DocxJob, Future]] = {}
        self._stored: set[str] = set()

    def start(self) -> "Renderer":
        """Start the workers now, before any job: they get WeasyPrint ready while the build goes on."""
        self._executor().submit(os.getpid)  # a forked pool starts its worker at the first task
        return self

    def submit(self, job: PdfJob | DocxJob) -> None:
        self._started[job.key] = (job, self._executor().submit(job.run))

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Forked: the build has no threads, and a forked worker starts at once. One worker,
            # which forks the others once WeasyPrint is loaded (see prepare).
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                             initializer=prepare, initargs=(os.getpid(), WORKERS - 1))
        return self._pool

    def store(self, key: str, cache: PdfCache | DocxCache) -> None:
        """Wait for one job and put it in its cache (once)."""
        if key not in self._stored:
            content, pages = self._started[key][1].result()
            cache.store(key, content, pages)
            self._stored.add(key)

    def store_all(self, cache_of: Callable[[PdfJob | DocxJob], PdfCache | DocxCache]) -> None:
        try:
            for key, (job, _) in self._started.items():
                self.store(key, cache_of(job))
        finally:
            self.shutdown()

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def render_all(jobs: list[PdfJob], cache: PdfCache) -> None:
    """Render jobs into the cache, side by side in worker processes."""
    renderer = Renderer()
    for job in jobs:
        renderer.submit(job)
    renderer.store_all(lambda job: cache)


def job_for(html: str, *, base_url: str, extra_css: str = "", variant: str = ACCESSIBLE) -> PdfJob:
    """The shared stylesheet, then the document's own if it has one; the marks of a shared run
    of pages (shared_pages.py) taken out of the HTML."""
    html, shared = shared_pages.unmarked(html)
    return PdfJob(html, base_url, (base_css(), extra_css) if extra_css else (base_css(),), variant, shared)


def html_to_pdf(html: str, *, base_url: str, extra_css: str = "", cache: PdfCache | RenderPlan | None = None,
                variant: str = ACCESSIBLE) -> bytes:
    """Render HTML to PDF bytes, or take them from the cache (or the build's plan of PDFs).
    Same HTML, same bytes."""
    return made(job_for(html, base_url=base_url, extra_css=extra_css, variant=variant), cache)


def made(job: PdfJob | DocxJob, cache: PdfCache | DocxCache | RenderPlan | None) -> bytes:
    """A document's bytes: from the build's plan (which starts it in a worker if its cache
    lacks it), else from its cache, else made here and kept in the cache."""
    if isinstance(cache, RenderPlan):
        return cache.take(job)
    if cache is not None and (cached := cache.load(job.key)) is not None:
        return cached
    content, pages = job.run()
    if cache is not None:
        cache.store(job.key, content, pages)
    return content


def prepare(build: int, siblings: int = 0) -> None:
    """A worker's first task: WeasyPrint imported, the fonts and the shared stylesheet loaded;
    then `siblings` more workers forked from it, which share all that (loading WeasyPrint is
    0.6 s of CPU, a fork a millisecond) and take jobs from the same queue as it does.

    A worker stops when the process that started it (`build`, for the first) is gone: a build or
    server killed (not stopped) never shuts its workers down, and they would wait for work
    forever. The first one stops with its siblings: the pool knows it alone, and so learns of
    a sibling's crash (whose job would never finish) or of a sibling that took the pool's one
    call to stop."""
    _stylesheet(base_css())
    parent, forked = build, []
    for _ in range(siblings):
        first = os.getpid()
        pid = os.fork()
        if pid == 0:
            parent, forked = first, []
            # The first worker takes the first job, the longest (the handbooks are asked for
            # first); the others render the rest behind it and behind the build's own work.
            os.nice(SIBLING_NICENESS)
            time.sleep(0.05)  # so the first, already waiting, is the one that takes it
            break
        forked.append(pid)
    # Threads only once every fork is done: a fork copies other threads' locks in any state.
    threading.Thread(target=_exit_without, args=(parent,), daemon=True).start()
    # Set once the first worker stops its siblings itself: their end is then no crash to report.
    stopping = threading.Event()
    watchers = [threading.Thread(target=_exit_with, args=(pid, stopping), daemon=True) for pid in forked]
    for watcher in watchers:
        watcher.start()
    if forked:  # the first took the pool's call to stop: the others stop with it, now
        multiprocessing.util.Finalize(None, _stop, args=(forked, watchers, stopping), exitpriority=1)


def _exit_without(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _stop(siblings: list[int], watchers: list[threading.Thread], stopping: threading.Event) -> None:
    """The siblings stopped, and each reaped before the first worker ends: a sibling left to
    outlive it would be reaped by init, and its CPU time lost to the build's own (and to the
    benchmark's figures)."""
    stopping.set()
    for pid in siblings:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    for watcher in watchers:
        watcher.join(timeout=10)


def _exit_with(sibling: int, stopping: threading.Event) -> None:
    _, status = os.waitpid(sibling, 0)
    if not stopping.is_set():
        os._exit(0 if os.waitstatus_to_exitcode(status) == 0 else 1)


def render_pdf(job: PdfJob, *, reuse: bool = True) -> tuple[bytes, int]:
    """WeasyPrint, with the fonts and the shared stylesheet loaded once per process, and the
    pages a document shares with others laid out once (shared_pages.py; `reuse` off: the
    whole document laid out, which gives the same bytes)."""
    lay_out = partial(laid_out, job)
    reused = reuse and job.shared and shared_pages.composed(job.html, job.shared, job.looks, lay_out)
    document = reused or lay_out(job.html)
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB profile for PDF/A and never closes it: its warning, not ours.
        warnings.filterwarnings("ignore", category=ResourceWarning)
        content = document.write_pdf(pdf_identifier=job.identifier, pdf_variant=job.variant, finisher=_xmp_language)
    return content, len(document.pages)


def laid_out(job: PdfJob, html: str):
    """`html` laid out as the job's document is: its base URL, stylesheets, fonts and PDF variant."""
    from weasyprint import HTML  # here: a build whose PDFs are all cached never loads WeasyPrint

    stylesheets = [_stylesheet(css) for css in job.stylesheets]
    return HTML(string=html, base_url=job.base_url).render(stylesheets=stylesheets, font_config=_font_configuration(), pdf_variant=job.variant)


def _xmp_language(document, pdf) -> None:
    """The document's language (html lang) in its XMP metadata too, as dc:language: WeasyPrint
    writes it to the catalog's /Lang only."""
    import pydyf

    if not document.metadata.lang:
        return
    language = (b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:language><rdf:Bag>'
                b"<rdf:li>" + escape(document.metadata.lang).encode("utf-8") + b"</rdf:li></rdf:Bag></dc:language></rdf:Description>")
    for stream in pdf.objects:
        if isinstance(stream, pydyf.Stream) and stream.extra.get("Type") == "/Metadata":
            stream.stream = [part.replace(b"</rdf:RDF>", language + b"</rdf:RDF>") for part in stream.stream]


@lru_cache(maxsize=1)
def _font_configuration():
    from weasyprint.text.fonts import FontConfiguration

    # Released before the interpreter tears modules down: its clean-up removes a folder of
    # fonts and needs them.
    atexit.register(_stylesheet.cache_clear)
    atexit.register(_font_configuration.cache_clear)
    return FontConfiguration()


@lru_cache(maxsize=16)
def _stylesheet(css: str):
    from weasyprint import CSS

    return CSS(string=css, font_config=_font_configuration())
