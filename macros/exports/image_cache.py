"""Drawn preview images kept between builds, each under a digest of everything it is drawn
from (exports/previews.py: card_key), beside the rendered PDFs (pdf_cache.py).

At a hundred times the data a build serves some 1,400 images: drawing them all takes longer
than the rest of the build; reading them back takes a few milliseconds. The folder holds what
the last good build used, and nothing else after it prunes.
"""

from __future__ import annotations

from pathlib import Path

from ..files import prune, write_atomically


class ImageCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()  # the keys this build asked for
        self.drawn: set[str] = set()  # the keys this build drew (not found here)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.png"

    @property
    def hits(self) -> int:
        return len(self.used - self.drawn)

    @property
    def misses(self) -> int:
        return len(self.drawn)

    def load(self, key: str) -> bytes | None:
        self.used.add(key)
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def store(self, key: str, content: bytes) -> None:
        self.used.add(key)
        self.drawn.add(key)
        write_atomically(self._path(key), content)

    def prune(self) -> int:
        """Remove every image (and leftover scratch file) this build did not use."""
        return prune(self.folder, keep={self._path(key).name for key in self.used})
