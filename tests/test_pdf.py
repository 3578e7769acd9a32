"""The PDF machinery: bundled font only, embedded, covering every Vietnamese letter."""

from __future__ import annotations

import subprocess

import pytest

from macros.pdf import html_to_pdf

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
