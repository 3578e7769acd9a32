"""The public URLs of DESIGN.md §2: printed on QR codes and letters, so never changed."""

from __future__ import annotations

import posixpath

HOME = ""
PLAN = "ke-hoach/"
CURRICULUM = "chuong-trinh/"
CLASSES = "lop-hoc/"
CALENDAR = "lich/"
MATERIALS = "tai-lieu/"
LECTURERS = "bao-cao-vien/"
ANNOUNCEMENTS = "thong-bao/"
OPEN_DATA = "du-lieu/"
GUIDE = "huong-dan/"
HANDBOOK = f"{MATERIALS}so-tay-tap-huan-2026.pdf"

# Files (not pages) under those sections.
ANNOUNCEMENTS_FEED = ANNOUNCEMENTS + "atom.xml"
OPEN_DATA_JSON = OPEN_DATA + "tap-huan-2026.json"
SESSIONS_CSV = OPEN_DATA + "buoi-hoc.csv"
SCHEMAS = OPEN_DATA + "schema/"


def topic(topic_id: str) -> str:
    return f"{CURRICULUM}{topic_id}/"


def klass(class_id: str) -> str:
    return f"{CLASSES}{class_id}/"


ALL_CLASSES_FEED = f"{CALENDAR}tap-huan-2026.ics"


def class_feed(class_id: str) -> str:
    return f"{CALENDAR}{class_id}.ics"


def class_pdf(class_id: str) -> str:
    return f"{CALENDAR}{class_id}.pdf"


def material(material_id: str, extension: str) -> str:
    """A material's download: 'tai-lieu/<id>.<extension>'."""
    return f"{MATERIALS}{material_id}.{extension}"


def source_of(url: str) -> str:
    """The Markdown source behind a directory URL: 'lop-hoc/lop-1/' -> 'lop-hoc/lop-1.md'."""
    return "index.md" if url == HOME else url.rstrip("/") + ".md"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at from_url to to_url, both site-relative ('lop-hoc/lop-1/')."""
    start = posixpath.dirname(from_url.rstrip("/") + "/x") if from_url else "."
    target = posixpath.relpath(to_url or ".", start or ".")
    if (to_url == HOME or to_url.endswith("/")) and not target.endswith("/"):
        target += "/"
    return target


def absolute(base: str, url: str) -> str:
    return base.rstrip("/") + "/" + url
