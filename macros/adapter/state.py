"""The one Site of the current build, shared by the hooks and the macros."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Optional

from ..files import FileFacts
from ..pdf import PdfCache
from ..site import Site, load_site

# Where rendered PDFs are kept between builds, beside the project like mkdocs-material's
# own caches; PDF_CACHE names another folder, or "off" to render every PDF.
PDF_CACHE_DEFAULT = Path(".cache") / "pdf"

_current: Optional[Site] = None
_downloads: Optional[Mapping[str, FileFacts]] = None
_pdf_cache: Optional[PdfCache] = None


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


def open_pdf_cache(project_dir: Path, setting: str | None) -> Optional[PdfCache]:
    """The PDF cache of this build, from the PDF_CACHE setting (see PDF_CACHE_DEFAULT)."""
    global _pdf_cache
    _pdf_cache = None if setting == "off" else PdfCache(Path(setting) if setting else project_dir / PDF_CACHE_DEFAULT)
    return _pdf_cache


def pdf_cache() -> Optional[PdfCache]:
    return _pdf_cache
