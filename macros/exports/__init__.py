"""Files built from the Site besides pages: calendars, open data, PDFs.

Each export is a pure function (Site, Context) -> {public path: bytes}, registered with
@export. The MkDocs adapter adds every file to the build; nothing here knows MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ..data.site import Site
from .image_cache import ImageCache
from .pdf import PdfPlan, render_missing
from .pdf_cache import PdfCache


@dataclass(frozen=True)
class Context:
    """What exports need besides the data: the public address the site is served from, and
    where PDFs rendered by earlier builds are kept (None: render every PDF), and preview
    images drawn by earlier builds (None: draw every image)."""

    base_url: str
    pdf_cache: PdfCache | PdfPlan | None = None
    image_cache: ImageCache | None = None


Export = Callable[[Site, Context], dict[str, bytes]]
EXPORTS: list[Export] = []


def export(function: Export) -> Export:
    EXPORTS.append(function)
    return function


def build_all(site: Site, context: Context) -> dict[str, bytes]:
    """Every export. With a PDF cache, a first pass gathers the PDFs to make, those not cached
    are rendered side by side, and the exports then take every PDF from the cache."""
    if context.pdf_cache is not None:
        plan = PdfPlan()
        _run_exports(site, replace(context, pdf_cache=plan))
        render_missing(plan, context.pdf_cache)
    return _run_exports(site, context)


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
