"""Word (.docx) from an official document's view (views/official.py), with python-docx.

The layout of Nghị định 30/2020/NĐ-CP and Quyết định 933/QĐ-TLĐ (shared/DOMAIN.md): A4
portrait; margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman, body 14 pt;
the header block as a borderless table (issuer and number on the left, the nation, motto and
place-and-date line on the right); page numbers centred in the top margin from page 2; the
recipients and the signature block side by side. A draft says so at the head of every page.

Reproducible: python-docx stamps the zip entries with the current time and its template
carries its own document properties, so the properties are set from the data and the
package is rewritten with fixed timestamps and a fixed entry order. Same view, same bytes.

Made documents are kept in a content-addressed cache (docx_cache.py): at hundreds of classes,
a build makes only the documents whose view changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cached_property, lru_cache
from importlib import metadata
from pathlib import Path

from ..views.qr import qr_code
from ..views.review import DRAFT_MARK
from .docx_cache import DocxCache
from .pdf import RenderPlan, made

FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH_MM = 210 - 30 - 15
ORG_WIDTH_MM = 62  # the issuer's column of the header block; the nation's takes the rest
FORMAT = "1"  # bump when the layout changes in a way the code digest would not show


def docx_bytes(view: dict, cache: DocxCache | RenderPlan | None = None) -> bytes:
    """The document of `view`, from the cache when it holds it. `cache` may be a build's plan of
    documents: a document the cache lacks is then written in a worker process."""
    return made(DocxJob(view), cache)


@dataclass(frozen=True)
class DocxJob:
    """One Word document to write: the same view always gives the same bytes."""

    view: dict
    kind = "docx"

    @cached_property
    def key(self) -> str:
        return cache_key(self.view)

    def run(self) -> tuple[bytes, None]:
        return write_docx(self.view), None


def cache_key(view: dict) -> str:
    digest = hashlib.sha256(_writer_digest())
    digest.update(json.dumps(view, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _writer_digest() -> bytes:
    """This writer's code and the versions of the libraries that write the package."""
    digest = hashlib.sha256(FORMAT.encode())
    for name in ("python-docx", "lxml", "segno"):
        digest.update(f"{name}={metadata.version(name)};".encode())
    digest.update(Path(__file__).read_bytes())
    return digest.digest()


def write_docx(view: dict) -> bytes:
    import docx  # here: a build whose documents are all cached never loads python-docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = docx.Document()
    _styles(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    _page_headers(section, view["draft"])
    body = document.element.body
    body.remove(body[0]) if len(body) and body[0].tag.endswith("}p") else None  # the template's empty paragraph

    _header_block(document, view)
    _title(document, view)
    for block in view["blocks"]:
        BLOCKS[block["kind"]](document, block)
    if view.get("recipients") is not None or view.get("signer") is not None:
        _footer_block(document, view)
    _properties(document, view)
    out = io.BytesIO()
    document.save(out)
    return normalised_package(out.getvalue(), view["date"])


# --- styles and page ---------------------------------------------------------------------------


def _style_font(style) -> None:
    """Times New Roman for every script slot of a style: Word picks the font by the character's
    script, and Vietnamese letters with two marks may count as another script than Latin."""
    from docx.oxml.ns import qn

    style.font.name = FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _font(run_or_style, size: float | None = None, *, bold: bool | None = None, italic: bool | None = None,
          caps: bool | None = None, color: str | None = None) -> None:
    """A run's size and emphasis; its typeface is its style's (Times New Roman, see _styles)."""
    from docx.shared import Pt, RGBColor

    font = run_or_style.font
    if size is not None and size != BODY_PT:
        font.size = Pt(size)
    if bold:
        font.bold = True
    if italic:
        font.italic = True
    if caps is not None:
        font.all_caps = caps
    if color is not None:
        font.color.rgb = RGBColor.from_string(color)


def _styles(document) -> None:
    from docx.shared import Pt

    normal = document.styles["Normal"]
    _style_font(normal)
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name in ("Table Grid", "Header"):
        _style_font(document.styles[name])


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE) that Word and LibreOffice compute when they lay the page out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _page_headers(section, draft: bool) -> None:
    """Page numbers centred in the top margin, not on page 1; a draft's mark on every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section.different_first_page_header_footer = True
    for header, numbered in ((section.first_page_header, False), (section.header, True)):
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if numbered:
            _field(paragraph, "PAGE", "2")
        if draft:
            if numbered:
                paragraph.add_run("   ")
            _font(paragraph.add_run(DRAFT_MARK), 12, bold=True, color="B00020")


def _paragraph(container, text: str = "", size: float = BODY_PT, *, bold: bool = False, italic: bool = False,
               align: str = "center", indent: bool = False, after: float = 0, before: float = 0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                           "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    form = paragraph.paragraph_format
    form.space_after, form.space_before = Pt(after), Pt(before)
    if indent:
        form.first_line_indent = Cm(1)
    if text:
        _font(paragraph.add_run(text), size, bold=bold, italic=italic)
    return paragraph


def _rule(container, length_mm: float, cell_mm: float) -> None:
    """A thin horizontal line of a given length, centred in its column: a paragraph's top border."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph = container.add_paragraph()
    form = paragraph.paragraph_format
    side = max((cell_mm - length_mm) / 2, 0)
    form.left_indent, form.right_indent = Mm(side), Mm(side)
    form.space_before, form.space_after = Pt(1), Pt(4)
    _font(paragraph.add_run(""), 4)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(name), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def _empty_cell(cell):
    """A table cell's own first paragraph, removed so that every paragraph is ours."""
    cell._tc.remove(cell.paragraphs[0]._p)
    return cell


def _borderless_table(document, widths_mm: list[float]):
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=len(widths_mm))
    _widths(table, [Mm(width) for width in widths_mm])
    return table


def _widths(table, widths: list) -> None:
    """Column widths in the table's grid (LibreOffice reads these) and in each cell (Word reads these)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


# --- the parts of a document -----------------------------------------------------------------


def _header_block(document, view: dict) -> None:
    if view.get("form"):  # a form, not a letter: the issuer's name above its title
        _paragraph(document, view["issuer"], 12, bold=True)
        return
    nation_mm = TEXT_WIDTH_MM - ORG_WIDTH_MM
    table = _borderless_table(document, [ORG_WIDTH_MM, nation_mm])
    org, nation = (_empty_cell(c) for c in table.rows[0].cells)
    _paragraph(org, view["superior"], 12)
    _paragraph(org, view["issuer"], 12, bold=True)
    _rule(org, 22, ORG_WIDTH_MM)
    _paragraph(org, view["number"], 13)
    _paragraph(nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _paragraph(nation, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    _rule(nation, 60, nation_mm)
    _paragraph(nation, view["date_line"], 14, italic=True)


def _title(document, view: dict) -> None:
    _paragraph(document, view["doc_type"], 14, bold=True, before=18)
    _paragraph(document, view["subject"], 14, bold=True)
    _rule(document, 30, TEXT_WIDTH_MM)
    if view.get("addressees"):
        _paragraph(document, f"Kính gửi: {view['addressees']}", 14, after=6)


def _para(document, block: dict) -> None:
    paragraph = _paragraph(document, align="justify", indent=True, after=6)
    if block.get("lead"):
        _font(paragraph.add_run(block["lead"] + " "), BODY_PT, bold=True)
    _font(paragraph.add_run(block["text"]), BODY_PT)


def _heading(document, block: dict) -> None:
    _paragraph(document, block["text"], BODY_PT, bold=True, align="justify", indent=True, before=6, after=6)


def _table(document, block: dict) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm

    table = document.add_table(rows=1 + len(block["rows"]), cols=len(block["columns"]))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [Mm(TEXT_WIDTH_MM * share / 100) for share in block["widths"]])
    for r, values in enumerate([block["columns"], *block["rows"]]):
        for c, value in enumerate(values):
            cell = _empty_cell(table.rows[r].cells[c])
            _paragraph(cell, str(value), 13, bold=r == 0, align="center" if r == 0 else "left")
    _paragraph(document, after=6)


def _qr(document, block: dict) -> None:
    from docx.shared import Mm

    image = io.BytesIO()
    qr_code(block["url"]).save(image, kind="png", scale=8, border=2)
    image.seek(0)
    paragraph = _paragraph(document)
    paragraph.add_run().add_picture(image, width=Mm(30))
    _paragraph(document, block["caption"], 12, italic=True, after=6)


def _chart(document, block: dict) -> None:
    """A bar chart Word can edit: a table whose bars are shaded cells, the numbers beside."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    _paragraph(document, block["title"], 13, bold=True, after=3)
    bar_mm, label_mm = 85, 50
    top = max(block["max"], 1)
    table = document.add_table(rows=len(block["bars"]), cols=3)
    _widths(table, [Mm(label_mm), Mm(bar_mm), Mm(TEXT_WIDTH_MM - label_mm - bar_mm)])
    for row, bar in zip(table.rows, block["bars"]):
        label, chart, number = (_empty_cell(c) for c in row.cells)
        _paragraph(label, bar["label"], 12, align="left")
        _paragraph(number, bar["note"], 12, align="left")
        # The bar: a one-cell table inside the chart cell, shaded, as wide as the value.
        filled = max(int(bar_mm * bar["value"] / top), 1) if bar["value"] else 0
        inner_paragraph = _paragraph(chart, "", 6)
        if filled:
            inner = chart.add_table(rows=1, cols=1)
            _widths(inner, [Mm(filled)])
            shade = inner.rows[0].cells[0]
            properties = shade._tc.get_or_add_tcPr()
            fill = OxmlElement("w:shd")
            for name, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "1F5F8B")):
                fill.set(qn(name), value)
            properties.append(fill)
            chart._tc.remove(inner_paragraph._p)
            _paragraph(chart, "", 4)
    _paragraph(document, after=6)


def _subheading(document, block: dict) -> None:
    _paragraph(document, block["text"], BODY_PT, bold=True, align="justify", indent=True, after=3)


def _link(document, block: dict) -> None:
    _paragraph(document, block["url"], 13, after=3)


BOX = "☐"  # Word shows it from a symbol font where Times New Roman lacks it


def _choices(document, block: dict) -> None:
    paragraph = _paragraph(document, align="left", indent=True, after=3)
    _font(paragraph.add_run(block["lead"]), BODY_PT, bold=True)
    for option in block["options"]:
        paragraph.add_run(f"  {BOX} {option}")


def _rating(document, block: dict) -> None:
    from docx.shared import Mm

    levels = len(block["columns"]) - 2
    table = document.add_table(rows=1 + len(block["rows"]), cols=len(block["columns"]))
    table.style = document.styles["Table Grid"]
    level_mm = 20
    _widths(table, [Mm(12), Mm(TEXT_WIDTH_MM - 12 - level_mm * levels)] + [Mm(level_mm)] * levels)
    for r, values in enumerate([block["columns"], *[[*row, *[BOX] * levels] for row in block["rows"]]]):
        for c, value in enumerate(values):
            cell = _empty_cell(table.rows[r].cells[c])
            _paragraph(cell, value, 13, bold=r == 0, align="left" if c == 1 and r else "center")
    _paragraph(document, after=6)


def _blank_lines(document, block: dict) -> None:
    for _ in range(block["count"]):
        _paragraph(document, "…" * 60, 13, align="left", after=3)


def _closing(document, block: dict) -> None:
    _paragraph(document, block["text"], BODY_PT, italic=True, before=12)


BLOCKS = {"choices": _choices, "rating": _rating, "blank_lines": _blank_lines, "closing": _closing, "link": _link, "para": _para, "heading": _heading, "subheading": _subheading, "table": _table, "qr": _qr, "chart": _chart}


def _footer_block(document, view: dict) -> None:
    half = TEXT_WIDTH_MM / 2
    table = _borderless_table(document, [half, half])
    recipients, signature = (_empty_cell(c) for c in table.rows[0].cells)
    if view.get("recipients"):
        _paragraph(recipients, "Nơi nhận:", 12, bold=True, italic=True, align="left", before=12)
        for line in view["recipients"]:
            _paragraph(recipients, f"- {line}", 11, align="left")
    else:
        _paragraph(recipients, "")
    signer = view["signer"]
    _paragraph(signature, signer["on_behalf"], 14, bold=True, before=12)
    _paragraph(signature, signer["title"], 14, bold=True)
    _paragraph(signature, "", 14, after=60)
    _paragraph(signature, signer["name"], 14, bold=True)


def _properties(document, view: dict) -> None:
    """Document properties from the data: who issued it, what it is, when (never the clock)."""
    moment = datetime.combine(view["date"], datetime.min.time(), tzinfo=timezone.utc)
    core = document.core_properties
    core.author = core.last_modified_by = view["author"]
    core.title = view["title"]
    core.subject = view["subject"]
    core.comments = core.keywords = core.category = ""
    core.created = core.modified = moment
    core.revision = 1


# --- the package -----------------------------------------------------------------------------


def normalised_package(content: bytes, day: date) -> bytes:
    """The same zip, each entry stamped with the document's date and written in a fixed order
    ([Content_Types].xml first, as Office writes it), with fixed attributes."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    order = sorted(parts, key=lambda name: (name != "[Content_Types].xml", name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            package.writestr(info, parts[name], compresslevel=1)
    return out.getvalue()
