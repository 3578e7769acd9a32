"""Guard: built pages may load assets (scripts, styles, fonts, images) from their own origin only."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# Attributes that make the browser fetch something as the page loads. Plain <a href>
# links are navigation, not assets, so they may point anywhere.
_FETCHING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "track": ("src",),
}
_LINK_FETCHES = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon", "preconnect", "dns-prefetch"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
_CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")


def is_external(url: str) -> bool:
    url = url.strip()
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme in ("http", "https")


class _AssetCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in _FETCHING.get(tag, ()):
            if values.get(name):
                self.urls.extend(part.strip().split(" ")[0] for part in values[name].split(","))
        if tag == "link" and set(values.get("rel", "").lower().split()) & _LINK_FETCHES and values.get("href"):
            self.urls.append(values["href"])
        if values.get("style"):
            self.urls.extend(css_urls(values["style"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(css_urls(data))


def css_urls(css: str) -> list[str]:
    return _CSS_URL.findall(css) + _CSS_IMPORT.findall(css)


def asset_urls(html: str) -> list[str]:
    """Every URL the page fetches as it loads (scripts, styles, fonts, images…)."""
    collector = _AssetCollector()
    collector.feed(html)
    collector.close()
    return collector.urls


# Parsing every tag of every page was a quarter of the build time at 10 times the data.
# The few start tags that can fetch are found by a regex (quoted values may hold '>') and
# only they are parsed, attributes read as a browser reads them. The whole page is parsed
# whenever that could miss something: a style attribute or element, or a fetching tag
# the regex could not match whole. Matching runs on the page's bytes lower-cased
# (ASCII only, so offsets stay those of the page): case-sensitive patterns are fast.
_NAMES = "|".join([*_FETCHING, "link"]).encode("ascii")
_TAG_START = re.compile(rb"<(?:" + _NAMES + rb")(?=[\s/>])")
_WHOLE_TAG = re.compile(rb"<(?:" + _NAMES + rb""")(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>""")
_EQUALS = re.compile(rb"\s*=")


def _styled(lowered: bytes) -> bool:
    """A <style> element, or 'style' followed by '=' anywhere (maybe an attribute)."""
    if b"<style" in lowered:
        return True
    at = lowered.find(b"style")
    while at != -1:
        if _EQUALS.match(lowered, at + 5):
            return True
        at = lowered.find(b"style", at + 5)
    return False


def _collect(html: str) -> list[str]:
    return [url for url in asset_urls(html) if is_external(url)]


def _external_assets(page: bytes) -> list[str]:
    lowered = page.lower()
    if _styled(lowered):
        return _collect(page.decode("utf-8", errors="replace"))
    spans = [match.span() for match in _WHOLE_TAG.finditer(lowered)]
    if len(spans) != len(_TAG_START.findall(lowered)):
        return _collect(page.decode("utf-8", errors="replace"))
    return _collect(b"".join(page[a:b] for a, b in spans).decode("utf-8", errors="replace"))


def external_assets(html: str) -> list[str]:
    return _external_assets(html.encode("utf-8"))


def external_assets_in(site_dir: Path) -> list[tuple[str, str]]:
    """(file, url) for every external asset in the built HTML and CSS files."""
    found = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix == ".html":
            urls = _external_assets(path.read_bytes())
        elif path.suffix == ".css":
            urls = [u for u in css_urls(path.read_text(encoding="utf-8")) if is_external(u)]
        else:
            continue
        found.extend((path.relative_to(site_dir).as_posix(), url) for url in urls)
    return found
