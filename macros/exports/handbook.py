"""The printable handbooks: tai-lieu/so-tay-tap-huan-2026.pdf for everyone (the plan, the
programme, the classes with their dates and places) and tai-lieu/<class-id>/so-tay.pdf for
each class (the plan, the topics it teaches, its timetable). Each changes only when what it
holds changes.

Built from the same data and the same templates as the site (the plan partial, the topic
and class page templates, the lecturer and materials partials), so handbook and site never
disagree. Links point inside the handbook where the target is in it, else to the portal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import Iterable

from markupsafe import Markup

from .. import urls
from ..data.models import ClassStatus, Reviewed, Topic, TrainingClass
from ..data.site import Site
from ..text import date_range, short_date
from ..views import records
from ..views.qr import print_qr_svg
from ..views.render import render
from ..views.review import DRAFT_MARK
from . import Context, documents, export, shared_pages
from .pdf import ARCHIVAL
from .printed import pdf_document, stylesheet


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
    shared: bool = False  # the same in every handbook that holds it: laid out once (shared_pages.py)


def handbook_title(site: Site) -> str:
    subject = site.plan.title
    return f"Sổ tay {subject[:1].lower()}{subject[1:]}"


def _part_id(url: str) -> str:
    return "phan-" + documents.anchor_of(url)


def linker(site: Site, context: Context, topics: tuple[Topic, ...], classes: tuple[TrainingClass, ...]) -> documents.PrintLinker:
    """Every site page a handbook holds, mapped to its place in it; other pages by their address."""
    anchors = {url: _part_id(url) for url in (urls.PLAN, urls.CURRICULUM, urls.CLASSES)}
    anchors.update({urls.topic(t.id): documents.anchor_of(urls.topic(t.id)) for t in topics})
    anchors.update({urls.klass(c.id): documents.anchor_of(urls.klass(c.id)) for c in classes})
    return documents.PrintLinker(context.base_url, anchors)


def _records(fragments: list[tuple[str, documents.Fragment]]) -> tuple[Markup, tuple[documents.Heading, ...]]:
    body = Markup("").join(Markup(render("pdf/record.html", id=anchor, body=fragment.html)) for anchor, fragment in fragments)
    return body, tuple(heading for _, fragment in fragments for heading in fragment.level(2))


def _drafts(records: Iterable[Reviewed]) -> bool:
    return any(not record.approved for record in records)


def plan_part(site: Site, link: documents.PrintLinker, reused: documents.Reused) -> Part:
    plan = reused.fragment("plan", lambda to: documents.plan(site, to), link)
    return Part(_part_id(urls.PLAN), f"{site.plan.doc_type} số {site.plan.number}", "plan", plan.html, plan.level(2), show_title=False, shared=True)


def curriculum_part(site: Site, topics: tuple[Topic, ...], link: documents.PrintLinker, reused: documents.Reused) -> Part:
    """The topics as their pages show them, without the timetables of the classes: a topic's
    pages change when the topic does, not when a session moves."""
    body, headings = _records([(documents.anchor_of(urls.topic(t.id)), reused.fragment(f"topic:{t.id}", partial(documents.topic, site, t), link))
                               for t in topics])
    return Part(_part_id(urls.CURRICULUM), "Chương trình tập huấn", "curriculum", body, headings, shared=True,
                draft=_drafts(topics) or _drafts(site.reference[r] for t in topics for r in t.references if r in site.reference))


def general_parts(site: Site, link: documents.PrintLinker, reused: documents.Reused) -> list[Part]:
    """The plan, the programme, and the classes with their dates and places."""
    class_table = render("partials/class_table.html", classes=[records.class_summary(site, c, link) for c in site.classes],
                         year=site.plan.date.year)
    return [plan_part(site, link, reused), curriculum_part(site, site.topics, link, reused),
            Part(_part_id(urls.CLASSES), "Các lớp tập huấn", "classes", Markup(class_table),
                 draft=_drafts(site.classes) or _drafts(filter(None, map(site.venue_of, site.classes))))]


def class_parts(site: Site, cls: TrainingClass, taught: tuple[Topic, ...], link: documents.PrintLinker,
                reused: documents.Reused) -> list[Part]:
    """The plan, the topics the class teaches, and its timetable, place and what to bring."""
    fragment = documents.klass(site, cls, link)
    lecturers = filter(None, map(site.lecturer_of, cls.sessions))
    return [plan_part(site, link, reused), curriculum_part(site, taught, link, reused),
            Part(_part_id(urls.CLASSES), f"Lịch học {cls.name}", "classes",
                 Markup(render("pdf/record.html", id=documents.anchor_of(urls.klass(cls.id)), body=fragment.html)),
                 fragment.level(2), draft=_drafts([cls, *filter(None, [site.venue_of(cls)]), *lecturers]))]


@dataclass(frozen=True)
class Handbook:
    title: str
    subtitle: str | None
    parts: tuple[Part, ...]
    classes: tuple[TrainingClass, ...]  # whose dates and places it gives

    @property
    def run(self) -> tuple[Markup, ...]:
        """What it holds that another handbook may hold alike (the plan, the programme)."""
        return tuple(part.body for part in self.parts if part.shared)


def handbook_document(site: Site, context: Context, handbook: Handbook, *, run_shared: bool = False) -> bytes:
    """The PDF. `run_shared`: another handbook of the build holds the same run of parts, which
    the PDF workers then lay out once for both (shared_pages.py)."""
    portal = context.base_url or None
    body = render(
        "pdf/handbook.html",
        plan=site.plan,
        title=handbook.title,
        subtitle=handbook.subtitle,
        plan_date=short_date(site.plan.date),
        tentative=any(c.status == ClassStatus.tentative for c in handbook.classes),
        portal=portal,
        qr=print_qr_svg(portal, scale=5) if portal else None,
        parts=handbook.parts,
        draft=any(part.draft for part in handbook.parts),
        draft_mark=DRAFT_MARK,
        marks=(shared_pages.START, shared_pages.END) if run_shared else None,
    )
    css = stylesheet("pdf/official.css", "pdf/handbook.css")
    title = f"{handbook.title}: {handbook.subtitle}" if handbook.subtitle else handbook.title
    return pdf_document(site, context, title=title, body=body, css=css, body_class="handbook", variant=ARCHIVAL,
                        description=f"Tài liệu học tập tham khảo cho {site.plan.doc_type} số {site.plan.number}: {site.plan.title}")


def general_handbook(site: Site, context: Context, reused: documents.Reused) -> Handbook:
    """The general handbook: the same for every class."""
    link = linker(site, context, site.topics, ())
    return Handbook(handbook_title(site), None, tuple(general_parts(site, link, reused)), site.classes)


def class_handbook(site: Site, cls: TrainingClass, context: Context, reused: documents.Reused) -> Handbook:
    """One class's handbook: what a trainee of that class needs, and only that."""
    teaches = {session.topic for session in cls.sessions}
    taught = tuple(t for t in site.topics if t.id in teaches)
    link = linker(site, context, taught, (cls,))
    return Handbook(handbook_title(site), f"{cls.name} ({date_range(cls.start_date, cls.end_date)})",
                    tuple(class_parts(site, cls, taught, link, reused)), (cls,))


def handbook_pdf(site: Site, context: Context) -> bytes:
    """The general handbook's PDF on its own (as the build makes it, for the same data)."""
    return handbook_document(site, context, general_handbook(site, context, documents.Reused()))


@export(first=True)  # the longest PDFs of all
def handbooks(site: Site, context: Context) -> dict[str, bytes]:
    reused = documents.Reused()
    # The classes' handbooks first: an edit to a class changes its own, seldom the general one.
    made = {urls.class_handbook(cls.id): class_handbook(site, cls, context, reused) for cls in site.classes}
    made[urls.HANDBOOK] = general_handbook(site, context, reused)
    # Every class teaching all topics holds the general handbook's run; at scale, classes that
    # teach the same topics share theirs. A run no other handbook holds is laid out with its handbook.
    holders = Counter(handbook.run for handbook in made.values())
    return {path: handbook_document(site, context, handbook, run_shared=holders[handbook.run] > 1) for path, handbook in made.items()}
