"""On a phone (390 × 844 px), in Chromium: what a trainee needs first is on the first screen;
search speaks Vietnamese; inside Zalo or Facebook a hint says to open the page in the browser."""

from __future__ import annotations

import pytest

from macros import urls
from tests.test_vietnamese import english_words, left_in_english

# Zalo's own browser on Android, and Facebook's on iPhone, as they name themselves.
ZALO = ("Mozilla/5.0 (Linux; Android 12; SM-A125F Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36 Zalo android/12100643 ZaloTheme/light ZaloLanguage/vi")
FACEBOOK = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
            "[FBAN/FBIOS;FBAV/446.0.0.37.110;FBBV/551146064;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.2;FBSS/3;FBLC/vi_VN]")


def on_first_screen(page, selector: str) -> bool:
    """The element is wholly inside the window as the page opens, nothing scrolled."""
    return page.eval_on_selector(selector, """element => {
        const box = element.getBoundingClientRect();
        return window.scrollY === 0 && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
    }""")


def test_a_class_page_shows_its_dates_place_and_first_sessions_without_scrolling(phone, base_url):
    page = phone.new_page()
    page.goto(base_url + urls.klass("lop-1"), wait_until="networkidle")
    assert page.evaluate("[window.innerWidth, window.innerHeight]") == [390, 844]
    assert "14–15/4/2026" in page.inner_text("h1") and on_first_screen(page, "h1")
    assert "phường Tân Phong, tỉnh Lai Châu" in page.inner_text(".class-place") and on_first_screen(page, ".class-place")
    first_day = "table.timetable__day >> nth=0"
    assert page.locator(first_day).get_attribute("data-date") == "2026-04-14"
    for n in (0, 1):  # the first day's first two sessions, their time and title
        row = f"table.timetable__day[data-date='2026-04-14'] tr.session:nth-of-type({n + 2})"
        assert on_first_screen(page, row), n
    assert page.inner_text("table.timetable__day[data-date='2026-04-14'] tr.session >> nth=0").startswith("07:30–08:00")
    assert not on_first_screen(page, ".class-facts")  # the details come after


def test_the_home_page_shows_the_first_class_card_without_scrolling(phone, base_url):
    page = phone.new_page()
    page.goto(base_url, wait_until="networkidle")
    assert on_first_screen(page, ".class-card >> nth=0")
    assert page.inner_text(".class-card >> nth=0").startswith("Lớp 1")


def test_search_opened_on_a_phone_speaks_only_vietnamese(phone, base_url):
    page = phone.new_page()
    page.goto(base_url + urls.klass("lop-1"), wait_until="networkidle")
    page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    assert box.get_attribute("placeholder") == "Tìm kiếm"
    shown = page.inner_text(".md-search")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim() === 'Nhập để bắt đầu tìm kiếm'")
    box.press_sequentially("zzqx", delay=10)
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.includes('Không tìm thấy')")
    shown += " " + page.inner_text(".md-search")
    english = [word for text in left_in_english().values() for word in english_words(text) if word in shown]
    assert english == []


@pytest.mark.parametrize("agent", [ZALO, FACEBOOK], ids=["Zalo", "Facebook"])
def test_inside_zalo_or_facebook_a_hint_says_to_open_the_page_in_the_browser(browser, base_url, agent):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, user_agent=agent)
    try:
        page = context.new_page()
        page.goto(base_url + urls.klass("lop-1"), wait_until="networkidle")
        hint = page.locator(".class-actions + .in-app-hint")
        assert hint.is_visible() and "Mở bằng trình duyệt" in hint.inner_text()
        page.goto(base_url, wait_until="networkidle")  # beside the handbook's PDF
        assert page.locator(".download + .in-app-hint").is_visible()
    finally:
        context.close()


def test_in_chromium_itself_the_hint_stays_hidden(phone, base_url):
    page = phone.new_page()
    page.goto(base_url + urls.klass("lop-1"), wait_until="networkidle")
    assert page.locator(".in-app-hint").count() == 1 and not page.locator(".in-app-hint").is_visible()
    assert page.locator(".session__add a").first.is_visible()  # the Google Calendar links are for everyone
