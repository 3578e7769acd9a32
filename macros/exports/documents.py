"""Site content as HTML for print: the pages' own templates, converted as MkDocs converts them.

Printed documents (the handbook, topic outlines, the plan PDF) never hold a second copy
of any text: they render the same partials and page templates as the site, then run the
Markdown parts through the `markdown` library with the extensions of mkdocs.yml.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import unescape
from typing import Callable, Mapping, Optional

import markdown
from markupsafe import Markup

from .. import text as text_module
from .. import urls
from ..data.models import Topic, TrainingClass
from ..data.site import Site
from ..memo import remembered
from ..text import slugify
from ..views import records
from ..views.library import Downloads
from ..views.links import Links
from ..views.render import render

# The `markdown_extensions` of mkdocs.yml (tests/test_handbook.py keeps the two lists equal).
MARKDOWN_EXTENSIONS = ("toc", "attr_list", "md_in_html", "admonition", "tables", "def_list", "macros.views.finished_html")

_FRONT_MATTER = re.compile(r"\A\s*---\n.*?\n---\n", re.DOTALL)


@dataclass(frozen=True)
class Heading:
    id: str
    title: str
    level: int


@dataclass(frozen=True)
class Fragment:
    """Converted HTML and its headings, in document order."""

    html: Markup
    headings: tuple[Heading, ...] = ()

    def level(self, level: int) -> tuple[Heading, ...]:
        return tuple(h for h in self.headings if h.level == level)


def _stored(fragment: Fragment) -> str:
    return json.dumps({"html": str(fragment.html), "headings": [[h.id, h.title, h.level] for h in fragment.headings]}, ensure_ascii=False)


def _restored(text: str) -> Fragment:
    found = json.loads(text)
    return Fragment(Markup(found["html"]), tuple(Heading(*heading) for heading in found["headings"]))


@remembered(modules=(text_module,), packages=("markdown",), encode=_stored, decode=_restored)
def markdown_html(text: str, *, baselevel: int = 1, prefix: str = "") -> Fragment:
    """Markdown (with HTML blocks) to HTML. `prefix` keeps heading ids unique when several
    pages are joined into one document; `baselevel` nests a page's headings under a part."""
    def slug(value: str, separator: str) -> str:
        return prefix + slugify(value, separator)

    converter = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS),
                                  extension_configs={"toc": {"slugify": slug, "baselevel": baselevel}})
    html = converter.convert(_FRONT_MATTER.sub("", text, count=1))
    return Fragment(Markup(html), tuple(_flatten(converter.toc_tokens)))


def _flatten(tokens: list[dict]):
    for token in tokens:
        # Markdown gives the heading's text HTML-escaped; templates escape it again themselves.
        yield Heading(token["id"], unescape(token["name"]), token["level"])
        yield from _flatten(token["children"])


@dataclass(frozen=True)
class PrintLinker:
    """Links for paper and PDF: to a section of the same document when it is there,
    else to the page on the public site (an address that still works when printed)."""

    base_url: str
    anchors: Mapping[str, str] = field(default_factory=dict)  # site URL -> element id in this document

    def to(self, url: str) -> str:
        if url in self.anchors:
            return "#" + self.anchors[url]
        return urls.absolute(self.base_url, url)


class Reused:
    """Fragments reused across the documents of one export. A fragment is a pure function of the
    data and of where each link it asks for points: the handbook of each class prints the same
    topics, whose links point to the same places, so each is converted once, not once per class.
    The key holds every answer its links got, so a fragment whose links point elsewhere in
    another document is made again."""

    def __init__(self) -> None:
        self._asked: dict[str, tuple[str, ...]] = {}  # name -> the site URLs its fragment links to
        self._made: dict[tuple[str, tuple[str, ...]], Fragment] = {}

    def fragment(self, name: str, make: Callable[[Links], Fragment], link: Links) -> Fragment:
        asked = self._asked.get(name)
        if asked is not None and (found := self._made.get((name, tuple(map(link.to, asked))))):
            return found
        recorder = _Recorder(link)
        made = make(recorder)
        self._asked[name] = asked = tuple(sorted(recorder.asked))
        self._made[(name, tuple(map(link.to, asked)))] = made
        return made


@dataclass
class _Recorder:
    link: Links
    asked: set[str] = field(default_factory=set)

    def to(self, url: str) -> str:
        self.asked.add(url)
        return self.link.to(url)


def anchor_of(url: str) -> str:
    """The id a site page gets inside a printed document: 'lop-hoc/lop-1/' -> 'lop-hoc-lop-1'."""
    return slugify(url) or "trang-chu"


def plan(site: Site, link: Links) -> Fragment:
    return markdown_html(render("partials/plan.html", **records.plan_view(site, link=link)), prefix="ke-hoach-")


def topic(site: Site, record: Topic, link: Links, downloads: Optional[Downloads] = None, *, baselevel: int = 2) -> Fragment:
    page = render("pages/topic.md", topic=records.topic_page(site, record, link=link, downloads=downloads, with_schedule=False))
    return markdown_html(page, baselevel=baselevel, prefix=anchor_of(urls.topic(record.id)) + "-")


def klass(site: Site, record: TrainingClass, link: Links, *, baselevel: int = 2) -> Fragment:
    page = render("pages/class.md", klass=records.class_page(site, record, link=link))
    return markdown_html(page, baselevel=baselevel, prefix=anchor_of(urls.klass(record.id)) + "-")


# A heading element whole: its text becomes a PDF bookmark, left as written.
_HEADING_ELEMENT = re.compile(r"(<h[1-6][\s>].*?</h[1-6]\s*>)", re.IGNORECASE | re.DOTALL)
# An inner '/' or '-' before a letter, in text: the next angle bracket is not a tag's end.
_JOINED = re.compile(r"([/-])(?<=\w[/-])(?=[^\W\d_])(?![^<>]*>)")
WORD_JOINER = "\u2060"


def keep_codes_together(html: str) -> str:
    """Document numbers and ratios ('933/QĐ-TLĐ', '80 người/lớp') never break across lines on
    paper: a word joiner after each inner '/' or '-' before a letter, in text only (not in tags,
    nor in headings, whose text becomes the PDF's bookmarks). It is invisible and absent from the
    PDF's text layer, so search and copy are unaffected."""
    parts = _HEADING_ELEMENT.split(html)  # text between headings at even places, headings at odd
    return "".join(part if n % 2 else _JOINED.sub(r"\1" + WORD_JOINER, part) for n, part in enumerate(parts))
