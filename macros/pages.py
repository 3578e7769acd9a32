"""Pages built from the Site: one per record, plus the blocks that hand-written pages embed.

Framework-free: returns Markdown text keyed by source path, so any static site
generator (or a pre-build step) can take them.
"""

from __future__ import annotations

from . import library, reference, schedule, urls, views
from .render import render
from .site import Site


def generated_pages(site: Site, base_url: str = "", downloads: library.Downloads | None = None) -> dict[str, str]:
    """Source path -> Markdown, one page per topic and per class, and the all-classes calendar.

    base_url is the public address (mkdocs `site_url`): QR codes and feed addresses need it.
    `downloads` (facts of the built files) lets topic pages show the size of their materials.
    """
    pages = {}
    for topic in site.topics:
        pages[urls.source_of(urls.topic(topic.id))] = render("pages/topic.md", topic=views.topic_page(site, topic, downloads=downloads))
    for cls in site.classes:
        pages[urls.source_of(urls.klass(cls.id))] = render("pages/class.md", klass=views.class_page(site, cls, base_url))
    pages[urls.source_of(urls.CALENDAR)] = render("pages/calendar.md", **schedule.calendar_page(site, base_url))
    return pages


def nav(site: Site) -> list:
    """The navigation, in MkDocs' `nav` shape, so new records appear without editing config."""
    return [
        {"Trang chủ": "index.md"},
        {"Kế hoạch": urls.source_of(urls.PLAN)},
        {"Chương trình": ["chuong-trinh/index.md"] + [{t.title: urls.source_of(urls.topic(t.id))} for t in site.topics]},
        {"Lớp học": ["lop-hoc/index.md"] + [{c.name: urls.source_of(urls.klass(c.id))} for c in site.classes]},
        {"Lịch các lớp": urls.source_of(urls.CALENDAR)},
        {"Báo cáo viên": urls.source_of(urls.LECTURERS)},
        {"Tài liệu": urls.source_of(urls.MATERIALS)},
        {"Thông báo": urls.source_of(urls.ANNOUNCEMENTS)},
        {"Dữ liệu mở": urls.OPEN_DATA + "index.md"},  # a folder: its schema/ files sit beside the page
        {"Hướng dẫn cập nhật": urls.source_of(urls.GUIDE)},
    ]


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


def materials_library(site: Site, page: str, downloads: library.Downloads) -> str:
    return render("partials/materials_block.html", groups=library.library(site, views.Linker(page), downloads))


def handbook_download(site: Site, page: str, downloads: library.Downloads) -> str:
    return render("partials/download_button.html", download=library.handbook(views.Linker(page), downloads),
                  label="Tải sổ tay tập huấn")


def announcement_list(site: Site, page: str) -> str:
    return render("partials/announcement_blocks.html", block="list", items=views.announcement_views(site, page),
                  feed_url=views.Linker(page).to(urls.ANNOUNCEMENTS_FEED))


def latest_announcement(site: Site, page: str) -> str:
    item = views.latest_announcement(site, page)
    return render("partials/announcement_blocks.html", block="card", item=item) if item else ""


def field_reference(site: Site, page: str) -> str:
    return render("partials/field_reference.md", files=reference.field_reference_view(page))


def rule_list(site: Site, page: str) -> str:
    return render("partials/rule_list.html", rules=reference.rules())


def open_data_files(site: Site, page: str) -> str:
    return render("partials/open_data.html", data=reference.open_data_view(site, page))


def open_data_collections(site: Site, page: str) -> str:
    return render("partials/open_data_collections.html", data=reference.open_data_view(site, page))


def csv_columns(site: Site, page: str) -> str:
    return render("partials/csv_columns.html", data=reference.open_data_view(site, page))
