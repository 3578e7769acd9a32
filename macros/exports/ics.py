"""iCalendar feeds (RFC 5545 with the RFC 7986 names): all classes, and one per class.

One VEVENT per session. What makes phones keep the events right:

- UID: '<site path>-<class id>-<session key>@<site host>'. The session key is the topic id
  (or opening/discussion/closing), numbered when it repeats (schedule.session_keys), never
  its date or time: moving a session updates the event on the phone instead of adding
  a second one. The site's host and path make it unique worldwide (next year's portal
  has another path). It changes only if site_url or the class id changes, which
  DESIGN.md §2 forbids once published.
- SEQUENCE, LAST-MODIFIED, DTSTAMP: calendars update a known UID when these change, and may
  ignore an update whose SEQUENCE did not increase (RFC 5545 §3.8.7.4). The build may not
  read the clock, so the revision is the time of the newest commit that touched an input
  of the event (git history, site.changed_at): SEQUENCE is that time in seconds since the
  plan's date (two commits a minute apart differ; it fits a signed 32-bit integer for
  sixty years), LAST-MODIFIED and DTSTAMP that instant. Any later commit to an input
  raises it (by more than one: allowed), and the same commit always gives the same feed.
  The inputs (event_inputs): the class's file (dates, times, rooms, status, name), the
  topic's file (the event's title), data/lecturers.yml when a lecturer is named,
  data/venues.yml (the location), and this module (how an event is written).
  Without git history (a copy of the data, an unpacked archive) the revision falls back to
  a fingerprint of the event's content: deterministic, different after an edit, but not
  monotonic (SEQUENCE is then 28 bits of the fingerprint, LAST-MODIFIED an instant in the 30
  days after the plan's date). CI clones with full history.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Optional
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vDuration

from .. import urls
from ..data import kinds
from ..data.models import ClassStatus, Session, SessionKind, TrainingClass
from ..data.site import CALENDAR_CODE, Site
from ..memo import remembered
from ..text import date_range, short_date, slugify
from ..views import records, schedule
from ..views.links import Linker
from ..views.review import review_view
from . import Context, export

TIMEZONE = records.TIMEZONE
PRODID = "-//LDLD tinh Lai Chau//Cong tap huan 2026//VI"
# Subscribed calendars poll the feed: twice a day is enough for a timetable.
REFRESH = timedelta(hours=12)
ICAL_STATUS = {
    ClassStatus.tentative: "TENTATIVE",
    ClassStatus.confirmed: "CONFIRMED",
    ClassStatus.finished: "CONFIRMED",
    ClassStatus.postponed: "CANCELLED",
}
SEQUENCE_BITS = 28  # well inside the signed 32-bit integers some clients store SEQUENCE in
REVISION_WINDOW = timedelta(days=30)
END_CALENDAR = b"END:VCALENDAR\r\n"


def uid_domain(base_url: str) -> tuple[str, str]:
    """('tap-huan-2026', 'ldld-laichau.github.io') from the public address."""
    parts = urlsplit(base_url)
    return slugify(parts.path), (parts.hostname or "localhost")


def session_uid(base_url: str, cls: TrainingClass, key: str) -> str:
    prefix, host = uid_domain(base_url)
    local = "-".join(part for part in (prefix, cls.id, key) if part)
    return f"{local}@{host}"


def location(site: Site, cls: TrainingClass, session: Session) -> str:
    return records.session_location(site, cls, session)


def description(site: Site, cls: TrainingClass, session: Session, page_url: str) -> str:
    row = records.session_row(site, cls, session, Linker(urls.klass(cls.id)))
    venue = site.venue_of(cls)
    lines = [
        f"{cls.name} ({date_range(cls.start_date, cls.end_date)})",
        *([f"{row['kind_label']}: {row['title']}"] if session.kind == SessionKind.topic else []),
        f"Báo cáo viên: {row['lecturer']}",
        f"Địa điểm: {location(site, cls, session)}",
    ]
    if venue and venue.note:
        lines.append(venue.note)
    lines.append(review_view(site, cls)["text"])
    if cls.status == ClassStatus.tentative:
        lines.append("Lịch dự kiến, có thể thay đổi; lịch chính thức ghi trong giấy triệu tập.")
    if cls.status == ClassStatus.postponed:
        lines.append("Lớp học đã hoãn.")
    lines.append(f"Chi tiết: {page_url}")
    return "\n".join(lines)


def fingerprint(event: Event) -> bytes:
    """The event's content lines, before the revision properties are added. Unfolded: the
    folding of long lines adds nothing to tell two events apart, and is slow."""
    return hashlib.sha256("\r\n".join(event.content_lines()).encode("utf-8")).digest()


def event_inputs(cls: TrainingClass, session: Session) -> tuple[str, ...]:
    """The files whose change is a change to a session's event (see the module's docstring)."""
    files = [kinds.CLASS.file_of(cls.id), kinds.VENUES.pattern, *CALENDAR_CODE]
    if session.topic:
        files.append(kinds.TOPIC.file_of(session.topic))
    if session.lecturer:
        files.append(kinds.LECTURERS.pattern)
    return tuple(files)


def add_revision(event: Event, anchor: datetime, changed: Optional[int] = None) -> None:
    """`changed`: the time of the newest commit of the event's inputs (seconds since 1970),
    None without git history."""
    if changed is not None:
        sequence = max(0, changed - int(anchor.timestamp()))
        revised = datetime.fromtimestamp(changed, timezone.utc)
    else:
        number = int.from_bytes(fingerprint(event)[:8], "big")
        sequence = number % (1 << SEQUENCE_BITS)
        revised = anchor + timedelta(seconds=(number >> SEQUENCE_BITS) % int(REVISION_WINDOW.total_seconds()))
    event.add("sequence", sequence)
    event.add("last-modified", revised)
    # With no METHOD, DTSTAMP is when the information was last revised (RFC 5545 §3.8.7.2).
    event.add("dtstamp", revised)


@dataclass(frozen=True)
class FeedEvent:
    """A session's VEVENT, serialised once: its class feed and the all-classes feed share it
    (icalendar's serialiser is the slow part of a feed)."""

    start: datetime
    end: datetime
    uid: str
    ical: bytes


def session_fields(site: Site, cls: TrainingClass, session: Session, key: str, context: Context) -> dict:
    """Everything a session's VEVENT says, as plain values: the event is written from these alone."""
    page_url = urls.absolute(context.base_url, urls.klass(cls.id))
    known = [site.changed_at[name] for name in event_inputs(cls, session) if name in site.changed_at]
    return {
        "uid": session_uid(context.base_url, cls, key),
        "summary": f"{records.session_title(site, session)} — {cls.name}",
        "day": session.date.isoformat(), "start": session.start.isoformat(), "end": session.end.isoformat(), "zone": TIMEZONE,
        "location": location(site, cls, session),
        "description": description(site, cls, session, page_url),
        "url": page_url,
        "status": ICAL_STATUS[cls.status],
        "anchor": site.plan.date.isoformat(),  # the revision counts from the plan's date
        "changed": max(known, default=None),
    }


def _when(fields: dict, at: str) -> datetime:
    return datetime.combine(date.fromisoformat(fields["day"]), time.fromisoformat(fields[at]), tzinfo=ZoneInfo(fields["zone"]))


def event_ical(fields: dict) -> bytes:
    event = Event()
    event.add("uid", fields["uid"])
    event.add("summary", fields["summary"])
    event.add("dtstart", _when(fields, "start"))
    event.add("dtend", _when(fields, "end"))
    event.add("location", fields["location"])
    event.add("description", fields["description"])
    event.add("url", fields["url"])
    event.add("status", fields["status"])
    add_revision(event, datetime.combine(date.fromisoformat(fields["anchor"]), datetime.min.time(), tzinfo=timezone.utc), fields["changed"])
    return event.to_ical()


@remembered(packages=("icalendar",), encode=json.dumps, decode=json.loads)
def serialised(events: list[dict]) -> list[str]:
    """The VEVENTs of a class, kept between builds: an edit to one class leaves the others' as they were."""
    return [event_ical(fields).decode("utf-8") for fields in events]


def class_events(site: Site, cls: TrainingClass, context: Context) -> list[FeedEvent]:
    events = [session_fields(site, cls, session, key, context) for session, key in zip(cls.sessions, schedule.session_keys(cls))]
    return [FeedEvent(_when(fields, "start"), _when(fields, "end"), fields["uid"], ical.encode("utf-8"))
            for fields, ical in zip(events, serialised(events))]


@lru_cache(maxsize=None)
def vtimezone(first: date, last: date) -> Timezone:
    """The VTIMEZONE of the sessions' years: working out its transitions is slow, and every
    feed of a build covers the same years. icalendar writes an English COMMENT into it: the
    same in Vietnamese, with the dates as the portal writes them."""
    zone = Timezone.from_tzid(TIMEZONE, first_date=first, last_date=last)
    zone.pop("COMMENT", None)
    zone.add("COMMENT", f"Múi giờ này dùng cho các ngày từ {short_date(first)} đến {short_date(last)}.")
    return zone


@lru_cache(maxsize=None)
def vtimezone_ical(first: date, last: date) -> bytes:
    """The VTIMEZONE, serialised once: every feed of a build holds the same."""
    return vtimezone(first, last).to_ical()


def calendar(name: str, about: str, events: list[FeedEvent], context: Context, feed: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("description", about)
    cal.add("x-wr-caldesc", about)
    cal.add("x-wr-timezone", TIMEZONE)
    cal.add("url", urls.absolute(context.base_url, urls.CALENDAR))
    cal.add("source", urls.absolute(context.base_url, feed))
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    zone = b""
    if events:
        # Only the years the sessions fall in: a short VTIMEZONE, the same for the same data.
        first = min(e.start for e in events).date().replace(month=1, day=1)
        last = max(e.end for e in events).date().replace(month=12, day=31)
        zone = vtimezone_ical(first, last)
    # The VTIMEZONE and the events go in as already serialised, after the calendar's own
    # properties, the events in time order.
    head = cal.to_ical().removesuffix(END_CALENDAR)
    return head + zone + b"".join(e.ical for e in sorted(events, key=lambda e: (e.start, e.uid))) + END_CALENDAR


@export
def calendar_feeds(site: Site, context: Context) -> dict[str, bytes]:
    about = f"Lịch các lớp tập huấn theo Kế hoạch số {site.plan.number} của {site.plan.issuer}."
    files = {}
    every = []
    for cls in site.classes:
        events = class_events(site, cls, context)
        every += events
        files[urls.class_feed(cls.id)] = calendar(f"{cls.name} — {site.plan.title}", about, events, context,
                                                  urls.class_feed(cls.id))
    files[urls.ALL_CLASSES_FEED] = calendar(f"{site.plan.title} — tất cả các lớp", about, every, context,
                                            urls.ALL_CLASSES_FEED)
    return files
