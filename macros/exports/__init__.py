"""Files built from the Site besides pages: calendars, open data, PDFs.

Each export is a pure function (Site, Context) -> {public path: bytes}, registered with
@export. The MkDocs adapter adds every file to the build; nothing here knows MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

from ..data.site import Site
from .docx_cache import DocxCache
from .image_cache import ImageCache
from .pdf import PdfJob, Renderer, RenderPlan
from .pdf_cache import PdfCache
from .word import DocxJob


@dataclass(frozen=True)
class Context:
    """What exports need besides the data: the public address the site is served from, and
    the PDFs of this build (None: render each PDF where it is asked for), and preview images
    drawn by earlier builds (None: draw every image)."""

    base_url: str
    pdf_cache: PdfCache | RenderPlan | None = None
    image_cache: ImageCache | None = None
    docx_cache: DocxCache | RenderPlan | None = None  # Word documents kept between builds (None: write each one)


@dataclass(frozen=True)
class Exported:
    files: dict[str, bytes]  # by public path; without the documents still being made
    # Documents still being made in worker processes (PDFs, Word files), by public path.
    pending: Mapping[str, PdfJob | DocxJob] = field(default_factory=dict)
    # Makes the pending documents in this build; None when they are left to a background
    # renderer (PDFs under `make serve`) or there are none.
    rendering: RenderPlan | None = None

    def rendered(self, path: str) -> bytes:
        """The bytes of a pending document, once made."""
        return self.rendering.rendered(self.pending[path])

    def finish(self) -> None:
        """Every pending document made and in its cache, and the workers gone."""
        if self.rendering is not None:
            self.rendering.finish()

    def complete(self) -> dict[str, bytes]:
        """Every file, after waiting for the PDFs still rendering."""
        if self.pending and self.rendering is None:
            raise ValueError("these PDFs are left to the background renderer: " + ", ".join(self.pending))
        self.finish()
        return dict(sorted({**self.files, **{path: self.rendered(path) for path in self.pending}}.items()))


Export = Callable[[Site, Context], dict[str, bytes]]
EXPORTS: list[Export] = []


def export(function: Export | None = None, *, first: bool = False):
    """Register an export (a decorator). `first`: it asks for the longest PDFs, which start
    rendering in workers as soon as they are asked for, while the other exports run."""
    def register(function: Export) -> Export:
        EXPORTS.append(function)
        if first:
            _FIRST.add(function)
        return function

    return register(function) if function is not None else register


_FIRST: set[Export] = set()


def build_all(site: Site, context: Context) -> dict[str, bytes]:
    """Every export, every PDF rendered."""
    return export_all(site, context).complete()


def export_all(site: Site, context: Context, *, defer_pdfs: bool = False, renderer: Renderer | None = None) -> Exported:
    """Every export, in one pass. With a PDF cache, each PDF (and, with a Word cache, each Word
    file) the cache lacks starts in a worker process as soon as an export asks for it, side by
    side with the other exports and with the rest of the build, and is listed as pending:
    Exported.rendered() waits for it. With `defer_pdfs` (under `make serve`) a PDF is not
    rendered here but left to a renderer in the background, and a Word file is written where it
    is asked for. `renderer`: workers started ahead (pdf.Renderer.start)."""
    if not isinstance(context.pdf_cache, PdfCache):
        return Exported(_run_exports(site, context))
    # Under serve a Word file is written where it is asked for: the background renderer makes PDFs only.
    plan = RenderPlan(context.pdf_cache, defer=defer_pdfs, renderer=renderer, docx_cache=None if defer_pdfs else context.docx_cache)
    try:
        files = _run_exports(site, replace(context, pdf_cache=plan, docx_cache=plan if plan.docx_cache else context.docx_cache))
    except BaseException:
        plan.close()  # no worker outlives a failed build
        raise
    pending = {path: job for path, content in files.items() if (job := plan.awaited(content))}
    if not pending:
        plan.finish()
        return Exported(files)
    return Exported({path: content for path, content in files.items() if path not in pending}, pending,
                    None if defer_pdfs else plan)


def _run_exports(site: Site, context: Context) -> dict[str, bytes]:
    # Imported here, not above: each export module imports this package to register itself.
    from . import registry  # noqa: F401  importing each export module adds it to EXPORTS

    files: dict[str, bytes] = {}
    for function in sorted(EXPORTS, key=lambda f: f not in _FIRST):
        for path, content in function(site, context).items():
            if path in files:
                raise ValueError(f"two exports write {path}")
            files[path] = content
    return dict(sorted(files.items()))
