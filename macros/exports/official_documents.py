"""The documents the organisers issue, each as Word (.docx, to edit, sign and stamp) and as PDF,
both from one view of views/official.py:

- tai-lieu/<class-id>/ke-hoach-lop.docx|.pdf: the class plan (Số:      /KH-LĐLĐ);
- tai-lieu/<class-id>/giay-trieu-tap.docx|.pdf: the summons (Số:      /GTT-LĐLĐ);
- tai-lieu/ke-hoach-15-kh-ldld-2026.docx: the whole Kế hoạch 15 (its PDF is a material);
- tai-lieu/bao-cao-ket-qua-2026.docx|.pdf: the results report (Số:      /BC-LĐLĐ), with its charts;
- the feedback form, from data/feedback.yml: a material (generated: feedback-form), published by the
  materials library at its address, tai-lieu/<id>.docx|.pdf, with feedback_form_files;
- du-lieu/van-ban.json: every one of them at its fixed address, with its number and date once issued.

A document is a draft (marked so on every page, number and day left blank) until staff record
its number and date in the class's data (documents.plan, documents.summons).
"""

from __future__ import annotations

import json

from .. import urls
from ..data.site import Site
from ..views import official
from ..views.qr import print_qr_svg
from ..views.render import render
from . import Context, export, word
from .pdf import FONT_FAMILY
from .printed import pdf_document, stylesheet


def official_css() -> str:
    return stylesheet("pdf/official.css", "pdf/official_document.css")


def official_pdf(site: Site, view: dict, context: Context, description: str | None = None) -> bytes:
    """The PDF twin of a document's Word file: the same view through pdf/official_document.html."""
    qr = {block["url"]: print_qr_svg(block["url"], scale=3) for block in view["blocks"] if block["kind"] == "qr"}
    body = render("pdf/official_document.html", doc=view, qr=qr, font_family=FONT_FAMILY)
    return pdf_document(site, context, title=view["title"], body=body, css=official_css(),
                        body_class="draft-content" if view["draft"] else "", description=description or view["subject"])


def word_and_pdf(site: Site, view: dict, context: Context, description: str | None = None) -> dict[str, bytes]:
    """A document's Word file and its PDF twin, by extension."""
    return {"docx": word.docx_bytes(view, context.docx_cache), "pdf": official_pdf(site, view, context, description)}


def both(site: Site, view: dict, context: Context, stem: str, description: str | None = None) -> dict[str, bytes]:
    return {f"{stem}.{extension}": content for extension, content in word_and_pdf(site, view, context, description).items()}


def feedback_form_files(site: Site, context: Context, description: str | None) -> dict[str, bytes]:
    """The feedback form as Word and PDF, by extension: the material that lists it gives their address."""
    return word_and_pdf(site, official.feedback_form(site), context, description)


@export
def class_documents(site: Site, context: Context) -> dict[str, bytes]:
    files = {}
    for cls in site.classes:
        plan = official.class_plan(site, cls)
        files.update(both(site, plan, context, urls.class_document(cls.id, urls.CLASS_PLAN, "").rstrip(".")))
        summons = official.summons(site, cls, context.base_url)
        files.update(both(site, summons, context, urls.class_document(cls.id, urls.SUMMONS, "").rstrip(".")))
    files[urls.PLAN_DOCX] = word.docx_bytes(official.plan_document(site), context.docx_cache)
    files.update(both(site, official.results_report(site), context, urls.RESULTS_REPORT))
    index = official.documents_index(site, context.base_url)
    files[urls.DOCUMENTS_JSON] = (json.dumps(index, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files
