"""Announcements: the list page, the newest on the home and class pages, and the Atom feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from macros import exports, urls
from macros.build import pages
from macros.data.site import load_site
from macros.exports import atom
from tests.conftest import text_of

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://ldld-laichau.github.io/tap-huan-2026/"

CLASS_NOTICE = """
- date: 2026-11-30
  title: "Lớp 2: dời buổi tài chính công đoàn"
  text: "Buổi tài chính công đoàn dời sang chiều."
  class_id: lop-2
"""


def with_class_notice(project):
    path = project.root / "data/announcements.yml"
    path.write_text(path.read_text(encoding="utf-8") + CLASS_NOTICE, encoding="utf-8")
    return load_site(project.root)


def test_the_shipped_announcements_are_listed_newest_first_on_their_page(page, site):
    articles = page(urls.ANNOUNCEMENTS).select("article.announcement")
    assert [a["id"] for a in articles] == [a.key for a in site.announcements] == ["lich-du-kien", "ke-hoach-15-kh-ldld"]
    assert text_of(articles[0].select_one(".announcement__date")) == "Đăng ngày 24/11/2026"
    assert page(urls.ANNOUNCEMENTS).select_one("a[type='application/atom+xml']")["href"] == "atom.xml"


def test_the_home_page_shows_the_newest_announcement(page, site):
    card = page("").select_one(".announcement-latest")
    assert site.announcements[0].title in text_of(card)
    assert card.select_one(".admonition-title a")["href"] == "thong-bao/#lich-du-kien"


def test_announcements_sort_newest_first_whatever_the_file_order(project):
    site = with_class_notice(project)
    assert [a.date.isoformat() for a in site.announcements] == ["2026-11-30", "2026-11-24", "2026-11-24"]
    assert site.announcements[0].key == "2026-11-30-lop-2-doi-buoi-tai-chinh-cong-doan"


def test_a_class_page_shows_the_newest_announcement_about_that_class_only(project):
    site = with_class_notice(project)
    generated = pages.generated_pages(site)
    assert "Lớp 2: dời buổi tài chính công đoàn" in generated["lop-hoc/lop-2.md"]
    assert 'href="../../thong-bao/#2026-11-30-lop-2-doi-buoi-tai-chinh-cong-doan"' in generated["lop-hoc/lop-2.md"]
    assert "Lớp liên quan" not in generated["lop-hoc/lop-2.md"]
    assert "announcement-latest" not in generated["lop-hoc/lop-1.md"]
    listing = pages.announcement_list(site, urls.ANNOUNCEMENTS)
    assert 'Lớp liên quan: <a href="../lop-hoc/lop-2/">Lớp 2</a>' in listing


def test_an_announcement_about_an_unknown_class_is_rejected_with_a_suggestion(project):
    project.write("data/announcements.yml", CLASS_NOTICE.replace("class_id: lop-2", "class_id: lop2"))
    assert project.problems() == [
        "data/announcements.yml:5:13: [0].class_id: không có lớp 'lop2' (có: lop-1, lop-2, lop-3, lop-4, lop-5)\n"
        "    → Có phải ý bạn là 'lop-2'? Dùng một mã trong danh sách, hoặc thêm lớp mới vào data/classes/."
    ]


def test_two_announcements_with_the_same_address_are_rejected(project):
    project.write("data/announcements.yml", CLASS_NOTICE + CLASS_NOTICE)
    assert project.problems() == [
        "data/announcements.yml:7:3: [1]: thông báo trùng mã '2026-11-30-lop-2-doi-buoi-tai-chinh-cong-doan' với data/announcements.yml:2\n"
        "    → Đổi tiêu đề, hoặc ghi một id riêng (chữ thường không dấu, nối bằng gạch ngang) cho thông báo này."
    ]


def test_no_announcements_file_means_no_announcements(project):
    (project.root / "data/announcements.yml").unlink()
    site = load_site(project.root)
    assert site.announcements == ()
    assert pages.latest_announcement(site, "") == ""


def feed(site) -> ET.Element:
    return ET.fromstring(atom.announcements_feed(site, exports.Context(base_url=BASE))[urls.ANNOUNCEMENTS_FEED])


def test_the_atom_feed_is_well_formed_with_absolute_ids_and_links(built, site):
    root = ET.fromstring((built / urls.ANNOUNCEMENTS_FEED).read_bytes())
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") == BASE + "thong-bao/"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == BASE + "thong-bao/atom.xml"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Liên đoàn Lao động tỉnh Lai Châu"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [BASE + "thong-bao/#" + a.key for a in site.announcements]
    for entry, item in zip(entries, site.announcements):
        assert entry.findtext(f"{ATOM}title") == item.title
        assert entry.findtext(f"{ATOM}updated") == f"{item.date.isoformat()}T00:00:00+07:00"
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith(BASE)
        assert entry.findtext(f"{ATOM}content") == item.text


def test_the_feed_is_as_new_as_its_newest_announcement_never_the_clock(project, site):
    assert feed(site).findtext(f"{ATOM}updated") == "2026-11-24T00:00:00+07:00"
    newer = feed(with_class_notice(project))
    assert newer.findtext(f"{ATOM}updated") == "2026-11-30T00:00:00+07:00"
    first = newer.find(f"{ATOM}entry")
    assert first.find(f"{ATOM}category").get("term") == "lop-2"
    assert first.find(f"{ATOM}link[@rel='related']").get("href") == BASE + "lop-hoc/lop-2/"
