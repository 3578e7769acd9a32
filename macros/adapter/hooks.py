"""MkDocs hooks: start the build (from the memo, or the data loaded once), add one page per record, guard the output."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from macros import assets, offline, search
from macros.adapter import state
from macros.problems import DataError

log = logging.getLogger("mkdocs.plugins.portal")


@event_priority(100)  # before mkdocs-macros, which reads the build's facts in define_env
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project_dir = Path(config.config_file_path).parent
    try:
        facts = state.start(project_dir, config.site_url or "", os.environ.get("BUILD_CACHE"))
    except DataError as error:
        raise PluginError("Dữ liệu chưa hợp lệ, không xây dựng trang:\n" + error.report()) from None
    config.nav = facts.nav
    return config


@event_priority(100)  # before search and link checks, so they see the generated pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    output = state.generated()
    for src_uri, markdown in output.pages.items():
        files.append(File.generated(config, src_uri, content=markdown))
    for path, content in output.files.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    # MkDocs stamps every page with today's date (the sitemap's lastmod, the gzip header of
    # sitemap.xml.gz): the same data would give a different site every day.
    dated = state.current().facts.updated_on.get(page.file.src_uri)
    page.update_date = dated.isoformat() if dated else ""
    return page


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.exists():
        index.write_text(search.add_folded_fields(index.read_text(encoding="utf-8")), encoding="utf-8")
    # Last write: the worker's version is a digest of everything else.
    (Path(config.site_dir) / offline.WORKER).write_text(offline.service_worker(Path(config.site_dir)), encoding="utf-8")
    found = assets.external_assets_in(Path(config.site_dir))
    if found:
        listing = "\n".join(f"{page}: {url}" for page, url in found)
        raise PluginError(f"Trang tải tài nguyên từ máy chủ khác (chỉ được dùng tài nguyên của chính trang):\n{listing}")
    caches = state.current().caches
    if caches:  # only after a good build: a failed one keeps the caches as they were
        state.remember()
        _prune(caches)


def _prune(caches: state.Caches) -> None:
    if caches.generated.hit:  # nothing was rendered, so nothing tells which PDFs are still wanted
        log.info(f"Dữ liệu không đổi: trang, tệp xuất (lịch, dữ liệu mở, PDF) và khối nội dung lấy lại từ {caches.generated.folder}")
    else:
        removed = caches.pdf.prune()
        log.info(f"PDF: {caches.pdf.hits} lấy lại từ {caches.pdf.folder}, {caches.pdf.misses} dựng mới, {removed} bản cũ đã xoá")
    caches.generated.prune()
