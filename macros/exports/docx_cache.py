"""Word documents kept between builds, named by a digest of every input (the document's view,
the writer's code, the library versions): like the PDF cache, a rebuild makes only the
documents whose content changed, and gives the bytes a fresh write would.
"""

from __future__ import annotations

from pathlib import Path

from ..files import prune, write_atomically


class DocxCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.docx"

    def load(self, key: str) -> bytes | None:
        self.used.add(key)
        try:
            content = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return content

    def store(self, key: str, content: bytes, pages: None = None) -> None:  # as PdfCache.store: no pages here
        self.used.add(key)
        write_atomically(self._path(key), content)

    def prune(self) -> int:
        """Remove every document (and leftover scratch file) this build did not use."""
        return prune(self.folder, keep={self._path(key).name for key in self.used})

