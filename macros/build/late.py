"""Facts of the documents (PDFs, Word files) still being made while `make build` makes the pages.

After an edit to one class, its PDFs are rendered again, in worker processes. The pages that
show those PDFs' size, page count and checksum need not wait for them: each fact goes into
the page as a token, MkDocs builds and writes every page meanwhile, and once the PDFs are in,
the tokens are replaced in the pages written with them and in the search index.

A token carries a nonce drawn for the build, so no text of data/ or docs/ can be one. None
survives into the site: the build replaces them all or fails, and the reproducibility test
compares two builds byte for byte.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Mapping

from ..data.formats import FileFacts, file_facts
from ..exports import Exported
from ..files import write_atomically
from . import search

_FIELDS = ("size", "pages", "sha256")


class LateFacts:
    def __init__(self, exported: Exported, known_pages: Mapping[str, int]) -> None:
        self._exported = exported
        self._known_pages = known_pages  # filled by the PDF cache as it stores each PDF
        self._prefix = f"late-{secrets.token_hex(8)}-"
        self.paths = tuple(sorted(exported.pending))
        self._token = re.compile(re.escape(self._prefix) + r"(\d+)-(" + "|".join(_FIELDS) + ")")
        self._facts: dict[str, FileFacts] = {}
        self._pages: list[Path] = []  # written with tokens

    def promises(self) -> dict[str, FileFacts]:
        """The facts the pages are made with, by public path."""
        return {path: FileFacts.promised(path, f"{self._prefix}{n}-") for n, path in enumerate(self.paths)}

    def holds(self, text: str) -> bool:
        return self._prefix in text

    def note(self, page: Path, html: str) -> None:
        """A page about to be written: its tokens are replaced by complete()."""
        if self.holds(html):
            self._pages.append(page)

    def fill(self, text: str) -> str:
        """The text with every token replaced by its fact, once the PDFs they name are in."""
        return self._token.sub(self._fact, text) if self.holds(text) else text

    def complete(self, site_dir: Path) -> None:
        """Every PDF in the built site, once rendered (MkDocs wrote an empty file in its place),
        and their facts in the pages and in the search index, which holds the pages' text."""
        self._exported.finish()  # not one worker outlives the build
        for path in self.paths:
            write_atomically(site_dir / path, self._exported.rendered(path))
        for text in (*self._pages, site_dir / search.INDEX):
            if text.exists():
                text.write_text(self.fill(text.read_text(encoding="utf-8")), encoding="utf-8")

    def _fact(self, match: re.Match) -> str:
        facts = self._facts_of(self.paths[int(match.group(1))])
        return {"size": facts.size_label, "pages": str(facts.pages), "sha256": facts.sha256}[match.group(2)]

    def _facts_of(self, path: str) -> FileFacts:
        if path not in self._facts:
            self._facts[path] = file_facts(path, self._exported.rendered(path), self._known_pages)
        return self._facts[path]
