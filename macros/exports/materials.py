"""The materials library: each material of data/materials.yml at tai-lieu/<id>.<extension>.

Files kept in data/materials/ are published as they are; documents marked `generated`
are built here from the data with the site's own templates, so they never drift from it.
The feedback form is one of them: an official document (official_documents.py), published
as Word with its PDF twin (Material.public_paths).
"""

from __future__ import annotations

from typing import Callable

from .. import urls
from ..data.formats import extension_of
from ..data.models import Generated, Material
from ..data.site import Site
from ..views.qr import print_qr_svg
from ..views.render import render
from . import Context, documents, export
from .official_documents import feedback_form_files
from .pdf import ARCHIVAL
from .printed import pdf_document, stylesheet

# Each generator gives a material's files by extension, the ones Material.public_paths names.
Files = dict[str, bytes]


def plan_pdf(site: Site, material: Material, context: Context) -> Files:
    body = documents.plan(site, documents.PrintLinker(context.base_url)).html
    css = stylesheet("pdf/official.css", "pdf/plan.css")
    return {"pdf": pdf_document(site, context, title=f"{site.plan.doc_type} số {site.plan.number}: {site.plan.title}", body=body, css=css,
                                description=material.description, variant=ARCHIVAL)}


def topic_outline_pdf(site: Site, material: Material, context: Context) -> Files:
    topic = site.topic[material.topic]
    link = documents.PrintLinker(context.base_url)
    page_url = urls.absolute(context.base_url, urls.topic(topic.id))
    body = render("pdf/outline.html", issuer=site.plan.issuer, plan_title=site.plan.title, qr=print_qr_svg(page_url, scale=2),
                  page_url=page_url, body=documents.topic(site, topic, link, baselevel=1).html)
    return {"pdf": pdf_document(site, context, title=f"{material.title}: {topic.title}", body=body, css=stylesheet("pdf/outline.css"),
                                description=material.description, body_class="" if topic.approved else "draft-content")}


def sign_in_sheet_pdf(site: Site, material: Material, context: Context) -> Files:
    days = max(len({s.date for s in cls.sessions}) for cls in site.classes)
    rows = max(cls.capacity for cls in site.classes)
    body = render("pdf/sign_in_sheet.html", plan=site.plan, days=range(1, days + 1), rows=range(1, rows + 1))
    return {"pdf": pdf_document(site, context, title=material.title, body=body, css=stylesheet("pdf/sign_in_sheet.css"), description=material.description)}


def feedback_form(site: Site, material: Material, context: Context) -> Files:
    return feedback_form_files(site, context, material.description)


GENERATORS: dict[Generated, Callable[[Site, Material, Context], Files]] = {
    Generated.plan: plan_pdf,
    Generated.topic_outline: topic_outline_pdf,
    Generated.sign_in_sheet: sign_in_sheet_pdf,
    Generated.feedback_form: feedback_form,
}


def published(site: Site, material: Material, context: Context) -> dict[str, bytes]:
    """One material's files by public path: the file kept in data/materials/ as it is, or
    what its generator makes from the data."""
    if material.generated is None:
        return {material.public_path: site.attachments[material.file]}
    made = GENERATORS[material.generated](site, material, context)
    return {path: made[extension_of(path)] for path in material.public_paths}


@export
def materials(site: Site, context: Context) -> dict[str, bytes]:
    files = {}
    for material in site.materials:
        files.update(published(site, material, context))
    return files
