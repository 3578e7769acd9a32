"""Guard: built pages may load assets (scripts, styles, fonts, images) from their own origin only."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from ..files import write_atomically

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
    "frame": ("src",),
    "image": ("href", "xlink:href"),  # SVG
    "use": ("href", "xlink:href"),  # SVG
    "feimage": ("href", "xlink:href"),  # SVG
    "base": ("href",),  # would make every relative address of the page point elsewhere
}
_LINK_FETCHES = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon", "preconnect", "dns-prefetch"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
_CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")


def is_external(url: str) -> bool:
    """Another host: 'https://…', protocol-relative '//host/…' (also '\\\\host', which browsers
    read alike), or any scheme but data: and the page's own relative paths."""
    url = url.strip().replace("\\", "/")
    parts = urlsplit(url)
    return bool(parts.netloc) or (bool(parts.scheme) and parts.scheme.lower() not in ("data", "blob")) or url.startswith("//")


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


def _unescape_css(css: str) -> str:
    """CSS escapes read as the browser reads them: 'u\\72l(' is 'url('."""
    return _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), css)


def css_urls(css: str) -> list[str]:
    css = _unescape_css(re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    return _CSS_URL.findall(css) + _CSS_IMPORT.findall(css)


def asset_urls(html: str) -> list[str]:
    """Every URL the page fetches as it loads (scripts, styles, fonts, images…)."""
    collector = _AssetCollector()
    collector.feed(html)
    collector.close()
    return collector.urls


class _InlineScripts(HTMLParser):
    """The text of each inline script (no src) a browser would run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        runs = values.get("type", "").lower() in ("", "text/javascript", "module", "application/javascript")
        self._open = [] if tag == "script" and "src" not in values and runs else None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append("".join(self._open))
        self._open = None


@lru_cache(maxsize=64)  # the same scripts on most pages: read once
def script_hashes(html: str) -> str:
    """"'sha256-…' 'sha256-…'": the CSP sources that allow exactly the inline scripts of html
    (a template's own scripts, rendered; never a page's content), in a stable order."""
    parser = _InlineScripts()
    parser.feed(str(html))
    parser.close()
    digests = {base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") for script in parser.scripts}
    return " ".join(f"'sha256-{digest}'" for digest in sorted(digests))


def external_assets(html: str) -> list[str]:
    """Every URL from another host the page fetches as it loads. The whole page goes through
    the HTML parser, as a browser reads it: a shortcut that parsed only the tags that fetch
    lost track at the page's first inline <script> and missed everything after it."""
    return [url for url in asset_urls(html) if is_external(url)]


def external_assets_in(site_dir: Path, checked: Optional["CheckedPages"] = None) -> list[tuple[str, str]]:
    """(file, url) for every external asset in the built HTML and CSS files. `checked`: the
    digests of files found clean before, whose bytes need no second reading."""
    found = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        content = path.read_bytes()
        if checked is not None and checked.clean(content):
            continue
        text = content.decode("utf-8", errors="replace")
        urls = external_assets(text) if path.suffix == ".html" else [u for u in css_urls(text) if is_external(u)]
        found.extend((path.relative_to(site_dir).as_posix(), url) for url in urls)
        if checked is not None and not urls:
            checked.found_clean(content)
    return found


def checked_site(site_dir: Path, checked: Optional["CheckedPages"] = None) -> tuple[list[tuple[str, str]], set[str]]:
    """external_assets_in, and the digests of every file found clean (for CheckedPages.found,
    when the check ran in another process)."""
    found = external_assets_in(site_dir, checked)
    return found, checked.clean_now() if checked is not None else set()


class CheckedPages:
    """SHA-256 digests of the pages and stylesheets found to load nothing from another host, kept
    between builds (the check reads every tag of every page: at ten times the data, longer than
    the rest of the build but the pages). The check is a function of the bytes alone, so the
    same bytes need not be read again; any changed byte is read in full. The file keeps what
    the last good build found, and nothing else."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self._before = set(path.read_text(encoding="ascii").split())
        except (OSError, UnicodeDecodeError):
            self._before = set()
        self._now: set[str] = set()

    def clean(self, content: bytes) -> bool:
        digest = hashlib.sha256(content).hexdigest()
        if digest in self._before:
            self._now.add(digest)
            return True
        return False

    def found_clean(self, content: bytes) -> None:
        self._now.add(hashlib.sha256(content).hexdigest())

    def clean_now(self) -> set[str]:
        return set(self._now)

    def found(self, digests: set[str]) -> None:
        """Files found clean by a check that ran in another process."""
        self._now |= digests

    def save(self) -> None:
        """After a good build (rewritten only when it changed)."""
        if self._now != self._before:
            write_atomically(self.path, "".join(f"{digest}\n" for digest in sorted(self._now)).encode("ascii"))
