"""A copy of the built site that opens from the file system, for staff who preview a pull
request: they unzip the artifact and double-click index.html, with no terminal and no server.

It is the published site with two changes, made to the built HTML:
- every link to a page's folder ('lop-hoc/lop-1/') points to the page's file
  ('lop-hoc/lop-1/index.html'): under file:// a browser shows a folder's listing, not its page;
- a banner at the top of every page says it is a preview, not published, and that search
  works only on the published site: under file:// the theme's search cannot start its worker,
  so the preview hides the search box (docs/stylesheets/portal.css, .preview-banner). The
  theme still loads search/search_index.js when it runs from files: the preview has it, so
  no page asks for a file that is not there.
Scripts, their hashes and the Content-Security-Policy are left as published. Pull-request
previews are never put on the web: a hostile pull request would appear under the union's name.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..views.render import render

_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BODY = re.compile(r"<body\b[^>]*>")
_PATH = re.compile(r"([^?#]*)(.*)", re.DOTALL)  # the path, then the query and fragment


def file_link(url: str, page_folder: Path, site_dir: Path) -> str:
    """The link to the page's file when url is a relative link to a page's folder of this
    site; any other url as it is."""
    if not url or url.startswith(("/", "#")) or _SCHEME.match(url):
        return url
    path, rest = _PATH.match(url).groups()
    if path.endswith("/"):
        target = path + "index.html"
    elif path.rsplit("/", 1)[-1] in (".", ".."):
        target = path + "/index.html"
    else:
        return url
    found = (page_folder / target).resolve()
    return target + rest if found.is_file() and found.is_relative_to(site_dir.resolve()) else url


def preview_page(html: str, page_folder: Path, site_dir: Path, banner: str) -> str:
    html = _ATTRIBUTE.sub(lambda m: m.group(1) + file_link(m.group(2), page_folder, site_dir) + m.group(3), html)
    return _BODY.sub(lambda m: m.group(0) + banner, html, count=1)


def make_preview(site_dir: Path) -> int:
    """Turn a built site (a copy: it is changed in place) into the preview; the number of pages."""
    banner = render("partials/preview_banner.html")
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        (site_dir / "search" / "search_index.js").write_text("var __index = " + index.read_text(encoding="utf-8") + ";", encoding="utf-8")
    pages = sorted(site_dir.rglob("*.html"))
    for path in pages:
        path.write_text(preview_page(path.read_text(encoding="utf-8"), path.parent, site_dir, banner), encoding="utf-8")
    return len(pages)
