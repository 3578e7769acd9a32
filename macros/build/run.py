"""One build of the site: the data loaded and validated once, and everything made from it.

The MkDocs adapter starts a BuildRun when MkDocs reads its config and carries it through
the build's events; nothing here knows MkDocs. Exports are made first, then the pages of
records: pages show the size, pages and checksum of the files they link to.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Mapping, Optional

from jinja2 import BytecodeCache

from .. import exports, memo
from ..data.formats import FileFacts, downloads_of
from ..data.history import tracked_files
from ..data.site import Site, load_site
from ..exports.docx_cache import DocxCache
from ..exports.image_cache import ImageCache
from ..exports.pdf import PdfJob, Renderer
from ..exports.pdf_cache import PdfCache
from ..files import write_atomically
from ..views import render
from . import pages
from .assets import CheckedPages
from .late import LateFacts

# Rendered PDFs are kept here for the next build, beside the project like mkdocs-material's
# own caches; BUILD_CACHE names another folder, or "off" to render every PDF afresh.
BUILD_CACHE_DEFAULT = Path(".cache") / "build"


def cache_root(project_dir: Path, setting: Optional[str]) -> Optional[Path]:
    """The folder of every cache of the build, from the BUILD_CACHE setting (see BUILD_CACHE_DEFAULT)."""
    if setting == "off":
        return None
    return Path(setting) if setting else project_dir / BUILD_CACHE_DEFAULT


class UnsafeCache(Exception):
    """The build cache holds files committed to git: a pull request could plant a PDF, or a
    compiled template (code), that the build would take as its own."""


def refuse_committed(project_dir: Path, root: Optional[Path]) -> None:
    """The cache folder, inside the project, must hold only what builds wrote (it is ignored by git)."""
    project, cache = project_dir.resolve(), root.resolve() if root else None
    if cache is None or not cache.is_relative_to(project):
        return
    committed = tracked_files(project, cache)
    if committed:
        folder = cache.relative_to(project).as_posix()
        shown = ", ".join(committed[:3]) + (f" và {len(committed) - 3} tệp khác" if len(committed) > 3 else "")
        raise UnsafeCache(f"Thư mục bộ nhớ đệm {folder}/ có tệp được đưa vào git: {shown}. Bộ nhớ đệm chỉ chứa những gì "
                          f"các lần xây dựng trước tạo ra; tệp trong git có thể bị giả mạo (một PDF, một mẫu trang đã biên dịch).\n"
                          f"    → Gỡ chúng khỏi git: git rm -r --cached {folder}")


def pdf_cache_for(project_dir: Path, setting: Optional[str]) -> Optional[PdfCache]:
    """The PDF cache of this build, from the BUILD_CACHE setting (see BUILD_CACHE_DEFAULT)."""
    root = cache_root(project_dir, setting)
    return PdfCache(root / "pdf") if root else None


def image_cache_for(project_dir: Path, setting: Optional[str]) -> Optional[ImageCache]:
    """The preview images' cache, beside the PDFs' (the same BUILD_CACHE setting)."""
    root = cache_root(project_dir, setting)
    return ImageCache(root / "previews") if root else None


DATA_STATE = "data-state"  # in the build cache: data_state() at the last good build
CHECKED_PAGES = "checked-pages"  # in the build cache: assets.CheckedPages


def data_state(project_dir: Path) -> str:
    """A digest of the name, size and modification time of every file under data/ (symlinks
    not followed): any edit changes it, and reading it opens no file."""
    digest = hashlib.sha256()
    for folder, subfolders, names in os.walk(project_dir / "data"):
        subfolders.sort()
        for name in sorted(names):
            found = os.lstat(os.path.join(folder, name))
            digest.update(f"{os.path.join(folder, name)}\0{found.st_size}\0{found.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _last_data_state(root: Path) -> str:
    try:
        return (root / DATA_STATE).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return ""


@dataclass(frozen=True)
class Output:
    pages: dict[str, str]  # Markdown of each generated page, by source path
    files: dict[str, bytes]  # each export, by public path
    downloads: Mapping[str, FileFacts]  # what a download link says about each document among the files
    unlisted: frozenset[str] = frozenset()  # pages kept at their address but in no menu: withheld records
    pending: Mapping[str, PdfJob] = field(default_factory=dict)  # PDFs to render after the pages (defer_pdfs)
    late: Optional[LateFacts] = None  # PDFs rendering while the pages are made, not in `files` (make build)


@dataclass(frozen=True)
class BuildRun:
    everything: Site  # the data as validated
    base_url: str  # the public address: QR codes, feeds and calendar links are made from it
    pdf_cache: Optional[PdfCache] = None
    image_cache: Optional[ImageCache] = None
    # Under `make serve`: pages first; the PDFs the cache lacks are left out and listed in
    # Output.pending, for a renderer in the background (build/background.py).
    defer_pdfs: bool = False
    renderer: Optional[Renderer] = None  # PDF workers started ahead, as the data loaded
    data_state: str = ""  # what data/ looked like as this build read it
    templates: Optional[BytecodeCache] = None  # compiled templates, kept for the next build
    cache_folder: Optional[Path] = None  # every cache of the build is in it (None: BUILD_CACHE=off)

    @cached_property
    def site(self) -> Site:
        """What the public site shows (data/settings.yml: drafts shown with their label, or withheld)."""
        return self.everything.published()

    @classmethod
    def start(cls, project_dir: Path, base_url: str, environ: Mapping[str, str], *, defer_pdfs: bool = False) -> "BuildRun":
        """Load and validate the data (DataError carries every problem) and open the PDF cache.
        `environ` may set the build's day (SOURCE_DATE_EPOCH) and the cache (BUILD_CACHE)."""
        setting = environ.get("BUILD_CACHE")
        cache = pdf_cache_for(project_dir, setting)
        root = cache_root(project_dir, setting)
        refuse_committed(project_dir, root)
        memo.open_folder(root / "memo" if root else None)
        templates = render.compiled_in(root / "templates" if root else None)
        render.keep_compiled(templates)
        state = data_state(project_dir)
        # Data edited since the last good build nearly always changes a PDF (a session moved: its
        # class's timetable, handbook and plan): the workers get WeasyPrint ready while the data
        # loads. Without an edit to data/, they start only if a PDF is missing.
        ahead = root is not None and not defer_pdfs and state != _last_data_state(root)
        renderer = Renderer().start() if ahead else None
        try:
            everything = load_site(project_dir, environ=environ)
        except BaseException:
            if renderer:
                renderer.shutdown()
            raise
        return cls(everything, base_url, cache, image_cache_for(project_dir, setting), defer_pdfs=defer_pdfs and cache is not None,
                   renderer=renderer, data_state=state, templates=templates, cache_folder=root)

    def remember_data_state(self) -> None:
        """After a good build: the data/ it read is the state the next build compares with."""
        if self.cache_folder is not None and self.data_state != _last_data_state(self.cache_folder):
            write_atomically(self.cache_folder / DATA_STATE, self.data_state.encode("ascii"))

    @cached_property
    def checked_pages(self) -> Optional[CheckedPages]:
        """Pages found to load nothing from another host by earlier builds."""
        return CheckedPages(self.cache_folder / CHECKED_PAGES) if self.cache_folder else None

    @cached_property
    def docx_cache(self) -> Optional[DocxCache]:
        """Word documents kept beside the PDFs (none when the build cache is off)."""
        return DocxCache(self.cache_folder / "docx") if self.cache_folder else None

    @cached_property
    def output(self) -> Output:
        """The exports and the pages of records, made once."""
        context = exports.Context(base_url=self.base_url, pdf_cache=self.pdf_cache, image_cache=self.image_cache,
                                  docx_cache=self.docx_cache)
        made = exports.export_all(self.site, context, defer_pdfs=self.defer_pdfs, renderer=self.renderer)
        known_pages = self.pdf_cache.pages if self.pdf_cache else None
        downloads = downloads_of(made.files, known_pages)
        late = LateFacts(made, known_pages) if made.rendering else None
        if late:  # the pages show the PDFs' facts as they come in
            downloads.update(late.promises())
        else:  # under serve, the pages say the PDFs are being made
            downloads.update((path, FileFacts.awaited(path)) for path in made.pending)
        withheld = self.everything.withheld(self.site)
        generated = pages.generated_pages(self.site, base_url=self.base_url, downloads=downloads, withheld=withheld)
        return Output(generated, made.files, downloads, frozenset(pages.source_of(record) for record in withheld),
                      {} if late else made.pending, late)

    @cached_property
    def nav(self) -> list:
        return pages.nav(self.site)

    @cached_property
    def updated_on(self) -> Mapping[str, date]:
        return pages.updated_on(self.site)

    def block(self, name: str, page_url: str) -> str:
        """What a block of a hand-written page gives on the page at page_url."""
        found = pages.BLOCKS[name]
        if found.needs_downloads:
            return found.make(self.site, page_url, self.output.downloads)
        return found.make(self.site, page_url)
