"""Pages several PDFs hold alike, laid out once: a document made so is, byte for byte, the
document laid out whole; the run is laid out once for every document that shares it."""

from __future__ import annotations

import dataclasses
import subprocess
from functools import partial

import pytest

from macros import urls
from macros.exports import Context
from macros.exports.handbook import handbooks
from macros.exports.pdf import PdfJob, RenderPlan, job_for, laid_out, render_pdf
from macros.exports.pdf_cache import PdfCache
from macros.exports.shared_pages import END, START, _Runs, composed, unmarked
from tests.conftest import mkdocs_config

PORTAL = mkdocs_config()["site_url"]
CSS = """
@page { size: A6; margin: 15mm 10mm; @bottom-center { content: "Trang " counter(page) "/" counter(pages); } }
.contents a::after { content: " " target-counter(attr(href url), page); }
section { break-before: page; }
"""
LONG = "<p>" + "Công đoàn cơ sở vững mạnh. " * 40 + "</p>"  # two pages


def document(title: str, before: str = "", run: str = f'<section id="a"><h1>A</h1>{LONG}</section><section id="b"><h1>B</h1></section>',
             after: str = '<section id="z"><h1>Z</h1></section>') -> str:
    return (f'<!DOCTYPE html><html lang="vi"><head><title>{title}</title></head><body>'
            f'<nav class="contents"><a href="#a">A</a> <a href="#b">B</a> <a href="#z">Z</a></nav>{before}'
            f"{START}{run}{END}{after}</body></html>")


def job(html: str) -> PdfJob:
    return job_for(html, base_url="file:///", extra_css=CSS)


def page_texts(content: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True).stdout
    return [" ".join(page.decode().split()) for page in text.split(b"\f")][:-1]


class CountingLayOut:
    def __init__(self, job: PdfJob) -> None:
        self.job, self.calls = job, 0

    def __call__(self, html: str):
        self.calls += 1
        return laid_out(self.job, html)


def test_a_document_made_with_its_shared_run_is_byte_for_byte_the_document_laid_out_whole():
    made = job(document("Một"))
    assert render_pdf(made) == render_pdf(made, reuse=False)
    assert composed(made.html, made.shared, made.looks, partial(laid_out, made)) is not None


def test_its_page_numbers_and_contents_count_the_pages_around_the_run():
    content, pages = render_pdf(job(document("Hai", before='<section id="x"><h1>X</h1></section>')))
    texts = page_texts(content)
    assert pages == len(texts) == 6
    assert texts[0].startswith("A3B5Z6")  # X on 2, A on 3 and 4
    assert [text.rsplit("Trang ", 1)[1] for text in texts] == [f"{n}/6" for n in range(1, 7)]


def test_documents_that_share_a_run_lay_it_out_once_and_each_its_own_pages_once():
    runs = _Runs(guess=(1, 1))  # a page of contents before the run, one after it
    first, second = job(document("Lớp 1")), job(document("Lớp 2"))
    counts = []
    for made in (first, second):
        lay_out = CountingLayOut(made)
        assert composed(made.html, made.shared, made.looks, lay_out, runs) is not None
        counts.append(lay_out.calls)
    assert counts == [2, 1]  # the run and the first document's own pages; then the second's own pages only


def test_a_run_with_more_pages_after_it_is_laid_out_again_and_numbered_for_its_document():
    runs = _Runs(guess=(1, 1))
    short, longer = job(document("Ngắn")), job(document("Dài", after='<section id="z"><h1>Z</h1></section><section><h1>Y</h1></section>'))
    composed(short.html, short.shared, short.looks, partial(laid_out, short), runs)
    lay_out = CountingLayOut(longer)
    assert composed(longer.html, longer.shared, longer.looks, lay_out, runs) is not None
    assert lay_out.calls == 2  # its own pages, and the run numbered for them
    content = render_pdf(longer)[0]
    assert content == render_pdf(longer, reuse=False)[0]
    assert page_texts(content)[1].endswith("Trang 2/6")


def test_the_marks_are_taken_out_of_the_html_and_change_neither_the_pdf_nor_its_cache_key():
    marked, plain = job(document("Ba")), job(document("Ba").replace(START, "").replace(END, ""))
    assert marked.shared is not None and plain.shared is None
    assert (marked.html, marked.key, marked.identifier) == (plain.html, plain.key, plain.identifier)
    assert render_pdf(marked) == render_pdf(plain)


@pytest.mark.parametrize("html", [
    "<html><body><p>không đánh dấu</p></body></html>",
    f"<html><body>{START}<p>a</p>{END}{START}<p>b</p>{END}</body></html>",
    f"<html><body>{END}<p>a</p>{START}</body></html>",
    f"<html><head><title>{START}</title></head><body><p>a</p>{END}</body></html>",
], ids=["no marks", "two runs", "end before start", "mark outside the body"])
def test_a_document_without_exactly_one_marked_run_in_its_body_is_laid_out_whole(html):
    assert unmarked(html) == (html, None)


@pytest.fixture(scope="module")
def handbook_jobs(site, tmp_path_factory) -> dict[str, PdfJob]:
    plan = RenderPlan(PdfCache(tmp_path_factory.mktemp("pdf")), defer=True)
    return {path: plan.awaited(content) for path, content in handbooks(site, Context(base_url=PORTAL, pdf_cache=plan)).items()}


def test_every_handbook_marks_the_plan_and_the_programme_as_the_run_it_shares(handbook_jobs, site):
    assert set(handbook_jobs) == {urls.HANDBOOK, *(urls.class_handbook(c.id) for c in site.classes)}
    runs = {made.html[slice(*made.shared)] for made in handbook_jobs.values()}
    assert len(runs) == 1 and 'id="phan-ke-hoach"' in runs.pop()


def test_a_handbook_whose_run_no_other_handbook_holds_is_laid_out_whole(site, tmp_path):
    first = site.classes[0]
    one_topic = first.model_copy(update={"sessions": tuple(s for s in first.sessions if s.topic == first.sessions[0].topic)})
    plan = RenderPlan(PdfCache(tmp_path), defer=True)
    made = handbooks(dataclasses.replace(site, classes=(one_topic, *site.classes[1:])), Context(base_url=PORTAL, pdf_cache=plan))
    assert plan.awaited(made[urls.class_handbook(first.id)]).shared is None
    assert plan.awaited(made[urls.HANDBOOK]).shared is not None


@pytest.mark.parametrize("path", [urls.HANDBOOK, urls.class_handbook("lop-1")], ids=["general", "lop-1"])
def test_a_built_handbook_is_byte_for_byte_the_handbook_laid_out_whole(handbook_jobs, built, path):
    assert render_pdf(handbook_jobs[path], reuse=False)[0] == (built / path).read_bytes()
