"""The documents the organisers issue, each as Word (.docx, to edit, sign and stamp) and as PDF,
both from one view of views/official.py:

- tai-lieu/<class-id>/ke-hoach-lop.docx|.pdf: the class plan (Số:      /KH-LĐLĐ);
- tai-lieu/<class-id>/giay-trieu-tap.docx|.pdf: the summons (Số:      /GTT-LĐLĐ);
- tai-lieu/ke-hoach-15-kh-ldld-2026.docx: the whole Kế hoạch 15 (its PDF is a material);
- tai-lieu/bao-cao-ket-qua-2026.docx|.pdf: the results report (Số:      /BC-LĐLĐ), with its charts;
- tai-lieu/phieu-lay-y-kien/phieu-lay-y-kien-hoc-vien.docx|.pdf: the feedback form, from data/feedback.yml;
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
from .materials import pdf_document
from .pdf import FONT_FAMILY


def official_css() -> str:
    return render("pdf/official.css") + render("pdf/official_document.css")


def official_pdf(site: Site, view: dict, context: Context, description: str | None = None) -> bytes:
    """The PDF twin of a document's Word file: the same view through pdf/official_document.html."""
    qr = {block["url"]: print_qr_svg(block["url"], scale=3) for block in view["blocks"] if block["kind"] == "qr"}
    body = render("pdf/official_document.html", doc=view, qr=qr, font_family=FONT_FAMILY)
    return pdf_document(site, context, title=view["title"], body=body, css=official_css(),
                        body_class="draft-content" if view["draft"] else "", description=description or view["subject"])


def both(site: Site, view: dict, context: Context, stem: str, description: str | None = None) -> dict[str, bytes]:
    return {f"{stem}.docx": word.docx_bytes(view, context.docx_cache),
            f"{stem}.pdf": official_pdf(site, view, context, description)}


@export
def class_documents(site: Site, context: Context) -> dict[str, bytes]:
    files = {}
    for cls in site.classes:
        plan = official.class_plan(site, cls)
        files.update(both(site, plan, context, urls.class_document(cls.id, urls.CLASS_PLAN, "").rstrip(".")))
        summons = official.summons(site, cls, context.base_url)
        files.update(both(site, summons, context, urls.class_document(cls.id, urls.SUMMONS, "").rstrip(".")))
    files[urls.PLAN_DOCX] = word.docx_bytes(official.plan_document(site), context.docx_cache)
    # The feedback form from data/feedback.yml, as Word and PDF. (The material kept in
    # data/materials/ at tai-lieu/phieu-lay-y-kien-hoc-vien.docx asks the same questions.)
    files.update(both(site, official.feedback_form(site), context, urls.FEEDBACK_FORM,
                      "Phiếu không ghi tên: các câu hỏi và mức đánh giá như kết quả các lớp ghi nhận."))
    files.update(both(site, official.results_report(site), context, urls.RESULTS_REPORT))
    index = official.documents_index(site, context.base_url)
    files[urls.DOCUMENTS_JSON] = (json.dumps(index, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files
