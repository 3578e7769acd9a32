"""Errors that teach: the whole report word for word, the fixes it suggests, and the same
problems as GitHub Actions annotations on the lines of a pull request."""

from __future__ import annotations

import subprocess
import sys

from macros.data import report
from macros.data.problems import DataError, Problem
from tests.conftest import ROOT

LOP2 = "data/classes/lop-2.yml"
TOPICS = ("dan-chu-co-so, dieu-le-cong-doan, kiem-tra-giam-sat, noi-dung-khac, nu-cong, phat-trien-doan-vien, "
          "tai-chinh-cong-doan, thi-dua-khen-thuong, truyen-thong")


def check(project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", "check", "--root", str(project.root), *args],
                          cwd=ROOT, capture_output=True, text=True)


def test_a_misspelt_key_and_a_misspelt_topic_give_suggestions_and_a_summary_word_for_word(project):
    project.edit(LOP2, "capacity: 80", "capcity: 80")
    project.edit("data/classes/lop-3.yml", "topic: tai-chinh-cong-doan", "topic: tai-chinh")
    result = check(project)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        # One typo, one message: the required 'capacity' is not reported missing as well.
        "data/classes/lop-2.yml:9:1: capcity: khóa không hợp lệ 'capcity'\n"
        "    → Có phải ý bạn là 'capacity'? Các khóa hợp lệ: id, name, status, start_date, end_date, venue, room, capacity, invited, note, sessions, documents, results, review.\n"
        f"data/classes/lop-3.yml:37:12: sessions[4].topic: không có chuyên đề 'tai-chinh' (có: {TOPICS})\n"
        "    → Có phải ý bạn là 'tai-chinh-cong-doan'? Dùng một mã trong danh sách, hoặc thêm chuyên đề mới vào data/topics/.\n"
        "2 lỗi trong 2 tệp\n"
    )


def test_a_missing_key_with_no_misspelling_beside_it_is_still_reported(project):
    project.edit(LOP2, "capacity: 80", "so_nguoi: 80")
    assert project.problems() == [
        "data/classes/lop-2.yml:2:1: capacity: thiếu trường bắt buộc 'capacity'\n"
        "    → Thêm dòng 'capacity: …' — Số học viên dự kiến của lớp; kế hoạch ghi dự kiến 80 người mỗi lớp.",
        "data/classes/lop-2.yml:9:1: so_nguoi: khóa không hợp lệ 'so_nguoi'\n"
        "    → Các khóa hợp lệ: id, name, status, start_date, end_date, venue, room, capacity, invited, note, sessions, documents, results, review.",
    ]


def test_the_summary_counts_problems_and_distinct_files():
    problems = [Problem("data/a.yml", 1, 1, "x", "m"), Problem("data/a.yml", 2, 1, "y", "m"), Problem("data/b.yml", 1, 1, "", "m")]
    assert DataError(problems).report().splitlines()[-1] == "3 lỗi trong 2 tệp"


def test_a_github_annotation_names_file_line_column_and_field_and_escapes_per_github_rules():
    problem = Problem("data/classes/lop-2.yml", 37, 12, "sessions[4].topic", "không có 'a,b' 100%\r", "Sửa: dòng 1\ndòng 2")
    assert report.github_annotation(problem) == (
        "::error file=data/classes/lop-2.yml,line=37,col=12,title=Lỗi dữ liệu%3A sessions[4].topic"
        "::không có 'a,b' 100%25%0D%0A→ Sửa: dòng 1%0Adòng 2"
    )
    odd_name = Problem("data/a,b:c%.yml", 1, 1, "", "thiếu tệp")
    assert report.github_annotation(odd_name) == "::error file=data/a%2Cb%3Ac%25.yml,line=1,col=1,title=Lỗi dữ liệu::thiếu tệp"


def test_the_check_prints_annotations_on_stdout_with_format_github(project):
    project.edit(LOP2, "topic: tai-chinh-cong-doan", "topic: tai-chinh")
    result = check(project, "--format", "github")
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=data/classes/lop-2.yml,line=37,col=12,title=Lỗi dữ liệu%3A sessions[4].topic"
        f"::không có chuyên đề 'tai-chinh' (có: {TOPICS})"
        "%0A→ Có phải ý bạn là 'tai-chinh-cong-doan'? Dùng một mã trong danh sách, hoặc thêm chuyên đề mới vào data/topics/.\n"
        "1 lỗi trong 1 tệp\n"
    )


def test_the_workflow_annotates_pull_requests():
    workflow = (ROOT / ".github/workflows/site.yml").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make check CHECK_FORMAT=${{ github.event_name == 'pull_request' && 'github' || 'text' }}" in workflow
    assert "$(PY) -m macros check --format $(CHECK_FORMAT)" in makefile
    assert "fetch-depth: 0" in workflow  # "last updated" dates need the whole history


# --- each message names the field, the bad value and a fix ------------------------------------


def test_an_empty_value_says_it_is_empty_not_none(project):
    project.edit(LOP2, "capacity: 80", "capacity:")
    assert project.problems() == [
        "data/classes/lop-2.yml:9:10: capacity: chưa có giá trị (đang để trống)\n"
        "    → Ghi giá trị ngay sau 'capacity: ' trên cùng dòng. Chỉ ghi chữ số, không kèm chữ hay đơn vị, từ 1 đến 1000 (Số học viên dự kiến của lớp; kế hoạch ghi dự kiến 80 người mỗi lớp)."
    ]


def test_a_number_out_of_range_gives_the_range(project):
    project.edit(LOP2, "capacity: 80", "capacity: 0")
    assert project.problems() == [
        "data/classes/lop-2.yml:9:11: capacity: giá trị 0 phải ≥ 1\n"
        "    → Ghi một số từ 1 đến 1000 (Số học viên dự kiến của lớp; kế hoạch ghi dự kiến 80 người mỗi lớp)."
    ]


def test_a_date_written_the_vietnamese_way_is_converted_in_the_hint(project):
    project.edit(LOP2, "start_date: 2026-05-12", "start_date: 12/5/2026")
    assert project.problems() == [
        "data/classes/lop-2.yml:5:13: start_date: ngày không hợp lệ '12/5/2026'\n"
        "    → Có phải ý bạn là '2026-05-12'? Viết ngày dạng YYYY-MM-DD, ví dụ: 2026-04-14."
    ]


def test_a_time_like_7h30_is_converted_in_the_hint(project):
    project.edit(LOP2, 'start: "08:00"', 'start: "7h30"')
    assert project.problems()[0].endswith("→ Có phải ý bạn là '07:30'? Viết giờ dạng HH:MM (24 giờ), ví dụ: 07:30 hoặc 13:30.")


def test_an_id_with_capitals_and_marks_gets_its_ascii_form(project):
    project.edit(LOP2, "id: lop-2", "id: Lớp 2")
    assert project.problems() == [
        "data/classes/lop-2.yml:2:5: id: mã không hợp lệ 'Lớp 2'\n"
        "    → Có phải ý bạn là 'lop-2'? Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ: lop-6."
    ]


def test_a_number_typed_where_text_belongs_says_to_quote_it(project):
    project.edit(LOP2, 'room: "Hội trường"', "room: 101")
    assert project.problems() == [
        "data/classes/lop-2.yml:8:7: room: cần một đoạn chữ, nhận được '101'\n"
        '    → Đặt giá trị trong dấu ngoặc kép: room: "101" (Phòng học chính của lớp).'
    ]


def test_a_topic_session_without_a_topic_is_caught_not_crashing_the_build(project):
    project.edit(LOP2, "    topic: tai-chinh-cong-doan\n", "")
    assert project.problems() == [
        "data/classes/lop-2.yml:34:5: sessions[4].topic: buổi chuyên đề (kind: topic) phải có mã chuyên đề\n"
        "    → Mã chuyên đề; bắt buộc khi kind là topic."
    ]


def test_text_with_a_colon_gets_the_line_back_quoted(project):
    project.edit(LOP2, 'note: "Học viên mang theo', 'note: Lưu ý: Học viên mang theo')
    problem = project.problems()[0]
    assert problem.startswith("data/classes/lop-2.yml:12:12: lỗi cú pháp YAML: dấu ':' đặt sai chỗ")
    assert problem.split("\n")[1].startswith('    → Đặt nội dung trong dấu ngoặc kép: note: "Lưu ý: Học viên mang theo')


def test_a_list_item_with_a_colon_is_explained_once(project):
    project.edit(LOP2, '  - "Cán bộ công đoàn cơ sở trực thuộc LĐLĐ tỉnh"', "  - Cán bộ: công đoàn cơ sở")
    problems = project.problems()
    assert len(problems) == 1
    assert problems[0].startswith("data/classes/lop-2.yml:11:5: invited[0]: nội dung có dấu ':' nên bị đọc thành 'khóa: giá trị' ('Cán bộ: công đoàn")
    assert '→ Đặt cả nội dung trong dấu ngoặc kép: "Cán bộ: công đoàn cơ sở"' in problems[0]


def test_a_session_dated_outside_its_class_is_not_also_reported_as_a_clash(project):
    text = (project.root / "data/classes/lop-5.yml").read_text(encoding="utf-8")
    project.write("data/classes/lop-6.yml", text.replace("id: lop-5", "id: lop-6")
                  .replace("start_date: 2026-08-11", "start_date: 2026-09-15").replace("end_date: 2026-08-12", "end_date: 2026-09-16")
                  .replace("- date: 2026-08-11", "- date: 2026-09-15").replace("- date: 2026-08-12", "- date: 2026-09-16", 6))
    assert project.problems() == [
        "data/classes/lop-6.yml:68:11: sessions[11].date: ngày 2026-08-12 nằm ngoài thời gian của lớp (2026-09-15 – 2026-09-16)\n"
        "    → Sửa ngày của buổi học, hoặc sửa start_date/end_date của lớp."
    ]
