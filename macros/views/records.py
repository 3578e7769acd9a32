"""Pure views of records: Site -> plain data for the templates of pages and documents.
No markup here, no I/O."""

from __future__ import annotations

import re
from datetime import date, time
from itertools import groupby
from typing import Callable, Optional
from urllib.parse import quote, urlencode

from .. import urls
from ..data import kinds
from ..data.models import (
    SESSION_KIND_LABELS,
    STATUS_LABELS,
    Announcement,
    ClassStatus,
    Lecturer,
    Session,
    SessionKind,
    Topic,
    TrainingClass,
    Venue,
)
from ..data.site import Site
from ..text import collation_key, date_line, date_range, short_date, weekday_date
from . import library
from .links import Linker, Links
from .qr import qr_svg
from .review import class_timing, review_view

# What a timetable says where no lecturer is assigned yet.
TO_BE_ANNOUNCED = "Sẽ thông báo"
VENUE_TO_BE_ANNOUNCED = "Địa điểm sẽ thông báo"
# The sessions' dates and times are local times there (Lai Châu keeps Vietnam's time all year).
TIMEZONE = "Asia/Ho_Chi_Minh"
# Google Calendar's form to add one event: a plain link, a second way where downloading an
# .ics fails (the browsers inside Zalo and Facebook).
GOOGLE_CALENDAR_EVENT = "https://calendar.google.com/calendar/render"

PERIODS = ((time(12, 0), "Buổi sáng"), (time(18, 0), "Buổi chiều"))
LAST_PERIOD = "Buổi tối"


def period_of(start: time) -> str:
    # Open-ended last period: a bounded one left a session at 23:59:59 in no period, and
    # the timetable dropped it without a word.
    return next((label for limit, label in PERIODS if start < limit), LAST_PERIOD)


def time_range(session: Session) -> str:
    return f"{session.start:%H:%M}–{session.end:%H:%M}"


def map_url(venue: Venue) -> str:
    return "https://www.openstreetmap.org/search?query=" + quote(venue.address)


def session_title(site: Site, session: Session) -> str:
    if session.title:
        return session.title
    if session.kind == SessionKind.topic:
        if session.topic in site.topic:
            return site.topic[session.topic].title
        # A withheld topic: the plan's own words for it, which are public.
        planned = next((c.text for c in site.plan.contents if c.topic == session.topic), SESSION_KIND_LABELS[session.kind])
        return planned.rstrip(" .;")
    return SESSION_KIND_LABELS[session.kind]


def topic_link(site: Site, topic_id: Optional[str], link: Links) -> Optional[str]:
    """A link to a topic's page, if the topic is published."""
    return link.to(urls.topic(topic_id)) if topic_id in site.topic else None


def lecturer_label(lecturer: Optional[Lecturer]) -> str:
    return lecturer.name if lecturer else TO_BE_ANNOUNCED


def session_location(site: Site, cls: TrainingClass, session: Session) -> str:
    """Room, venue and address of a session, as a calendar's location."""
    venue = site.venue_of(cls)
    return ", ".join((cls.room_of(session), venue.name, venue.address)) if venue else VENUE_TO_BE_ANNOUNCED


def google_calendar_url(site: Site, cls: TrainingClass, session: Session) -> str:
    """Google Calendar's form, filled in with one session; times are local times of TIMEZONE."""
    def stamp(at: time) -> str:
        return f"{session.date:%Y%m%d}T{at:%H%M%S}"
    details = [f"{cls.name} ({date_range(cls.start_date, cls.end_date)})",
               f"Báo cáo viên: {lecturer_label(site.lecturer_of(session))}"]
    if cls.status == ClassStatus.tentative:
        details.append("Lịch dự kiến, có thể thay đổi; lịch chính thức ghi trong giấy triệu tập.")
    query = {"action": "TEMPLATE", "text": f"{session_title(site, session)} — {cls.name}",
             "dates": f"{stamp(session.start)}/{stamp(session.end)}", "ctz": TIMEZONE,
             "location": session_location(site, cls, session), "details": "\n".join(details)}
    return f"{GOOGLE_CALENDAR_EVENT}?{urlencode(query, quote_via=quote)}"


def session_row(site: Site, cls: TrainingClass, session: Session, link: Linker, screen: bool = False) -> dict:
    """One row of a timetable; on the site's page (screen) with its 'add to Google Calendar' link."""
    return {
        "date": session.date,
        "iso": session.date.isoformat(),
        "time": time_range(session),
        "start": f"{session.start:%H:%M}",
        "end": f"{session.end:%H:%M}",
        "kind": session.kind.value,
        "kind_label": SESSION_KIND_LABELS[session.kind],
        "title": session_title(site, session),
        "topic_url": topic_link(site, session.topic, link),
        "lecturer": lecturer_label(site.lecturer_of(session)),
        "room": cls.room_of(session),
        **({"google_calendar_url": google_calendar_url(site, cls, session)} if screen else {}),
    }


def timetable(site: Site, cls: TrainingClass, link: Linker, screen: bool = False) -> list[dict]:
    """Days, each with its periods (morning, afternoon), each with its rows."""
    ordered = sorted(cls.sessions, key=lambda s: (s.date, s.start))
    days = []
    for day, day_sessions in groupby(ordered, key=lambda s: s.date):
        periods = [
            {"label": label, "rows": [session_row(site, cls, s, link, screen) for s in rows]}
            for label, rows in groupby(day_sessions, key=lambda s: period_of(s.start))
        ]
        days.append({"date": day, "iso": day.isoformat(), "label": weekday_date(day), "periods": periods})
    return days


def status_view(status: ClassStatus) -> dict:
    return {"value": status.value, "label": STATUS_LABELS[status], "tentative": status == ClassStatus.tentative}


def venue_view(venue: Optional[Venue]) -> dict:
    if venue is None:  # withheld until approved
        return {"id": None, "name": VENUE_TO_BE_ANNOUNCED, "address": "", "note": None, "map_url": None}
    return {"id": venue.id, "name": venue.name, "address": venue.address, "note": venue.note, "map_url": map_url(venue)}


def class_summary(site: Site, cls: TrainingClass, link: Linker) -> dict:
    return {
        "id": cls.id,
        "name": cls.name,
        "url": link.to(urls.klass(cls.id)),
        "dates": date_range(cls.start_date, cls.end_date),
        "start_date": cls.start_date,
        "status": status_view(cls.status),
        "venue": venue_view(site.venue_of(cls)),
        "capacity": cls.capacity,
        "invited": cls.invited or (site.plan.audience.rstrip("."),),
        "sessions": len(cls.sessions),
        "review": review_view(site, cls),
        "timing": class_timing(site, cls),
        "end_iso": cls.end_date.isoformat(),
    }


def class_page(site: Site, cls: TrainingClass, base_url: str = "", link: Links | None = None, screen: bool = False,
               downloads: library.Downloads | None = None) -> dict:
    """The class page and its printable timetable. Without base_url (no public address) there is no QR code.
    `screen`: the page on the site, not on paper: with what only works on a screen (an "add to
    Google Calendar" link per session, the hint for in-app browsers). `downloads` says which of
    its PDFs are being made again (under `make serve`)."""
    link = link or Linker(urls.klass(cls.id))
    public_url = urls.absolute(base_url, urls.klass(cls.id)) if base_url else None
    return {
        **class_summary(site, cls, link),
        "room": cls.room,
        "note": cls.note,
        "days": timetable(site, cls, link, screen),
        "screen": screen,
        "topics_url": link.to(urls.CURRICULUM),
        "feed_url": link.to(urls.class_feed(cls.id)),
        "pdf_url": link.to(urls.class_pdf(cls.id)),
        "pdf_pending": library.pending(urls.class_pdf(cls.id), downloads),
        "handbook_url": link.to(urls.class_handbook(cls.id)),
        "handbook_pending": library.pending(urls.class_handbook(cls.id), downloads),
        "handbook_public_url": urls.absolute(base_url, urls.class_handbook(cls.id)) if base_url else None,
        "calendar_url": link.to(urls.CALENDAR),
        "public_url": public_url,
        "qr": qr_svg(public_url, title=f"Mã QR của trang {cls.name}: {public_url}") if public_url else None,
        "plan_number": site.plan.number,
        "announcement": latest_announcement(site, urls.klass(cls.id), class_id=cls.id),
        "updated": last_updated(site, kinds.CLASS.file_of(cls.id), site.plan.date),
        "documents": library.class_documents(site, cls, link, downloads),
        "results_line": results_line(cls),
        "results_url": link.to(urls.RESULTS) + "#" + cls.id if cls.results else None,
    }


def results_line(cls: TrainingClass) -> Optional[str]:
    """'Đã kết thúc · 76/80 học viên' once a finished class's results are recorded."""
    if cls.results is None:
        return None
    return f"{STATUS_LABELS[cls.status]} · {cls.results.attended}/{cls.capacity} học viên"


def classes_teaching(site: Site, topic: Topic, link: Linker) -> list[dict]:
    return [{"class": class_summary(site, cls, link), "date": weekday_date(session.date), "time": time_range(session),
             "lecturer": lecturer_label(site.lecturer_of(session))}
            for cls, session in site.sessions_of_topic.get(topic.id, [])]


def topic_page(site: Site, topic: Topic, link: Links | None = None, downloads: library.Downloads | None = None,
               with_schedule: bool = True) -> dict:
    """The topic page; on paper (with_schedule=False) without the classes' timetables, which
    would make every printed topic change whenever a session moves."""
    link = link or Linker(urls.topic(topic.id))
    return {
        "id": topic.id,
        "number": site.topic_number[topic.id],
        "title": topic.title,
        "summary": topic.summary,
        "objectives": topic.objectives,
        "outline": topic.outline,
        "duration": duration_label(topic.duration_minutes),
        "review": review_view(site, topic),
        "references": [reference_view(site, ref) for ref in topic.references if ref in site.reference],
        "plan_text": next((c.text for c in site.plan.contents if c.topic == topic.id), None),
        "plan_url": link.to(urls.PLAN),
        "classes": classes_teaching(site, topic, link) if with_schedule else None,
        "lecturers": [lecturer.name for lecturer in site.lecturers_of_topic.get(topic.id, [])],
        "materials": library.topic_materials(site, topic.id, link, downloads),
        "updated": last_updated(site, kinds.TOPIC.file_of(topic.id), topic.review.on or site.plan.date),
    }


def duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} phút"
    return f"{hours} giờ" + (f" {rest} phút" if rest else "")


def reference_view(site: Site, reference_id: str) -> dict:
    ref = site.reference[reference_id]
    name = " ".join(part for part in (ref.kind, f"số {ref.number}" if ref.number else None) if part)
    return {"name": name, "title": ref.title, "issuer": ref.issuer, "review": review_view(site, ref),
            "effective": short_date(ref.effective) if ref.effective else None, "note": ref.note, "url": ref.url}


def topic_summaries(site: Site, page: str) -> list[dict]:
    link = Linker(page)
    return [{"id": t.id, "number": i, "title": t.title, "summary": t.summary, "duration": duration_label(t.duration_minutes),
             "url": link.to(urls.topic(t.id))} for i, t in enumerate(site.topics, start=1)]


def class_summaries(site: Site, page: str) -> list[dict]:
    link = Linker(page)
    return [class_summary(site, cls, link) for cls in site.classes]


def lecturer_views(site: Site, page: str, link: Links | None = None) -> list[dict]:
    """Each lecturer with what they teach and where, taken from the timetables."""
    link = link or Linker(page)
    rank = _topic_rank(site)
    found = []
    for lecturer in sorted(site.lecturers, key=lambda l: collation_key(l.name)):
        sessions = site.sessions_of_lecturer.get(lecturer.id, [])
        duties: dict[str, dict] = {}
        for _, s in sorted(sessions, key=lambda pair: rank(pair[1])):
            title = session_title(site, s)
            duties.setdefault(title, {"title": title, "url": topic_link(site, s.topic, link)})
        classes = {cls.id: {"name": cls.name, "url": link.to(urls.klass(cls.id))} for cls, _ in sessions}
        found.append({"id": lecturer.id, "name": lecturer.name, "unit": lecturer.unit, "review": review_view(site, lecturer),
                      "duties": list(duties.values()), "classes": list(classes.values())})
    return found


def _topic_rank(site: Site) -> Callable[[Session], tuple[int, int]]:
    """Sessions by kind (opening first), then topics in plan order."""
    kinds = {kind: n for n, kind in enumerate(SessionKind)}
    order = {t.id: n for n, t in enumerate(site.topics)}
    return lambda session: (kinds[session.kind], order.get(session.topic, 0))


def plan_view(site: Site, page: str = urls.PLAN, link: Links | None = None) -> dict:
    plan = site.plan
    link = link or Linker(page)
    return {
        "plan": plan,
        "date_line": f"{plan.place}, {date_line(plan.date)}",
        "contents": [{"text": c.text, "url": topic_link(site, c.topic, link)} for c in plan.contents],
        "classes_text": f"{plan.quantity.classes:02d}",
    }


def last_updated(site: Site, file: str, fallback: date) -> dict:
    """When a record's file last changed: its last commit. Without git history (a copy of the
    data, an unpacked archive) the fallback is a date the data itself carries (a topic's
    review date, the plan's date), so the line never depends on when the site was built."""
    day = site.changed_on.get(file, fallback)
    return {"iso": day.isoformat(), "label": short_date(day)}


def announcements_feed_title(site: Site) -> str:
    """The Atom feed's title: in the feed, and where pages link it."""
    return f"Thông báo — {site.plan.title}"


def announcement_view(site: Site, announcement: Announcement, link: Linker) -> dict:
    cls = site.klass.get(announcement.class_id) if announcement.class_id else None
    return {
        "key": announcement.key,
        "iso": announcement.date.isoformat(),
        "date": short_date(announcement.date),
        "title": announcement.title,
        "paragraphs": re.split(r"\n\s*\n", announcement.text.strip()),
        "class": {"name": cls.name, "url": link.to(urls.klass(cls.id))} if cls else None,
        "url": link.to(urls.ANNOUNCEMENTS) + "#" + announcement.key,
    }


def announcement_views(site: Site, page: str) -> list[dict]:
    """Newest first (the Site keeps them so)."""
    link = Linker(page)
    return [announcement_view(site, a, link) for a in site.announcements]


def latest_announcement(site: Site, page: str, class_id: str | None = None) -> dict | None:
    """The newest announcement, or the newest about one class; None if there is none."""
    link = Linker(page)
    found = next((a for a in site.announcements if class_id is None or a.class_id == class_id), None)
    if found is None:
        return None
    view = {**announcement_view(site, found, link), "all_url": link.to(urls.ANNOUNCEMENTS)}
    return {**view, "class": None} if class_id else view  # on the class's own page, naming it is noise
