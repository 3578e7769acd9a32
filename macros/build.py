"""What the portal adds to a site build, generated once per build from the Site.

Exports first, then the pages of records: pages show the size, pages and checksum of the
files they link to. When the last build had the same inputs, both come from its memo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

from . import exports, pages
from .files import FileFacts, facts_of
from .memo import Generated, Memo
from .site import Site


@dataclass(frozen=True)
class Output:
    pages: dict[str, str]  # Markdown of each generated page, by source path
    files: dict[str, bytes]  # each export, by public path
    downloads: Mapping[str, FileFacts]  # what a download link says about each document among the files


def generate(site: Site, context: exports.Context, memo: Optional[Memo] = None) -> Output:
    key = memo.key(site, context.base_url) if memo else ""
    if memo and (kept := memo.load(key)) is not None:
        return Output(kept.pages, kept.files, facts_of(kept.files, kept.page_counts))
    files = exports.build_all(site, context)
    downloads = facts_of(files, context.pdf_cache.pages if context.pdf_cache else None)
    output = Output(pages.generated_pages(site, base_url=context.base_url, downloads=downloads), files, downloads)
    if memo:
        page_counts = {facts.sha256: facts.pages for facts in downloads.values() if facts.pages}
        memo.store(key, Generated(output.pages, output.files, page_counts))
    return output
