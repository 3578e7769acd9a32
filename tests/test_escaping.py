"""Text from data is shown as text everywhere, and links in data go only to the web, mail or phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros import urls
from macros.exports import pdf
from macros.views.render import md_text
from tests import hostile
from tests.conftest import ProjectCopy


def built_files(site_dir: Path) -> dict[str, Path]:
    return {p.relative_to(site_dir).as_posix(): p for p in sorted(site_dir.rglob("*")) if p.is_file()}


def test_hostile_text_in_data_comes_out_as_text_in_every_built_file(hostile_site):
    findings = []
    for name, path in built_files(hostile_site).items():
        check = hostile.checker_for(name)
        if check:
            findings += check(path, name)
    assert findings == []


def test_every_kind_of_built_file_has_an_escaping_check(hostile_site):
    uncovered = sorted({name for name in built_files(hostile_site) if hostile.checker_for(name) is None})
    assert uncovered == [], "Add a checker for these files to CHECKS in tests/hostile.py"


def test_the_hostile_text_reaches_the_pages_it_was_planted_for(hostile_site):
    """The gate above is only as good as its reach: the payload is on the pages, as text."""
    def text(url: str) -> str:
        return BeautifulSoup((hostile_site / url / "index.html").read_text(encoding="utf-8"), "html.parser").get_text()
    for url in (urls.topic("nu-cong"), urls.klass("lop-1"), urls.PLAN, urls.LECTURERS, urls.CLASSES, urls.CURRICULUM, urls.HOME, urls.RESULTS):
        assert hostile.MARK in text(url), url
    title = BeautifulSoup((hostile_site / urls.topic("nu-cong") / "index.html").read_text(encoding="utf-8"), "html.parser").title
    assert title.get_text().startswith(hostile.PAYLOAD)


def test_a_reference_link_from_data_is_an_attribute_value_not_markup(hostile_site, site):
    citing = [t.id for t in site.topics if site.references[0].id in t.references]
    assert citing
    for topic_id in citing:
        html = BeautifulSoup((hostile_site / urls.topic(topic_id) / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert [a["href"] for a in html.select("ul.references a")] == ["https://example.org/van-ban?a=1&b=2#dieu-1"]


# --- the checks themselves fail on markup -----------------------------------------------------


def page_with(body: str) -> str:
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


@pytest.mark.parametrize("body", [
    f"<p>{hostile.MARK} <script>alert(1)</script></p>",
    f"<p>{hostile.MARK} <b>đậm</b></p>",
    f"<p>{hostile.MARK} <em>sao</em></p>",
    '<p><a href=" JavaScript:alert(2)">liên kết</a></p>',
    '<p><img src="x" onerror="alert(1)"></p>',
])
def test_the_html_check_fails_on_markup_made_from_data(tmp_path, body):
    path = tmp_path / "index.html"
    path.write_text(page_with(body), encoding="utf-8")
    assert hostile.check_html(path, "index.html") != []


def test_the_html_check_passes_text_shown_as_typed(tmp_path):
    from markupsafe import escape
    path = tmp_path / "index.html"
    path.write_text(page_with(f"<p>{escape(hostile.PAYLOAD)}</p>"), encoding="utf-8")
    assert hostile.check_html(path, "index.html") == []


def test_the_pdf_check_fails_when_html_from_data_is_rendered_and_passes_escaped_text(tmp_path):
    from markupsafe import escape
    cell = "<table style='width: 60mm'><tr><td>{}</td><td>x</td></tr></table>"
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(pdf.html_to_pdf(cell.format(escape(hostile.PAYLOAD)), base_url="."))
    bad.write_bytes(pdf.html_to_pdf(cell.format(hostile.PAYLOAD), base_url="."))
    assert hostile.check_pdf(good, "good.pdf") == []
    assert hostile.check_pdf(bad, "bad.pdf") != []


def test_the_calendar_and_csv_checks_want_the_text_exactly_as_typed(tmp_path):
    import icalendar
    from markupsafe import escape
    for summary, ok in ((hostile.PAYLOAD, True), (str(escape(hostile.PAYLOAD)), False)):
        calendar = icalendar.Calendar()
        event = icalendar.Event()
        event.add("summary", summary)
        calendar.add_component(event)
        (tmp_path / "a.ics").write_bytes(calendar.to_ical())
        (tmp_path / "a.csv").write_text(f'id,title\n1,"{summary.replace(chr(34), chr(34) * 2)}"\n', encoding="utf-8")
        assert (hostile.check_ics(tmp_path / "a.ics", "a.ics") == []) is ok
        assert (hostile.check_csv(tmp_path / "a.csv", "a.csv") == []) is ok


# --- links ------------------------------------------------------------------------------------


REFERENCE = "data/references.yml"
URL_LINE = '  note: "Được sửa đổi, bổ sung bởi Luật số 47/2024/QH15 và Luật số 97/2025/QH15."\n'


def with_url(project: ProjectCopy, url: str) -> list[str]:
    """The problems with the url field of one reference (topics citing a rejected reference
    are reported too, as citing a document that does not exist: those are left out)."""
    quoted = url.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    problems = project.edit(REFERENCE, URL_LINE, URL_LINE + f'  url: "{quoted}"\n').problems()
    return [p for p in problems if p.startswith(REFERENCE)]


def test_a_javascript_link_in_data_is_rejected_with_the_allowed_kinds(project):
    assert with_url(project, "javascript:alert(1)") == [
        "data/references.yml:18:8: [1].url: liên kết chỉ được bắt đầu bằng http://, https://, mailto: hoặc tel: (giá trị: 'javascript:alert(1)')\n"
        "    → Địa chỉ toàn văn trên mạng, bắt đầu bằng https:// (hoặc http://)."
    ]


@pytest.mark.parametrize("url", [
    "JavaScript:alert(1)", "data:text/html,<b>x</b>", "data:text/html;base64,PGI+eDwvYj4=", "file:///etc/passwd",
    "vbscript:msgbox(1)", "//evil.example/x", "/tai-lieu/", "ftp://example.org/", "https://", "https:/example.org",
    "mailto:", "tel:", "java\tscript:alert(1)", " https://example.org/", 'https://example.org/"onmouseover="x',
    "https://example.org/<script>",
])
def test_a_link_in_data_other_than_web_mail_or_phone_is_rejected(project, url):
    problems = with_url(project, url)
    assert len(problems) == 1 and "[1].url: liên kết" in problems[0], problems


@pytest.mark.parametrize("url", [
    "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=1", "http://example.org", "HTTPS://EXAMPLE.ORG/",
    "mailto:ldld@example.org", "tel:+842133876000", "https://vi.wikipedia.org/wiki/Công_đoàn_Việt_Nam#Lịch_sử",
])
def test_a_web_mail_or_phone_link_is_accepted(project, url):
    assert with_url(project, url) == []


def test_markdown_specials_in_a_heading_from_data_are_escaped_for_markdown():
    assert md_text("*a* _b_ [c](d) # e <f> `g`") == "\\*a\\* \\_b\\_ \\[c\\]\\(d\\) \\# e &lt;f&gt; \\`g\\`"


def test_the_link_preview_tags_carry_text_from_data_as_typed(hostile_site):
    html = BeautifulSoup((hostile_site / urls.klass("lop-1") / "index.html").read_text(encoding="utf-8"), "html.parser")
    meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in html.find_all("meta", content=True)}
    assert meta["og:title"].startswith(hostile.PAYLOAD)
    assert hostile.PAYLOAD in meta["og:description"] and hostile.PAYLOAD in meta["og:image:alt"]
    assert meta["og:image"].endswith("/anh-xem-truoc/lop-hoc/lop-1.png")
