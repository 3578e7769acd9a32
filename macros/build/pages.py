"""Pages built from the Site: one per record, plus the blocks that hand-written pages embed.

Framework-free: returns Markdown text keyed by source path, so any static site
generator (or a pre-build step) can take them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Callable

from markupsafe import escape

from .. import urls
from ..data.models import Topic, TrainingClass
from ..data.site import Site
from ..views import library, previews, records, reference, results, schedule
from ..views.library import Downloads
from ..views.links import Linker
from ..views.open_data import open_data_view
from ..views.render import render


def generated_pages(site: Site, base_url: str = "", downloads: Downloads | None = None, withheld: tuple = ()) -> dict[str, str]:
    """Source path -> Markdown, one page per topic and per class, and the all-classes calendar.

    base_url is the public address (mkdocs `site_url`): QR codes and feed addresses need it.
    `downloads` (facts of the built files) lets topic pages show the size of their materials.
    """
    pages = {}
    for topic in site.topics:
        view = {**records.topic_page(site, topic, downloads=downloads), "preview": previews.topic_preview(site, topic)}
        pages[urls.source_of(urls.topic(topic.id))] = render("pages/topic.md", topic=view)
    for cls in site.classes:
        view = {**records.class_page(site, cls, base_url, screen=True, downloads=downloads), "preview": previews.class_preview(site, cls)}
        pages[urls.source_of(urls.klass(cls.id))] = render("pages/class.md", klass=view)
    pages[urls.source_of(urls.CALENDAR)] = render("pages/calendar.md", **schedule.calendar_page(site, base_url, downloads))
    for record in withheld:  # Site.withheld: topics and classes kept off the site until approved
        pages[source_of(record)] = render("pages/awaiting.md", title=getattr(record, "name", None) or record.title)
    return pages


def source_of(record: Topic | TrainingClass) -> str:
    return urls.source_of(urls.klass(record.id) if isinstance(record, TrainingClass) else urls.topic(record.id))


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
    return [{f"Chuyên đề {i + 1}–{min(i + NAV_GROUP_SIZE, len(entries))}": entries[i:i + NAV_GROUP_SIZE]}
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
        {"Lịch các lớp": urls.source_of(urls.CALENDAR)},
        {"Báo cáo viên": urls.source_of(urls.LECTURERS)},
        {"Tài liệu": urls.source_of(urls.MATERIALS)},
        {"Thông báo": urls.source_of(urls.ANNOUNCEMENTS)},
        {"Kết quả": urls.source_of(urls.RESULTS)},
        {"Dữ liệu mở": urls.OPEN_DATA + "index.md"},  # a folder: its schema/ files sit beside the page
        {"Hướng dẫn cập nhật": urls.source_of(urls.GUIDE)},
    ]


def theme_links(site: Site) -> dict:
    """What the theme's template (overrides/main.html) puts in every page's <head>: the link to
    the announcements' feed, and the portal's preview image for pages that have none of their own
    (a class's and a topic's page name theirs in their front matter)."""
    portal = previews.site_preview(site)
    return {"feed": {"url": urls.ANNOUNCEMENTS_FEED, "title": records.announcements_feed_title(site)},
            "preview": {"image": portal["image"], "alt": portal["alt"], "width": previews.WIDTH, "height": previews.HEIGHT}}


def updated_on(site: Site) -> dict[str, date]:
    """Source path -> the date its content last changed, where the data says so: an approved
    topic's approval date, the plan's date of issue. Other pages have none (never today's date:
    the same data must give the same site on any day)."""
    dates = {urls.source_of(urls.PLAN): site.plan.date}
    dates.update((urls.source_of(urls.topic(t.id)), t.review.on) for t in site.topics if t.approved)
    return dates


# --- blocks for hand-written pages --------------------------------------------------------------
#
# `{{ class_cards() }}` in a page of docs/ is the block of that name, given the Site and the
# URL of the page it is in; a block that shows the size of built files takes their facts too.


@dataclass(frozen=True)
class Block:
    make: Callable[..., str]
    needs_downloads: bool


BLOCKS: dict[str, Block] = {}


def block(function: Callable[[Site, str], str]) -> Callable[[Site, str], str]:
    BLOCKS[function.__name__] = Block(function, needs_downloads=False)
    return function


def download_block(function: Callable[[Site, str, Downloads], str]) -> Callable[[Site, str, Downloads], str]:
    BLOCKS[function.__name__] = Block(function, needs_downloads=True)
    return function


@block
def plan_document(site: Site, page: str = urls.PLAN) -> str:
    return render("partials/plan.html", **records.plan_view(site, page))


@block
def class_cards(site: Site, page: str) -> str:
    return render("partials/class_list.html", classes=records.class_summaries(site, page))


@block
def class_table(site: Site, page: str) -> str:
    return render("partials/class_table.html", classes=records.class_summaries(site, page), year=site.plan.date.year)


@block
def topic_list(site: Site, page: str) -> str:
    return render("partials/topic_list.html", topics=records.topic_summaries(site, page))


@block
def lecturer_table(site: Site, page: str) -> str:
    return render("partials/lecturer_list.html", lecturers=records.lecturer_views(site, page))


@block
def announcement_list(site: Site, page: str) -> str:
    return render("partials/announcement_blocks.html", block="list", items=records.announcement_views(site, page),
                  feed_url=Linker(page).to(urls.ANNOUNCEMENTS_FEED))


@block
def latest_announcement(site: Site, page: str) -> str:
    item = records.latest_announcement(site, page)
    return render("partials/announcement_blocks.html", block="card", item=item) if item else ""


@block
def field_reference(site: Site, page: str) -> str:
    return render("partials/field_reference.md", files=reference.field_reference_view(page))


@block
def rule_list(site: Site, page: str) -> str:
    return render("partials/rule_list.html", rules=reference.rules())


@block
def open_data_files(site: Site, page: str) -> str:
    return render("partials/open_data.html", data=open_data_view(site, page))


@block
def open_data_collections(site: Site, page: str) -> str:
    return render("partials/open_data_collections.html", data=open_data_view(site, page))


@block
def csv_columns(site: Site, page: str) -> str:
    return render("partials/csv_columns.html", data=open_data_view(site, page))


@download_block
def materials_library(site: Site, page: str, downloads: Downloads) -> str:
    return render("partials/materials_block.html", groups=library.library(site, Linker(page), downloads))


@download_block
def class_handbooks(site: Site, page: str, downloads: Downloads) -> str:
    return render("partials/class_handbooks.html", handbooks=library.class_handbooks(site, Linker(page), downloads))


@block
def results_overview(site: Site, page: str) -> str:
    return render("partials/results.html", results=results.results_view(site, page))


@download_block
def class_documents(site: Site, page: str, downloads: Downloads) -> str:
    return render("partials/class_documents.html", classes=library.documents_by_class(site, Linker(page), downloads))


@download_block
def handbook_download(site: Site, page: str, downloads: Downloads) -> str:
    return render("partials/download_button.html", download=library.handbook(Linker(page), downloads),
                  label="Tải sổ tay tập huấn")
