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
from .pdf import PdfJob, PdfPlan
from .pdf_cache import PdfCache


@dataclass(frozen=True)
class Context:
    """What exports need besides the data: the public address the site is served from, and
    the PDFs of this build (None: render each PDF where it is asked for), and preview images
    drawn by earlier builds (None: draw every image)."""

    base_url: str
    pdf_cache: PdfCache | PdfPlan | None = None
    image_cache: ImageCache | None = None
    docx_cache: DocxCache | None = None  # Word documents kept between builds (None: write each one)


@dataclass(frozen=True)
class Exported:
    files: dict[str, bytes]  # by public path
    pending: Mapping[str, PdfJob] = field(default_factory=dict)  # PDFs left to render later, by public path


Export = Callable[[Site, Context], dict[str, bytes]]
EXPORTS: list[Export] = []


def export(function: Export) -> Export:
    EXPORTS.append(function)
    return function


def build_all(site: Site, context: Context) -> dict[str, bytes]:
    """Every export, every PDF rendered."""
    return export_all(site, context).files


def export_all(site: Site, context: Context, *, defer_pdfs: bool = False) -> Exported:
    """Every export, in one pass. With a PDF cache, each PDF the cache lacks starts rendering in
    a worker process as soon as an export asks for it, side by side with the others and with
    the rest of the pass; with `defer_pdfs` (under `make serve`) it is left out of the files and
    listed as pending, for a renderer in the background."""
    if not isinstance(context.pdf_cache, PdfCache):
        return Exported(_run_exports(site, context))
    plan = PdfPlan(context.pdf_cache, defer=defer_pdfs)
    try:
        files = _run_exports(site, replace(context, pdf_cache=plan))
    finally:
        plan.finish()  # also when an export fails: no worker outlives the build
    pending = {path: job for path, content in files.items() if (job := plan.awaited(content))}
    if not pending:
        return Exported(files)
    if defer_pdfs:
        return Exported({path: content for path, content in files.items() if path not in pending}, pending)
    return Exported({path: context.pdf_cache.load(pending[path].key) if path in pending else content
                     for path, content in files.items()})


def _run_exports(site: Site, context: Context) -> dict[str, bytes]:
    # Imported here, not above: each export module imports this package to register itself.
    from . import registry  # noqa: F401  importing each export module adds it to EXPORTS

    files: dict[str, bytes] = {}
    for function in EXPORTS:
        for path, content in function(site, context).items():
            if path in files:
                raise ValueError(f"two exports write {path}")
            files[path] = content
    return dict(sorted(files.items()))
