"""HTML the templates made, handed to Markdown as finished HTML.

A generated page is Markdown (its headings make the table of contents) around blocks of HTML
from the templates: timetables, fact lists, QR codes. To learn where a raw HTML block ends,
Python-Markdown parses it tag by tag (md_in_html, with html.parser), the most of its time on
such a page, only to copy the block out unchanged. A template marks the blocks it made whole
(`{{ html|finished }}`: a comment line before and after) and this extension stores each marked
block as Markdown stores raw HTML, before Markdown looks for HTML: the page comes out the same,
byte for byte, without the parse.

Text from data never makes a marker: it is HTML-escaped ('<' is '&lt;'). A hand-written page
could write one; its block then stays as written, as raw HTML does in Markdown anyway.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup, escape

OPEN = "<!--finished-html-->"
CLOSE = "<!--/finished-html-->"
# After whitespace is normalised (30), before Markdown looks for raw HTML (html_block, 20).
PRIORITY = 25


def finished(html: str) -> Markup:
    """A Jinja filter: html marked as one finished block. Markup (a template's output) is kept
    as it is; plain text is escaped first, as a template would."""
    body = escape(html).strip("\n")
    return Markup(f"\n{OPEN}\n{body}\n{CLOSE}\n")


class _Finished(Preprocessor):
    """Each outermost marked block, stored as raw HTML and left as its placeholder paragraph;
    the marker lines themselves are dropped. An unclosed marker leaves its lines as written."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        start, depth = 0, 0  # where the open outermost block starts, and how deep we are
        for number, line in enumerate(lines):
            if line == OPEN:
                start, depth = (number if depth == 0 else start), depth + 1
            elif line == CLOSE and depth:
                depth -= 1
                if depth == 0:
                    block = [inner for inner in lines[start + 1:number] if inner not in (OPEN, CLOSE)]
                    # As Markdown keeps a raw block: with its line's end when a blank line follows.
                    last = number + 1 == len(lines) or not lines[number + 1].strip()
                    out += ["", self.md.htmlStash.store("\n".join(block) + ("\n" if last else "")), ""]
            elif depth == 0:
                out.append(line)
        if depth:
            out += lines[start:]
        return out


class FinishedHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_Finished(md), "finished_html", PRIORITY)


def makeExtension(**kwargs) -> FinishedHtmlExtension:  # noqa: N802 (Markdown's name for it)
    return FinishedHtmlExtension(**kwargs)
