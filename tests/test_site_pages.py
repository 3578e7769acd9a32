"""The built site, read as HTML: every page, every session, every sentence of the plan."""

from __future__ import annotations

from macros import urls
from macros.build import assets, pages
from macros.text import weekday_date
from macros.views.records import lecturer_label, session_title
from tests.conftest import source_sentences, text_of


def test_every_public_page_is_built(built, site):
    expected = [urls.HOME, urls.PLAN, urls.CURRICULUM, urls.CLASSES, urls.LECTURERS]
    expected += [urls.topic(t.id) for t in site.topics] + [urls.klass(c.id) for c in site.classes]
    missing = [url for url in expected if not (built / url / "index.html").exists()]
    assert missing == []


def test_pages_are_in_vietnamese(page):
    assert page("")("html")[0]["lang"] == "vi"


def test_every_topic_page_shows_its_objectives_and_that_it_is_a_draft(page, site):
    for topic in site.topics:
        html = page(urls.topic(topic.id))
        assert text_of(html.h1).startswith(f"{site.topics.index(topic) + 1}. {topic.title}")
        assert [text_of(li) for li in html.select("ul.objectives li")] == list(topic.objectives)
        assert text_of(html.select_one(".review-note--draft")).startswith("Dự thảo — chưa được duyệt:")


def test_every_session_shows_once_in_its_class_timetable(page, site):
    for cls in site.classes:
        html = page(urls.klass(cls.id))
        rows = {(tr["data-date"], tr["data-start"], tr["data-end"]): tr for tr in html.select("table.timetable__day tr.session")}
        assert len(rows) == len(cls.sessions) == len(html.select("tr.session"))
        for session in cls.sessions:
            row = rows[(session.date.isoformat(), f"{session.start:%H:%M}", f"{session.end:%H:%M}")]
            assert row.find_parent("table")["data-date"] == session.date.isoformat()
            assert text_of(row.select_one(".session__title")) == session_title(site, session)
            if session.topic:
                assert row.select_one(".session__title a")["href"] == f"../../chuong-trinh/{session.topic}/"
            lecturer = lecturer_label(site.lecturer_of(session))
            assert text_of(row.select_one(".session__lecturer")) == lecturer
            assert text_of(row.select_one(".session__room")) == cls.room_of(session)


def test_timetables_are_grouped_by_day_with_a_caption(page, site):
    cls = site.classes[0]
    html = page(urls.klass(cls.id))
    captions = [text_of(t.caption) for t in html.select("table.timetable__day")]
    days = sorted({s.date for s in cls.sessions})
    assert captions == [f"{cls.name} — {weekday_date(day)}" for day in days]
    assert captions[0] == "Lớp 1 — Thứ Ba, 14/4/2026"


def test_a_tentative_class_says_so_on_its_page(page, site):
    html = page(urls.klass("lop-1"))
    assert text_of(html.select_one(".status-badge--tentative")) == "Dự kiến"
    assert html.select_one(".tentative-notice") is not None


def test_the_home_page_links_straight_to_every_class_timetable(page, site):
    links = {a["href"] for a in page("").select("a.class-card__link")}
    assert links == {f"lop-hoc/{c.id}/" for c in site.classes}


def test_the_navigation_lists_every_topic_and_class(page, site):
    nav = text_of(page("").select_one("nav.md-nav--primary"))
    for record in [*site.topics, *site.classes]:
        name = getattr(record, "title", None) or record.name
        assert name in nav


def test_the_plan_page_carries_the_official_header_and_date_line(page):
    html = page(urls.PLAN)
    assert text_of(html.select_one(".date-line")) == "Lai Châu, ngày 02 tháng 3 năm 2026"
    assert text_of(html.select_one(".doc-number")) == "Số: 15/KH-LĐLĐ"
    assert text_of(html.select_one(".org-issuer")) == "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"
    assert text_of(html.select_one("h1.doc-title")) == "KẾ HOẠCH Tập huấn nghiệp vụ công tác công đoàn năm 2026"


def test_every_sentence_of_the_source_plan_is_on_the_plan_page(page):
    body = text_of(page(urls.PLAN).select_one("article.official-doc"))
    missing = [line for line in source_sentences() if line not in body]
    assert len(source_sentences()) > 40
    assert missing == []


def test_heading_anchors_spell_d_for_dj(page):
    ids = {h["id"] for h in page(urls.PLAN).select("h2[id], h3[id]")}
    assert "ii-noi-dung-doi-tuong-so-luong-thoi-gian-dia-diem" in ids
    assert "1-ban-cong-tac-cong-doan" in ids


def test_no_built_page_loads_anything_from_another_host(built):
    assert assets.external_assets_in(built) == []


def test_the_asset_guard_catches_scripts_styles_fonts_and_images_from_elsewhere():
    html = """<script src="https://cdn.example.org/x.js"></script>
    <link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">
    <img src="http://example.org/a.png"><style>@font-face { src: url(https://x.org/f.woff2) }</style>
    <a href="https://www.openstreetmap.org/">a link is not an asset</a><img src="../a.png">"""
    assert assets.external_assets(html) == [
        "https://cdn.example.org/x.js", "//fonts.googleapis.com/css?family=Roboto",
        "http://example.org/a.png", "https://x.org/f.woff2",
    ]


def test_a_new_class_file_adds_its_page_and_nav_entry_with_no_other_edit(project):
    text = (project.root / "data/classes/lop-5.yml").read_text(encoding="utf-8")
    project.write("data/classes/lop-6.yml", text.replace("id: lop-5", "id: lop-6").replace('name: "Lớp 5"', 'name: "Lớp 6"')
                  .replace("2026-08-11", "2026-09-15").replace("2026-08-12", "2026-09-16"))
    from macros.data.site import load_site
    site = load_site(project.root)
    assert "lop-hoc/lop-6.md" in pages.generated_pages(site)
    classes_nav = next(item["Lớp học"] for item in pages.nav(site) if "Lớp học" in item)
    assert classes_nav[-1] == {"Lớp 6": "lop-hoc/lop-6.md"}
