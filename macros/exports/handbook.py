"""The printable handbook, tai-lieu/so-tay-tap-huan-2026.pdf: the whole portal on paper.

Built from the same data and the same templates as the site (the plan partial, the topic
and class page templates, the lecturer and materials partials), so handbook and site never
disagree. Links point inside the handbook where the target is in it, else to the portal.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import urls
from ..data.models import ClassStatus
from ..data.site import Site
from ..text import short_date
from ..views import library, records
from ..views.qr import print_qr_svg
from ..views.render import render
from ..views.review import DRAFT_MARK
from . import Context, documents, export
from .materials import pdf_document


@dataclass(frozen=True)
class Part:
    """A top-level section: one bookmark, one entry in the table of contents, one running header.
    Its level-2 headings (bookmark-level 2 in handbook.css) are listed under it in the contents."""

    id: str
    title: str
    kind: str
    body: Markup
    headings: tuple[documents.Heading, ...] = ()  # listed under the part in the table of contents
    show_title: bool = True
    draft: bool = False  # holds content nobody approved yet: its pages carry the draft mark


def handbook_title(site: Site) -> str:
    subject = site.plan.title
    return f"Sổ tay {subject[:1].lower()}{subject[1:]}"


def _part_id(url: str) -> str:
    return "phan-" + documents.anchor_of(url)


def linker(site: Site, context: Context) -> documents.PrintLinker:
    """Every site page the handbook holds, mapped to its place in the handbook."""
    anchors = {url: _part_id(url) for url in (urls.PLAN, urls.CURRICULUM, urls.CLASSES, urls.LECTURERS, urls.MATERIALS)}
    anchors.update({urls.topic(t.id): documents.anchor_of(urls.topic(t.id)) for t in site.topics})
    anchors.update({urls.klass(c.id): documents.anchor_of(urls.klass(c.id)) for c in site.classes})
    return documents.PrintLinker(context.base_url, anchors)


def _records(fragments: list[tuple[str, documents.Fragment]]) -> tuple[Markup, tuple[documents.Heading, ...]]:
    body = Markup("").join(Markup(render("pdf/record.html", id=anchor, body=fragment.html)) for anchor, fragment in fragments)
    return body, tuple(heading for _, fragment in fragments for heading in fragment.level(2))


def parts(site: Site, link: documents.PrintLinker) -> list[Part]:
    plan = documents.plan(site, link)
    topics = [(documents.anchor_of(urls.topic(t.id)), documents.topic(site, t, link)) for t in site.topics]
    classes = [(documents.anchor_of(urls.klass(c.id)), documents.klass(site, c, link)) for c in site.classes]
    topic_body, topic_headings = _records(topics)
    class_body, class_headings = _records(classes)
    class_table = render("partials/class_table.html", classes=[records.class_summary(site, c, link) for c in site.classes], year=site.plan.date.year)
    lecturers = render("partials/lecturer_list.html", lecturers=records.lecturer_views(site, urls.LECTURERS, link))
    materials = documents.markdown_html(render("pdf/materials_part.html", groups=library.library(site, link, None)), baselevel=1, prefix="tai-lieu-")
    drafts = lambda records: any(not record.approved for record in records)  # noqa: E731
    return [
        Part(_part_id(urls.PLAN), f"{site.plan.doc_type} số {site.plan.number}", "plan", plan.html, plan.level(2), show_title=False),
        Part(_part_id(urls.CURRICULUM), "Chương trình tập huấn", "curriculum", topic_body, topic_headings,
             draft=drafts(site.topics) or drafts(site.references)),
        Part(_part_id(urls.CLASSES), "Các lớp tập huấn", "classes", Markup(class_table) + class_body, class_headings,
             draft=drafts(site.classes) or drafts(site.venues) or drafts(site.lecturers)),
        Part(_part_id(urls.LECTURERS), "Báo cáo viên", "lecturers", Markup(lecturers), draft=drafts(site.lecturers)),
        Part(_part_id(urls.MATERIALS), "Danh mục tài liệu", "materials", materials.html, draft=drafts(site.materials)),
    ]


def handbook_pdf(site: Site, context: Context) -> bytes:
    link = linker(site, context)
    title = handbook_title(site)
    portal = context.base_url or None
    body = render(
        "pdf/handbook.html",
        plan=site.plan,
        title=title,
        plan_date=short_date(site.plan.date),
        tentative=any(c.status == ClassStatus.tentative for c in site.classes),
        portal=portal,
        qr=print_qr_svg(portal, scale=5) if portal else None,
        parts=(found := parts(site, link)),
        draft=any(part.draft for part in found),
        draft_mark=DRAFT_MARK,
    )
    css = render("pdf/official.css") + render("pdf/handbook.css")
    return pdf_document(site, context, title=title, body=body, css=css, body_class="handbook",
                        description=f"Tài liệu học tập tham khảo cho {site.plan.doc_type} số {site.plan.number}: {site.plan.title}")


@export
def handbook(site: Site, context: Context) -> dict[str, bytes]:
    return {urls.HANDBOOK: handbook_pdf(site, context)}
