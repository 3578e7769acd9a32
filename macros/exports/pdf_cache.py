"""Rendered PDFs kept between builds, under a digest of every input of their render.

WeasyPrint is by far the slowest part of a build; the same inputs give the same bytes, so a
rebuild takes every PDF whose inputs did not change from here. The folder holds what the
last good build used, and nothing else after it prunes.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterator

from ..files import prune, write_atomically

# The libraries whose output is the PDF: a new release may lay out or encode differently.
RENDERERS = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5")
# The system libraries WeasyPrint shapes text with, found by file name (version) and size
# (a patched build of the same version) without loading them.
SYSTEM_LIBRARIES = ("libpango-1.0", "libpangoft2-1.0", "libharfbuzz", "libfontconfig", "libfreetype")
LIBRARY_FOLDERS = ("/usr/lib", "/usr/lib64", "/usr/local/lib", "/opt/homebrew/lib")
CACHE_FORMAT = "1"  # bump when the way a key is made changes


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
        self._fresh: set[str] = set()  # rendered by this build: counted as misses, not hits, when read back

    @staticmethod
    def _entry(name: str) -> tuple[str, int]:
        key, _, pages = name.removesuffix(".pdf").rpartition("-")
        return key, int(pages) if pages.isdigit() else 0

    def _path(self, key: str, pages: int) -> Path:
        return self.folder / f"{key}-{pages}.pdf"

    def has(self, key: str) -> bool:
        return bool(self._stored.get(key)) and self._path(key, self._stored[key]).is_file()

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
        if key not in self._fresh:
            self.hits += 1
        self.pages[hashlib.sha256(content).hexdigest()] = pages
        return content

    def store(self, key: str, content: bytes, pages: int) -> None:
        write_atomically(self._path(key, pages), content)
        if key not in self._fresh and key not in self.used:
            self.misses += 1  # rendered ahead of the exports that read it (pdf.render_missing)
        self._fresh.add(key)
        self._stored[key] = pages
        self.pages[hashlib.sha256(content).hexdigest()] = pages

    def prune(self) -> int:
        """Remove every cached PDF (and leftover scratch file) this build did not use."""
        return prune(self.folder, keep={self._path(key, pages).name for key, pages in self._stored.items() if key in self.used})


@lru_cache(maxsize=None)
def _renderer_digest(fonts: tuple[Path, ...]) -> bytes:
    """The fonts and library versions that shape every PDF, read once per process."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for name in RENDERERS:
        digest.update(f"{name}={metadata.version(name)};".encode())
    for font in fonts:
        digest.update(font.read_bytes())
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
    # One listing of each folder: /usr/lib holds hundreds of entries.
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


def cache_key(html: str, base_url: str, stylesheets: list[str], *, fonts: list[Path], variant: str = "") -> str:
    """A digest of everything that shapes one PDF: its HTML, base URL, stylesheets and PDF
    variant, and the fonts, libraries and system text libraries every PDF is rendered with."""
    digest = hashlib.sha256(_renderer_digest(tuple(fonts)))
    for part in (html, base_url, *stylesheets, variant):
        digest.update(len(part.encode("utf-8")).to_bytes(8, "big"))  # length-prefixed: no two splits collide
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()
