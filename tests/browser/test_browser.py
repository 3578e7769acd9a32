"""The browser the tests drive: Debian's Chromium, with Playwright's own settings kept."""

from __future__ import annotations

import re

from tests.browser.conftest import UNUSED_BROWSER_UI


def test_chromium_keeps_playwrights_disabled_features_and_leaves_out_the_address_bar_popup(browser):
    page = browser.new_page()
    try:
        page.goto("chrome://version")
        given = [set(value.split(",")) for value in re.findall(r"--disable-features=(\S+)", page.inner_text("#command_line"))]
        *playwrights, applied = given  # Chromium applies the last --disable-features only
        assert playwrights, given
        assert all(own <= applied for own in playwrights), "update PLAYWRIGHT_DISABLED_FEATURES in tests/browser/conftest.py"
        assert set(UNUSED_BROWSER_UI) <= applied
        page.goto("about:blank")
        targets = page.context.browser.new_browser_cdp_session().send("Target.getTargets", {"filter": [{}]})["targetInfos"]
        assert [t["url"] for t in targets if t["url"].startswith("chrome://omnibox")] == []
    finally:
        page.close()
