"""Sessions across classes: stable session identities and the all-classes calendar view. Pure."""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from urllib.parse import quote

from .. import urls
from ..data.models import ClassStatus, TrainingClass
from ..data.site import Site
from ..text import weekday_date
from . import library, records
from .links import Linker


def session_keys(cls: TrainingClass) -> tuple[str, ...]:
    """A name for each session, unique within its class, that survives moving the session.

    The topic id (or the kind, for opening/discussion/closing), numbered from the second
    time it occurs in the file: 'dieu-le-cong-doan', 'discussion', 'discussion-2'. Date and
    time are left out on purpose, so a session moved to another day keeps its identity
    (its calendar UID) and phones update the event instead of adding a second one.
    """
    seen: Counter[str] = Counter()
    keys = []
    for session in cls.sessions:
        base = session.topic or session.kind.value
        seen[base] += 1
        keys.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return tuple(keys)


# Subscribing (not importing once) is what keeps a phone calendar in step with the feed.
GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/r?cid="


def subscribe_url(feed_url: str) -> str:
    """webcal:// makes Apple devices (and most desktop apps) subscribe instead of importing once."""
    return "webcal://" + feed_url.split("://", 1)[-1]


def calendar_page(site: Site, base_url: str = "", downloads: library.Downloads | None = None) -> dict:
    """/lich/: every class's day tables, regrouped by month and day; plus the feeds."""
    link = Linker(urls.CALENDAR)
    entries = []  # (date, class order, class summary, day of that class)
    for order, cls in enumerate(site.classes):
        summary = records.class_summary(site, cls, link)
        for day in records.timetable(site, cls, link):
            entries.append((day["date"], order, summary, day))
    entries.sort(key=lambda entry: entry[:2])
    months = []
    for (year, month), in_month in groupby(entries, key=lambda entry: (entry[0].year, entry[0].month)):
        days = []
        for day, on_day in groupby(in_month, key=lambda entry: entry[0]):
            days.append({"iso": day.isoformat(), "label": weekday_date(day),
                         "classes": [{"klass": summary, "day": class_day} for _, _, summary, class_day in on_day]})
        months.append({"label": f"Tháng {month}/{year}", "days": days})
    public = urls.absolute(base_url, urls.ALL_CLASSES_FEED) if base_url else None
    return {
        "months": months,
        "any_tentative": any(cls.status == ClassStatus.tentative for cls in site.classes),
        "feed_url": link.to(urls.ALL_CLASSES_FEED),
        "feed_public_url": public,
        "feed_webcal_url": subscribe_url(public) if public else None,
        "feed_google_url": GOOGLE_SUBSCRIBE + quote(subscribe_url(public), safe="") if public else None,
        "classes": [{**records.class_summary(site, cls, link),
                     "feed_url": link.to(urls.class_feed(cls.id)),
                     "pdf_url": link.to(urls.class_pdf(cls.id)),
                     "pdf_pending": library.pending(urls.class_pdf(cls.id), downloads)} for cls in site.classes],
    }
