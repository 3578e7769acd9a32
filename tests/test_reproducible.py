"""The same data gives the same site, byte for byte, whenever and however it is built."""

from __future__ import annotations

import gzip
from datetime import datetime, timezone
from pathlib import Path
from xml.etree import ElementTree

import pytest

from macros import urls
from tests.conftest import ROOT, mkdocs_build


def epoch(day: str) -> str:
    return str(int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp()))


# Three builds of the same inputs, the build's day among them (SOURCE_DATE_EPOCH: the day
# the site says it is, for classes past their dates), each in a new process: a different hash
# seed reorders every set and dict of strings built from one, so anything that leans on such
# an order shows up as a difference. The first starts from the session build's PDFs, each of
# which that build rendered from an empty cache, side by side in worker processes; the second
# uses no cache (each PDF rendered where it is asked for), so the two compare the site's PDFs
# rendered side by side, at another time, with the same PDFs rendered one by one. The third
# takes every PDF from the first's cache, as `make build` after `make build` does.
DAY = {"SOURCE_DATE_EPOCH": epoch("2031-07-20")}
BUILDS = {
    "first": {**DAY, "PYTHONHASHSEED": "1"},
    "second": {**DAY, "PYTHONHASHSEED": "2", "BUILD_CACHE": "off"},
    "again": {**DAY, "PYTHONHASHSEED": "3"},
}


def differences(first: Path, second: Path) -> list[str]:
    """Every file that is missing on one side or whose bytes differ, by site path."""
    def files(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
    a, b = files(first), files(second)
    found = [f"only in {first.name}: {name}" for name in sorted(a.keys() - b.keys())]
    found += [f"only in {second.name}: {name}" for name in sorted(b.keys() - a.keys())]
    found += [f"differs: {name}" for name in sorted(a.keys() & b.keys()) if a[name].read_bytes() != b[name].read_bytes()]
    return found


def cached_files(cache: Path) -> dict[str, int]:
    return {p.relative_to(cache).as_posix(): p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory, session_build) -> dict:
    cache = session_build.cache_copy(tmp_path_factory.mktemp("build-cache"))
    out = {}
    for name, env in BUILDS.items():
        if name == "again":
            out["cache before"] = cached_files(cache)
        site_dir = tmp_path_factory.mktemp("reproducible") / name
        result = mkdocs_build(ROOT, site_dir, env=env, quiet=name != "again", cache=cache)
        assert result.returncode == 0, result.stderr
        out[name], out[f"{name} log"] = site_dir, result.stderr
    out["cache after"] = cached_files(cache)
    out["cache folder"] = cache
    return out


def test_two_clean_builds_of_the_same_inputs_are_identical_byte_for_byte(builds, session_build):
    assert sum(1 for _ in builds["first"].rglob("*.html")) > 10
    pdfs = sum(1 for _ in builds["first"].rglob("*.pdf"))
    # The first build's PDFs: rendered side by side by the session build (or by the first itself).
    assert f"PDF: 0 lấy lại từ {session_build.cache / 'pdf'}, {pdfs} dựng mới, 0 bản cũ đã xoá" in session_build.log
    assert differences(builds["first"], builds["second"]) == []


def test_the_build_day_comes_from_source_date_epoch_and_is_stated_in_the_log(builds):
    assert "Ngày xây dựng: 20/7/2031 (SOURCE_DATE_EPOCH)" in builds["again log"]
    page = (builds["first"] / "lop-hoc" / "lop-1" / "index.html").read_text(encoding="utf-8")
    assert "Ngày dự kiến của lớp đã qua; chưa có xác nhận lớp đã được tổ chức." in page


def test_a_build_after_a_build_takes_every_pdf_from_the_cache_is_identical_and_says_so(builds):
    pdfs = sum(1 for _ in builds["first"].rglob("*.pdf"))
    images = sum(1 for _ in (builds["first"] / urls.PREVIEWS).rglob("*.png"))
    assert pdfs > 10 and len([name for name in builds["cache before"] if name.startswith("pdf/")]) == pdfs
    assert builds["cache after"] == builds["cache before"]  # not one rendered, drawn, rewritten or pruned
    assert differences(builds["first"], builds["again"]) == []
    assert f"PDF: {pdfs} lấy lại từ {builds['cache folder'] / 'pdf'}, 0 dựng mới, 0 bản cũ đã xoá" in builds["again log"]
    assert f"Ảnh xem trước: {images} lấy lại từ {builds['cache folder'] / 'previews'}, 0 vẽ mới, 0 bản cũ đã xoá" in builds["again log"]
    generated = len([name for name in builds["cache before"] if name.startswith("docx/")])
    assert generated >= 2 * 5 + 1 and f"Word: {generated} lấy lại từ {builds['cache folder'] / 'docx'}, 0 tạo mới, 0 bản cũ đã xoá" in builds["again log"]


def test_the_word_files_of_two_clean_builds_are_identical_byte_for_byte(builds):
    """The .docx files are among the files the first test compares; named here, since python-docx
    stamps its zip entries with the clock and its template with its own properties."""
    names = sorted(p.relative_to(builds["first"]).as_posix() for p in builds["first"].rglob("*.docx"))
    assert "tai-lieu/lop-1/ke-hoach-lop.docx" in names and "tai-lieu/ke-hoach-15-kh-ldld-2026.docx" in names
    for name in names:
        assert (builds["first"] / name).read_bytes() == (builds["second"] / name).read_bytes(), name


def test_the_comparison_names_every_file_that_differs(tmp_path):
    for side, text in (("a", "x"), ("b", "y")):
        (tmp_path / side / "sub").mkdir(parents=True)
        (tmp_path / side / "same.txt").write_text("same")
        (tmp_path / side / "sub" / "page.html").write_text(text)
        (tmp_path / side / f"only-{side}.css").write_text("")
    assert differences(tmp_path / "a", tmp_path / "b") == [
        "only in a: only-a.css", "only in b: only-b.css", "differs: sub/page.html"]


def test_the_sitemap_dates_pages_from_the_data_never_from_the_build_day(builds, site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sitemap = ElementTree.parse(builds["first"] / "sitemap.xml")
    lastmod = {url.findtext("s:loc", namespaces=ns).removeprefix("https://ldld-laichau.github.io/tap-huan-2026/"):
               url.findtext("s:lastmod", namespaces=ns) for url in sitemap.getroot().findall("s:url", ns)}
    topic = site.topics[0]
    assert lastmod[urls.topic(topic.id)] is None  # a draft topic: no date of approval to show
    assert lastmod[urls.PLAN] == site.plan.date.isoformat()
    assert lastmod[urls.klass(site.classes[0].id)] is None
    assert not any(day and day.startswith("2031") for day in lastmod.values())
    header = gzip.open(builds["first"] / "sitemap.xml.gz")
    header.read()
    latest = max(day for day in lastmod.values() if day)
    assert datetime.fromtimestamp(header.mtime, timezone.utc).date().isoformat() == latest
