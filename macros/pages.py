"""Pages built from the Site: one per record, plus the blocks that hand-written pages embed.

Framework-free: returns Markdown text keyed by source path, so any static site
generator (or a pre-build step) can take them.
"""

from __future__ import annotations

from datetime import date
from itertools import groupby

from markupsafe import escape

from . import urls, views
from .render import render
from .site import Site


def generated_pages(site: Site) -> dict[str, str]:
    """Source path -> Markdown, one page per topic and per class."""
    pages = {}
    index = views.indexes(site)
    for topic in site.topics:
        pages[urls.source_of(urls.topic(topic.id))] = render("pages/topic.md", topic=views.topic_page(site, topic, index))
    for cls in site.classes:
        pages[urls.source_of(urls.klass(cls.id))] = render("pages/class.md", klass=views.class_page(site, cls))
    return pages


# A section with more records than this lists them in groups. Every page carries the
# menu, and with the theme's navigation.prune only the open group is written into a page:
# the full list on every page made page size, and build time, grow with the square of the
# number of records (100 times the data: 480 KB a page, 35 times the build time of 10 times).
NAV_GROUP_SIZE = 20


def _label(text: str) -> str:
    """A menu label: MkDocs themes write it into every page as HTML, unescaped."""
    return str(escape(text))


def _topic_nav(site: Site) -> list:
    entries = [{_label(t.title): urls.source_of(urls.topic(t.id))} for t in site.topics]
    if len(entries) <= NAV_GROUP_SIZE:
        return entries
    return [{f"Chủ đề {i + 1}–{min(i + NAV_GROUP_SIZE, len(entries))}": entries[i:i + NAV_GROUP_SIZE]}
            for i in range(0, len(entries), NAV_GROUP_SIZE)]


def _class_nav(site: Site) -> list:
    """Classes by the month they start in, when there are many: trainees know when theirs is."""
    def entry(cls) -> dict:
        return {_label(cls.name): urls.source_of(urls.klass(cls.id))}
    if len(site.classes) <= NAV_GROUP_SIZE:
        return [entry(c) for c in site.classes]
    by_month = groupby(sorted(site.classes, key=lambda c: c.start_date),  # stable: same day, id order
                       key=lambda c: (c.start_date.year, c.start_date.month))
    return [{f"Tháng {month}/{year}": [entry(c) for c in group]} for (year, month), group in by_month]


def nav(site: Site) -> list:
    """The navigation, in MkDocs' `nav` shape, so new records appear without editing config."""
    return [
        {"Trang chủ": "index.md"},
        {"Kế hoạch": urls.source_of(urls.PLAN)},
        {"Chương trình": ["chuong-trinh/index.md"] + _topic_nav(site)},
        {"Lớp học": ["lop-hoc/index.md"] + _class_nav(site)},
        {"Báo cáo viên": urls.source_of(urls.LECTURERS)},
    ]


def updated_on(site: Site) -> dict[str, date]:
    """Source path -> the date its content last changed, where the data says so: a topic's
    review date, the plan's date of issue. Other pages have none (never today's date:
    the same data must give the same site on any day)."""
    dates = {urls.source_of(urls.PLAN): site.plan.date}
    dates.update((urls.source_of(urls.topic(t.id)), t.reviewed_on) for t in site.topics)
    return dates


# Blocks for hand-written pages; each takes the URL of the page it is embedded in.

def plan_document(site: Site, page: str = urls.PLAN) -> str:
    return render("partials/plan.html", **views.plan_view(site, page))


def class_cards(site: Site, page: str) -> str:
    return render("partials/class_list.html", classes=views.class_summaries(site, page))


def class_table(site: Site, page: str) -> str:
    return render("partials/class_table.html", classes=views.class_summaries(site, page), year=site.plan.date.year)


def topic_list(site: Site, page: str) -> str:
    return render("partials/topic_list.html", topics=views.topic_summaries(site, page))


def lecturer_table(site: Site, page: str) -> str:
    return render("partials/lecturer_list.html", lecturers=views.lecturer_views(site, page))
