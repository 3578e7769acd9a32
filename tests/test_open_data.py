"""Open data: the JSON loads back into the models unchanged; the CSV has one row per session."""

from __future__ import annotations

import csv
import io
import json

from jsonschema import Draft7Validator

from macros import exports, urls
from macros.data import kinds
from macros.data.models import SESSION_KIND_LABELS, STATUS_LABELS
from macros.exports import open_data
from macros.views.open_data import COLUMNS
from macros.views.records import session_title
from tests.conftest import ROOT

BASE = "https://ldld-laichau.github.io/tap-huan-2026/"


def exported(site) -> dict[str, bytes]:
    return open_data.open_data(site, exports.Context(base_url=BASE))


def test_the_json_loads_back_into_the_models_and_equals_the_source_data(built, site):
    data = json.loads((built / urls.OPEN_DATA_JSON).read_text(encoding="utf-8"))
    assert list(data) == [kind.key for kind in kinds.DATA_FILES]
    loaded = kinds.undump(data)
    for kind in kinds.DATA_FILES:
        assert loaded[kind.key] == getattr(site, kind.key), kind.key
    assert len(loaded["classes"]) == 5 and sum(len(c.sessions) for c in loaded["classes"]) == 60


def test_the_json_validates_against_its_published_schema(built):
    data = json.loads((built / urls.OPEN_DATA_JSON).read_text(encoding="utf-8"))
    schema = json.loads((built / urls.SCHEMAS / "tap-huan-2026.schema.json").read_text(encoding="utf-8"))
    assert list(Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER).iter_errors(data)) == []


def read_csv(raw: bytes) -> list[dict[str, str]]:
    assert raw.startswith("\ufeff".encode("utf-8")), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_the_csv_has_one_row_per_session_with_its_fields(built, site):
    raw = (built / urls.SESSIONS_CSV).read_bytes()
    rows = read_csv(raw)
    sessions = [(cls, s) for cls in site.classes for s in sorted(cls.sessions, key=lambda s: (s.date, s.start))]
    assert len(rows) == len(sessions) == 60
    assert list(rows[0]) == [column.name for column in COLUMNS]
    assert raw.split(b"\n", 1)[0].endswith(b"\r")  # CRLF, as spreadsheets expect
    for row, (cls, session) in zip(rows, sessions):
        lecturer = site.lecturer[session.lecturer] if session.lecturer else None
        venue = site.venue[cls.venue]
        assert row == {
            "lop": cls.id, "ten_lop": cls.name, "trang_thai": cls.status.value, "ten_trang_thai": STATUS_LABELS[cls.status],
            "ngay": session.date.isoformat(), "bat_dau": f"{session.start:%H:%M}", "ket_thuc": f"{session.end:%H:%M}",
            "loai": session.kind.value, "ten_loai": SESSION_KIND_LABELS[session.kind],
            "chu_de": session.topic or "", "ten_chu_de": session_title(site, session),
            "ma_bao_cao_vien": session.lecturer or "", "bao_cao_vien": lecturer.name if lecturer else "",
            "ma_dia_diem": venue.id, "dia_diem": venue.name, "dia_chi": venue.address,
            "phong": cls.room_of(session), "duyet": "approved" if cls.approved else "draft",
            "ten_duyet": "Đã duyệt" if cls.approved else "Dự thảo",
        }


def test_every_column_of_codes_is_followed_by_its_vietnamese_label(site):
    rows = read_csv(exported(site)[urls.SESSIONS_CSV])
    names = [column.name for column in COLUMNS]
    for code, label in (("trang_thai", "ten_trang_thai"), ("loai", "ten_loai"), ("duyet", "ten_duyet")):
        assert names.index(label) == names.index(code) + 1
    assert {(r["trang_thai"], r["ten_trang_thai"]) for r in rows} == {("tentative", "Dự kiến")}
    assert {(r["loai"], r["ten_loai"]) for r in rows} == {
        ("opening", "Khai mạc"), ("topic", "Chuyên đề"), ("discussion", "Thảo luận, trao đổi"), ("closing", "Bế mạc")}
    assert {(r["duyet"], r["ten_duyet"]) for r in rows} == {("draft", "Dự thảo")}


def test_a_session_without_a_lecturer_has_empty_lecturer_cells(site):
    rows = read_csv(exported(site)[urls.SESSIONS_CSV])
    discussion = next(r for r in rows if r["loai"] == "discussion")
    assert (discussion["chu_de"], discussion["ten_chu_de"], discussion["bao_cao_vien"]) == ("", "Thảo luận, trao đổi", "")


def test_exports_are_the_same_bytes_for_the_same_data(site):
    assert exported(site) == exported(site)


def test_the_open_data_page_links_every_file_and_documents_every_column(page):
    html = page(urls.OPEN_DATA)
    links = {a["href"] for a in html.select("a[href]")}
    assert {"tap-huan-2026.json", "buoi-hoc.csv", "schema/tap-huan-2026.schema.json"} <= links
    assert {f"schema/{kind.schema_file}" for kind in kinds.DATA_FILES} <= links
    columns = [th.get_text(strip=True) for th in html.select(".csv-columns th[scope=row]")]
    assert columns == [column.name for column in COLUMNS]
    keys = [th.get_text(strip=True) for th in html.select(".open-data-collections th[scope=row]")]
    assert keys == [kind.key for kind in kinds.DATA_FILES]


def test_every_linked_open_data_file_exists_in_the_build(built, page):
    for a in page(urls.OPEN_DATA).select("a[download], .open-data-collections a"):
        assert (built / urls.OPEN_DATA / a["href"]).is_file(), a["href"]
    assert (ROOT / "docs" / urls.SCHEMAS).is_dir()
