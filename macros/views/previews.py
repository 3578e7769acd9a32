"""Link previews: what a page shows when its link is shared in Zalo or Facebook.

Pure: Site -> plain data. Each class and topic page gets a card (the words drawn on its
preview image, exports/previews.py) and a description (the page's description and its
og:description); every other page shares the portal's card. A draft says so on both, as
its page does (views/review.py).
"""

from __future__ import annotations

from .. import urls
from ..data.models import STATUS_LABELS, ClassStatus, Topic, TrainingClass
from ..data.site import Site
from ..text import date_range
from . import records
from .review import review_view

WIDTH, HEIGHT = 1200, 630  # what Facebook and Zalo show best (1.91 : 1)
DESCRIPTION_LENGTH = 200  # a link preview shows two or three lines


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """One line of at most `limit` characters, cut at a word, with '…' if it was cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def _draft(site: Site, record) -> str | None:
    """The draft's label ('Dự thảo — chưa được duyệt'), None once approved."""
    review = review_view(site, record)
    return None if review["approved"] else review["label"]


def _with_draft(draft: str | None, text: str) -> str:
    return f"{draft}. {text}" if draft else text


def _footer(site: Site) -> str:
    return f"{site.plan.issuer} · Kế hoạch số {site.plan.number}"


def site_card(site: Site) -> dict:
    """The portal's card, for every page that is not a class or a topic."""
    return {"kicker": site.plan.issuer.upper(), "title": site.plan.title, "lines": (), "draft": None,
            "footer": f"Kế hoạch số {site.plan.number}"}


def _dates_and_place(site: Site, cls: TrainingClass) -> tuple[str, str]:
    """'14–15/4/2026 (dự kiến)', 'Điểm tập huấn phường Tân Phong, phường Tân Phong, tỉnh Lai Châu'."""
    dates = date_range(cls.start_date, cls.end_date)
    if cls.status != ClassStatus.confirmed:
        dates += f" ({STATUS_LABELS[cls.status].lower()})"
    venue = records.venue_view(site.venue_of(cls))
    return dates, ", ".join(part for part in (venue["name"], venue["address"]) if part)


def class_card(site: Site, cls: TrainingClass) -> dict:
    dates, place = _dates_and_place(site, cls)
    return {"kicker": "LỚP TẬP HUẤN", "title": cls.name, "lines": (f"Thời gian: {dates}", f"Địa điểm: {place}"),
            "draft": _draft(site, cls), "footer": _footer(site)}


def topic_card(site: Site, topic: Topic) -> dict:
    return {"kicker": f"CHUYÊN ĐỀ {site.topic_number[topic.id]}", "title": topic.title, "lines": (),
            "draft": _draft(site, topic), "footer": _footer(site)}


def class_preview(site: Site, cls: TrainingClass) -> dict:
    """The class page's description and preview image: its name, dates and place."""
    card = class_card(site, cls)
    dates, place = _dates_and_place(site, cls)
    text = f"{cls.name}, {dates}, tại {place}. Lịch học từng buổi, báo cáo viên, lịch cho điện thoại và bản in."
    return {"image": urls.preview(urls.klass(cls.id)), "card": card,
            "description": shorten(_with_draft(card["draft"], text)), "alt": _alt(card)}


def topic_preview(site: Site, topic: Topic) -> dict:
    """The topic page's description and preview image: its title; the description is its summary."""
    card = topic_card(site, topic)
    return {"image": urls.preview(urls.topic(topic.id)), "card": card,
            "description": shorten(_with_draft(card["draft"], topic.summary)), "alt": _alt(card)}


def site_preview(site: Site) -> dict:
    card = site_card(site)
    return {"image": urls.SITE_PREVIEW, "card": card, "alt": _alt(card)}


def _alt(card: dict) -> str:
    """The image's words as one sentence, for og:image:alt."""
    parts = [card["title"], *card["lines"]]
    if card["draft"]:
        parts.insert(0, card["draft"])
    return ". ".join(parts) + "."


def previews(site: Site) -> list[dict]:
    """Every preview image the site serves: the portal's, then one per class and per topic."""
    return [site_preview(site), *(class_preview(site, c) for c in site.classes), *(topic_preview(site, t) for t in site.topics)]
