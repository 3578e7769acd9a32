"""Vietnamese text rules of DOMAIN.md."""

from datetime import date

from macros.text import collation_key, date_line, fold, name_key, slugify, weekday_date


def test_folding_drops_marks_and_maps_dj_to_d():
    assert fold("CÔNG ĐOÀN") == "cong doan"
    assert fold("Phát triển đoàn viên") == "phat trien doan vien"
    assert fold("Lo\u031b\u0301p") == fold("Lớp") == "lop"


def test_slugs_keep_dj_as_d():
    assert slugify("Đăng ký lớp") == "dang-ky-lop"
    assert slugify("II. NỘI DUNG, ĐỐI TƯỢNG") == "ii-noi-dung-doi-tuong"


def test_official_date_lines_pad_days_below_ten_and_the_first_two_months():
    assert date_line(date(2026, 3, 2)) == "ngày 02 tháng 3 năm 2026"
    assert date_line(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert date_line(date(2026, 2, 15)) == "ngày 15 tháng 02 năm 2026"
    assert date_line(date(2026, 12, 25)) == "ngày 25 tháng 12 năm 2026"


def test_timetable_days_name_the_weekday():
    assert weekday_date(date(2026, 4, 14)) == "Thứ Ba, 14/4/2026"
    assert weekday_date(date(2026, 4, 19)) == "Chủ nhật, 19/4/2026"


def test_vietnamese_order_puts_dj_after_d_and_tones_second():
    words = ["Đức", "Dũng", "Anh", "Ân", "Ăn", "Bình", "Yến", "Xuân"]
    assert sorted(words, key=collation_key) == ["Anh", "Ăn", "Ân", "Bình", "Dũng", "Đức", "Xuân", "Yến"]
    assert sorted(["má", "mà", "ma", "mạ", "mả", "mã"], key=collation_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_people_sort_by_given_name():
    assert sorted(["Trần Văn Bình", "Lê Thị An"], key=name_key) == ["Lê Thị An", "Trần Văn Bình"]
