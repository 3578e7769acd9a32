"""Each class's plan and summons, as Word files staff edit, sign and stamp and as PDF twins with the
same words, in the official layout (Nghị định 30/2020/NĐ-CP, Quyết định 933/QĐ-TLĐ); drafts until
the clerk's number and date are recorded in the class's data."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from macros import urls
from macros.data.site import load_site
from macros.exports import Context, official_documents, word
from macros.views import official
from tests.conftest import ROOT, UPLOADED

BASE = "https://ldld-laichau.github.io/tap-huan-2026/"
LOP2 = "data/classes/lop-2.yml"


def word_files(site) -> list[str]:
    """The public path of every Word file the portal issues."""
    paths = [urls.class_document(cls.id, name, "docx") for cls in site.classes for name in (urls.CLASS_PLAN, urls.SUMMONS)]
    return paths + [urls.PLAN_DOCX]


def lines_of(document) -> list[str]:
    """Every paragraph of the body (table cells included), in reading order."""
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p"))]


def header_lines(document) -> list[str]:
    section = document.sections[0]
    return ["".join(t.text or "" for t in p._p.iter(qn("w:t"))) for header in (section.first_page_header, section.header)
            for p in header.paragraphs]


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).replace("\u2060", "")
    return re.findall(r"[\w/.:-]+", text.casefold())


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="session")
def libreoffice(built, site, tmp_path_factory) -> Path:
    """Every Word file of the build converted to PDF by headless LibreOffice, in one call."""
    out = tmp_path_factory.mktemp("libreoffice")
    sources = []
    for path in word_files(site):  # flat names: LibreOffice names each PDF after its source
        target = out / "in" / path.replace("/", "__")
        target.parent.mkdir(exist_ok=True)
        target.write_bytes((built / path).read_bytes())
        sources.append(str(target))
    profile = out / "profile"
    result = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(out / "pdf"), *sources], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out / "pdf"


def test_every_class_has_its_plan_and_summons_as_word_and_pdf_and_the_plan_as_word(built, site):
    for cls in site.classes:
        for name in (urls.CLASS_PLAN, urls.SUMMONS):
            assert (built / urls.class_document(cls.id, name, "docx")).read_bytes().startswith(b"PK\x03\x04")
            assert (built / urls.class_document(cls.id, name, "pdf")).read_bytes().startswith(b"%PDF-")
    assert lines_of(docx.Document(built / urls.PLAN_DOCX))[:2] == ["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"]


def test_every_word_file_is_a4_with_the_official_margins_in_times_new_roman_13_to_14_pt(built, site):
    for path in word_files(site):
        document = docx.Document(built / path)
        section = document.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), path
        assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)] == [20, 20, 30, 15]
        normal = document.styles["Normal"]
        assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
        fonts = normal.element.rPr.rFonts
        assert {fonts.get(qn(slot)) for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {"Times New Roman"}
        sizes = {run.font.size.pt for p in document.paragraphs if p.paragraph_format.first_line_indent for run in p.runs if run.font.size}
        assert sizes <= {13.0, 14.0}, path  # body paragraphs: the style's 14 pt, or 13


def test_the_header_block_names_the_issuer_the_nation_and_leaves_the_number_blank_for_the_clerk(built, site):
    for cls in site.classes:
        for name, code in ((urls.CLASS_PLAN, "KH"), (urls.SUMMONS, "GTT")):
            lines = lines_of(docx.Document(built / urls.class_document(cls.id, name, "docx")))
            assert lines[:2] == ["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"]
            assert lines[3] == f"Số:      /{code}-LĐLĐ"
            assert lines[4:6] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
            assert lines[7] == "Lai Châu, ngày    tháng    năm 2026"


def test_the_class_plan_holds_the_dates_place_audience_every_topic_and_lecturer_and_the_plans_duties(built, site):
    cls = site.klass["lop-2"]
    text = "\n".join(lines_of(docx.Document(built / urls.class_document("lop-2", urls.CLASS_PLAN, "docx"))))
    assert "KẾ HOẠCH\nTổ chức Lớp 2, tập huấn nghiệp vụ công tác công đoàn năm 2026" in text
    assert "Căn cứ Kế hoạch số 15/KH-LĐLĐ ngày 2/3/2026 của Liên đoàn Lao động tỉnh Lai Châu" in text
    assert "1. Thời gian: 02 ngày, từ 07:30 ngày 12/5/2026 đến 17:00 ngày 13/5/2026 (dự kiến)." in text
    assert "2. Địa điểm: Hội trường, Điểm tập huấn phường Đoàn Kết, phường Đoàn Kết, tỉnh Lai Châu." in text
    assert "3. Thành phần: Cán bộ công đoàn cơ sở trực thuộc LĐLĐ tỉnh." in text
    for session in cls.sessions:
        if session.topic:
            assert site.topic[session.topic].title in text
    assert "Báo cáo viên Ủy ban Kiểm tra LĐLĐ tỉnh" in text and "Sẽ thông báo" in text  # tai-chinh-cong-doan: nobody yet
    for duty in site.plan.implementation:
        assert f"{duty.unit}: {duty.task}" in text
    assert f"IV. KINH PHÍ\n{site.plan.funding}" in text


def test_the_summons_says_who_when_where_what_to_bring_and_where_the_timetable_is(built, site):
    document = docx.Document(built / urls.class_document("lop-2", urls.SUMMONS, "docx"))
    text = "\n".join(lines_of(document))
    assert "GIẤY TRIỆU TẬP\nTham dự Lớp 2, tập huấn nghiệp vụ công tác công đoàn năm 2026" in text
    assert "Kính gửi: Các Công đoàn cơ sở trực thuộc LĐLĐ tỉnh" in text
    assert "1. Thành phần: Cán bộ công đoàn cơ sở trực thuộc LĐLĐ tỉnh." in text
    assert f"5. Lưu ý: {site.klass['lop-2'].note}" in text
    assert f"\n{BASE}lop-hoc/lop-2/\n" in text
    assert len(document.inline_shapes) == 1  # the QR code of that address


def test_the_signature_block_comes_from_data_and_is_left_for_hand_filling_when_unknown(built, project):
    lines = lines_of(docx.Document(built / urls.class_document("lop-2", urls.CLASS_PLAN, "docx")))
    assert lines[-4:] == [official.BLANK, official.BLANK, "", ""]
    assert "- Lưu: VT, CTCĐ." in lines
    project.edit(LOP2, "sessions:", 'documents:\n  signer:\n    on_behalf: "TL. BAN THƯỜNG VỤ"\n    title: "TRƯỞNG BAN"\nsessions:')
    site = load_site(project.root)
    view = official.class_plan(site, site.klass["lop-2"])
    assert lines_of(docx.Document(io.BytesIO(word.write_docx(view))))[-4:] == ["TL. BAN THƯỜNG VỤ", "TRƯỞNG BAN", "", ""]


def test_a_draft_says_so_on_every_page_of_its_word_file(built):
    document = docx.Document(built / urls.class_document("lop-1", urls.SUMMONS, "docx"))
    assert header_lines(document) == ["DỰ THẢO", "2   DỰ THẢO"]  # the second: a PAGE field, then the mark


def test_recording_the_issued_number_and_date_puts_them_in_the_summons_and_removes_the_draft_mark(project, tmp_path):
    project.edit(LOP2, "sessions:", "documents:\n  summons:\n    number: 12\n    date: 2026-05-04\nsessions:")
    site = load_site(project.root)
    view = official.summons(site, site.klass["lop-2"], BASE)
    document = docx.Document(io.BytesIO(word.write_docx(view)))
    lines = lines_of(document)
    assert lines[3] == "Số: 12/GTT-LĐLĐ" and lines[7] == "Lai Châu, ngày 04 tháng 5 năm 2026"
    assert header_lines(document) == ["", "2"]
    pdf = tmp_path / "giay-trieu-tap.pdf"
    pdf.write_bytes(official_documents.official_pdf(site, view, Context(base_url=BASE)))
    text = pdf_text(pdf)
    assert "Số: 12/GTT-LĐLĐ" in text and "Lai Châu, ngày 04 tháng 5 năm 2026" in text and "DỰ THẢO" not in text
    assert "Căn cứ Kế hoạch tổ chức Lớp 2;" in text  # the class plan itself is not issued yet


def test_libreoffice_opens_and_converts_every_word_file(libreoffice, site):
    converted = sorted(p.name for p in libreoffice.glob("*.pdf"))
    assert converted == sorted(path.replace("/", "__").removesuffix(".docx") + ".pdf" for path in word_files(site))
    summons = re.sub(r"\s+", "", pdf_text(libreoffice / "tai-lieu__lop-2__giay-trieu-tap.pdf"))
    assert "GIẤYTRIỆUTẬP" in summons and "Số:/GTT-LĐLĐ" in summons and "Lưu:VT,CTCĐ." in summons


def test_each_pdf_twin_carries_the_words_of_its_word_file(built, site):
    margin = {"dự", "thảo"} | {str(n) for n in range(1, 10)}  # the draft mark and page numbers, in the margins
    for path in word_files(site)[:-1]:
        in_word = set(words("\n".join(lines_of(docx.Document(built / path))))) - margin
        in_pdf = set(words(pdf_text(built / path.replace(".docx", ".pdf")))) - margin
        assert in_word == in_pdf, (path, sorted(in_word ^ in_pdf)[:20])


def test_the_pdf_twins_embed_only_the_bundled_font(built, site):
    for path in word_files(site)[:-1]:
        fonts = subprocess.run(["pdffonts", str(built / path.replace(".docx", ".pdf"))], capture_output=True, text=True, check=True).stdout
        names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
        assert names and all(name.startswith("Noto-Serif") for name in names), (path, names)


def test_word_files_carry_the_issuers_name_and_the_datas_dates_never_the_clock(built, site):
    for path in word_files(site):
        document = docx.Document(built / path)
        core = document.core_properties
        assert core.author == core.last_modified_by == "Liên đoàn Lao động tỉnh Lai Châu"
        assert core.created.date() == core.modified.date() == site.plan.date  # drafts: the plan's date
        assert "python-docx" not in (core.comments + core.author)
        with zipfile.ZipFile(built / path) as package:
            names = package.namelist()
            assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
            assert {info.date_time for info in package.infolist()} == {(2026, 3, 2, 0, 0, 0)}


def test_the_same_view_gives_the_same_word_bytes_and_the_cache_gives_them_back(site, tmp_path):
    from macros.exports.docx_cache import DocxCache

    view = official.class_plan(site, site.classes[0])
    cache = DocxCache(tmp_path)
    first = word.docx_bytes(view, cache)
    assert word.write_docx(view) == first
    again = DocxCache(tmp_path)
    assert word.docx_bytes(view, again) == first and (again.hits, again.misses) == (1, 0)


def test_the_class_page_links_its_plan_and_summons_and_the_materials_page_lists_every_class(page, site):
    links = [a["href"] for a in page("lop-hoc/lop-2/").select("ul.class-documents a")]
    assert links == ["../../tai-lieu/lop-2/ke-hoach-lop.docx", "../../tai-lieu/lop-2/ke-hoach-lop.pdf",
                     "../../tai-lieu/lop-2/giay-trieu-tap.docx", "../../tai-lieu/lop-2/giay-trieu-tap.pdf"]
    listed = [a["href"] for a in page("tai-lieu/").select("ul.class-documents a")]
    assert len(listed) == 4 * len(site.classes)
    assert page("tai-lieu/").find("a", href="ke-hoach-15-kh-ldld-2026.docx") is not None


def test_an_issued_document_with_its_signed_scan_is_linked_from_the_class_page(uploads):
    from macros.build import pages

    # The signed scan: the Word file the `uploads` fixture lists as a material.
    uploads.edit(LOP2, "sessions:", f"documents:\n  plan:\n    number: 7\n    date: 2026-04-20\n    scan: {UPLOADED}\nsessions:")
    site = load_site(uploads.root)
    markdown = pages.generated_pages(site, BASE)["lop-hoc/lop-2.md"]
    assert "Đã ban hành: số 7, ngày 20/4/2026" in markdown
    assert f'<a href="../../tai-lieu/{UPLOADED}.docx"' in markdown


def test_a_signed_scan_that_is_not_a_material_is_reported_where_it_is_named(project):
    project.edit(LOP2, "sessions:", "documents:\n  plan:\n    number: 7\n    date: 2026-04-20\n    scan: ban-scan-lop-2\nsessions:")
    problems = project.problems()
    assert len(problems) == 1
    assert problems[0].startswith("data/classes/lop-2.yml:17:11: documents.plan.scan: không có tài liệu 'ban-scan-lop-2' (có: ")


@pytest.mark.parametrize("root", [ROOT])
def test_the_word_writer_never_reads_the_clock(root):
    source = (root / "macros/exports/word.py").read_text(encoding="utf-8")
    assert not re.search(r"\b(now|today|utcnow|time\.time)\(", source)
