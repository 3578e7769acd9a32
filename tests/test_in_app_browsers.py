"""The second way into a phone's calendar where downloads fail (Zalo's and Facebook's own
browsers): an "add to Google Calendar" link per session, and the hint to open the page in the
phone's browser beside "Thêm vào lịch" and the PDF links."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from macros import urls


def test_every_session_of_a_class_page_has_a_google_calendar_link_with_its_local_times(page, site):
    for cls in site.classes:
        rows = page(urls.klass(cls.id)).select("tr.session")
        assert len(rows) == len(cls.sessions)
        venue = site.venue_of(cls)
        for row in rows:
            link = urlsplit(row.select_one(".session__add a")["href"])
            assert (link.scheme, link.netloc, link.path) == ("https", "calendar.google.com", "/calendar/render")
            query = {key: values[0] for key, values in parse_qs(link.query).items()}
            day, start, end = row["data-date"].replace("-", ""), row["data-start"].replace(":", ""), row["data-end"].replace(":", "")
            assert query["action"] == "TEMPLATE" and query["ctz"] == "Asia/Ho_Chi_Minh"
            assert query["dates"] == f"{day}T{start}00/{day}T{end}00"
            title = row.select_one(".session__title").get_text(strip=True)
            assert query["text"] == f"{title} — {cls.name}"
            assert query["location"].endswith(f"{venue.name}, {venue.address}")
            assert "Lịch dự kiến" in query["details"]


def test_printed_timetables_and_the_calendar_page_have_no_google_links(page):
    assert page(urls.CALENDAR).select("tr.session") and not page(urls.CALENDAR).select(".session__add")


def test_the_hint_sits_hidden_beside_the_calendar_button_and_the_pdf_links(page):
    for url, after in ((urls.klass("lop-1"), ".class-actions"), (urls.HOME, ".download"), (urls.MATERIALS, ".download"),
                       (urls.CALENDAR, ".calendar-feeds p")):
        hints = page(url).select(".in-app-hint")
        assert len(hints) == 1, url
        assert hints[0].has_attr("hidden") and hints[0].has_attr("data-in-app-hint")
        assert hints[0].find_previous_sibling() in page(url).select(after), url
        assert "Mở bằng trình duyệt" in hints[0].get_text()


def test_search_finds_the_timetable_not_the_hint_nor_the_google_links(built):
    docs = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [doc["location"] for doc in docs if "Mở bằng trình duyệt" in doc["text"]]
    day = next(doc for doc in docs if doc["location"] == urls.klass("lop-1") + "#thu-ba-14-4-2026")
    assert "07:30–08:00 Khai mạc" in day["text"] and "Google" not in day["text"]
