"""The public URLs of DESIGN.md §2: printed on QR codes and letters, so never changed."""

from __future__ import annotations

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
DOCUMENTS_JSON = OPEN_DATA + "van-ban.json"  # the fixed address of every document the portal issues


def topic(topic_id: str) -> str:
    return f"{CURRICULUM}{topic_id}/"


def klass(class_id: str) -> str:
    return f"{CLASSES}{class_id}/"


ALL_CLASSES_FEED = f"{CALENDAR}tap-huan-2026.ics"


def class_feed(class_id: str) -> str:
    return f"{CALENDAR}{class_id}.ics"


def class_pdf(class_id: str) -> str:
    return f"{CALENDAR}{class_id}.pdf"


def class_handbook(class_id: str) -> str:
    """One class's handbook: 'tai-lieu/lop-1/so-tay.pdf'."""
    return f"{MATERIALS}{class_id}/so-tay.pdf"


# A class's documents to issue, under its folder beside its handbook (extension: docx or pdf).
CLASS_PLAN = "ke-hoach-lop"
SUMMONS = "giay-trieu-tap"


def class_document(class_id: str, name: str, extension: str) -> str:
    """'tai-lieu/lop-2/ke-hoach-lop.docx', 'tai-lieu/lop-2/giay-trieu-tap.pdf'."""
    return f"{MATERIALS}{class_id}/{name}.{extension}"


PLAN_DOCX = f"{MATERIALS}ke-hoach-15-kh-ldld-2026.docx"  # the plan as a Word file; its PDF is a material
RESULTS = "ket-qua/"
RESULTS_REPORT = f"{MATERIALS}bao-cao-ket-qua-2026"  # .docx and .pdf


def material(material_id: str, extension: str) -> str:
    """A material's download: 'tai-lieu/<id>.<extension>'."""
    return f"{MATERIALS}{material_id}.{extension}"


# Link previews (Open Graph images): one per class and topic page, one for every other page.
PREVIEWS = "anh-xem-truoc/"
SITE_PREVIEW = f"{PREVIEWS}cong-thong-tin.png"


def preview(page_url: str) -> str:
    """A page's preview image: 'lop-hoc/lop-1/' -> 'anh-xem-truoc/lop-hoc/lop-1.png'."""
    return f"{PREVIEWS}{page_url.rstrip('/')}.png"


def source_of(url: str) -> str:
    """The Markdown source behind a directory URL: 'lop-hoc/lop-1/' -> 'lop-hoc/lop-1.md'."""
    return "index.md" if url == HOME else url.rstrip("/") + ".md"


def _parts(url: str) -> list[str]:
    return [part for part in url.split("/") if part and part != "."]


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at from_url to to_url, both site-relative ('lop-hoc/lop-1/').

    Plain string work: posixpath.relpath resolves both against the working directory,
    and a site of a thousand pages makes tens of thousands of links."""
    start, target = _parts(from_url), _parts(to_url)
    common = 0
    while common < min(len(start), len(target)) and start[common] == target[common]:
        common += 1
    link = "/".join([".."] * (len(start) - common) + target[common:]) or "."
    if (to_url == HOME or to_url.endswith("/")) and not link.endswith("/"):
        link += "/"
    return link


def absolute(base: str, url: str) -> str:
    return base.rstrip("/") + "/" + url


# Public paths that exports other than the materials library write under tai-lieu/: no
# material may take one (the handbook, the plan's Word file, the results report).
RESERVED_MATERIAL_PATHS = frozenset({HANDBOOK, PLAN_DOCX, f"{RESULTS_REPORT}.docx", f"{RESULTS_REPORT}.pdf"})
