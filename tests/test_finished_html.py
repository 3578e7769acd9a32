"""HTML the templates made whole goes through Markdown as it is, without being parsed: every page
comes out as Markdown alone makes it."""

from __future__ import annotations

import markdown
from markupsafe import Markup

from macros.build.pages import generated_pages
from macros.exports.documents import MARKDOWN_EXTENSIONS
from macros.views.finished_html import CLOSE, OPEN, finished

OURS = "macros.views.finished_html"


def converted(text: str) -> str:
    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS)).convert(text)


def converted_by_markdown_alone(text: str) -> str:
    """The text with its marker lines left out, converted without our extension."""
    unmarked = "\n".join(line for line in text.split("\n") if line not in (OPEN, CLOSE))
    return markdown.Markdown(extensions=[name for name in MARKDOWN_EXTENSIONS if name != OURS]).convert(unmarked)


def test_every_generated_page_comes_out_as_markdown_alone_makes_it(site):
    pages = generated_pages(site, "https://example.org/tap-huan/")
    marked = [path for path, text in pages.items() if OPEN in text]
    assert len(marked) == len(site.topics) + len(site.classes) + 1  # every topic and class, and the calendar
    for path, text in pages.items():
        assert converted(text) == converted_by_markdown_alone(text), path


def test_a_marked_block_is_kept_as_written_without_its_markers():
    block = finished(Markup("<p>*không* phải Markdown</p>\n\n<p>đoạn hai</p>"))
    text = f"# Tiêu đề\n\n{block}\nĐoạn *sau*.\n"
    assert converted(text) == '<h1 id="tieu-e">Tiêu đề</h1>\n<p>*không* phải Markdown</p>\n\n<p>đoạn hai</p>\n\n<p>Đoạn <em>sau</em>.</p>'
    assert converted(text) == converted_by_markdown_alone(text)


def test_a_block_inside_a_block_is_part_of_the_outer_one():
    inner = finished(Markup("<li>một</li>"))
    text = str(finished(Markup(f"<ul>{inner}</ul>")))
    assert converted(text) == "<ul>\n<li>một</li>\n</ul>"


def test_an_unclosed_marker_leaves_the_rest_as_written():
    text = f"Đoạn đầu.\n\n{OPEN}\n<p>*vẫn* như cũ</p>\n"
    assert converted(text) == converted_by_markdown_alone(text.replace(OPEN, "<!-- -->")).replace("<!-- -->", OPEN)


def test_text_given_to_the_filter_is_escaped_and_markup_kept():
    assert finished("<b>dữ liệu</b>") == f"\n{OPEN}\n&lt;b&gt;dữ liệu&lt;/b&gt;\n{CLOSE}\n"
    assert finished(Markup("<b>mẫu</b>")) == f"\n{OPEN}\n<b>mẫu</b>\n{CLOSE}\n"


def test_an_unclosed_marker_around_a_closed_block_leaves_every_line_as_written():
    text = f"Đoạn đầu.\n\n{OPEN}\n<p>một</p>\n{finished(Markup('<p>hai</p>'))}\n"
    assert converted(text) == converted_by_markdown_alone(text.replace(OPEN, "<!-- -->").replace(CLOSE, "<!-- / -->")) \
        .replace("<!-- -->", OPEN).replace("<!-- / -->", CLOSE)
