"""The trainee's experience, proven in Debian's Chromium: search, own origin, offline, a11y, print."""

from __future__ import annotations

import re
import subprocess
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import AXE


@pytest.fixture(scope="module")
def tab(browser):
    """One tab of one browser context for the tests that only read pages, as a trainee goes
    from page to page in it: a context of its own per test costs Chromium about a second of
    CPU each (the tests that watch requests, go offline or read caches have their own)."""
    context = browser.new_context(locale="vi-VN", service_workers="allow")
    yield context.new_page()
    context.close()


def search(page, base_url: str, query: str) -> list[str]:
    """Type a query into Material's search box; return the result pages, best first."""
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=10)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__item > a')?.href.includes('h=')", arg=query)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return [urlsplit(href).path.lstrip("/") for href in hrefs]


@pytest.mark.parametrize("query, expected", [
    ("cong doan", "chuong-trinh/"),
    ("tai chinh cong doan", "chuong-trinh/tai-chinh-cong-doan/"),
    ("phat trien doan vien", "chuong-trinh/phat-trien-doan-vien/"),
    ("dan chu co so", "chuong-trinh/dan-chu-co-so/"),
    ("TAI CHINH", "chuong-trinh/tai-chinh-cong-doan/"),
    ("đoan vien", "chuong-trinh/phat-trien-doan-vien/"),
    ("nu cong", "chuong-trinh/nu-cong/"),
])
def test_search_finds_pages_typed_without_diacritics(tab, base_url, query, expected):
    results = search(tab, base_url, query)
    assert any(result.startswith(expected) for result in results[:3]), results


def test_a_query_with_diacritics_ranks_exact_matches_first(tab, base_url):
    results = search(tab, base_url, "Tài chính công đoàn")
    assert results[0] == "chuong-trinh/tai-chinh-cong-doan/"


def test_every_request_goes_to_the_site_itself_and_finds_what_it_asks_for(context, base_url):
    page = context.new_page()
    hosts, missing = set(), []
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    for url in ["", "ke-hoach/", "lop-hoc/lop-1/", "chuong-trinh/nu-cong/"]:
        page.goto(base_url + url, wait_until="networkidle")
    search(page, base_url, "cong doan")
    assert hosts == {urlsplit(base_url).netloc}
    assert missing == []  # no request a trainee's phone pays for and gets nothing


def test_visited_pages_open_with_the_network_off(context, base_url):
    page = context.new_page()
    page.goto(base_url, wait_until="networkidle")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload(wait_until="networkidle")  # now controlled by the service worker
    page.goto(base_url + "lop-hoc/lop-2/", wait_until="networkidle")
    handbook = "tai-lieu/so-tay-tap-huan-2026.pdf"
    online_size = page.evaluate("url => fetch(url).then(r => r.arrayBuffer()).then(b => b.byteLength)", base_url + handbook)
    context.set_offline(True)
    try:
        for url, heading in [("", "Tập huấn nghiệp vụ công tác công đoàn năm 2026"), ("lop-hoc/lop-2/", "Lớp 2")]:
            page.goto(base_url + url)
            assert page.inner_text("h1").startswith(heading)
        assert page.locator("table.timetable__day").count() == 2
        offline_size = page.evaluate("url => fetch(url).then(r => r.arrayBuffer()).then(b => b.byteLength)", base_url + handbook)
        assert offline_size == online_size > 0
    finally:
        context.set_offline(False)


def test_a_new_build_replaces_the_old_offline_cache(context, base_url, built):
    page = context.new_page()
    page.goto(base_url, wait_until="networkidle")
    page.evaluate("navigator.serviceWorker.ready")
    names = page.evaluate("caches.keys()")
    version = re.search(r'const VERSION = "([0-9a-f]+)"', (built / "sw.js").read_text()).group(1)
    assert names == [f"tap-huan-{version}"]


PAGE_TYPES = ["", "ke-hoach/", "chuong-trinh/", "chuong-trinh/tai-chinh-cong-doan/", "lop-hoc/", "lop-hoc/lop-1/",
              "lich/", "tai-lieu/", "bao-cao-vien/", "thong-bao/", "du-lieu/", "huong-dan/"]


@pytest.fixture(scope="module", params=PAGE_TYPES)
def page_type(request, tab, base_url):
    """The shared tab on one page of each type, opened once for every test of that type (pytest
    runs the tests of one page type together)."""
    tab.goto(base_url + request.param, wait_until="networkidle")
    return tab


def test_axe_finds_no_serious_or_critical_violation(page_type):
    page = page_type
    # Evaluated from DevTools, not added as a <script>: the page's Content-Security-Policy
    # blocks any script it does not list, a test's own tool included.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_every_page_type_has_a_skip_link_to_its_title(page_type):
    page = page_type
    assert page.get_attribute("html", "lang") == "vi"
    target = page.get_attribute("a.md-skip", "href")
    assert page.locator(f"h1[id='{target[1:]}']").count() == 1


def test_printing_a_class_page_gives_the_timetable_and_venue_without_navigation(context, base_url, tmp_path):
    page = context.new_page()
    page.goto(base_url + "lop-hoc/lop-1/", wait_until="networkidle")
    pdf = tmp_path / "lop-1.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "07:30–08:00" in text and "Khai mạc" in text
    assert "phường Tân Phong, tỉnh Lai Châu" in text
    assert "Tìm kiếm" not in text  # the search box
    assert "Báo cáo viên Lớp học" not in text and "Lớp 5" not in text  # the navigation


def test_the_search_index_loads_only_when_search_is_opened(context, base_url):
    page = context.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(base_url + "lop-hoc/lop-1/", wait_until="networkidle")
    assert not any("search_index.json" in url for url in fetched)
    with page.expect_request(lambda request: "search_index.json" in request.url):
        page.locator("input.md-search__input").click()
