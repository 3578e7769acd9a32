"""What the hooks and the macros of one build share.

A build starts from the key of its inputs (macros/memo.py). When the last good build of the
same inputs left a memo entry, everything the portal adds comes from it, and the data is
not loaded: neither the models nor pydantic are imported. Otherwise the Site is loaded and
validated, and what it gives is made afresh and remembered once the build has succeeded.
Modules that import the models are imported inside the functions that need them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Optional

from .. import history, render
from ..files import DATA, FileFacts, facts_of
from ..memo import Facts, Generated, Memo, block_key, inputs_key
from ..pdf import PdfCache

if TYPE_CHECKING:
    from ..site import Site

# What builds keep for the next one, beside the project like mkdocs-material's own caches;
# BUILD_CACHE names another folder, or "off" to build everything afresh.
BUILD_CACHE_DEFAULT = Path(".cache") / "build"


@dataclass(frozen=True)
class Caches:
    pdf: PdfCache  # rendered PDFs, by a digest of their HTML, CSS and renderer
    generated: Memo  # what the last good build made from the data, by a digest of its inputs


@dataclass
class Build:
    root: Path
    base_url: str
    changed_on: Mapping  # the data files' git history
    caches: Optional[Caches]
    key: str  # of the inputs; "" without caches
    kept: Optional[Generated]  # the memo's entry for these inputs
    site: Optional[Site] = None  # loaded only when nothing was kept, or a block is new
    facts: Optional[Facts] = None
    made: Optional[Generated] = None  # this build's pages and files, kept or generated
    downloads: Optional[Mapping[str, FileFacts]] = None
    blocks: dict[str, str] = field(default_factory=dict)  # what this build's blocks gave


_build: Optional[Build] = None


def start(project_dir: Path, base_url: str, cache_setting: str | None) -> Facts:
    """Begin a build: its facts from the memo, or from the data, loaded and validated here
    (DataError carries every problem)."""
    global _build
    _build = None
    caches = open_caches(project_dir, cache_setting)
    changed_on = history.last_commit_dates(project_dir, DATA)
    key = inputs_key(project_dir, base_url, changed_on) if caches else ""
    kept = caches.generated.load(key) if caches else None
    build = Build(project_dir, base_url, changed_on, caches, key, kept)
    if kept is not None:
        build.facts = kept.facts
    else:
        from .. import build as builder

        build.site = _load(build)
        build.facts = builder.facts(build.site)
    _build = build
    return build.facts


def _load(build: Build) -> Site:
    from ..site import load_site

    return load_site(build.root, build.changed_on)


def current() -> Build:
    if _build is None:
        raise RuntimeError("no build was started: is macros/adapter/hooks.py listed under hooks: in mkdocs.yml?")
    return _build


def site() -> Site:
    """The Site, loaded on first use when the build began from the memo."""
    build = current()
    if build.site is None:
        build.site = _load(build)
    return build.site


def generated() -> Generated:
    """The pages and files of records: the memo's, or generated now from the Site."""
    build = current()
    if build.kept is not None:
        build.made, build.downloads = build.kept, facts_of(build.kept.files, build.kept.page_counts)
        return build.made
    from .. import build as builder
    from ..exports import Context

    pdf_cache = build.caches.pdf if build.caches else None
    output = builder.generate(site(), Context(base_url=build.base_url, pdf_cache=pdf_cache))
    build.made = Generated(output.pages, output.files, output.page_counts, build.facts, {})
    build.downloads = output.downloads
    return build.made


def downloads() -> Mapping[str, FileFacts]:
    if current().downloads is None:
        raise RuntimeError("the exports were not built yet: blocks that show file sizes run after on_files")
    return current().downloads


def block(name: str, page_url: str, *, with_downloads: bool = False) -> str:
    """What a block of macros.pages gives on a page: from the memo when it was kept."""
    build = current()
    key = block_key(name, page_url)
    if build.kept is not None and key in build.kept.blocks:
        build.blocks[key] = build.kept.blocks[key]
    else:
        from .. import pages

        arguments = (site(), page_url, downloads()) if with_downloads else (site(), page_url)
        build.blocks[key] = getattr(pages, name)(*arguments)
    return build.blocks[key]


def remember() -> None:
    """After a good build: keep what it made, if the memo does not have it all already."""
    build = current()
    if build.caches is None or build.made is None:
        return
    entry = dataclasses.replace(build.made, blocks=dict(sorted(build.blocks.items())))
    if build.kept is None or entry.blocks != build.kept.blocks:
        build.caches.generated.store(build.key, entry)


def open_caches(project_dir: Path, setting: str | None) -> Optional[Caches]:
    """The caches of this build, from the BUILD_CACHE setting (see BUILD_CACHE_DEFAULT)."""
    folder = Path(setting) if setting else project_dir / BUILD_CACHE_DEFAULT
    caches = None if setting == "off" else Caches(PdfCache(folder / "pdf"), Memo(folder / "generated"))
    render.keep_compiled_templates(folder / "templates" if caches else None)
    return caches
