"""Hostile hand-written pages and what the build makes of them (issue 18, cases 2, 3, 4, 8):
the asset guard reads whole pages, every page carries a Content-Security-Policy, Jinja in
docs/*.md runs sandboxed and its mistakes are named in Vietnamese, a page at a generated
page's address is refused."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from macros.build import assets
from tests import hostile
from tests.conftest import ProjectCopy


def append(project: ProjectCopy, page: str, text: str) -> None:
    path = project.root / "docs" / page
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")


# --- 3. the asset guard reads the whole page ------------------------------------------------------


@pytest.mark.parametrize("html, found", [
    ('<script>var a=1</script><img src="https://evil.example/a.png">', ["https://evil.example/a.png"]),
    ('<script>var a="<b>"</script><p>x</p><script src="https://evil.example/x.js"></script>', ["https://evil.example/x.js"]),
    ('<script></script><link rel="preload" href="//evil.example/f.woff2" as="font">', ["//evil.example/f.woff2"]),
    ('<script></script><link rel="icon" href="https://evil.example/i.ico">', ["https://evil.example/i.ico"]),
    ('<script></script><img srcset="a.png 1x, https://evil.example/b.png 2x" src="a.png">', ["https://evil.example/b.png"]),
    ('<script></script><p style="background: url(//evil.example/c.png)">', ["//evil.example/c.png"]),
    ('<script></script><style>@import "https://evil.example/d.css";</style>', ["https://evil.example/d.css"]),
    ('<script></script><style>.x { background: u\\72l(https://evil.example/e.png) }</style>', ["https://evil.example/e.png"]),
    ('<script></script><svg><image href="https://evil.example/f.svg"/></svg>', ["https://evil.example/f.svg"]),
    ('<script></script><base href="https://evil.example/">', ["https://evil.example/"]),
    ('<script></script><a href="https://example.org/">a link</a><img src="../a.png"><img src="data:image/png;base64,AA==">', []),
])
def test_the_asset_guard_finds_an_asset_from_another_host_anywhere_on_the_page(html, found):
    assert assets.external_assets(html) == found


def test_the_policy_lists_only_the_scripts_of_the_templates(page):
    home = page("")
    policy = home.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    for name in ("style-src", "font-src", "connect-src"):
        assert directives[name] == "'self'", name
    assert directives["img-src"] == "'self' data:"
    sources = directives["script-src"].split()
    assert sources[0] == "'self'" and all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]+=*'", s) for s in sources[1:])
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    inline = "".join(f"<script>{s.string or ''}</script>" for s in home.find_all("script") if not s.get("src") and s.get("type") is None)
    assert set(assets.script_hashes(inline).split()) <= set(sources[1:])  # every script of the page runs


# --- hostile pages, built ----------------------------------------------------------------------------
# The pages that must build are in one build shared with tests/test_escaping.py (conftest:
# hostile_site); each page that must stop the build is built on its own.


def test_a_page_that_loads_a_script_from_another_host_fails_the_build(project, build_site):
    project.with_site_sources()
    append(project, "bao-cao-vien.md", '<p>x</p>\n\n<script src="https://evil.example/x.js"></script>')
    result = build_site(project.root)
    assert result.returncode != 0
    assert "Trang tải tài nguyên từ máy chủ khác" in result.stderr and "bao-cao-vien/index.html: https://evil.example/x.js" in result.stderr


def test_an_inline_script_written_in_a_page_is_not_among_the_allowed_hashes(hostile_site):
    soup = BeautifulSoup((hostile_site / "bao-cao-vien/index.html").read_text(encoding="utf-8"), "html.parser")
    assert hostile.SCRIPTED_PAGE == "bao-cao-vien.md" and hostile.PAGE_SCRIPT in str(soup)  # the page holds the script
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    injected = assets.script_hashes(hostile.PAGE_SCRIPT)
    assert injected.strip("'") and injected not in policy


# --- 2. data values in hand-written pages are escaped ------------------------------------------------


@pytest.mark.parametrize("url", ["index.html", "thong-bao/index.html"])
def test_plan_values_in_hand_written_pages_come_out_as_text(hostile_site, url):
    """plan.number holds hostile.PAYLOAD: HTML with an event handler, a javascript: link in Markdown."""
    assert "<img src=x onerror=" in hostile.PAYLOAD and "](javascript:" in hostile.PAYLOAD
    soup = BeautifulSoup((hostile_site / url).read_text(encoding="utf-8"), "html.parser")
    assert not soup.find("img", attrs={"onerror": True})
    assert not [a for a in soup.find_all("a", href=True) if a["href"].lower().startswith("javascript:")]
    assert hostile.PAYLOAD in soup.get_text()


# --- 4. Jinja in docs/ is sandboxed; its mistakes are named ------------------------------------------


@pytest.mark.parametrize("payload", [
    "{{ self.__init__.__globals__.__builtins__.open('/etc/passwd').read() }}",
    "{{ cycler.__init__.__globals__.os.system('touch /tmp/pwned-by-page') }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ plan.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
])
def test_jinja_in_a_page_cannot_reach_python_internals(project, payload, build_site):
    project.with_site_sources()
    append(project, "bao-cao-vien.md", payload)
    result = build_site(project.root)
    assert result.returncode != 0
    assert "docs/bao-cao-vien.md:" in result.stderr and "không được phép" in result.stderr, result.stderr
    assert "root:x:0:0" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("payload", ["{{ config.theme.get_env() }}", "{{ page.file.abs_src_path }}", "{{ environment }}"])
def test_a_page_sees_none_of_mkdocs_objects(project, payload, build_site):
    project.with_site_sources()
    append(project, "bao-cao-vien.md", payload)
    result = build_site(project.root)
    assert result.returncode != 0 and re.search(r"docs/bao-cao-vien\.md:\d+: không có tên '\w+'", result.stderr), result.stderr


@pytest.mark.parametrize("payload, said", [
    ("{{ plan.numbr }}", "không có trường 'numbr'\n    → Có phải ý bạn là 'plan.number'?"),
    ("{{ class_tabel() }}", "không có tên 'class_tabel'\n    → Có phải ý bạn là 'class_table'?"),
    ("{% if plan.number %}", "lỗi cú pháp Jinja"),
    ("{{ plan.number }", "lỗi cú pháp Jinja"),
])
def test_a_jinja_mistake_names_the_page_the_line_and_the_mistake_in_vietnamese(project, payload, said, build_site):
    project.with_site_sources()
    path = project.root / "docs/bao-cao-vien.md"
    lines = path.read_text(encoding="utf-8").count("\n")
    append(project, "bao-cao-vien.md", payload)
    result = build_site(project.root)
    assert result.returncode != 0
    assert f"docs/bao-cao-vien.md:{lines + 3}: {said}" in result.stderr, result.stderr
    assert "Error 100" not in result.stderr and "Traceback" not in result.stderr


# --- 8. a hand-written page at a generated page's address --------------------------------------------


@pytest.mark.parametrize("written", ["lop-hoc/lop-1/index.md", "lop-hoc/lop-1.md", "chuong-trinh/nu-cong.md"])
def test_a_hand_written_page_at_a_generated_address_is_refused(project, written, build_site):
    project.with_site_sources()
    path = project.root / "docs" / written
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Trang giả\n\nNội dung chen vào.\n", encoding="utf-8")
    result = build_site(project.root)
    assert result.returncode != 0
    assert f"docs/{written}:1:1: trang viết tay trùng địa chỉ /" in result.stderr, result.stderr
