"""The pull-request preview: a copy of the built site that staff open by double-clicking
index.html, from the file system, with no terminal (macros/build/preview.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.build.preview import file_link, make_preview


@pytest.fixture(scope="module")
def preview(built, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("preview") / "site-preview"
    shutil.copytree(built, folder)
    make_preview(folder)
    return folder


def test_a_link_to_a_page_folder_points_to_its_file_and_other_links_stay(preview):
    page = preview / "lop-hoc" / "lop-1"
    assert file_link("../lop-2/", page, preview) == "../lop-2/index.html"
    assert file_link("../../", page, preview) == "../../index.html"
    assert file_link("..", page, preview) == "../index.html"
    assert file_link("../../chuong-trinh/nu-cong/#muc-tieu", page, preview) == "../../chuong-trinh/nu-cong/index.html#muc-tieu"
    for kept in ("../../lich/lop-1.pdf", "#lich-hoc", "https://example.org/", "../../khong-co/", "../../../../etc/"):
        assert file_link(kept, page, preview) == kept


def test_the_preview_opens_from_files_and_is_browsed_by_clicking_with_nothing_failing(browser, preview):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 2000})
    page = context.new_page()
    problems = []
    page.on("requestfailed", lambda request: problems.append(f"{request.url}: {request.failure}"))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto((preview / "index.html").as_uri())
        assert page.locator(".preview-banner").inner_text().startswith("Bản xem trước — chưa công bố.")
        assert not page.locator(".md-search").is_visible()  # it cannot work from files: not offered
        for link, arrived in (("a[href$='lop-hoc/lop-1/index.html']", "lop-hoc/lop-1/index.html"),
                              (".md-content a[href*='chuong-trinh/'][href$='/index.html']", "/index.html"),
                              ("a[href$='tai-lieu/index.html']", "tai-lieu/index.html")):
            page.locator(f"{link}:visible").first.click()
            page.wait_for_load_state("load")
            assert page.url.startswith("file://") and page.url.endswith(arrived)
            assert page.locator(".preview-banner").is_visible()
        assert page.title().startswith("Tài liệu")
    finally:
        context.close()
    assert problems == []
