"""MkDocs hooks: load the data once, add one page per record, guard the output."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from macros import assets, exports, pages
from macros.adapter import state
from macros.problems import DataError


@event_priority(100)  # before mkdocs-macros, which reads the loaded site in define_env
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        site = state.load(Path(config.config_file_path).parent)
    except DataError as error:
        raise PluginError("Dữ liệu chưa hợp lệ, không xây dựng trang:\n" + error.report()) from None
    config.nav = pages.nav(site)
    return config


# Source path -> date, for this build (filled in on_files, read by on_pre_page).
_updated_on: dict = {}


@event_priority(100)  # before search and link checks, so they see the generated pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _updated_on.clear()
    _updated_on.update(pages.updated_on(state.current()))
    for src_uri, markdown in pages.generated_pages(state.current()).items():
        files.append(File.generated(config, src_uri, content=markdown))
    context = exports.Context(base_url=config.site_url or "")
    for path, content in exports.build_all(state.current(), context).items():
        files.append(File.generated(config, path, content=content))
    return files


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    # MkDocs stamps every page with today's date (the sitemap's lastmod, the gzip header of
    # sitemap.xml.gz): the same data would give a different site every day.
    dated = _updated_on.get(page.file.src_uri)
    page.update_date = dated.isoformat() if dated else ""
    return page


def on_post_build(config: MkDocsConfig) -> None:
    found = assets.external_assets_in(Path(config.site_dir))
    if found:
        listing = "\n".join(f"{page}: {url}" for page, url in found)
        raise PluginError(f"Trang tải tài nguyên từ máy chủ khác (chỉ được dùng tài nguyên của chính trang):\n{listing}")
