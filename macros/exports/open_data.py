"""Open data, /du-lieu/: everything as JSON, and the sessions as a CSV table for spreadsheets.

tap-huan-2026.json is the validated data as the models dump it, so it loads back into the
same models unchanged (its schema: /du-lieu/schema/tap-huan-2026.schema.json).
buoi-hoc.csv has one row per session; UTF-8 with a byte-order mark and CRLF line ends,
so Excel opens it with the Vietnamese letters intact.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Callable, Iterator

from .. import datafiles, urls
from ..models import ENUM_LABELS, ClassStatus, Session, SessionKind, TrainingClass
from ..site import Site
from ..views import session_title
from . import Context, export


@dataclass(frozen=True)
class Row:
    """One session, with the class it belongs to."""

    site: Site
    klass: TrainingClass
    session: Session

    @property
    def lecturer(self):
        return self.site.lecturer[self.session.lecturer] if self.session.lecturer else None

    @property
    def venue(self):
        return self.site.venue[self.klass.venue]


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable[[Row], str]


def _codes(enum) -> str:
    return ", ".join(f"{member.value} ({label})" for member, label in ENUM_LABELS[enum].items())


COLUMNS: tuple[Column, ...] = (
    Column("lop", "Mã lớp, ví dụ: lop-1.", lambda r: r.klass.id),
    Column("ten_lop", "Tên lớp.", lambda r: r.klass.name),
    Column("trang_thai", f"Trạng thái của lớp: {_codes(ClassStatus)}.", lambda r: r.klass.status.value),
    Column("ngay", "Ngày học, dạng YYYY-MM-DD.", lambda r: r.session.date.isoformat()),
    Column("bat_dau", "Giờ bắt đầu, HH:MM (24 giờ).", lambda r: f"{r.session.start:%H:%M}"),
    Column("ket_thuc", "Giờ kết thúc, HH:MM (24 giờ).", lambda r: f"{r.session.end:%H:%M}"),
    Column("loai", f"Loại buổi: {_codes(SessionKind)}.", lambda r: r.session.kind.value),
    Column("chu_de", "Mã chủ đề; trống với buổi không phải chuyên đề.", lambda r: r.session.topic or ""),
    Column("ten_chu_de", "Tên chủ đề, hoặc tên buổi (Khai mạc, Bế mạc…) như trên lịch học.", lambda r: session_title(r.site, r.session)),
    Column("ma_bao_cao_vien", "Mã báo cáo viên; trống nếu chưa phân công.", lambda r: r.session.lecturer or ""),
    Column("bao_cao_vien", "Tên (hoặc vai trò) báo cáo viên; trống nếu chưa phân công.", lambda r: r.lecturer.name if r.lecturer else ""),
    Column("ma_dia_diem", "Mã địa điểm.", lambda r: r.venue.id),
    Column("dia_diem", "Tên địa điểm.", lambda r: r.venue.name),
    Column("dia_chi", "Địa chỉ theo đơn vị hành chính hiện nay.", lambda r: r.venue.address),
    Column("phong", "Phòng học của buổi.", lambda r: r.session.room or r.klass.room),
)


def rows(site: Site) -> Iterator[Row]:
    """Class by class, each in time order."""
    for cls in site.classes:
        for session in sorted(cls.sessions, key=lambda s: (s.date, s.start)):
            yield Row(site, cls, session)


def sessions_csv(site: Site) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(column.name for column in COLUMNS)
    for row in rows(site):
        writer.writerow(column.value(row) for column in COLUMNS)
    return out.getvalue().encode("utf-8-sig")


def dataset_json(site: Site) -> bytes:
    return (json.dumps(datafiles.dump(site), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@export
def open_data(site: Site, context: Context) -> dict[str, bytes]:
    return {urls.OPEN_DATA_JSON: dataset_json(site), urls.SESSIONS_CSV: sessions_csv(site)}
