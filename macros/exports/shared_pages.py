"""Pages several PDFs hold alike, laid out once per worker: the plan and the programme, which
open the general handbook and every class's handbook.

A document marks such a run with START and END (the handbook template does, for a run that
more than one handbook holds); pdf.job_for takes the marks out of the HTML and keeps where
they were (PdfJob.shared), so they change neither the PDF nor its cache key. The run must
begin and end at forced page breaks and set its own running strings, so its pages come out
the same whatever stands around it, but for their numbers: "Trang n/N" and the table of
contents depend on the pages before and after the run. So the run is laid out in a stand-in
document with as many empty pages before and after it as the real one has, and kept; the
document itself is laid out with one empty page per page of the run, carrying the run's
anchors, so that its contents and its own page numbers come out as in one whole layout. Its
pages and the run's are then joined before WeasyPrint writes the PDF: the PDF is written
from one list of laid-out pages, as for any document, so its tags, bookmarks, links and
metadata are whole: the bytes are those of a whole layout (tests compare them).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from markupsafe import Markup

from ..views.render import render

if TYPE_CHECKING:
    from weasyprint.document import Document

START = Markup("<!-- pdf: shared pages -->")
END = Markup("<!-- pdf: end of shared pages -->")
KEPT = 4  # laid-out runs a worker keeps
SLOT, PAD = "pdf-slot", "pdf-pad"  # anchors of the stand-in pages, never in the PDF

LayOut = Callable[[str], "Document"]


Span = tuple[int, int]  # where the run is in a document's HTML (its marks taken out)


def unmarked(html: str) -> tuple[str, Span | None]:
    """The HTML without its marks, and where the run it marked is: the marks are left in (as
    the comments they are) unless there is exactly one run, inside the body."""
    start, end = html.find(START), html.find(END)
    body, closing = html.find("<body"), html.rfind("</body>")
    if html.count(START) != 1 or html.count(END) != 1 or not 0 <= body < start < end < closing:
        return html, None
    return html[:start] + html[start + len(START):end] + html[end + len(END):], (start, end - len(START))


@dataclass(frozen=True)
class Split:
    """A document in five pieces: its head and body tag, what comes before the run, the run,
    what comes after it, and the closing tags."""

    opening: str
    before: str
    run: str
    after: str
    closing: str

    @classmethod
    def of(cls, html: str, span: Span) -> "Split":
        body, closing = html.index(">", html.index("<body")) + 1, html.rindex("</body>")
        start, end = span
        return cls(html[:body], html[body:start], html[start:end], html[end:closing], html[closing:])

    @property
    def run_opening(self) -> str:
        """The opening without the head, which holds the document's metadata (title, author):
        the run's layout does not depend on it, and other documents share the run."""
        head, end = self.opening.find("<head>"), self.opening.find("</head>")
        return self.opening[:head + len("<head>")] + self.opening[end:] if 0 <= head < end else self.opening


def stand_ins(pages: list[list[str]], name: str) -> str:
    """Empty pages, one per entry, each holding the anchors listed for it."""
    return render("pdf/stand_ins.html", pages=pages, name=name)


class _Runs:
    """Laid-out runs of this process, by their document's looks, markup and surrounding page counts."""

    def __init__(self, guess: tuple[int, int] = (2, 2)) -> None:
        self._kept: OrderedDict[tuple, Document] = OrderedDict()
        # Page counts around the run last laid out; at first, those of a class's handbook: its
        # cover and contents before, its timetable after. A wrong guess costs one more layout.
        self.last = guess

    def get(self, looks: tuple, pieces: Split, before: int, after: int, lay_out: LayOut) -> Document:
        key = (looks, pieces.run_opening, pieces.run, pieces.closing, before, after)
        if key not in self._kept:
            padding = [stand_ins([[]] * count, f"{PAD}-{side}") for side, count in (("before", before), ("after", after))]
            self._kept[key] = lay_out(pieces.run_opening + padding[0] + pieces.run + padding[1] + pieces.closing)
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        self._kept.move_to_end(key)
        return self._kept[key]

    def shape(self, looks: tuple, pieces: Split, lay_out: LayOut) -> tuple[int, list[list[str]]]:
        """How many pages the run fills and the anchors on each: the same whatever surrounds it,
        so taken from any layout of it kept, else from one with the page counts last used."""
        for key, document in reversed(self._kept.items()):
            if key[:4] == (looks, pieces.run_opening, pieces.run, pieces.closing):
                before, after = key[4:]
                break
        else:
            before, after = self.last
            document = self.get(looks, pieces, before, after, lay_out)
        pages, seen = document.pages[before:len(document.pages) - after], set()
        anchors = []
        for page in pages:  # an element over several pages is an anchor on each: kept on its first
            anchors.append([name for name in page.anchors if name not in seen])
            seen.update(page.anchors)
        return len(pages), anchors


_RUNS = _Runs()


def composed(html: str, span: Span, looks: tuple, lay_out: LayOut, runs: _Runs = _RUNS) -> Document | None:
    """The document laid out with its run (html[start:end]) taken from this worker's kept
    layouts; None if its pages do not line up with the run's (then it is laid out whole)."""
    pieces = Split.of(html, span)
    count, anchors = runs.shape(looks, pieces, lay_out)
    frame = lay_out(pieces.opening + pieces.before + stand_ins(anchors, SLOT) + pieces.after + pieces.closing)
    before = next((index for index, page in enumerate(frame.pages) if f"{SLOT}-0" in page.anchors), None)
    if before is None or any(f"{SLOT}-{i}" not in page.anchors for i, page in enumerate(frame.pages[before:before + count])):
        return None
    after = len(frame.pages) - before - count
    run = runs.get(looks, pieces, before, after, lay_out)
    if len(run.pages) != before + count + after:
        return None
    runs.last = (before, after)
    return frame.copy(frame.pages[:before] + run.pages[before:before + count] + frame.pages[before + count:])
