"""The announcements as an Atom feed (RFC 4287), /thong-bao/atom.xml.

Deterministic: every date comes from the data (the feed is as new as its newest
announcement, else as the plan), never from the clock, so the same data gives the same bytes.
Links and ids are absolute, built from the site's public address.
"""

from __future__ import annotations

from datetime import date

from .. import urls
from ..data.site import Site
from ..views import records
from ..views.render import render
from . import Context, export

# Lai Châu keeps Vietnam's time all year: a date is taken as its midnight there.
UTC_OFFSET = "+07:00"


def timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00{UTC_OFFSET}"


def feed(site: Site, context: Context) -> str:
    page = urls.absolute(context.base_url, urls.ANNOUNCEMENTS)
    newest = max((a.date for a in site.announcements), default=site.plan.date)
    entries = []
    for item in site.announcements:
        cls = site.klass.get(item.class_id) if item.class_id else None
        entries.append({
            "id": f"{page}#{item.key}",
            "url": f"{page}#{item.key}",
            "title": item.title,
            "updated": timestamp(item.date),
            "text": item.text,
            "class": {"id": cls.id, "name": cls.name, "url": urls.absolute(context.base_url, urls.klass(cls.id))} if cls else None,
        })
    meta = {
        "id": page,
        "title": records.announcements_feed_title(site),
        "subtitle": f"Thông báo về các lớp tập huấn theo Kế hoạch số {site.plan.number} của {site.plan.issuer}.",
        "updated": timestamp(newest),
        "author": site.plan.issuer,
        "self_url": urls.absolute(context.base_url, urls.ANNOUNCEMENTS_FEED),
        "page_url": page,
    }
    return render("feeds/atom.xml", feed=meta, entries=entries)


@export
def announcements_feed(site: Site, context: Context) -> dict[str, bytes]:
    return {urls.ANNOUNCEMENTS_FEED: feed(site, context).encode("utf-8")}
