"""The PDF machinery: bundled font only, embedded, covering every Vietnamese letter."""

from __future__ import annotations

import collections
import hashlib
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from unittest import mock

import pikepdf
import pytest

from macros import urls
from macros.build.run import pdf_cache_for
from macros.data.formats import pdf_pages, size_label
from macros.exports.pdf import FONT_PATHS, FONTS, WORKERS, html_to_pdf, job_for
from macros.exports.pdf_cache import PdfCache, _renderer_digest, cache_key, system_libraries
from tests.conftest import ROOT, mkdocs_build_forked, mkdocs_config

VIETNAMESE = "Công đoàn ĐỘNG Ẫ Ộ Ữ ươ ắ ặ ỹ ₫ “Lai Châu”"


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    html = f"<html lang='vi'><body><p>{VIETNAMESE}</p><p><b>{VIETNAMESE}</b> <i>{VIETNAMESE}</i></p></body></html>"
    path.write_bytes(html_to_pdf(html, base_url="."))
    return path


def test_a_pdf_uses_only_the_bundled_font_embedded(sample_pdf):
    listing = subprocess.run(["pdffonts", str(sample_pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows, listing
    assert all(row[0].split("+")[-1].startswith("Noto-Serif") for row in rows), listing
    assert all(row[-5] == "yes" for row in rows), listing  # the "emb" column


def test_a_pdf_keeps_every_vietnamese_letter(sample_pdf):
    text = subprocess.run(["pdftotext", str(sample_pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert VIETNAMESE in " ".join(text.split())


def test_the_same_html_gives_the_same_pdf_bytes():
    html = f"<p>{VIETNAMESE}</p>"
    assert html_to_pdf(html, base_url=".") == html_to_pdf(html, base_url=".")


# --- the PDF cache: a rebuild renders only what changed, and gives the same bytes -------------


def test_a_cached_pdf_is_byte_for_byte_the_pdf_a_fresh_render_gives(tmp_path):
    html = f"<p>{VIETNAMESE}</p>"
    first = PdfCache(tmp_path)
    rendered = html_to_pdf(html, base_url=".", cache=first)
    assert (first.hits, first.misses) == (0, 1)
    second = PdfCache(tmp_path)  # the next build
    assert html_to_pdf(html, base_url=".", cache=second) == rendered == html_to_pdf(html, base_url=".")
    assert (second.hits, second.misses) == (1, 0)


@pytest.mark.parametrize("change", ["html", "css", "base_url"])
def test_any_change_to_what_shapes_a_pdf_renders_it_again(tmp_path, change):
    given = {"html": "<p>Lớp 1</p>", "extra_css": "p { color: black; }", "base_url": "https://example.org/lop-hoc/"}
    html_to_pdf(given["html"], base_url=given["base_url"], extra_css=given["extra_css"], cache=PdfCache(tmp_path))
    edited = {**given, "extra_css" if change == "css" else change: given["extra_css" if change == "css" else change] + " "}
    cache = PdfCache(tmp_path)
    html_to_pdf(edited["html"], base_url=edited["base_url"], extra_css=edited["extra_css"], cache=cache)
    assert (cache.hits, cache.misses) == (0, 1)


def test_the_key_covers_the_bundled_fonts_and_the_renderer_and_system_library_versions():
    def fonts_and_versions(fonts=FONT_PATHS):
        return _renderer_digest.__wrapped__(fonts)

    digest, version = fonts_and_versions(), metadata.version
    with mock.patch("macros.exports.pdf_cache.metadata.version", lambda name: "999" if name == "weasyprint" else version(name)):
        assert fonts_and_versions() != digest
    assert fonts_and_versions((FONTS / "NotoSerif-Bold.ttf",) * 4) != digest
    with mock.patch("macros.exports.pdf_cache.system_libraries", lambda: ["libpango-1.0.so.0.5600.3:431000"]):
        assert fonts_and_versions() != digest


def test_the_text_shaping_libraries_are_found_with_their_versions():
    assert any(found.startswith("libpango-1.0.so.") for found in system_libraries()), system_libraries()


def test_the_parts_of_a_key_cannot_be_shifted_into_each_other():
    assert cache_key("<p>a", "b", ["c"], fonts=[]) != cache_key("<p>", "ab", ["c"], fonts=[])
    assert cache_key("<p>", ".", ["a", "b"], fonts=[]) != cache_key("<p>", ".", ["ab"], fonts=[])


def test_pruning_keeps_only_the_pdfs_this_build_used(tmp_path):
    old, kept = "<p>cũ</p>", "<p>giữ</p>"
    for html in (old, kept):
        html_to_pdf(html, base_url=".", cache=PdfCache(tmp_path))
    (tmp_path / "left-over.tmp").write_bytes(b"half a PDF")
    this_build = PdfCache(tmp_path)
    html_to_pdf(kept, base_url=".", cache=this_build)
    assert this_build.prune() == 2
    assert [p.name for p in tmp_path.iterdir()] == [f"{job_for(kept, base_url='.').key}-1.pdf"]


def test_two_checkouts_in_different_folders_share_their_pdf_cache(tmp_path):
    """The stylesheet names the bundled fonts by file URI, which holds the checkout's folder."""
    shutil.copytree(ROOT / "macros", tmp_path / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    ask = ("from macros.exports.printed import BASE_URL; from macros.exports.pdf import job_for; "
           "print(job_for('<p>Lớp 1</p>', base_url=BASE_URL).key)")
    keys = {subprocess.run([sys.executable, "-c", ask], cwd=folder, capture_output=True, text=True, check=True).stdout
            for folder in (ROOT, tmp_path)}
    assert len(keys) == 1, keys


def test_the_cache_knows_the_page_count_of_each_pdf_it_rendered_or_gave_back(tmp_path):
    html = "<p>một</p><p style='break-before: page'>hai</p><p style='break-before: page'>ba</p>"
    rendered = html_to_pdf(html, base_url=".", cache=(first := PdfCache(tmp_path)))
    again = PdfCache(tmp_path)
    html_to_pdf(html, base_url=".", cache=again)
    digest = hashlib.sha256(rendered).hexdigest()
    assert first.pages == again.pages == {digest: 3} and pdf_pages(rendered) == 3


def test_a_cache_folder_that_does_not_exist_yet_is_created_on_first_use(tmp_path):
    cache = PdfCache(tmp_path / ".cache" / "pdf")
    assert cache.prune() == 0
    html_to_pdf("<p>x</p>", base_url=".", cache=cache)
    assert len(list((tmp_path / ".cache" / "pdf").glob("*.pdf"))) == 1


def test_builds_keep_their_pdfs_beside_the_project_unless_told_where_or_off(tmp_path):
    for setting in (None, ""):
        assert pdf_cache_for(tmp_path, setting).folder == tmp_path / ".cache/build/pdf"
    assert pdf_cache_for(tmp_path, "/var/cache/portal").folder == Path("/var/cache/portal/pdf")
    assert pdf_cache_for(tmp_path, "off") is None


def test_pdfs_not_cached_are_rendered_side_by_side_and_give_the_bytes_of_one_by_one(tmp_path):
    from macros.exports.pdf import RenderPlan, render_all

    pages = [f"<p>{VIETNAMESE} {n}</p>" for n in range(3)]
    cache = PdfCache(tmp_path)
    plan = RenderPlan(cache)
    placeholders = [html_to_pdf(html, base_url=".", cache=plan) for html in pages]
    assert [plan.awaited(p) for p in placeholders] == list(plan.missing.values())  # one pass only gathers
    render_all(list(plan.missing.values()), cache)  # more than one: in worker processes
    assert [html_to_pdf(html, base_url=".", cache=cache) for html in pages] == [html_to_pdf(html, base_url=".") for html in pages]
    assert (cache.hits, cache.misses) == (0, 3)
    # The whole site, side by side (cache) and one by one (no cache): tests/test_reproducible.py.


def worker_pids(first: int) -> list[int]:
    """The first worker and the siblings it forked, once they are all up."""
    def children() -> list[int]:
        path = Path(f"/proc/{first}/task/{first}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    deadline = time.monotonic() + 30
    while len(children()) < WORKERS - 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    return [first, *children()]


def alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and "Z" not in stat.read_text().split()[2]


def test_the_pdf_workers_load_weasyprint_once_the_others_are_forked_from_the_first_and_render_side_by_side():
    from macros.exports.pdf import Renderer

    renderer = Renderer().start()
    try:
        pool = renderer._executor()
        first, = pool._processes
        workers = worker_pids(first)
        assert len(workers) == WORKERS
        both = [pool.submit(time.sleep, 1) for _ in workers]
        started = time.monotonic()
        [job.result() for job in both]
        assert time.monotonic() - started < 1.9  # one second each, at the same time
    finally:
        renderer.shutdown()
    assert not gone_within(workers, seconds=5)


def gone_within(workers: list[int], seconds: float) -> list[int]:
    """The workers still running after `seconds`."""
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.02)
    return [pid for pid in workers if alive(pid)]


def test_pdf_workers_stop_when_their_build_is_killed_rather_than_wait_for_work_forever(tmp_path):
    started = ("import os, sys; from macros.exports.pdf import Renderer; renderer = Renderer().start(); "
               "print(*(p.pid for p in renderer._pool._processes.values()), flush=True); sys.stdin.readline(); os._exit(0)")
    child = subprocess.Popen([sys.executable, "-c", started], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    workers = worker_pids(int(child.stdout.readline()))
    child.communicate("killed\n", timeout=60)  # gone without stopping its workers, as a killed build
    assert len(workers) == WORKERS
    assert not gone_within(workers, seconds=10)


def test_moving_one_session_renders_again_only_that_classs_pdfs(project, tmp_path, session_build):
    from macros import exports, urls
    from macros.data.site import load_site
    from macros.exports.pdf_cache import PdfCache

    # At the site's address, with the repository's dates, starting from the shipped build's PDFs.
    base_url = mkdocs_config()["site_url"]
    project.with_history()
    session_build.cache_copy(tmp_path)

    def build(cache: PdfCache) -> dict[str, bytes]:
        return exports.build_all(load_site(project.root), exports.Context(base_url=base_url, pdf_cache=cache))

    before = build(PdfCache(tmp_path / "pdf"))
    project.edit("data/classes/lop-2.yml", 'start: "15:15"\n    end: "16:45"', 'start: "15:30"\n    end: "17:00"')
    cache = PdfCache(tmp_path / "pdf")
    after = build(cache)
    changed = sorted(path for path in before if path.endswith(".pdf") and before[path] != after[path])
    # The class plan lists every session; the summons gives the class's first and last hour only.
    assert changed == [urls.class_pdf("lop-2"), urls.class_document("lop-2", urls.CLASS_PLAN, "pdf"), urls.class_handbook("lop-2")]
    assert cache.misses == 3 and cache.hits == sum(path.endswith(".pdf") for path in after) - 3
    for path in changed:
        (tmp_path / "read.pdf").write_bytes(after[path])
        text = subprocess.run(["pdftotext", str(tmp_path / "read.pdf"), "-"], capture_output=True, text=True, check=True).stdout
        flat = "".join(text.split())  # a table cell may wrap a time range after its dash
        assert "15:30–17:00" in flat and "15:15–16:45" not in flat.split("ThứTư")[0], path


def test_pages_built_while_the_edited_pdfs_render_show_their_facts_as_a_build_from_the_cache_does(project, tmp_path, session_build):
    """`make build` after an edit makes the pages while the class's PDFs render (build/late.py):
    the site it gives is the one the next build, which takes every PDF from the cache, gives."""
    project.with_site_sources().edit("data/classes/lop-2.yml", 'start: "15:15"\n    end: "16:45"', 'start: "15:30"\n    end: "17:00"')
    cache = session_build.cache_copy(tmp_path / "cache")
    sites = {name: tmp_path / name for name in ("rendering", "from the cache")}
    logs = {}
    for name, site_dir in sites.items():
        result = mkdocs_build_forked(project.root, site_dir, quiet=False, cache=cache)
        assert result.returncode == 0, result.stderr
        logs[name] = result.stderr
    assert ", 3 dựng mới," in logs["rendering"] and ", 0 dựng mới," in logs["from the cache"]
    files = {name: {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()} for name, d in sites.items()}
    assert files["rendering"].keys() == files["from the cache"].keys()
    assert [path for path in files["rendering"] if files["rendering"][path] != files["from the cache"][path]] == []
    plan = files["rendering"][urls.class_document("lop-2", urls.CLASS_PLAN, "pdf")]
    page = files["rendering"]["lop-hoc/lop-2/index.html"].decode("utf-8")
    assert plan.startswith(b"%PDF-") and f"(PDF · {pdf_pages(plan)} trang · {size_label(len(plan))})" in page


# --- for screen readers and the archive (issue 19) ----------------------------------------------------

ARCHIVED = {"tai-lieu/ke-hoach-15-kh-ldld-2026.pdf", urls.HANDBOOK, *(urls.class_handbook(f"lop-{n}") for n in range(1, 6))}


@pytest.fixture(scope="module")
def every_pdf(built) -> dict[str, pikepdf.Pdf]:
    """Every PDF the build made (uploaded materials are published as staff gave them; none is a PDF)."""
    found = {path.relative_to(built).as_posix(): pikepdf.open(path) for path in sorted(built.rglob("*.pdf"))}
    assert len(found) >= 22
    return found


def structure(pdf: pikepdf.Pdf) -> collections.Counter:
    """How many elements of each type (/H1, /Table, /L…) the structure tree holds."""
    found: collections.Counter = collections.Counter()
    pending = [pdf.Root.StructTreeRoot.get("/K")]
    while pending:
        node = pending.pop()
        if isinstance(node, pikepdf.Array):
            pending.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found[str(node.S)] += 1
            if "/K" in node:
                pending.append(node.K)
    return found


def test_every_pdf_is_tagged_in_vietnamese_and_names_its_title_author_subject_and_language(every_pdf, site):
    for path, pdf in every_pdf.items():
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked, path
        assert str(pdf.Root.Lang) == "vi", path
        meta = pdf.open_metadata()
        assert meta["dc:creator"] == [site.plan.issuer] and str(pdf.docinfo.Author) == site.plan.issuer, path
        assert meta["dc:title"] and meta["dc:description"] and meta["dc:language"] == {"vi"}, path
        assert pdf.check_pdf_syntax() == [], path  # qpdf's own check of the file's structure


def test_headings_tables_and_lists_are_tagged_as_such(every_pdf):
    handbook = structure(every_pdf[urls.HANDBOOK])
    assert handbook["/H1"] and handbook["/H2"] and handbook["/L"] and handbook["/LI"] and handbook["/Table"]
    timetable = structure(every_pdf[urls.class_pdf("lop-1")])
    assert timetable["/Table"] and timetable["/TH"] and timetable["/TD"] and timetable["/H1"] == 1


def test_the_plan_and_the_handbooks_are_pdf_a_and_every_other_pdf_is_pdf_ua(every_pdf):
    for path, pdf in every_pdf.items():
        meta = pdf.open_metadata()
        if path in ARCHIVED:
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "A"), path
        else:
            assert meta["pdfuaid:part"] == "1", path
