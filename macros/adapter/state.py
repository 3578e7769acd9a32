"""The one Site of the current build, shared by the hooks and the macros."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from .. import render
from ..files import FileFacts
from ..memo import Memo
from ..pdf import PdfCache
from ..site import Site, load_site

# What builds keep for the next one, beside the project like mkdocs-material's own caches;
# BUILD_CACHE names another folder, or "off" to build everything afresh.
BUILD_CACHE_DEFAULT = Path(".cache") / "build"


@dataclass(frozen=True)
class Caches:
    pdf: PdfCache  # rendered PDFs, by a digest of their HTML, CSS and renderer
    generated: Memo  # the pages and exports of the last build, by a digest of their inputs


_current: Optional[Site] = None
_downloads: Optional[Mapping[str, FileFacts]] = None
_caches: Optional[Caches] = None


def load(project_dir: Path) -> Site:
    """Load and validate the data once per build; DataError carries every problem."""
    global _current, _downloads
    _current = _downloads = None
    _current = load_site(project_dir)
    return _current


def current() -> Site:
    if _current is None:
        raise RuntimeError("the site data was not loaded: is macros/adapter/hooks.py listed under hooks: in mkdocs.yml?")
    return _current


def keep_downloads(downloads: Mapping[str, FileFacts]) -> Mapping[str, FileFacts]:
    """The facts of the files this build publishes, computed once from the built exports."""
    global _downloads
    _downloads = downloads
    return downloads


def downloads() -> Mapping[str, FileFacts]:
    if _downloads is None:
        raise RuntimeError("the exports were not built yet: blocks that show file sizes run after on_files")
    return _downloads


def open_caches(project_dir: Path, setting: str | None) -> Optional[Caches]:
    """The caches of this build, from the BUILD_CACHE setting (see BUILD_CACHE_DEFAULT)."""
    global _caches
    folder = Path(setting) if setting else project_dir / BUILD_CACHE_DEFAULT
    _caches = None if setting == "off" else Caches(PdfCache(folder / "pdf"), Memo(folder / "generated"))
    render.keep_compiled_templates(folder / "templates" if _caches else None)
    return _caches


def caches() -> Optional[Caches]:
    return _caches
