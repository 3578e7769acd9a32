"""Links shared in Zalo or Facebook show a preview: Open Graph and Twitter card tags on every
page, and a preview image per class and topic page (the portal's on every other page), drawn
offline, small, the same bytes on every build. Every page links the announcements' feed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from macros import urls
from macros.exports import previews as drawing
from macros.exports.image_cache import ImageCache
from macros.views import previews
from tests.conftest import mkdocs_config

SITE_URL = mkdocs_config()["site_url"]
RED = (0xB7, 0x1C, 0x1C)  # the draft label's colour


def head(path: Path) -> BeautifulSoup:
    """A built page's <head> only: every page is read, and the tags sit there."""
    return BeautifulSoup(path.read_text(encoding="utf-8").split("</head>", 1)[0], "html.parser")


def meta_of(soup: BeautifulSoup) -> dict[str, str]:
    return {tag.get("property") or tag.get("name"): tag["content"] for tag in soup.find_all("meta", content=True)}


@pytest.fixture(scope="module")
def heads(built) -> dict[str, BeautifulSoup]:
    """Site path of each page ('lop-hoc/lop-1/') -> its <head>; 404.html left out (no address)."""
    return {path.parent.relative_to(built).as_posix().removeprefix(".") + ("/" if path.parent != built else ""): head(path)
            for path in sorted(built.rglob("index.html"))}


def test_every_page_has_the_open_graph_and_twitter_card_tags(heads):
    assert len(heads) > 20
    for url, soup in heads.items():
        meta = meta_of(soup)
        assert meta["og:locale"] == "vi_VN" and meta["og:type"] == "website", url
        assert meta["og:site_name"] == mkdocs_config()["site_name"], url
        assert meta["og:title"] and meta["og:description"] and meta["og:image:alt"], url
        assert meta["og:url"] == soup.find("link", rel="canonical")["href"] == SITE_URL + url
        assert meta["og:image"].startswith(SITE_URL) and meta["og:image"].endswith(".png"), url
        assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == ("1200", "630", "image/png")
        assert meta["twitter:card"] == "summary_large_image", url


def test_every_preview_image_is_in_the_site_a_small_1200_by_630_png(heads, built):
    images = {meta_of(soup)["og:image"].removeprefix(SITE_URL) for soup in heads.values()}
    assert len(images) == 1 + 5 + 9  # the portal's, each class's, each topic's
    for image in images:
        data = (built / image).read_bytes()
        assert len(data) <= 150_000, image
        with Image.open(io.BytesIO(data)) as png:
            assert (png.format, png.size, png.mode) == ("PNG", (1200, 630), "P"), image


def test_a_class_and_a_topic_have_their_own_preview_and_other_pages_the_portals(heads, site):
    def image(url: str) -> str:
        return meta_of(heads[url])["og:image"].removeprefix(SITE_URL)
    assert image(urls.klass("lop-1")) == "anh-xem-truoc/lop-hoc/lop-1.png"
    assert image(urls.topic("nu-cong")) == "anh-xem-truoc/chuong-trinh/nu-cong.png"
    for url in (urls.HOME, urls.PLAN, urls.CLASSES, urls.CALENDAR, urls.OPEN_DATA):
        assert image(url) == urls.SITE_PREVIEW, url
    home = meta_of(heads[urls.HOME])
    assert home["og:title"] == mkdocs_config()["site_name"]
    assert home["og:description"] == mkdocs_config()["site_description"]


def test_a_class_preview_names_the_class_its_dates_and_place(site, heads):
    cls = site.classes[0]
    card = previews.class_card(site, cls)
    venue = site.venue_of(cls)
    assert card["title"] == cls.name
    assert card["lines"] == ("Thời gian: 14–15/4/2026 (dự kiến)", f"Địa điểm: {venue.name}, {venue.address}")
    meta = meta_of(heads[urls.klass(cls.id)])
    assert meta["og:title"] == "Lớp 1 (14–15/4/2026)"
    assert meta["og:description"] == meta_of(heads[urls.klass(cls.id)])["description"]
    assert "14–15/4/2026" in meta["og:description"] and venue.name in meta["og:description"]
    assert previews.topic_card(site, site.topics[0])["title"] == site.topics[0].title


def test_a_drafts_preview_and_description_say_it_is_a_draft(site, heads, built):
    """The shipped records are drafts: their previews say so in words and in red."""
    for url in (urls.klass("lop-1"), urls.topic("nu-cong")):
        meta = meta_of(heads[url])
        assert meta["og:description"].startswith("Dự thảo — chưa được duyệt. "), url
        assert meta["og:image:alt"].startswith("Dự thảo — chưa được duyệt. "), url
        with Image.open(built / meta["og:image"].removeprefix(SITE_URL)) as png:
            assert RED in {colour for _, colour in png.convert("RGB").getcolors(1 << 16)}, url
    approved = {**previews.class_card(site, site.classes[0]), "draft": None}
    with Image.open(io.BytesIO(drawing.draw(approved))) as png:
        assert RED not in {colour for _, colour in png.convert("RGB").getcolors(1 << 16)}
    with Image.open(built / urls.SITE_PREVIEW) as png:
        assert RED not in {colour for _, colour in png.convert("RGB").getcolors(1 << 16)}


def test_a_long_title_is_drawn_within_three_lines_and_the_image_stays_small():
    card = {"kicker": "CHUYÊN ĐỀ 10", "title": " ".join(["Tổ chức và hoạt động của công đoàn cơ sở"] * 8), "lines": (),
            "draft": "Dự thảo — chưa được duyệt", "footer": "Liên đoàn Lao động tỉnh Lai Châu"}
    lines, _ = drawing._title_lines(card["title"], 1200 - 2 * drawing.MARGIN)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert len(drawing.draw(card)) <= 150_000


def test_the_same_card_gives_the_same_bytes_and_the_cache_gives_what_a_fresh_drawing_gives(site, tmp_path):
    card = previews.class_card(site, site.classes[1])
    cache = ImageCache(tmp_path)
    first = drawing.image_of(card, cache)
    assert (cache.hits, cache.misses) == (0, 1)
    again = ImageCache(tmp_path)
    assert drawing.image_of(card, again) == first == drawing.draw(card)
    assert (again.hits, again.misses) == (1, 0)
    changed = {**card, "lines": (card["lines"][0], "Địa điểm: Hội trường khác")}
    assert drawing.card_key(changed) != drawing.card_key(card)
    assert again.prune() == 0 and len(list(tmp_path.iterdir())) == 1


def test_every_page_links_the_announcements_feed_for_feed_readers(heads, built):
    for url, soup in heads.items():
        feeds = soup.find_all("link", rel="alternate", type="application/atom+xml")
        assert len(feeds) == 1, url
        assert (built / url / feeds[0]["href"]).resolve() == (built / urls.ANNOUNCEMENTS_FEED).resolve(), url
        assert feeds[0]["title"].startswith("Thông báo — ")
