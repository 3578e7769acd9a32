"""The open data of /du-lieu/: the columns of the sessions table, and the view of the page.

The CSV export writes COLUMNS; the page describes the same COLUMNS: one table for both.
Each column of codes (trang_thai, loai, duyet) is followed by its Vietnamese label (ten_…):
programs read the codes, people read the labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from .. import urls
from ..data.kinds import DATA_FILES
from ..data.models import (
    REVIEW_STATE_LABELS,
    SESSION_KIND_LABELS,
    STATUS_LABELS,
    ClassStatus,
    Lecturer,
    ReviewState,
    Session,
    SessionKind,
    TrainingClass,
    Venue,
    choices,
)
from ..data.schema import DATASET
from ..data.site import Site
from .links import Linker
from .records import session_title


@dataclass(frozen=True)
class Row:
    """One session, with the class it belongs to."""

    site: Site
    klass: TrainingClass
    session: Session

    @property
    def lecturer(self) -> Optional[Lecturer]:
        return self.site.lecturer_of(self.session)

    @property
    def venue(self) -> Optional[Venue]:
        return self.site.venue_of(self.klass)


def _review_state(cls: TrainingClass) -> ReviewState:
    return ReviewState.approved if cls.approved else ReviewState.draft


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable[[Row], str]


COLUMNS: tuple[Column, ...] = (
    Column("lop", "Mã lớp, ví dụ: lop-1.", lambda r: r.klass.id),
    Column("ten_lop", "Tên lớp.", lambda r: r.klass.name),
    Column("trang_thai", f"Trạng thái của lớp: {choices(ClassStatus)}.", lambda r: r.klass.status.value),
    Column("ten_trang_thai", "Trạng thái của lớp bằng lời, như trên trang của lớp (Dự kiến, Đã xác nhận…).",
           lambda r: STATUS_LABELS[r.klass.status]),
    Column("ngay", "Ngày học, dạng YYYY-MM-DD.", lambda r: r.session.date.isoformat()),
    Column("bat_dau", "Giờ bắt đầu, HH:MM (24 giờ).", lambda r: f"{r.session.start:%H:%M}"),
    Column("ket_thuc", "Giờ kết thúc, HH:MM (24 giờ).", lambda r: f"{r.session.end:%H:%M}"),
    Column("loai", f"Loại buổi: {choices(SessionKind)}.", lambda r: r.session.kind.value),
    Column("ten_loai", "Loại buổi bằng lời (Khai mạc, Chuyên đề…).", lambda r: SESSION_KIND_LABELS[r.session.kind]),
    Column("chu_de", "Mã chuyên đề; trống với buổi không phải chuyên đề.", lambda r: r.session.topic or ""),
    Column("ten_chu_de", "Tên chuyên đề, hoặc tên buổi (Khai mạc, Bế mạc…) như trên lịch học.", lambda r: session_title(r.site, r.session)),
    Column("ma_bao_cao_vien", "Mã báo cáo viên; trống nếu chưa phân công.", lambda r: r.session.lecturer or ""),
    Column("bao_cao_vien", "Tên (hoặc vai trò) báo cáo viên; trống nếu chưa phân công.", lambda r: r.lecturer.name if r.lecturer else ""),
    Column("ma_dia_diem", "Mã địa điểm; trống nếu chưa công bố.", lambda r: r.venue.id if r.venue else ""),
    Column("dia_diem", "Tên địa điểm; trống nếu chưa công bố.", lambda r: r.venue.name if r.venue else ""),
    Column("dia_chi", "Địa chỉ theo đơn vị hành chính hiện nay; trống nếu chưa công bố.", lambda r: r.venue.address if r.venue else ""),
    Column("phong", "Phòng học của buổi.", lambda r: r.klass.room_of(r.session)),
    Column("duyet", f"Tình trạng duyệt lịch của lớp: {choices(ReviewState)}; lịch dự thảo chưa được Liên đoàn Lao động tỉnh duyệt.",
           lambda r: _review_state(r.klass).value),
    Column("ten_duyet", "Tình trạng duyệt bằng lời (Dự thảo, Đã duyệt).", lambda r: REVIEW_STATE_LABELS[_review_state(r.klass)]),
)


def rows(site: Site) -> Iterator[Row]:
    """Class by class, each in time order."""
    for cls in site.classes:
        for session in sorted(cls.sessions, key=lambda s: (s.date, s.start)):
            yield Row(site, cls, session)


def open_data_view(site: Site, page: str) -> dict:
    """What /du-lieu/ offers: the files, what each collection holds, the CSV columns."""
    link = Linker(page)
    collections = []
    for kind in DATA_FILES:
        value = getattr(site, kind.key)
        collections.append({"key": kind.key, "title": kind.title, "count": len(value) if isinstance(value, tuple) else 1,
                            "list": isinstance(value, tuple), "schema_url": link.to(urls.SCHEMAS + kind.schema_file),
                            "schema_file": kind.schema_file})
    return {
        "json_url": link.to(urls.OPEN_DATA_JSON),
        "json_name": urls.OPEN_DATA_JSON.rsplit("/", 1)[-1],
        "json_schema_url": link.to(urls.SCHEMAS + DATASET + ".schema.json"),
        "csv_url": link.to(urls.SESSIONS_CSV),
        "csv_name": urls.SESSIONS_CSV.rsplit("/", 1)[-1],
        "documents_url": link.to(urls.DOCUMENTS_JSON),
        "sessions": sum(len(c.sessions) for c in site.classes),
        "collections": collections,
        "columns": [{"name": c.name, "description": c.description} for c in COLUMNS],
    }
