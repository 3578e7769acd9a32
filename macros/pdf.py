"""HTML to PDF with WeasyPrint and the bundled font: the one PDF machinery of the portal.

Only the bundled Noto Serif family is declared, and it covers all of Vietnamese, so no
character falls back to a system font (which could silently mix typefaces).

WeasyPrint takes about a third of a second for a one-page PDF and seconds for the handbook,
far more than everything else in a build. Rendering is deterministic (same HTML, CSS, fonts
and WeasyPrint, same bytes), so PDFs are kept in a content-addressed PdfCache: a rebuild
renders only the PDFs whose inputs changed, and gives the bytes a fresh render would.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterator

from .render import render

FONTS = Path(__file__).parent / "fonts"
FONT_FAMILY = "Noto Serif"
FONT_FILES = {
    ("normal", 400): "NotoSerif-Regular.ttf",
    ("normal", 700): "NotoSerif-Bold.ttf",
    ("italic", 400): "NotoSerif-Italic.ttf",
    ("italic", 700): "NotoSerif-BoldItalic.ttf",
}
# The libraries whose output is the PDF: a new release may lay out or encode differently.
RENDERERS = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5")
# The system libraries WeasyPrint shapes text with, found by file name (version) and size
# (a patched build of the same version) without loading them.
SYSTEM_LIBRARIES = ("libpango-1.0", "libpangoft2-1.0", "libharfbuzz", "libfontconfig", "libfreetype")
LIBRARY_FOLDERS = ("/usr/lib", "/usr/lib64", "/usr/local/lib", "/opt/homebrew/lib")
CACHE_FORMAT = "1"  # bump when the way a key is made changes


def font_faces() -> list[dict]:
    return [{"family": FONT_FAMILY, "style": style, "weight": weight, "url": (FONTS / name).as_uri()}
            for (style, weight), name in FONT_FILES.items()]


def base_css() -> str:
    """@font-face rules and the page defaults shared by every PDF."""
    return render("pdf/base.css", faces=font_faces(), family=FONT_FAMILY)


class PdfCache:
    """Rendered PDFs in a folder, each named by a digest of every input of its render and its
    page count (`<key>-<pages>.pdf`), so the page count shown beside a download needs no PDF
    parser.

    `used` records the keys this build asked for, so prune() can drop what no longer
    belongs to the site and the folder stays the size of one build.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self.pages: dict[str, int] = {}  # SHA-256 of a PDF's bytes -> its page count
        self._stored = dict(self._entry(p.name) for p in folder.glob("*-*.pdf")) if folder.is_dir() else {}

    @staticmethod
    def _entry(name: str) -> tuple[str, int]:
        key, _, pages = name.removesuffix(".pdf").rpartition("-")
        return key, int(pages) if pages.isdigit() else 0

    def _path(self, key: str, pages: int) -> Path:
        return self.folder / f"{key}-{pages}.pdf"

    def load(self, key: str) -> bytes | None:
        self.used.add(key)
        pages = self._stored.get(key)
        try:
            content = self._path(key, pages).read_bytes() if pages else None
        except OSError:
            content = None
        if content is None:
            self.misses += 1
            return None
        self.hits += 1
        self.pages[hashlib.sha256(content).hexdigest()] = pages
        return content

    def store(self, key: str, content: bytes, pages: int) -> None:
        # Written aside and renamed: an interrupted build leaves no truncated PDF behind.
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(scratch, self._path(key, pages))
        self._stored[key] = pages
        self.pages[hashlib.sha256(content).hexdigest()] = pages

    def prune(self) -> int:
        """Remove every cached PDF (and leftover scratch file) this build did not use."""
        if not self.folder.is_dir():
            return 0
        kept = {self._path(key, pages).name for key, pages in self._stored.items() if key in self.used}
        stale = [p for p in self.folder.iterdir() if p.is_file() and p.name not in kept]
        for path in stale:
            path.unlink()
        return len(stale)


@lru_cache(maxsize=1)
def _renderer_digest() -> bytes:
    """The fonts and library versions that shape every PDF, read once per process."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for name in RENDERERS:
        digest.update(f"{name}={metadata.version(name)};".encode())
    for name in sorted(FONT_FILES.values()):
        digest.update((FONTS / name).read_bytes())
    for found in system_libraries():
        digest.update(f"{found};".encode())
    return digest.digest()


def system_libraries() -> list[str]:
    """'file:size' of each shared library of SYSTEM_LIBRARIES in LIBRARY_FOLDERS or one level
    below (Debian's /usr/lib/x86_64-linux-gnu), symlinks followed."""
    prefixes = tuple(f"{name}." for name in SYSTEM_LIBRARIES)
    found = set()
    for folder in LIBRARY_FOLDERS:
        for entry in _entries_and_subentries(folder):
            if entry.name.startswith(prefixes) and not entry.name.endswith(".a") and os.path.exists(entry.path):
                real = Path(entry.path).resolve()
                found.add(f"{real.name}:{real.stat().st_size}")
    return sorted(found)


def _entries_and_subentries(folder: str) -> Iterator[os.DirEntry]:
    # One listing of each folder: /usr/lib holds hundreds, and a glob per library name
    # listed each of them ten times (0.02 s of every build, memo key included).
    for entry in _entries(folder):
        yield entry
        if entry.is_dir() and not entry.name.startswith("."):
            yield from _entries(entry.path)


def _entries(folder: str) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as listing:
            return list(listing)
    except OSError:  # missing, or not a folder
        return []


def cache_key(html: str, base_url: str, stylesheets: list[str]) -> str:
    digest = hashlib.sha256(_renderer_digest())
    for part in (html, base_url, *stylesheets):
        digest.update(len(part.encode("utf-8")).to_bytes(8, "big"))  # length-prefixed: no two splits collide
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()


def html_to_pdf(html: str, *, base_url: str, extra_css: str = "", cache: PdfCache | None = None) -> bytes:
    """Render HTML to PDF bytes. Same HTML, same bytes: the file identifier comes from the input."""
    stylesheets = [base_css()] + ([extra_css] if extra_css else [])
    key = cache_key(html, base_url, stylesheets) if cache else ""
    if cache and (cached := cache.load(key)) is not None:
        return cached
    content, pages = _render(html, base_url, stylesheets, extra_css)
    if cache:
        cache.store(key, content, pages)
    return content


def _render(html: str, base_url: str, stylesheets: list[str], extra_css: str) -> tuple[bytes, int]:
    # Imported here: WeasyPrint and Pango take a while to load, and a build whose PDFs are
    # all cached never needs them.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    identifier = hashlib.sha256(html.encode("utf-8") + extra_css.encode("utf-8")).hexdigest()[:32].encode("ascii")
    document = HTML(string=html, base_url=base_url).render(
        stylesheets=[CSS(string=css, font_config=fonts) for css in stylesheets], font_config=fonts)
    return document.write_pdf(pdf_identifier=identifier), len(document.pages)
