"""The materials library: each material of data/materials.yml at tai-lieu/<id>.<extension>.

Files kept in data/materials/ are published as they are; documents marked `generated`
are built here from the data with the site's own templates, so they never drift from it.
"""

from __future__ import annotations

from typing import Callable

from markupsafe import Markup

from .. import urls
from ..data.models import Generated, Material
from ..data.site import Site
from ..views.qr import print_qr_svg
from ..views.render import TEMPLATES, render
from . import Context, documents, export
from .pdf import ACCESSIBLE, ARCHIVAL, html_to_pdf

BASE_URL = TEMPLATES.as_uri() + "/"  # resolves nothing from the network: every resource is inline or a file


def pdf_document(site: Site, context: Context, *, title: str, body: str, css: str, body_class: str = "", description: str | None = None,
                 variant: str = ACCESSIBLE) -> bytes:
    """A whole PDF around `body`, HTML rendered from our templates (so already escaped)."""
    html = render("pdf/document.html", title=title, author=site.plan.issuer, description=description, body=Markup(documents.keep_codes_together(body)), body_class=body_class)
    return html_to_pdf(html, base_url=BASE_URL, extra_css=css, cache=context.pdf_cache, variant=variant)


def plan_pdf(site: Site, material: Material, context: Context) -> bytes:
    body = documents.plan(site, documents.PrintLinker(context.base_url)).html
    css = render("pdf/official.css") + render("pdf/plan.css")
    return pdf_document(site, context, title=f"{site.plan.doc_type} số {site.plan.number}: {site.plan.title}", body=body, css=css,
                        description=material.description, variant=ARCHIVAL)


def topic_outline_pdf(site: Site, material: Material, context: Context) -> bytes:
    topic = site.topic[material.topic]
    link = documents.PrintLinker(context.base_url)
    page_url = urls.absolute(context.base_url, urls.topic(topic.id))
    body = render("pdf/outline.html", issuer=site.plan.issuer, plan_title=site.plan.title, qr=print_qr_svg(page_url, scale=2),
                  page_url=page_url, body=documents.topic(site, topic, link, baselevel=1).html)
    return pdf_document(site, context, title=f"{material.title}: {topic.title}", body=body, css=render("pdf/outline.css"),
                        description=material.description, body_class="" if topic.approved else "draft-content")


def sign_in_sheet_pdf(site: Site, material: Material, context: Context) -> bytes:
    days = max(len({s.date for s in cls.sessions}) for cls in site.classes)
    rows = max(cls.capacity for cls in site.classes)
    body = render("pdf/sign_in_sheet.html", plan=site.plan, days=range(1, days + 1), rows=range(1, rows + 1))
    return pdf_document(site, context, title=material.title, body=body, css=render("pdf/sign_in_sheet.css"), description=material.description)


GENERATORS: dict[Generated, Callable[[Site, Material, Context], bytes]] = {
    Generated.plan: plan_pdf,
    Generated.topic_outline: topic_outline_pdf,
    Generated.sign_in_sheet: sign_in_sheet_pdf,
}


@export
def materials(site: Site, context: Context) -> dict[str, bytes]:
    files = {}
    for material in site.materials:
        if material.generated is not None:
            content = GENERATORS[material.generated](site, material, context)
        else:
            content = site.attachments[material.file]
        files[material.public_path] = content
    return files
