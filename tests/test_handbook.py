"""The handbooks, read back with poppler, pypdf and fontTools: text, fonts, outline, contents.

The general handbook and each class's handbook are one document each; the checks of a
well-made document run on both kinds."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from macros import urls
from macros.data.models import ClassStatus
from macros.exports import Context, documents
from macros.exports.handbook import handbook_pdf, handbook_title
from macros.text import date_line, slugify
from macros.views.records import lecturer_label, session_title, time_range
from tests.conftest import mkdocs_config, source_sentences

A4_HEIGHT = 842  # points; pdftotext crops in points at its default 72 dpi
MARGIN = 57  # 20 mm: running header and page number live outside this band


PORTAL = mkdocs_config()["site_url"]


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


CLASS_HANDBOOK = urls.class_handbook("lop-1")


@pytest.fixture(scope="module", params=[urls.HANDBOOK, CLASS_HANDBOOK], ids=["general", "lop-1"])
def handbook(built, request) -> Path:
    return built / request.param


def text_of_pdf(path: Path) -> str:
    return normalised(pdftotext(path, "-raw", "-x", "0", "-y", str(MARGIN), "-W", "600", "-H", str(A4_HEIGHT - 2 * MARGIN)))


@pytest.fixture(scope="module")
def general(built) -> str:
    return text_of_pdf(built / urls.HANDBOOK)


@pytest.fixture(scope="module")
def reader(handbook) -> PdfReader:
    return PdfReader(handbook)


@pytest.fixture(scope="module")
def body(handbook) -> str:
    """The text inside the page margins: no running header or page number cuts a sentence in two."""
    return normalised(pdftotext(handbook, "-x", "0", "-y", str(MARGIN), "-W", "600", "-H", str(A4_HEIGHT - 2 * MARGIN)))


@pytest.fixture(scope="module")
def pages(handbook, reader) -> list[str]:
    return [normalised(pdftotext(handbook, "-f", str(n), "-l", str(n))) for n in range(1, len(reader.pages) + 1)]


def uris(pages) -> set[str]:
    """Targets of the links to the web on these pages (links inside the document have no URI)."""
    return {a.get_object().get("/A", {}).get("/URI") for page in pages for a in page.get("/Annots", [])} - {None}


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page number from 1) of every bookmark, in order."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return found


# --- what it holds -----------------------------------------------------------------------------


def test_the_handbook_is_built_at_its_public_address(handbook):
    assert handbook.read_bytes().startswith(b"%PDF-")


def test_the_handbook_holds_every_sentence_of_the_source_plan(body):
    missing = [line for line in source_sentences() if line not in body]
    assert len(source_sentences()) > 40
    assert missing == []


def test_the_general_handbook_holds_every_topic_and_every_class_with_its_dates_and_place(general, site):
    for number, topic in enumerate(site.topics, start=1):
        assert f"{number}. {topic.title}" in general
        for text in [topic.summary, *topic.objectives, *topic.outline]:
            assert normalised(text) in general, text
    for cls in site.classes:
        venue = site.venue[cls.venue]
        assert cls.name in general and venue.name in general and venue.address in general
    assert "Lịch dạy chuyên đề này" not in general and "Báo cáo viên" not in general  # no timetable: a moved session changes none of it


@pytest.mark.parametrize("class_id", ["lop-1", "lop-3"])
def test_a_class_handbook_holds_the_topics_it_teaches_and_every_session_row_of_its_class(built, site, class_id):
    cls = site.klass[class_id]
    text = text_of_pdf(built / urls.class_handbook(class_id))
    assert cls.name in text and site.venue[cls.venue].address in text and cls.note in text
    for session in cls.sessions:
        lecturer = lecturer_label(site.lecturer_of(session))
        row = f"{time_range(session)} {session_title(site, session)} {lecturer} {cls.room_of(session)}"
        assert row in text, row
    taught = {s.topic for s in cls.sessions if s.topic}
    for number, topic in enumerate(site.topics, start=1):
        assert (f"{number}. {topic.title}" in text) == (topic.id in taught)
    others = [c.name for c in site.classes if c is not cls]
    assert not any(f"{name}: " in text for name in others)


def test_every_class_handbook_is_linked_from_its_page_its_timetable_and_the_materials_page(page, built, site):
    for cls in site.classes:
        assert f"../../tai-lieu/{cls.id}/so-tay.pdf" in [a["href"] for a in page(urls.klass(cls.id)).select(".class-actions a")]
        timetable = pdftotext(built / urls.class_pdf(cls.id))
        assert urls.absolute(PORTAL, urls.class_handbook(cls.id)) in normalised(timetable)
    listed = [a["href"] for a in page(urls.MATERIALS).select(".class-handbooks a")]
    assert listed == [f"{cls.id}/so-tay.pdf" for cls in site.classes]


def test_tentative_classes_are_marked_as_in_the_site(built, site):
    for cls in [c for c in site.classes if c.status == ClassStatus.tentative]:
        text = text_of_pdf(built / urls.class_handbook(cls.id))
        assert "Lịch dự kiến" in text and "có thể thay đổi" in text


def test_the_cover_names_title_issuer_year_and_links_to_the_portal(pages, reader, site):
    cover = pages[0]
    assert "SỔ TAY" in cover and site.plan.title in cover
    assert site.plan.issuer.upper() in cover and site.plan.superior_body.upper() in cover
    assert f"{site.plan.place}, {site.plan.date.year}" in cover
    assert PORTAL in cover
    assert PORTAL in uris(reader.pages[:1])


def test_the_plan_keeps_its_official_header_and_date_line(body, site):
    assert f"{site.plan.place}, {date_line(site.plan.date)}" in body
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc" in body
    assert "Nơi nhận:" in body and site.plan.signature.name in body


def test_the_metadata_names_title_author_and_language(reader, site, handbook):
    title = handbook_title(site) if handbook.name != "so-tay.pdf" else f"{handbook_title(site)}: Lớp 1 (14–15/4/2026)"
    assert reader.metadata.title == title and handbook_title(site) == "Sổ tay tập huấn nghiệp vụ công tác công đoàn năm 2026"
    assert reader.metadata.author == site.plan.issuer
    assert reader.trailer["/Root"]["/Lang"] == "vi"


def test_every_page_after_the_cover_says_trang_n_of_n(pages):
    total = len(pages)
    assert "Trang" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Trang {number}/{total}" in text


def test_the_running_header_names_the_part_and_the_section(built, site):
    path = built / CLASS_HANDBOOK
    first_class = next(page for level, title, page in outline(PdfReader(path)) if title.startswith(site.classes[0].name + ":"))
    header = normalised(pdftotext(path, "-f", str(first_class + 1), "-l", str(first_class + 1), "-x", "0", "-y", "0", "-W", "600", "-H", str(MARGIN)))
    assert header == f"Lịch học {site.classes[0].name} DỰ THẢO {site.classes[0].name}: 14–15/4/2026"  # the class is a draft


# --- fonts ---------------------------------------------------------------------------------------


def embedded_fonts(reader: PdfReader) -> dict[str, TTFont]:
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            assert font["/Subtype"] == "/Type0", font["/Subtype"]
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
            fonts.setdefault(str(font["/BaseFont"]), TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data())))
    return fonts


def test_all_fonts_are_embedded_and_of_the_bundled_family(handbook, reader):
    listing = subprocess.run(["pdffonts", str(handbook)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    bundled = {"Noto-Serif", "Noto-Serif-Bold", "Noto-Serif-Italic", "Noto-Serif-Bold-Italic"}
    assert {"Noto-Serif", "Noto-Serif-Bold"} <= {row[0].split("+")[1] for row in rows} <= bundled, listing
    assert all(row[-5] == "yes" for row in rows), listing  # the "emb" column
    assert {name.split("+")[1] for name in embedded_fonts(reader)} <= bundled


def test_every_character_of_the_text_is_in_the_embedded_fonts(handbook, reader):
    covered = set()
    for font in embedded_fonts(reader).values():
        covered |= set(font.getBestCmap())
    text = unicodedata.normalize("NFC", pdftotext(handbook))
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})
    assert missing == []
    assert {"Ộ", "ữ", "đ", "Đ", "–"} <= set(text)


# --- outline and contents -----------------------------------------------------------------------------


PARTS = {urls.HANDBOOK: ["Kế hoạch số 15/KH-LĐLĐ", "Chương trình tập huấn", "Các lớp tập huấn"],
         CLASS_HANDBOOK: ["Kế hoạch số 15/KH-LĐLĐ", "Chương trình tập huấn", "Lịch học Lớp 1"]}


def parts_of(handbook: Path) -> list[str]:
    return PARTS[CLASS_HANDBOOK if handbook.name == "so-tay.pdf" else urls.HANDBOOK]


def test_there_is_one_bookmark_per_top_level_section(handbook, reader, pages):
    top = [(title, page) for level, title, page in outline(reader) if level == 1]
    assert [title for title, _ in top] == parts_of(handbook)
    for title, page in top[1:]:
        # Running header (and the draft mark on a part that holds drafts), then the part's own title.
        assert pages[page - 1].startswith((f"{title} {title}", f"{title} DỰ THẢO {title}")), pages[page - 1][:80]
    assert pages[top[0][1] - 1].startswith("TỔNG LIÊN ĐOÀN LAO ĐỘNG")  # the plan opens with its official header


def test_every_topic_and_the_class_have_a_bookmark_under_their_part(built, site):
    second = [title for level, title, _ in outline(PdfReader(built / urls.HANDBOOK)) if level == 2]
    for number, topic in enumerate(site.topics, start=1):
        assert f"{number}. {topic.title}" in second
    in_class = [title for level, title, _ in outline(PdfReader(built / CLASS_HANDBOOK)) if level == 2]
    assert any(title.startswith("Lớp 1: ") for title in in_class)


def contents(handbook: Path, reader: PdfReader) -> list[tuple[str, int]]:
    """(title, printed page number) of each line of the table of contents page(s)."""
    page = next(i for i, p in enumerate(reader.pages, start=1) if "Mục lục" in p.extract_text())
    lines = pdftotext(handbook, "-layout", "-f", str(page), "-l", str(page)).splitlines()
    entries = []
    for line in lines:
        match = re.match(r"^\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match:
            entries.append((normalised(match.group(1)), int(match.group(2))))
    return entries


def test_the_table_of_contents_gives_the_page_where_each_section_starts(handbook, reader):
    toc = contents(handbook, reader)
    bookmarks = [(title, page) for _, title, page in outline(reader)]
    assert len(toc) == len(bookmarks) > 8
    assert toc == bookmarks


def test_every_class_handbook_has_its_contents_on_the_right_pages_and_one_bookmark_per_part(built, site):
    for cls in site.classes:
        path = built / urls.class_handbook(cls.id)
        reader = PdfReader(path)
        bookmarks = [(title, page) for _, title, page in outline(reader)]
        assert contents(path, reader) == bookmarks, cls.id
        top = [title for level, title, _ in outline(reader) if level == 1]
        assert top == [*PARTS[CLASS_HANDBOOK][:-1], f"Lịch học {cls.name}"], cls.id


def test_the_printed_page_numbers_match_the_page_footers(handbook, reader, pages):
    for title, page in contents(handbook, reader):
        assert f"Trang {page}/{len(pages)}" in pages[page - 1]
        assert ("KẾ HOẠCH" if title == parts_of(handbook)[0] else title) in pages[page - 1]


# --- how it is made -------------------------------------------------------------------------------------


def test_the_handbook_converts_markdown_with_the_extensions_of_mkdocs_yml():
    config = mkdocs_config()
    names = [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]
    assert tuple(names) == documents.MARKDOWN_EXTENSIONS
    toc = next(item["toc"] for item in config["markdown_extensions"] if isinstance(item, dict) and "toc" in item)
    assert toc["slugify"] is slugify


def test_the_same_data_gives_the_same_handbook_bytes(built, site):
    assert handbook_pdf(site, Context(base_url=PORTAL)) == (built / urls.HANDBOOK).read_bytes()


def test_document_numbers_are_kept_on_one_line_but_not_in_tags_or_headings():
    html = '<h2 id="a-b">Quyết định 933/QĐ-TLĐ</h2><p><a href="https://x.org/a-b/c">933/QĐ-TLĐ</a>, 80 người/lớp, 19/12/2025</p>'
    joiner = documents.WORD_JOINER
    assert documents.keep_codes_together(html) == (
        '<h2 id="a-b">Quyết định 933/QĐ-TLĐ</h2>'
        f'<p><a href="https://x.org/a-b/c">933/{joiner}QĐ-{joiner}TLĐ</a>, 80 người/{joiner}lớp, 19/12/2025</p>'
    )
