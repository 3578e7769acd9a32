"""Rules across records: ids, references, dates, overlaps and double bookings.

Each rule is a function registered with @rule; its docstring (Vietnamese) is the
rule as staff read it in the guide. Each yields located problems.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime
from itertools import groupby
from typing import Callable, Iterable, Iterator

from .messages import suggest
from .models import Lecturer, Plan, Reference, Session, Topic, TrainingClass, Venue
from .problems import Problem
from .sources import Located
from .text import short_date


@dataclass(frozen=True)
class Records:
    """Every record that passed its own model, with its source."""

    plan: Located[Plan] | None
    topics: list[Located[Topic]]
    classes: list[Located[TrainingClass]]
    lecturers: list[Located[Lecturer]]
    venues: list[Located[Venue]]
    references: list[Located[Reference]]

    @cached_property
    def bookings(self) -> list[Booking]:
        """Every session as a booking, built once for the rules on clashes."""
        return _bookings(self)


Rule = Callable[[Records], Iterable[Problem]]
RULES: list[Rule] = []


def rule(function: Rule) -> Rule:
    RULES.append(function)
    return function


def run(records: Records) -> list[Problem]:
    return [problem for check in RULES for problem in check(records)]


# --- ids ------------------------------------------------------------------------------


def _file_stem(item: Located) -> str:
    return item.file.rsplit("/", 1)[-1].removesuffix(".yml")


def _duplicates(items: list[Located], noun: str) -> Iterator[Problem]:
    first: dict[str, Located] = {}
    for item in items:
        key = item.record.id
        if key in first:
            yield item.problem(("id",), f"mã {noun} '{key}' bị trùng với {first[key].where(('id',))}",
                               "Mỗi mã chỉ dùng một lần; đặt mã mới, chưa dùng.")
        else:
            first[key] = item


@rule
def ids_are_unique(records: Records) -> Iterator[Problem]:
    """Mã của mỗi chủ đề, lớp, báo cáo viên, địa điểm và văn bản là duy nhất."""
    yield from _duplicates(records.topics, "chủ đề")
    yield from _duplicates(records.classes, "lớp")
    yield from _duplicates(records.lecturers, "báo cáo viên")
    yield from _duplicates(records.venues, "địa điểm")
    yield from _duplicates(records.references, "văn bản")


@rule
def ids_match_file_names(records: Records) -> Iterator[Problem]:
    """Tệp data/topics/<mã>.yml và data/classes/<mã>.yml mang đúng mã ghi bên trong."""
    for item in [*records.topics, *records.classes]:
        stem = _file_stem(item)
        if item.record.id != stem:
            yield item.problem(("id",), f"mã '{item.record.id}' khác tên tệp '{stem}.yml'",
                               f"Đổi mã thành '{stem}' hoặc đổi tên tệp thành '{item.record.id}.yml'.")


# --- references ---------------------------------------------------------------------------


def _missing(item: Located, path: tuple, value: str, noun: str, known: Iterable[str], where: str) -> Problem:
    known = list(known)
    guess = suggest(value, known)
    hint = f"Có phải ý bạn là '{guess}'? " if guess else ""
    return item.problem(path, f"không có {noun} '{value}' (có: {', '.join(known)})",
                        hint + f"Dùng một mã trong danh sách, hoặc thêm {noun} mới vào {where}.")


def _ids(items: list[Located]) -> dict[str, Located]:
    return {item.record.id: item for item in items}


@rule
def references_resolve(records: Records) -> Iterator[Problem]:
    """Mọi mã được nhắc tới (chủ đề, báo cáo viên, địa điểm, văn bản) đều có thật."""
    topics, lecturers = _ids(records.topics), _ids(records.lecturers)
    venues, documents = _ids(records.venues), _ids(records.references)
    if records.plan:
        for i, content in enumerate(records.plan.record.contents):
            if content.topic not in topics:
                yield _missing(records.plan, ("contents", i, "topic"), content.topic, "chủ đề", topics, "data/topics/")
    for topic in records.topics:
        for i, ref in enumerate(topic.record.references):
            if ref not in documents:
                yield _missing(topic, ("references", i), ref, "văn bản", documents, "data/references.yml")
    for lecturer in records.lecturers:
        for i, ref in enumerate(lecturer.record.topics):
            if ref not in topics:
                yield _missing(lecturer, ("topics", i), ref, "chủ đề", topics, "data/topics/")
    for item in records.classes:
        cls = item.record
        venue = venues.get(cls.venue)
        if venue is None:
            yield _missing(item, ("venue",), cls.venue, "địa điểm", venues, "data/venues.yml")
        elif cls.room not in venue.record.rooms:
            yield _missing(item, ("room",), cls.room, "phòng", venue.record.rooms, f"rooms của '{cls.venue}' trong data/venues.yml")
        for i, session in enumerate(cls.sessions):
            if session.topic is not None and session.topic not in topics:
                yield _missing(item, ("sessions", i, "topic"), session.topic, "chủ đề", topics, "data/topics/")
            if session.lecturer is not None and session.lecturer not in lecturers:
                yield _missing(item, ("sessions", i, "lecturer"), session.lecturer, "báo cáo viên", lecturers, "data/lecturers.yml")
            if venue and session.room is not None and session.room not in venue.record.rooms:
                yield _missing(item, ("sessions", i, "room"), session.room, "phòng", venue.record.rooms, f"rooms của '{cls.venue}' trong data/venues.yml")


@rule
def every_plan_topic_is_taught(records: Records) -> Iterator[Problem]:
    """Mỗi nội dung của kế hoạch được dạy ở ít nhất một lớp."""
    if not records.plan:
        return
    taught = {s.topic for item in records.classes for s in item.record.sessions}
    for i, content in enumerate(records.plan.record.contents):
        if content.topic not in taught:
            yield records.plan.problem(("contents", i, "topic"), f"chủ đề '{content.topic}' chưa được dạy ở lớp nào",
                                       "Thêm một buổi 'kind: topic' với chủ đề này vào ít nhất một tệp data/classes/*.yml.")


# --- time -------------------------------------------------------------------------------------


@rule
def sessions_fall_within_class_dates(records: Records) -> Iterator[Problem]:
    """Mỗi buổi học nằm trong khoảng ngày của lớp (start_date … end_date)."""
    for item in records.classes:
        cls = item.record
        for i, session in enumerate(cls.sessions):
            if not cls.start_date <= session.date <= cls.end_date:
                yield item.problem(("sessions", i, "date"),
                                   f"ngày {session.date.isoformat()} nằm ngoài thời gian của lớp ({cls.start_date.isoformat()} – {cls.end_date.isoformat()})",
                                   "Sửa ngày của buổi học, hoặc sửa start_date/end_date của lớp.")


@dataclass(frozen=True)
class Booking:
    """One session seen as an interval of time held by some resource."""

    start: datetime
    end: datetime
    owner: Located[TrainingClass]
    index: int

    @property
    def session(self) -> Session:
        return self.owner.record.sessions[self.index]

    def where(self) -> str:
        return f"{self.owner.where(('sessions', self.index))} ({self.owner.record.id}, sessions[{self.index}], {self.session.start:%H:%M}–{self.session.end:%H:%M} {short_date(self.session.date)})"


def _bookings(records: Records) -> list[Booking]:
    return [
        Booking(datetime.combine(s.date, s.start), datetime.combine(s.date, s.end), item, i)
        for item in records.classes
        for i, s in enumerate(item.record.sessions)
    ]


def overlaps(bookings: Iterable[Booking]) -> Iterator[tuple[Booking, Booking]]:
    """Every pair of overlapping intervals, by sort and sweep: O(n log n + pairs)."""
    active: list[tuple[datetime, int, Booking]] = []
    for n, booking in enumerate(sorted(bookings, key=lambda b: (b.start, b.end))):
        while active and active[0][0] <= booking.start:
            heapq.heappop(active)
        for _, _, earlier in sorted(active, key=lambda a: (a[2].start, a[1])):
            yield earlier, booking
        heapq.heappush(active, (booking.end, n, booking))


def _clashes(records: Records, resource: Callable[[Booking], object], message: str, hint: str, *, same_class: bool) -> Iterator[Problem]:
    keyed = [(resource(b), b) for b in records.bookings]
    keyed = sorted((pair for pair in keyed if pair[0] is not None), key=lambda pair: repr(pair[0]))
    for key, group in groupby(keyed, key=lambda pair: pair[0]):
        for first, second in overlaps(b for _, b in group):
            if (first.owner is second.owner) == same_class:
                yield second.owner.problem(("sessions", second.index), message.format(key=key, other=first.where()), hint)


@rule
def sessions_do_not_overlap_within_a_class(records: Records) -> Iterator[Problem]:
    """Các buổi của cùng một lớp không trùng giờ nhau."""
    yield from _clashes(records, lambda b: b.owner.file, "trùng giờ với buổi khác của lớp: {other}",
                        "Dời giờ một trong hai buổi để buổi sau bắt đầu khi buổi trước đã kết thúc.", same_class=True)


@rule
def lecturers_are_not_double_booked(records: Records) -> Iterator[Problem]:
    """Một báo cáo viên không dạy hai buổi cùng lúc ở hai lớp."""
    yield from _clashes(records, lambda b: b.session.lecturer, "báo cáo viên '{key}' đã có buổi cùng giờ ở {other}",
                        "Đổi báo cáo viên hoặc dời giờ một trong hai buổi.", same_class=False)


@rule
def rooms_are_not_double_booked(records: Records) -> Iterator[Problem]:
    """Một phòng không có hai lớp học cùng lúc."""
    def room(b: Booking) -> tuple[str, str]:
        return (b.owner.record.venue, b.session.room or b.owner.record.room)
    yield from _clashes(records, room, "phòng {key[1]} ({key[0]}) đã có lớp khác cùng giờ: {other}",
                        "Đổi phòng (room) hoặc dời giờ một trong hai buổi.", same_class=False)
