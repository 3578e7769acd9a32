"""A whole PDF document from the site's templates: what the materials, the handbooks and the
official documents' PDF twins are printed with.

Its own module, below them all: the materials library publishes an official document (the
feedback form), and the official documents are printed with this same function.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

from ..data.site import Site
from ..views.render import TEMPLATES, render
from . import Context, documents
from .pdf import ACCESSIBLE, html_to_pdf

BASE_URL = TEMPLATES.as_uri() + "/"  # resolves nothing from the network: every resource is inline or a file


@lru_cache(maxsize=None)
def stylesheet(*templates: str) -> str:
    """A document's own stylesheet, from static templates: rendered once, not for every PDF."""
    return "".join(render(template) for template in templates)


def pdf_document(site: Site, context: Context, *, title: str, body: str, css: str, body_class: str = "", description: str | None = None,
                 variant: str = ACCESSIBLE) -> bytes:
    """A whole PDF around `body`, HTML rendered from our templates (so already escaped)."""
    html = render("pdf/document.html", title=title, author=site.plan.issuer, description=description, body=Markup(documents.keep_codes_together(body)), body_class=body_class)
    return html_to_pdf(html, base_url=BASE_URL, extra_css=css, cache=context.pdf_cache, variant=variant)
