"""The printable class timetables (/lich/<class-id>.pdf), read back with poppler, pypdf and fontTools."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from macros import urls
from macros.data.site import load_site
from macros.exports import Context
from macros.exports.class_pdf import class_timetable_pdf
from macros.views.records import lecturer_label, session_title

BASE_URL = "https://ldld-laichau.github.io/tap-huan-2026/"


def pdftotext(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def pdf_of(site, class_id: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{class_id}.pdf"
    path.write_bytes(class_timetable_pdf(site, site.klass[class_id], Context(BASE_URL)))
    return path


def test_each_class_has_a_one_page_a4_timetable(built, site):
    for cls in site.classes:
        reader = PdfReader(built / urls.class_pdf(cls.id))
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)


def test_the_pdf_holds_every_session_row_in_order(built, site):
    for cls in site.classes:
        text = pdftotext(built / urls.class_pdf(cls.id))
        position = 0
        for session in sorted(cls.sessions, key=lambda s: (s.date, s.start)):
            lecturer = lecturer_label(site.lecturer_of(session))
            row = f"{session.start:%H:%M}–{session.end:%H:%M} {session_title(site, session)} {lecturer} {cls.room_of(session)}"
            found = text.find(row, position)
            assert found >= 0, (cls.id, row)
            position = found + len(row)


def test_the_pdf_header_names_the_plan_and_the_class_and_says_tentative(built, site):
    text = pdftotext(built / urls.class_pdf("lop-3"))
    assert text.startswith("DỰ THẢO LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU Kế hoạch số 15/KH-LĐLĐ DỰ KIẾN LỊCH HỌC LỚP 3")
    assert "Điểm tập huấn xã Mường Tè, xã Mường Tè, tỉnh Lai Châu" in text
    assert BASE_URL + "lop-hoc/lop-3/" in text


def test_a_confirmed_class_has_no_draft_mark(project, tmp_path):
    project.edit("data/classes/lop-3.yml", "status: tentative", "status: confirmed")
    text = pdftotext(pdf_of(load_site(project.root), "lop-3", tmp_path))
    assert "DỰ KIẾN" not in text and "Lịch dự kiến" not in text
    assert "Đã xác nhận LỊCH HỌC LỚP 3" in text


def test_the_pdf_links_back_to_the_class_page_and_its_topics(built):
    reader = PdfReader(built / urls.class_pdf("lop-1"))
    links = {annot.get_object()["/A"]["/URI"] for annot in reader.pages[0].get("/Annots", [])}
    assert BASE_URL + "lop-hoc/lop-1/" in links
    assert BASE_URL + "chuong-trinh/dieu-le-cong-doan/" in links


def test_the_pdf_draws_a_qr_code_not_an_image_from_elsewhere(built):
    page = PdfReader(built / urls.class_pdf("lop-1")).pages[0]
    assert not page["/Resources"].get("/XObject")  # the QR is vector paths, drawn in place


def to_unicode(font) -> dict[int, str]:
    """Glyph id -> text, from the font's ToUnicode CMap (WeasyPrint writes Identity-H CIDs = glyph ids)."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
    pairs = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            pairs[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                pairs[int(low, 16) + offset] = chr(int(text, 16) + offset)
    return pairs


def embedded_fonts(path: Path) -> list[tuple[str, TTFont, dict[int, str]]]:
    fonts = {}
    for page in PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            assert descendant.get("/CIDToGIDMap", "/Identity") == "/Identity"
            data = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
            fonts[str(font["/BaseFont"])] = (TTFont(io.BytesIO(data)), to_unicode(font))
    return [(name, *pair) for name, pair in sorted(fonts.items())]


@pytest.mark.parametrize("class_id", ["lop-1", "lop-3"])
def test_every_character_is_drawn_from_an_embedded_font_that_has_it(built, class_id):
    path = built / urls.class_pdf(class_id)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows and all(row[0].split("+")[-1].startswith("Noto-Serif") and row[-5] == "yes" for row in rows), listing
    drawn = set()
    for name, font, glyphs in embedded_fonts(path):
        order, cmap, glyf = font.getGlyphOrder(), font.getBestCmap(), font["glyf"]
        assert 0 not in glyphs, f"{name} draws .notdef"
        for gid, text in glyphs.items():
            glyph = order[gid]
            if not text.isspace():
                assert glyf[glyph].numberOfContours != 0, (name, text, glyph)  # a real outline, not an empty box
            if len(text) == 1:
                assert cmap.get(ord(text)) == glyph, (name, text)  # the font's own glyph for that character
            drawn.update(text)
    shown = set(pdftotext(path)) - {" "}
    assert shown <= drawn, shown - drawn
