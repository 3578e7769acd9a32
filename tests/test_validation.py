"""Each validation rule, broken once in a copy of the shipped data, gives its exact located message."""

from __future__ import annotations

import subprocess
import sys

from macros.data.today import build_day
from macros.text import short_date
from tests.conftest import ROOT

LOP2 = "data/classes/lop-2.yml"


def test_the_shipped_data_is_valid(project):
    assert project.problems() == []


def test_a_yaml_syntax_error_names_file_line_and_column(project):
    project.edit(LOP2, "capacity: 80", "capacity: 80\n\tnote: x")
    assert project.problems() == [
        "data/classes/lop-2.yml:10:1: lỗi cú pháp YAML: có ký tự không được phép ở đầu (thường là phím Tab; hãy thụt lề bằng dấu cách)\n"
        "    → Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu ':' sau mỗi khóa và dấu ngoặc kép đóng mở đủ."
    ]


def test_an_unclosed_quote_points_at_where_it_opens(project):
    project.write("data/classes/lop-2.yml", 'id: lop-2\nname: "Lớp 2\n')
    assert project.problems()[0].startswith("data/classes/lop-2.yml:2:7: lỗi cú pháp YAML: chuỗi trong dấu ngoặc kép chưa được đóng")


def test_an_unknown_key_is_named_with_a_suggestion(project):
    project.edit(LOP2, "capacity: 80", "capacity: 80\ncapcity: 80")
    assert project.problems() == [
        "data/classes/lop-2.yml:10:1: capcity: khóa không hợp lệ 'capcity'\n"
        "    → Có phải ý bạn là 'capacity'? Các khóa hợp lệ: id, name, status, start_date, end_date, venue, room, capacity, invited, note, sessions, documents, results, review."
    ]


def test_a_repeated_key_is_reported_not_silently_overwritten(project):
    project.edit(LOP2, "capacity: 80", "capacity: 80\ncapacity: 90")
    assert project.problems() == [
        "data/classes/lop-2.yml:10:1: capacity: khóa 'capacity' bị lặp lại\n"
        "    → Mỗi khóa chỉ được viết một lần; xóa một trong hai dòng."
    ]


def test_a_missing_required_key_says_what_to_add(project):
    project.edit(LOP2, "capacity: 80\n", "")
    assert project.problems() == [
        "data/classes/lop-2.yml:2:1: capacity: thiếu trường bắt buộc 'capacity'\n"
        "    → Thêm dòng 'capacity: …' — Số học viên dự kiến của lớp; kế hoạch ghi dự kiến 80 người mỗi lớp."
    ]


def test_a_date_that_does_not_exist_is_rejected(project):
    project.edit(LOP2, "start_date: 2026-05-12", "start_date: 2026-02-30")
    assert project.problems() == [
        "data/classes/lop-2.yml:5:13: start_date: ngày không hợp lệ '2026-02-30' (ngày không tồn tại)\n"
        "    → Viết ngày dạng YYYY-MM-DD, ví dụ: 2026-04-14."
    ]


def test_a_time_in_the_wrong_format_is_rejected(project):
    project.edit(LOP2, 'start: "08:00"', 'start: "8h"')
    assert project.problems() == [
        "data/classes/lop-2.yml:20:12: sessions[1].start: giờ không hợp lệ '8h'\n"
        "    → Có phải ý bạn là '08:00'? Viết giờ dạng HH:MM (24 giờ), ví dụ: 07:30 hoặc 13:30."
    ]


def test_an_unknown_status_lists_the_allowed_values_and_reads_the_vietnamese_label(project):
    project.edit(LOP2, "status: tentative", "status: du-kien")
    assert project.problems() == [
        "data/classes/lop-2.yml:4:9: status: giá trị không hợp lệ 'du-kien'\n"
        "    → Có phải ý bạn là 'tentative'? Chọn một trong: tentative (Dự kiến), confirmed (Đã xác nhận), finished (Đã kết thúc), postponed (Hoãn)."
    ]


def test_a_session_ending_before_it_starts_is_rejected(project):
    project.edit(LOP2, 'end: "09:30"', 'end: "07:45"')
    assert project.problems() == [
        "data/classes/lop-2.yml:21:10: sessions[1].end: giờ kết thúc 07:45 không sau giờ bắt đầu 08:00 (giá trị: '07:45')\n"
        "    → Giờ kết thúc, dạng HH:MM, sau giờ bắt đầu."
    ]


def test_two_overlapping_sessions_in_one_class_are_both_named(project):
    project.edit(LOP2, 'start: "09:45"', 'start: "09:15"')
    assert project.problems() == [
        "data/classes/lop-2.yml:24:5: sessions[2]: trùng giờ với buổi khác của lớp: data/classes/lop-2.yml:19 (lop-2, sessions[1], 08:00–09:30 12/5/2026)\n"
        "    → Dời giờ một trong hai buổi để buổi sau bắt đầu khi buổi trước đã kết thúc."
    ]


def test_a_session_outside_its_class_dates_is_rejected(project):
    project.edit(LOP2, '  - date: 2026-05-13\n    start: "07:30"', '  - date: 2026-05-14\n    start: "07:30"')
    assert project.problems() == [
        "data/classes/lop-2.yml:39:11: sessions[5].date: ngày 2026-05-14 nằm ngoài thời gian của lớp (2026-05-12 – 2026-05-13)\n"
        "    → Sửa ngày của buổi học, hoặc sửa start_date/end_date của lớp."
    ]


def test_an_unknown_topic_is_named_with_the_closest_id(project):
    project.edit(LOP2, "topic: tai-chinh-cong-doan", "topic: tai-chinh")
    assert project.problems() == [
        "data/classes/lop-2.yml:37:12: sessions[4].topic: không có chuyên đề 'tai-chinh' (có: dan-chu-co-so, dieu-le-cong-doan, kiem-tra-giam-sat, noi-dung-khac, nu-cong, phat-trien-doan-vien, tai-chinh-cong-doan, thi-dua-khen-thuong, truyen-thong)\n"
        "    → Có phải ý bạn là 'tai-chinh-cong-doan'? Dùng một mã trong danh sách, hoặc thêm chuyên đề mới vào data/topics/."
    ]


def test_an_unknown_lecturer_is_named_with_the_closest_id(project):
    project.edit(LOP2, "lecturer: bcv-uy-ban-kiem-tra", "lecturer: bcv-uy-ban-kiem")
    assert project.problems() == [
        "data/classes/lop-2.yml:33:15: sessions[3].lecturer: không có báo cáo viên 'bcv-uy-ban-kiem' (có: lanh-dao-ldld-tinh, bcv-ban-cong-tac-cong-doan, bcv-uy-ban-kiem-tra)\n"
        "    → Có phải ý bạn là 'bcv-uy-ban-kiem-tra'? Dùng một mã trong danh sách, hoặc thêm báo cáo viên mới vào data/lecturers.yml."
    ]


def test_an_unknown_venue_is_named_with_the_closest_id(project):
    project.edit(LOP2, "venue: phuong-doan-ket", "venue: phuong-doan-kett")
    assert project.problems() == [
        "data/classes/lop-2.yml:7:8: venue: không có địa điểm 'phuong-doan-kett' (có: phuong-tan-phong, phuong-doan-ket, xa-muong-te)\n"
        "    → Có phải ý bạn là 'phuong-doan-ket'? Dùng một mã trong danh sách, hoặc thêm địa điểm mới vào data/venues.yml."
    ]


def test_a_room_the_venue_does_not_have_is_rejected(project):
    project.edit(LOP2, 'room: "Hội trường"', 'room: "Phòng 9"')
    assert project.problems() == [
        "data/classes/lop-2.yml:8:7: room: không có phòng 'Phòng 9' (có: Hội trường)\n"
        "    → Dùng một mã trong danh sách, hoặc thêm phòng mới vào rooms của 'phuong-doan-ket' trong data/venues.yml."
    ]


def test_an_unknown_reference_document_is_rejected(project):
    project.edit("data/topics/nu-cong.yml", "references: [", "references: [luat-nu-cong, ")
    assert project.problems()[0].startswith(
        "data/topics/nu-cong.yml:20:14: references[0]: không có văn bản 'luat-nu-cong' (có: luat-cong-doan-2024,")


def test_a_duplicate_class_id_names_both_files(project):
    project.copy(LOP2, "data/classes/lop-6.yml")
    problems = project.problems()
    assert problems[:2] == [
        "data/classes/lop-6.yml:2:5: id: mã 'lop-2' khác tên tệp 'lop-6.yml'\n"
        "    → Đổi mã thành 'lop-6' hoặc đổi tên tệp thành 'lop-2.yml'.",
        "data/classes/lop-6.yml:2:5: id: mã lớp 'lop-2' bị trùng với data/classes/lop-2.yml:2\n"
        "    → Mỗi mã chỉ dùng một lần; đặt mã mới, chưa dùng.",
    ]


def test_a_duplicate_lecturer_id_names_the_first_one(project):
    project.edit("data/lecturers.yml", "id: bcv-uy-ban-kiem-tra", "id: bcv-ban-cong-tac-cong-doan")
    assert "data/lecturers.yml:12:7: [2].id: mã báo cáo viên 'bcv-ban-cong-tac-cong-doan' bị trùng với data/lecturers.yml:7\n" \
           "    → Mỗi mã chỉ dùng một lần; đặt mã mới, chưa dùng." in project.problems()


def test_a_topic_of_the_plan_taught_nowhere_is_reported(project):
    for n in range(1, 6):
        project.edit(f"data/classes/lop-{n}.yml", "    topic: noi-dung-khac\n", "    topic: dan-chu-co-so\n")
    assert project.problems() == [
        "data/plan.yml:42:12: contents[8].topic: chuyên đề 'noi-dung-khac' chưa được dạy ở lớp nào\n"
        "    → Thêm một buổi 'kind: topic' với chuyên đề này vào ít nhất một tệp data/classes/*.yml."
    ]


def test_an_opening_session_cannot_carry_a_topic(project):
    project.edit(LOP2, "    kind: discussion\n", "    kind: discussion\n    topic: nu-cong\n")
    assert project.problems() == [
        "data/classes/lop-2.yml:68:12: sessions[10].topic: buổi loại 'discussion' không gắn chuyên đề (giá trị: 'nu-cong')\n"
        "    → Mã chuyên đề; bắt buộc khi kind là topic."
    ]


def test_an_address_in_abolished_units_is_rejected(project):
    project.edit("data/venues.yml", 'address: "xã Mường Tè, tỉnh Lai Châu"', 'address: "huyện Mường Tè, tỉnh Lai Châu"')
    assert "data/venues.yml:17:12: [2].address: địa chỉ dùng đơn vị đã bãi bỏ (huyện, thành phố Lai Châu…) từ 01/7/2025 (giá trị: 'huyện Mường Tè, tỉnh Lai Châu')\n" \
           "    → Địa chỉ theo đơn vị hành chính hiện nay: '…, phường/xã …, tỉnh Lai Châu'." in project.problems()


def test_text_typed_in_decomposed_form_is_stored_composed(project):
    project.edit(LOP2, 'name: "Lớp 2"', 'name: "Lo\u031b\u0301p 2"')
    from macros.data.site import load_site
    assert load_site(project.root).klass["lop-2"].name == "Lớp 2"


def test_every_problem_is_reported_at_once_with_a_count(project):
    project.edit(LOP2, "venue: phuong-doan-ket", "venue: khong-co")
    project.edit("data/classes/lop-3.yml", "capacity: 80", "capacity: nhiều")
    result = subprocess.run([sys.executable, "-m", "macros", "check", "--root", str(project.root)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("data/classes/lop-2.yml:7:8: venue: không có địa điểm 'khong-co'")
    assert lines[2] == "data/classes/lop-3.yml:9:11: capacity: cần một số nguyên, nhận được 'nhiều'"
    assert lines[-1] == "2 lỗi trong 2 tệp"


def test_the_check_command_reports_valid_data():
    result = subprocess.run([sys.executable, "-m", "macros", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.endswith("Ngày xây dựng: " + short_date(build_day(ROOT, {}, []).date) + " (ngày của commit đang xây dựng)\n"
                                  "Dữ liệu hợp lệ: 9 chuyên đề, 5 lớp, 60 buổi học.\n")


def test_the_site_build_stops_on_bad_data_without_a_traceback(project, tmp_path_factory, build_site):
    project.with_site_sources().edit(LOP2, "start_date: 2026-05-12", "start_date: 2026-02-30")
    out = tmp_path_factory.mktemp("bad") / "site"
    result = build_site(project.root, out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/classes/lop-2.yml:5:13: start_date: ngày không hợp lệ '2026-02-30' (ngày không tồn tại)" in result.stderr
    assert not out.exists()
