"""The Content-Security-Policy of every page, proven in Chromium: a script injected into a
page (had it got past the build's guard) is blocked, from another host or inline; the
theme's own scripts all run under it (no violation on a real page, search still works)."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.server import serve

INJECTED = ('<script src="https://evil.example/x.js"></script>'
            '<script>window.injectedInline = true;</script>'
            '<img src="https://evil.example/pixel.png" alt="">')
# Every violation the page reports, recorded before any of the page's own scripts runs.
LISTEN = """window.violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.violations.push({directive: e.effectiveDirective, blocked: e.blockedURI});
});"""


@pytest.fixture(scope="module")
def injected_site(built, tmp_path_factory):
    """The built site, with scripts and an image from another host written into one page."""
    site = tmp_path_factory.mktemp("csp") / "site"
    shutil.copytree(built, site)
    page = site / "lop-hoc" / "lop-1" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert '<article class="md-content__inner md-typeset">' in html
    page.write_text(html.replace('<article class="md-content__inner md-typeset">',
                                 '<article class="md-content__inner md-typeset">' + INJECTED, 1), encoding="utf-8")
    with serve(site) as url:
        yield url


def visit(context, url: str):
    """The page loaded, and how each request to another host ended: 'blocked' by the policy
    before it left the browser, or how else it failed or finished."""
    requested: dict[str, str] = {}
    page = context.new_page()
    page.on("requestfailed", lambda r: requested.__setitem__(r.url, "blocked" if r.failure in ("csp", "net::ERR_BLOCKED_BY_CSP") else r.failure))
    page.on("requestfinished", lambda r: requested.__setitem__(r.url, "finished"))
    page.add_init_script(LISTEN)
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # violation events are dispatched asynchronously
    return page, requested


def test_an_injected_external_and_inline_script_are_blocked_by_the_policy(context, injected_site):
    page, requested = visit(context, injected_site + "lop-hoc/lop-1/")
    violations = page.evaluate("window.violations")
    assert {"directive": "script-src-elem", "blocked": "https://evil.example/x.js"} in violations, violations
    assert {"directive": "script-src-elem", "blocked": "inline"} in violations, violations
    assert {"directive": "img-src", "blocked": "https://evil.example/pixel.png"} in violations, violations
    assert page.evaluate("window.injectedInline") is None
    assert {url: how for url, how in requested.items() if "evil.example" in url} == {
        "https://evil.example/x.js": "blocked", "https://evil.example/pixel.png": "blocked"}


@pytest.mark.parametrize("url", ["", "lop-hoc/lop-1/", "chuong-trinh/nu-cong/", "thong-bao/", "404.html"])
def test_the_theme_runs_under_the_policy_without_a_violation(context, base_url, url):
    page, _ = visit(context, base_url + url)
    assert page.evaluate("window.violations") == []
    assert page.evaluate("typeof __md_get") == "function"  # the theme's inline script ran
    assert page.locator("meta[http-equiv=Content-Security-Policy]").count() == 1
