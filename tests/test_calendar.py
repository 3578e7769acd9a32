"""Calendar feeds, class pages and /lich/, read with real parsers: one event and one row per session."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import segno
from icalendar import Calendar

from macros import exports, urls
from macros.data.site import Site, load_site
from macros.exports import ics
from macros.text import weekday_date
from macros.views import schedule
from macros.views.records import session_title
from tests.conftest import ROOT, text_of

BASE_URL = "https://ldld-laichau.github.io/tap-huan-2026/"
CONTEXT = exports.Context(base_url=BASE_URL)
# lop-2's sessions[1] (dieu-le-cong-doan), moved to the next evening.
MOVED_FROM = '  - date: 2026-05-12\n    start: "08:00"\n    end: "09:30"'
MOVED_TO = '  - date: 2026-05-13\n    start: "18:00"\n    end: "19:30"'


def events_of(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def feeds(site: Site) -> dict[str, bytes]:
    return ics.calendar_feeds(site, CONTEXT)


def by_uid(data: bytes) -> dict[str, object]:
    return {str(event["UID"]): event for event in events_of(data)}


def expected_sessions(site: Site, classes) -> list[tuple]:
    return sorted((cls.id, s.date.isoformat(), f"{s.start:%H:%M}", f"{s.end:%H:%M}") for cls in classes for s in cls.sessions)


def event_sessions(site: Site, data: bytes) -> list[tuple]:
    found = []
    for event in events_of(data):
        class_id = next(c.id for c in site.classes if str(event["URL"]) == urls.absolute(BASE_URL, urls.klass(c.id)))
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        found.append((class_id, start.date().isoformat(), f"{start:%H:%M}", f"{end:%H:%M}"))
    return sorted(found)


# --- feeds ---------------------------------------------------------------------------------------


def test_the_built_site_has_the_all_classes_feed_and_one_feed_per_class(built, site):
    names = sorted(path.name for path in (built / "lich").glob("*.ics"))
    assert names == sorted(["tap-huan-2026.ics"] + [f"{c.id}.ics" for c in site.classes])


def test_each_feed_has_one_event_per_session_of_the_data(built, site):
    assert event_sessions(site, (built / urls.ALL_CLASSES_FEED).read_bytes()) == expected_sessions(site, site.classes)
    for cls in site.classes:
        assert event_sessions(site, (built / urls.class_feed(cls.id)).read_bytes()) == expected_sessions(site, [cls])


def test_every_event_is_at_plus_seven_hours_in_the_declared_time_zone(built, site):
    for path in (built / "lich").glob("*.ics"):
        calendar = Calendar.from_ical(path.read_bytes())
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
        assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
        for event in calendar.walk("VEVENT"):
            for name in ("DTSTART", "DTEND"):
                assert event[name].params["TZID"] == "Asia/Ho_Chi_Minh"
                assert event.decoded(name).utcoffset() == timedelta(hours=7)


def test_feeds_are_named_for_calendar_apps(built, site):
    calendar = Calendar.from_ical((built / urls.class_feed("lop-1")).read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]) == "Lớp 1 — Tập huấn nghiệp vụ công tác công đoàn năm 2026"
    every = Calendar.from_ical((built / urls.ALL_CLASSES_FEED).read_bytes())
    assert str(every["X-WR-CALNAME"]) == "Tập huấn nghiệp vụ công tác công đoàn năm 2026 — tất cả các lớp"
    assert str(every["SOURCE"]) == BASE_URL + "lich/tap-huan-2026.ics"


def test_uids_are_unique_and_name_the_site(built):
    uids = list(by_uid((built / urls.ALL_CLASSES_FEED).read_bytes()))
    assert len(uids) == len(set(uids))
    assert all(re.fullmatch(r"tap-huan-2026-lop-\d-[a-z0-9-]+@ldld-laichau\.github\.io", uid) for uid in uids), uids
    assert "tap-huan-2026-lop-1-dieu-le-cong-doan@ldld-laichau.github.io" in uids


def test_a_class_feed_and_the_all_classes_feed_carry_the_same_event(built):
    every = by_uid((built / urls.ALL_CLASSES_FEED).read_bytes())
    for uid, event in by_uid((built / urls.class_feed("lop-3")).read_bytes()).items():
        assert every[uid].to_ical() == event.to_ical()


def test_two_builds_give_the_same_bytes_and_the_same_uids(built, site):
    first, second = ics.calendar_feeds(site, CONTEXT), ics.calendar_feeds(site, CONTEXT)
    assert first == second
    for path in (urls.ALL_CLASSES_FEED, urls.class_feed("lop-2")):
        assert first[path] == (built / path).read_bytes()
    assert list(by_uid(first[urls.ALL_CLASSES_FEED])) == list(by_uid((built / urls.ALL_CLASSES_FEED).read_bytes()))


def test_an_event_names_topic_class_place_lecturer_and_page(built, site):
    event = by_uid((built / urls.class_feed("lop-1")).read_bytes())["tap-huan-2026-lop-1-tai-chinh-cong-doan@ldld-laichau.github.io"]
    assert str(event["SUMMARY"]) == "Công tác tài chính công đoàn — Lớp 1"
    assert str(event["LOCATION"]) == "Hội trường, Điểm tập huấn phường Tân Phong, phường Tân Phong, tỉnh Lai Châu"
    assert str(event["URL"]) == BASE_URL + "lop-hoc/lop-1/"
    description = str(event["DESCRIPTION"]).splitlines()
    assert "Báo cáo viên: Sẽ thông báo" in description  # the plan names no body to teach it
    assert "Dự thảo — chưa được duyệt: nội dung do cổng soạn để tham khảo, chưa được Liên đoàn Lao động tỉnh duyệt." in description
    assert description[-1] == "Chi tiết: " + BASE_URL + "lop-hoc/lop-1/"
    assert str(event["STATUS"]) == "TENTATIVE"


def test_non_topic_sessions_are_named_by_kind_and_numbered_when_repeated(site):
    cls = site.klass["lop-1"]
    keys = schedule.session_keys(cls)
    assert keys[0] == "opening" and keys[-1] == "closing"
    doubled = cls.model_copy(update={"sessions": cls.sessions + (cls.sessions[-2],)})
    assert schedule.session_keys(doubled)[-3:] == ("discussion", "closing", "discussion-2")


@pytest.mark.parametrize("status, expected", [("confirmed", "CONFIRMED"), ("finished", "CONFIRMED"), ("postponed", "CANCELLED")])
def test_the_class_status_becomes_the_event_status(project, status, expected):
    project.edit("data/classes/lop-4.yml", "status: tentative", f"status: {status}")
    events = events_of(feeds(load_site(project.root))[urls.class_feed("lop-4")])
    assert {str(event["STATUS"]) for event in events} == {expected}
    assert all("Lịch dự kiến" not in str(event["DESCRIPTION"]) for event in events)


def test_moving_one_session_changes_its_event_revision_and_nothing_else(project):
    before = feeds(load_site(project.root))  # a copy without git history: the fingerprint fallback
    project.edit("data/classes/lop-2.yml", MOVED_FROM, MOVED_TO)
    after = feeds(load_site(project.root))
    old, new = by_uid(before[urls.ALL_CLASSES_FEED]), by_uid(after[urls.ALL_CLASSES_FEED])
    assert set(old) == set(new)
    moved = "tap-huan-2026-lop-2-dieu-le-cong-doan@ldld-laichau.github.io"
    assert new[moved].decoded("DTSTART").isoformat() == "2026-05-13T18:00:00+07:00"
    assert new[moved]["SEQUENCE"] != old[moved]["SEQUENCE"]
    for name in ("LAST-MODIFIED", "DTSTAMP"):
        assert new[moved].decoded(name) != old[moved].decoded(name)
    assert [uid for uid in old if old[uid].to_ical() != new[uid].to_ical()] == [moved]
    changed_files = [path for path in before if before[path] != after[path]]
    assert changed_files == [urls.class_feed("lop-2"), urls.ALL_CLASSES_FEED]


def test_the_revision_is_a_function_of_the_data_not_of_the_clock(project):
    unmoved = feeds(load_site(project.root))  # without git history: the fingerprint fallback
    project.edit("data/classes/lop-2.yml", MOVED_FROM, MOVED_TO)
    moved = feeds(load_site(project.root))
    project.edit("data/classes/lop-2.yml", MOVED_TO, MOVED_FROM)
    assert feeds(load_site(project.root)) == unmoved != moved


# --- the revision from git history -----------------------------------------------------------------


def commit(root, message: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for argv in (["git", "add", "-A"], ["git", "commit", "-q", "-m", message]):
        subprocess.run(argv, cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture
def repository(project):
    """The project copy as a git repository, its data committed once, with the calendar code."""
    (project.root / "macros/exports").mkdir(parents=True)
    shutil.copy(ROOT / "macros/exports/ics.py", project.root / "macros/exports/ics.py")
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True)
    commit(project.root, "data", "2026-03-05T09:00:00+07:00")
    return project


def sequences(data: bytes) -> dict[str, int]:
    return {uid: int(event["SEQUENCE"]) for uid, event in by_uid(data).items()}


def test_moving_a_session_in_a_new_commit_raises_its_sequence_in_both_feeds(repository):
    before = feeds(load_site(repository.root))
    assert feeds(load_site(repository.root)) == before  # the same commit, the same feeds
    repository.edit("data/classes/lop-2.yml", MOVED_FROM, MOVED_TO)
    commit(repository.root, "move a session", "2026-03-05T09:01:00+07:00")  # a minute later
    after = feeds(load_site(repository.root))
    moved = "tap-huan-2026-lop-2-dieu-le-cong-doan@ldld-laichau.github.io"
    for feed in (urls.ALL_CLASSES_FEED, urls.class_feed("lop-2")):
        old, new = sequences(before[feed]), sequences(after[feed])
        assert new[moved] > old[moved], feed
        assert all(new[uid] >= old[uid] for uid in old)
    assert sequences(after[urls.class_feed("lop-2")])[moved] == (
        datetime(2026, 3, 5, 2, 1, tzinfo=timezone.utc) - datetime(2026, 3, 2, tzinfo=timezone.utc)).total_seconds()
    assert by_uid(after[urls.ALL_CLASSES_FEED])[moved].decoded("LAST-MODIFIED") == datetime(2026, 3, 5, 2, 1, tzinfo=timezone.utc)
    other = sequences(after[urls.class_feed("lop-1")])
    assert other == sequences(before[urls.class_feed("lop-1")])  # an event none of whose inputs changed keeps its revision


def test_a_change_to_a_topic_or_a_venue_raises_the_sequence_of_the_events_that_use_it(repository):
    before = sequences(feeds(load_site(repository.root))[urls.ALL_CLASSES_FEED])
    repository.edit("data/topics/nu-cong.yml", 'title: "Công tác nữ công"', 'title: "Công tác nữ công (sửa)"')
    commit(repository.root, "retitle a topic", "2026-04-01T08:00:00+07:00")
    after = sequences(feeds(load_site(repository.root))[urls.ALL_CLASSES_FEED])
    raised = {uid for uid in after if after[uid] > before[uid]}
    assert raised and all("nu-cong" in uid for uid in raised)


# --- pages ----------------------------------------------------------------------------------------


def rows_on(html) -> list:
    return html.select("table.timetable__day tr.session")


def row_key(row) -> tuple:
    return (row["data-date"], row["data-start"], row["data-end"])


def test_every_session_appears_once_on_its_class_page_on_its_day(page, site):
    for cls in site.classes:
        rows = rows_on(page(urls.klass(cls.id)))
        keys = [row_key(row) for row in rows]
        expected = sorted((s.date.isoformat(), f"{s.start:%H:%M}", f"{s.end:%H:%M}") for s in cls.sessions)
        assert sorted(keys) == expected
        for row in rows:
            table = row.find_parent("table")
            assert table["data-date"] == row["data-date"]
            assert text_of(table.find_previous("h3")).startswith(weekday_date(date.fromisoformat(row["data-date"])))


def test_every_session_appears_once_on_the_calendar_page_under_its_day_and_month(page, site):
    html = page(urls.CALENDAR)
    found = []
    for row in rows_on(html):
        table = row.find_parent("table")
        class_id = table.find_parent("div", class_="timetable")["data-class"]
        day_heading = table.find_previous("h3")
        month_heading = table.find_previous("h2")
        day = date.fromisoformat(row["data-date"])
        assert day_heading["data-date"] == table["data-date"] == row["data-date"]
        assert text_of(day_heading).startswith(weekday_date(day))
        assert text_of(month_heading).startswith(f"Tháng {day.month}/{day.year}")
        found.append((class_id, *row_key(row), text_of(row.select_one(".session__title"))))
    expected = [(cls.id, s.date.isoformat(), f"{s.start:%H:%M}", f"{s.end:%H:%M}", session_title(site, s))
                for cls in site.classes for s in cls.sessions]
    assert sorted(found) == sorted(expected)


def test_days_on_the_calendar_page_are_in_order_and_each_shown_once(page, site):
    days = [h["data-date"] for h in page(urls.CALENDAR).select("h3[data-date]")]
    assert days == sorted({s.date.isoformat() for c in site.classes for s in c.sessions})


def resolve(built: Path, page_url: str, href: str) -> Path:
    return (built / page_url / href).resolve()


def test_the_calendar_page_links_every_class_page_and_every_feed(page, built, site):
    html = page(urls.CALENDAR)
    targets = {resolve(built, urls.CALENDAR, a["href"]) for a in html.select("a[href]") if "://" not in a["href"]}
    for cls in site.classes:
        assert (built / urls.klass(cls.id)).resolve() in targets
        assert (built / urls.class_feed(cls.id)).resolve() in targets
        assert (built / urls.class_pdf(cls.id)).resolve() in targets
    assert (built / urls.ALL_CLASSES_FEED).resolve() in targets
    assert html.select_one("code.feed-address").get_text() == BASE_URL + "lich/tap-huan-2026.ics"
    assert {a["href"] for a in html.select("a[href^='webcal:']")} == {"webcal://ldld-laichau.github.io/tap-huan-2026/lich/tap-huan-2026.ics"}


def test_the_calendar_page_is_in_the_navigation(page):
    nav = page("").select_one("nav.md-nav--primary")
    assert any(text_of(a) == "Lịch các lớp" and a["href"].rstrip("/").endswith("lich") for a in nav.select("a"))


def test_a_class_page_offers_its_feed_and_its_printable_timetable(page, built, site):
    for cls in site.classes:
        html = page(urls.klass(cls.id))
        buttons = {text_of(a): resolve(built, urls.klass(cls.id), a["href"]) for a in html.select(".class-actions a")}
        assert buttons == {"Thêm vào lịch": (built / urls.class_feed(cls.id)).resolve(),
                           "In lịch học": (built / urls.class_pdf(cls.id)).resolve(),
                           "Sổ tay của lớp": (built / urls.class_handbook(cls.id)).resolve()}
        assert all(path.is_file() for path in buttons.values())


def test_a_class_page_carries_an_inline_qr_code_of_its_public_address(page, site):
    cls = site.klass["lop-1"]
    figure = page(urls.klass(cls.id)).select_one("figure.class-qr")
    svg = figure.find("svg")
    public = BASE_URL + "lop-hoc/lop-1/"
    assert public in svg.title.get_text()
    assert text_of(figure.figcaption).endswith(public)
    assert not figure.find("img") and not svg.find(attrs={"href": True})
    # The drawn modules are exactly those of a QR code encoding the public address.
    expected = segno.make(public, error="m", micro=False).svg_inline(scale=1, border=4, omitsize=True)
    drawn = svg.find("path", class_="qr-code__modules")["d"]
    assert f'd="{drawn}"' in expected


def test_feeds_made_from_the_events_an_earlier_build_kept_are_byte_for_byte_the_feeds_written_afresh(site, project, tmp_path):
    folder = tmp_path / "memo"
    folder.mkdir()
    from macros import memo

    afresh = feeds(site)
    memo.open_folder(folder)
    try:
        first = feeds(site)
        kept = sorted(folder.iterdir())
        memo.open_folder(folder)  # the next build
        again = feeds(site)
        assert sorted(folder.iterdir()) == kept  # nothing written again
        project.edit("data/classes/lop-2.yml", 'start: "15:15"', 'start: "15:30"')
        edited = load_site(project.root)
        memo.open_folder(folder)
        moved = feeds(edited)
    finally:
        memo.open_folder(None)
    assert first == again == afresh
    assert moved == feeds(edited)
    assert len(kept) == len(site.classes)  # one set of events per class
