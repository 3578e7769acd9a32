"""Conflicts across classes: a lecturer or a room booked twice at once, each named on both sides.

(Overlaps within one class and sessions outside the class dates are in test_validation.py.)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from macros.data.checks import Booking, overlaps

# A one-session class on the first day of lop-1, 08:15–09:00: it overlaps lop-1's
# sessions[1] (08:00–09:30) and nothing else.
LOP6 = """id: lop-6
name: "Lớp 6"
status: tentative
start_date: 2026-04-14
end_date: 2026-04-14
venue: {venue}
room: "Hội trường"
capacity: 80
invited:
  - "Cán bộ công đoàn cơ sở"
sessions:
  - date: 2026-04-14
    start: "08:15"
    end: "09:00"
    topic: dieu-le-cong-doan
{lecturer}"""


def test_a_lecturer_in_two_classes_at_once_is_named_with_both_sessions(project):
    project.write("data/classes/lop-6.yml", LOP6.format(venue="phuong-doan-ket", lecturer="    lecturer: bcv-ban-cong-tac-cong-doan\n"))
    assert project.problems() == [
        "data/classes/lop-6.yml:12:5: sessions[0]: báo cáo viên 'bcv-ban-cong-tac-cong-doan' đã có buổi cùng giờ ở "
        "data/classes/lop-1.yml:19 (lop-1, sessions[1], 08:00–09:30 14/4/2026)\n"
        "    → Đổi báo cáo viên hoặc dời giờ một trong hai buổi."
    ]


def test_a_room_booked_by_two_classes_at_once_is_named_with_both_sessions(project):
    project.write("data/classes/lop-6.yml", LOP6.format(venue="phuong-tan-phong", lecturer=""))
    assert project.problems() == [
        "data/classes/lop-6.yml:12:5: sessions[0]: phòng Hội trường (phuong-tan-phong) đã có lớp khác cùng giờ: "
        "data/classes/lop-1.yml:19 (lop-1, sessions[1], 08:00–09:30 14/4/2026)\n"
        "    → Đổi phòng (room) hoặc dời giờ một trong hai buổi."
    ]


def test_the_same_room_name_at_another_venue_is_no_conflict(project):
    project.write("data/classes/lop-6.yml", LOP6.format(venue="phuong-doan-ket", lecturer=""))
    assert project.problems() == []


def test_sessions_that_only_touch_end_to_start_do_not_conflict(project):
    lop6 = LOP6.format(venue="phuong-tan-phong", lecturer="    lecturer: bcv-ban-cong-tac-cong-doan\n")
    project.write("data/classes/lop-6.yml", lop6.replace('"08:15"', '"09:30"').replace('"09:00"', '"09:45"'))
    assert project.problems() == []


def _booking(start: int, length: int, index: int) -> Booking:
    origin = datetime(2026, 1, 1)
    return Booking(origin + timedelta(minutes=start), origin + timedelta(minutes=start + length), None, index)


@given(st.lists(st.tuples(st.integers(0, 600), st.integers(1, 120)), max_size=40))
def test_the_sweep_finds_exactly_the_overlapping_pairs_that_comparing_all_pairs_finds(intervals):
    bookings = [_booking(start, length, i) for i, (start, length) in enumerate(intervals)]
    brute = {frozenset((a.index, b.index)) for i, a in enumerate(bookings) for b in bookings[i + 1:]
             if a.start < b.end and b.start < a.end}
    found = [frozenset((a.index, b.index)) for a, b in overlaps(bookings)]
    assert len(found) == len(set(found))
    assert set(found) == brute


def test_the_sweep_names_the_earlier_session_first():
    late, early = _booking(60, 60, 0), _booking(30, 60, 1)
    assert list(overlaps([late, early])) == [(early, late)]
