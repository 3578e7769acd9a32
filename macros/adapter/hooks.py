"""MkDocs hooks: start the build from the data (loaded and validated once), add one page per
record and every export, date the pages from the data, finish and guard the output.

The build's state is a BuildRun carried on the MkDocs config, which every event receives.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.yaml import yaml_load

from macros import memo
from macros.adapter import serve
from macros.adapter.carry import build_of, carry
from macros.build import assets, pages
from macros.build.background import signal_folder
from macros.build.finish import finish
from macros.build.run import BuildRun, UnsafeCache
from macros.data.problems import WARNING, DataError

log = logging.getLogger("mkdocs.plugins.portal")


def on_startup(command: str, dirty: bool) -> None:
    # mkdocs-macros reports its set-up (modules, variables, macros) at INFO on every build:
    # noise in the log staff read, which should say what the build did.
    logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.WARNING)
    if command == "serve":  # pages first: PDFs an edit changed are rendered after them
        serve.begin()


def on_serve(server, config: MkDocsConfig, builder):
    cache = build_of(config).pdf_cache
    if cache is not None and serve.background() is not None:
        folder = signal_folder(cache.folder)
        folder.mkdir(parents=True, exist_ok=True)
        server.watch(str(folder))  # rewritten when the PDFs rendered in the background are in the cache
    return server


def on_shutdown() -> None:
    serve.end()


def public_address(config: MkDocsConfig) -> str:
    """The address the site is published at, which QR codes, calendar links and feeds carry.
    `mkdocs serve` puts its own local address in site_url; the documents a preview makes are
    still those `make build` publishes (the same bytes, so the two share one PDF cache), so the
    serve process reads the address its config file gives."""
    address = config.site_url or ""
    if serve.background() is not None:
        with open(config.config_file_path, "rb") as file:
            address = yaml_load(file).get("site_url") or ""
    return address if not address or address.endswith("/") else address + "/"


@event_priority(100)  # before mkdocs-macros, which reads the build in define_env
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project_dir = Path(config.config_file_path).parent
    try:
        run = BuildRun.start(project_dir, public_address(config), os.environ, defer_pdfs=serve.background() is not None)
    except DataError as error:
        raise PluginError("Dữ liệu chưa hợp lệ, không xây dựng trang:\n" + error.report()) from None
    except UnsafeCache as error:
        raise PluginError(f"Không xây dựng trang: {error}") from None
    carry(config, run)
    log.info(run.everything.today.describe())
    for notice in run.everything.notices:
        if notice.severity == WARNING:
            log.info(notice.render())  # a warning of the data, not of the build: --strict must not fail on it
    config.nav = run.nav
    return config


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # overrides/main.html hashes the theme's inline scripts for the Content-Security-Policy.
    env.filters["script_hashes"] = assets.script_hashes
    env.bytecode_cache = build_of(config).templates  # the theme's templates, compiled once
    # What overrides/main.html links on every page: the announcements' feed, the portal's preview image.
    env.globals["portal"] = pages.theme_links(build_of(config).site)
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    late = build_of(config).output.late
    if late:  # facts of PDFs still rendering: filled in once the pages are all written (on_post_build)
        late.note(Path(page.file.abs_dest_path), output)
    return output


@event_priority(100)  # before search and link checks, so they see the generated pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    output = build_of(config).output
    made = [File.generated(config, src_uri, content=markdown,
                           inclusion=InclusionLevel.NOT_IN_NAV if src_uri in output.unlisted else InclusionLevel.UNDEFINED)
            for src_uri, markdown in output.pages.items()]
    made += [File.generated(config, path, content=content) for path, content in output.files.items()]
    # Documents still being made: an empty file for now, their bytes once made (on_post_build).
    made += [File.generated(config, path, content=b"") for path in (output.late.paths if output.late else ())]
    # A hand-written file at the address of a generated one (docs/lop-hoc/lop-1/index.md, or
    # docs/lop-hoc/lop-1.md, beside the page made from data/classes/lop-1.yml) would put its
    # text in the search index and the sitemap under that address: refused, by name.
    taken = {file.dest_uri: file for file in files}
    clashes = [(taken[file.dest_uri], file) for file in made if file.dest_uri in taken]
    if clashes:
        docs = Path(config.docs_dir).name
        listing = "\n".join(f"{docs}/{written.src_uri}:1:1: trang viết tay trùng địa chỉ /{generated.url} với trang tạo từ dữ liệu"
                            for written, generated in clashes)
        raise PluginError(f"{listing}\n    → Đổi tên hoặc xóa tệp viết tay: địa chỉ này thuộc về trang tạo tự động từ data/.")
    for file in made:
        files.append(file)
    return files


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    # MkDocs stamps every page with today's date (the sitemap's lastmod, the gzip header of
    # sitemap.xml.gz): the same data would give a different site every day.
    dated = build_of(config).updated_on.get(page.file.src_uri)
    page.update_date = dated.isoformat() if dated else ""
    return page


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    run = build_of(config)
    if run.output.late:
        run.output.late.complete(Path(config.site_dir))
    found = finish(Path(config.site_dir), run.checked_pages)
    if found:
        listing = "\n".join(f"{page}: {url}" for page, url in found)
        raise PluginError(f"Trang tải tài nguyên từ máy chủ khác (chỉ được dùng tài nguyên của chính trang):\n{listing}")
    # Caches are pruned only after a good build: a failed one keeps them as they were.
    if run.checked_pages is not None:
        run.checked_pages.save()
    memo.prune_folder()
    for what, cache, made in (("Ảnh xem trước", run.image_cache, "vẽ mới"), ("Word", run.docx_cache, "tạo mới")):
        if cache is not None:
            removed = cache.prune()
            log.info(f"{what}: {cache.hits} lấy lại từ {cache.folder}, {cache.misses} {made}, {removed} bản cũ đã xoá")
    _keep_pdfs(run)


def _keep_pdfs(run: BuildRun) -> None:
    """Prune the PDF cache after a good build (a failed one keeps it as it was); under
    `make serve`, start rendering the PDFs the build left out."""
    cache, background = run.pdf_cache, serve.background()
    if cache is None:
        return
    if background is None:
        run.remember_data_state()
        removed = cache.prune()
        log.info(f"PDF: {cache.hits} lấy lại từ {cache.folder}, {cache.misses} dựng mới, {removed} bản cũ đã xoá")
        return
    with background.lock:  # not while a PDF rendered in the background is being stored
        removed = cache.prune()
    in_flight = background.render(run.output.pending, cache.folder)
    log.info(f"PDF: {cache.hits} lấy lại từ {cache.folder}, {removed} bản cũ đã xoá"
             + (f"; {in_flight} đang dựng trong nền, trang tự tải lại khi xong" if in_flight else ""))
