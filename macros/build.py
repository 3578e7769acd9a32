"""What the portal adds to a site build, made once per build from the Site.

Exports first, then the pages of records: pages show the size, pages and checksum of the
files they link to. When the last good build had the same inputs, the MkDocs adapter takes
all of this from its memo (macros/memo.py) and never calls here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from . import exports, pages
from .files import FileFacts, facts_of
from .memo import Facts
from .site import Site


@dataclass(frozen=True)
class Output:
    pages: dict[str, str]  # Markdown of each generated page, by source path
    files: dict[str, bytes]  # each export, by public path
    downloads: Mapping[str, FileFacts]  # what a download link says about each document among the files

    @property
    def page_counts(self) -> dict[str, int]:
        """Of each PDF among the files, by SHA-256: what facts_of cannot tell from the bytes alone."""
        return {facts.sha256: facts.pages for facts in self.downloads.values() if facts.pages}


def generate(site: Site, context: exports.Context) -> Output:
    files = exports.build_all(site, context)
    downloads = facts_of(files, context.pdf_cache.pages if context.pdf_cache else None)
    return Output(pages.generated_pages(site, base_url=context.base_url, downloads=downloads), files, downloads)


def facts(site: Site) -> Facts:
    """What the adapter needs besides pages and files, in the form the memo gives it back:
    a build that made it and a build that read it from the memo see the same values."""
    made = Facts(nav=pages.nav(site), updated_on=pages.updated_on(site), plan=site.plan.model_dump())
    return Facts.from_json(made.to_json())
