"""Results after a class, without personal data: counts recorded in the class's file, checked
against the feedback form (data/feedback.yml), shown on the class page and on /ket-qua/ with
charts drawn at build time, and in the results report (Word and PDF)."""

from __future__ import annotations

import io
import re
import subprocess

import docx
import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from hypothesis import strategies as st

from macros import urls
from macros.build import pages
from macros.data.site import load_site
from macros.exports import Context, official_documents, word
from macros.views import official
from tests.conftest import ProjectCopy
from tests.test_official_documents import lines_of, pdf_text

LOP1 = "data/classes/lop-1.yml"
# What staff record for a finished class (the guide's worked example says the same).
RESULTS = """results:
  attended: 76
  by_union:
    - union: "Công đoàn cơ sở Công ty Thủy điện Lai Châu"
      attended: 30
  forms_returned: 70
  answers:
    noi-dung: {rat-tot: 40, tot: 25, dat: 5, chua-dat: 0}
    tai-lieu: {rat-tot: 30, tot: 30, dat: 8, chua-dat: 2}
  note: "Lớp học đủ các chuyên đề theo kế hoạch."
"""


def with_results(project: ProjectCopy, results: str = RESULTS, status: str = "finished") -> ProjectCopy:
    project.edit(LOP1, "status: tentative", f"status: {status}")
    return project.edit(LOP1, "sessions:\n", results + "sessions:\n")


@pytest.fixture
def finished(project) -> ProjectCopy:
    return with_results(project)


def results_page(site) -> BeautifulSoup:
    return BeautifulSoup(pages.BLOCKS["results_overview"].make(site, urls.RESULTS), "html.parser")


def test_the_shipped_data_holds_results_for_no_class_and_the_results_page_says_so(site, page):
    assert all(cls.results is None for cls in site.classes)
    assert "Chưa có lớp nào ghi kết quả." in page(urls.RESULTS).select_one("p.results-none").get_text()
    assert "Kết quả" in [a.get_text(strip=True) for a in page(urls.RESULTS).select("nav.md-nav--primary a")]


def test_a_finished_class_with_results_shows_its_attendance_line_on_its_page(finished):
    site = load_site(finished.root)
    markdown = pages.generated_pages(site)["lop-hoc/lop-1.md"]
    assert "<strong>Đã kết thúc · 76/80 học viên</strong>" in markdown
    assert '<a href="../../ket-qua/#lop-1">Kết quả và ý kiến học viên</a>' in markdown


def test_the_results_page_draws_each_chart_as_inline_svg_with_its_numbers_in_a_table(finished):
    site = load_site(finished.root)
    html = results_page(site)
    figures = html.select("figure.bar-chart")
    assert len(figures) == 1 + len(site.feedback.questions)
    for figure in figures:
        svg = figure.find("svg")
        assert svg["role"] == "img" and svg.find("title").get_text() == figure.find("figcaption").get_text()
        assert figure.find("table") is not None and not html.find("script")
    attendance = figures[0]
    assert [td.get_text() for td in attendance.select("tbody td")] == ["76/80"]
    first_question = figures[1]
    assert first_question.find("figcaption").get_text() == "Câu 1. Nội dung sát với công việc ở công đoàn cơ sở (70 phiếu trả lời)"
    assert [td.get_text() for td in first_question.select("tbody td")] == ["40 (57,1%)", "25 (35,7%)", "5 (7,1%)", "0 (0,0%)"]
    widths = [float(rect["width"]) for rect in first_question.select("rect")]
    assert widths[0] == 440.0 * 40 / 70 // 0.1 / 10 or abs(widths[0] - 440 * 40 / 70) < 0.1
    totals = html.select_one("dl.results-totals").get_text(" ", strip=True)
    assert "1/5 lớp theo kế hoạch" in totals and "76/80 người dự kiến (95,0%)" in totals and "70 phiếu" in totals
    assert "Công đoàn cơ sở Công ty Thủy điện Lai Châu" in html.select_one("table.results-unions").get_text()


def test_the_results_report_word_file_and_pdf_hold_the_same_totals(finished, tmp_path):
    site = load_site(finished.root)
    view = official.results_report(site)
    document = docx.Document(io.BytesIO(word.write_docx(view)))
    text = "\n".join(lines_of(document))
    totals = "Đã tổ chức 1/5 lớp theo kế hoạch; 76/80 học viên dự (95,0%); thu về 70 phiếu lấy ý kiến (92,1% số học viên dự)."
    assert "BÁO CÁO\nKết quả tập huấn nghiệp vụ công tác công đoàn năm 2026" in text
    assert lines_of(document)[3] == "Số:      /BC-LĐLĐ"
    assert totals in text and "40 (57,1%)" in text
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(official_documents.official_pdf(site, view, Context(base_url="")))
    flat = re.sub(r"\s+", " ", pdf_text(pdf))
    assert totals in flat and "40 (57,1%)" in flat
    assert "Câu 1. Nội dung sát với công việc ở công đoàn cơ sở" in flat
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[0].split("+")[-1].startswith("Noto-Serif") for line in fonts.splitlines()[2:])  # the charts' text too


def test_the_feedback_form_is_made_from_the_data_with_its_questions_and_levels(site, built):
    word, pdf = site.material["phieu-lay-y-kien-hoc-vien"].public_paths  # the one form: a material made from data/feedback.yml
    assert (word, pdf) == ("tai-lieu/phieu-lay-y-kien-hoc-vien.docx", "tai-lieu/phieu-lay-y-kien-hoc-vien.pdf")
    document = docx.Document(built / word)
    text = "\n".join(lines_of(document))
    for question in site.feedback.questions:
        assert question.text in text
    assert "Rất tốt\nTốt\nĐạt\nChưa đạt" in text
    form = re.sub(r"\s+", " ", pdf_text(built / pdf))
    assert all(question.text in form for question in site.feedback.questions)
    assert "Rất tốt Tốt Đạt Chưa đạt" in form and "Phiếu không ghi tên người trả lời." in form


# --- validation, each with its located message ---------------------------------------------------


def test_results_on_a_class_that_has_not_finished_are_refused(project):
    assert with_results(project, status="tentative").problems() == [
        "data/classes/lop-1.yml:14:3: results: lớp chưa kết thúc (status: tentative) nên chưa ghi kết quả\n"
        "    → Chỉ ghi results khi lớp đã học xong: sửa status thành finished, hoặc xóa phần results."
    ]


def test_more_forms_than_trainees_are_refused(project):
    assert with_results(project, RESULTS.replace("forms_returned: 70", "forms_returned: 90")).problems() == [
        "data/classes/lop-1.yml:18:19: results.forms_returned: số phiếu thu về (90) lớn hơn số học viên dự lớp (attended) (76)\n"
        "    → Kiểm tra lại các số: số phiếu trả lời ≤ số phiếu thu về ≤ số học viên dự lớp."
    ]


def test_more_answers_to_a_question_than_forms_returned_are_refused(project):
    problems = with_results(project, RESULTS.replace("rat-tot: 40", "rat-tot: 50")).problems()
    assert problems == [
        "data/classes/lop-1.yml:20:15: results.answers.noi-dung: tổng số phiếu trả lời câu 'noi-dung' (80) lớn hơn số phiếu thu về (forms_returned) (70)\n"
        "    → Kiểm tra lại các số: số phiếu trả lời ≤ số phiếu thu về ≤ số học viên dự lớp."
    ]


def test_an_answer_level_that_is_not_on_the_form_is_named_with_the_forms_levels(project):
    assert with_results(project, RESULTS.replace("chua-dat: 0}", "kem: 0}")).problems() == [
        "data/classes/lop-1.yml:20:51: results.answers.noi-dung.kem: không có mức đánh giá 'kem' (có: rat-tot, tot, dat, chua-dat)\n"
        "    → Dùng một mã trong danh sách, hoặc thêm mức đánh giá mới vào data/feedback.yml."
    ]


def test_a_question_that_is_not_on_the_form_is_named_with_the_closest_one(project):
    problems = with_results(project, RESULTS.replace("tai-lieu:", "tai-lieux:")).problems()
    assert len(problems) == 1 and problems[0].startswith(
        "data/classes/lop-1.yml:21:16: results.answers.tai-lieux: không có câu hỏi 'tai-lieux' (có: ")
    assert "→ Có phải ý bạn là 'tai-lieu'?" in problems[0]


def test_a_negative_count_is_refused(project):
    problems = with_results(project, RESULTS.replace("attended: 76", "attended: -1")).problems()
    assert problems[0].startswith("data/classes/lop-1.yml:14:13: results.attended: giá trị -1 phải ≥ 0")


@pytest.mark.parametrize("note, looks_like, found", [
    ("Liên hệ anh Nam 0912 345 678 để nhận tài liệu.", "số điện thoại", "0912 345 678"),
    ("Gửi ý kiến về nam.nguyen@example.com.", "địa chỉ e-mail", "nam.nguyen@example.com"),
    ("Học viên CCCD 012345678901 vắng mặt.", "số định danh (CCCD/CMND)", "012345678901"),
    ("Gọi +84 912.345.678.", "số điện thoại", "+84 912.345.678"),
])
def test_text_that_looks_like_personal_data_is_refused_in_a_note(project, note, looks_like, found):
    assert with_results(project, RESULTS.replace("Lớp học đủ các chuyên đề theo kế hoạch.", note)).problems() == [
        f"data/classes/lop-1.yml:22:9: results.note: có nội dung giống {looks_like} '{found}'\n"
        "    → Cổng thông tin công khai không đăng thông tin cá nhân (Nghị định 13/2023/NĐ-CP): "
        "xóa số điện thoại, e-mail, số CCCD/CMND khỏi dữ liệu."
    ]


def test_personal_data_is_refused_in_any_text_field_and_numbers_of_documents_and_dates_are_not(project):
    project.edit("data/venues.yml", 'note: "Địa chỉ cụ thể sẽ thông báo trong giấy triệu tập."',
                 'note: "Hỏi 0213.3876.000"')
    problems = project.problems()
    assert len(problems) == 1 and "venues.yml" in problems[0] and "số điện thoại '0213.3876.000'" in problems[0]
    from macros.data.models import personal_data_in
    for fine in ("Kế hoạch số 15/KH-LĐLĐ ngày 02/3/2026", "Luật số 50/2024/QH15", "nhiệm kỳ 2025-2030",
                 "1.500.000 đ", "Nghị định 13/2023/NĐ-CP", "ngày 12/12/2020", "80 người/lớp"):
        assert personal_data_in(fine) is None, fine



# Characters the rules of a text field look at, and what sits around them.
_TEXT_PARTS = st.sampled_from(["0", "9", "\u0663", "+84", " ", ".", "-", "/", ",", "@", "a", "ế", "\t", "\n",
                               "\x07", "\x85", "\u200b", "\u00ad", "\ufeff", "nam@example.com", "0912 345 678"])


@settings(max_examples=2000, deadline=None, derandomize=True, database=None)
@given(st.lists(_TEXT_PARTS, max_size=24).map("".join))
@example("CMND 123456789.")  # the fewest digits a rule refuses: nine, an ID number
@example("Gọi 0 9 1 2 3 4 5 6 7")  # 0 and eight digits, spaced: a phone number
@example("Gọi +8412345678")
@example("Mã 12345678 và 1234567890123")
def test_a_text_field_passes_its_one_scan_exactly_when_it_passes_every_rule(text):
    """_clean_text scans a text once and runs each rule only if it may fail: the same
    texts pass, and the same problems are raised, as with every rule run."""
    from macros.data.models import _checked_text, _clean_text

    def outcome(check):
        try:
            return check(text)
        except Exception as error:
            return repr(error)

    assert outcome(_clean_text) == outcome(_checked_text)

# --- the staff guide's worked example ---------------------------------------------------------------


def test_the_guides_worked_example_applied_to_the_shipped_data_issues_lop_1s_documents_and_shows_its_results(project):
    from tests.test_guide import code_blocks, guide_section

    example = code_blocks(guide_section("Văn bản của lớp và kết quả sau lớp"), "yaml")[0]
    project.edit(LOP1, "status: tentative", "status: finished").edit(LOP1, "sessions:\n", example + "sessions:\n")
    assert project.problems() == []
    site = load_site(project.root)
    cls = site.klass["lop-1"]
    assert "<strong>Đã kết thúc · 76/80 học viên</strong>" in pages.generated_pages(site)["lop-hoc/lop-1.md"]
    summons = docx.Document(io.BytesIO(word.write_docx(official.summons(site, cls))))
    lines = lines_of(summons)
    assert lines[3] == "Số: 22/GTT-LĐLĐ" and lines[7] == "Lai Châu, ngày 06 tháng 4 năm 2026"
    assert lines[-4:] == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "", "Lương Xuân Trường"]
    assert "Căn cứ Kế hoạch tổ chức Lớp 1 số 21/KH-LĐLĐ ngày 6/4/2026;" in lines
    assert "76/80" in results_page(site).select_one("figure.bar-chart table").get_text()
