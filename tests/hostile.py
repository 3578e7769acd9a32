"""Hostile text for every data field, and one check per kind of built file that the text
came out as text: no element, no link, no formatting made from it.

To cover a new kind of built file (an export), add a checker to CHECKS: a function
(path, site path) -> list of findings, where a finding says what went wrong and where.
The hostile_site fixture (conftest.py) builds the site from data with PAYLOAD planted
everywhere; test_escaping.py fails on any built file of it that no checker covers.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import json
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Callable
from xml.etree import ElementTree

import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

# A marker to find the text by, then HTML, Markdown and an entity: shown as typed or rejected.
MARK = "ĐỘC-HẠI"
PAYLOAD = (f'{MARK} <script>alert(1)</script> <img src=x onerror=alert(3)> <b>đậm</b> *sao* _gạch_ '
           '[liên kết](javascript:alert(2)) `mã` # thẻ &amp; <!-- x -->')
# The same in a field that may hold paragraphs: a blank line ends an HTML block in Markdown.
PARAGRAPHS = f"{PAYLOAD}\n\n{PAYLOAD}"
# Pieces that only survive as text; none of them may turn into markup.
PIECES = ("<script>alert(1)</script>", "<img src=x onerror=alert(3)>", "<b>đậm</b>", "*sao*", "_gạch_", "[liên kết](javascript:alert(2))", "`mã`", "&amp;")

# A table that runs onto a new page repeats its header row there, in the middle of the
# text of a cell that runs on too, cell by cell between the lines of other cells: the
# header cells of the templates' tables (PAYLOAD holds none of these words).
REPEATED_TABLE_HEADERS = ("Lớp", "Ngày", "Thời gian", "Báo cáo viên", "Nội dung", "Phòng")
# Likewise the labels of a class's facts (a two-column list: label beside value): pdftotext
# reads the labels of the next rows between the lines of a value that runs over several lines.
FACT_LABELS = ("Địa điểm", "Phòng học", "Số học viên", "Thành phần triệu tập", "Lưu ý")
# Points of the top and bottom page margins of each kind of PDF (their CSS @page rules), a
# little under: running headers, the draft mark and page numbers sit inside the margins.
PAGE_MARGINS = {"lich/*.pdf": 33, "tai-lieu/de-cuong-*.pdf": 33, "tai-lieu/danh-sach-*.pdf": 41}
PAGE_MARGIN = 56  # the 20 mm of the other PDFs

Finding = str
Checker = Callable[[Path, str], list[Finding]]


# --- planting ------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True


def _edit(path: Path, change: Callable) -> None:
    value = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(value)
    path.write_text(yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


# An inline script written into a hand-written page: it runs only if the page's
# Content-Security-Policy lists its hash, which is made from the templates' scripts alone.
PAGE_SCRIPT = "<script>window.injected = 1</script>"
SCRIPTED_PAGE = "bao-cao-vien.md"


def plant_script(root: Path) -> None:
    """Add PAGE_SCRIPT to the end of the hand-written page docs/SCRIPTED_PAGE."""
    path = root / "docs" / SCRIPTED_PAGE
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + PAGE_SCRIPT + "\n", encoding="utf-8")


def plant(root: Path) -> None:
    """Put PAYLOAD in every kind of text field a page or an export shows."""
    data = root / "data"

    def plan(p):
        p["number"] = PAYLOAD  # hand-written pages show it: {{ plan.number }}
        p["purpose"] = PARAGRAPHS
        p["legal_bases"][0] = PAYLOAD
        p["implementation"][0]["unit"] = PAYLOAD
        p["contents"][0]["text"] = PAYLOAD
        p["superior_body"] = PAYLOAD
        p["recipients"][0] = PAYLOAD

    def topic(t):
        t["title"] = PAYLOAD
        t["summary"] = PARAGRAPHS
        t["objectives"][0] = PAYLOAD
        t["outline"][0] = PAYLOAD

    def klass(c):
        c["name"] = PAYLOAD
        c["note"] = PARAGRAPHS
        c["invited"][0] = PAYLOAD
        c["room"] = PAYLOAD
        discussion = next(s for s in c["sessions"] if s.get("kind") == "discussion")
        discussion["title"] = PAYLOAD
        c["documents"] = {"signer": {"on_behalf": PAYLOAD, "title": PAYLOAD, "name": PAYLOAD}, "addressees": PAYLOAD}
        c["status"] = "finished"  # with results: the class page, /ket-qua/ and the results report show them
        c["results"] = {"attended": 70, "forms_returned": 60, "by_union": [{"union": PAYLOAD, "attended": 10}],
                        "answers": {"noi-dung": {"rat-tot": 30, "tot": 30}}, "note": PARAGRAPHS}

    def lecturers(items):
        items[1]["name"] = PAYLOAD
        items[1]["unit"] = PAYLOAD

    def venues(items):
        venue = next(v for v in items if v["id"] == "phuong-tan-phong")
        venue["name"] = PAYLOAD
        venue["address"] = f"{PAYLOAD}, phường Tân Phong, tỉnh Lai Châu"
        venue["note"] = PAYLOAD
        venue["rooms"].append(PAYLOAD)

    def references(items):
        items[0]["title"] = PAYLOAD
        items[0]["note"] = PAYLOAD
        items[0]["url"] = "https://example.org/van-ban?a=1&b=2#dieu-1"

    def feedback(f):
        f["title"] = PAYLOAD
        f["intro"] = PAYLOAD
        f["questions"][0]["text"] = PAYLOAD
        f["levels"][0]["label"] = PAYLOAD
        f["about"][0]["options"][0] = PAYLOAD
        f["open_questions"][0] = PAYLOAD

    def materials(items):
        form = next(m for m in items if m.get("generated") == "feedback-form")  # listed with its PDF twin
        form["title"] = PAYLOAD
        form["description"] = PAYLOAD

    _edit(data / "plan.yml", plan)
    _edit(data / "feedback.yml", feedback)
    _edit(data / "materials.yml", materials)
    _edit(data / "topics" / "nu-cong.yml", topic)
    _edit(data / "classes" / "lop-1.yml", klass)  # lop-1 meets at phuong-tan-phong
    _edit(data / "lecturers.yml", lecturers)
    _edit(data / "venues.yml", venues)
    _edit(data / "references.yml", references)


# --- checks ---------------------------------------------------------------------------------


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


_WHOLE = _flat(PAYLOAD)


def markup_from_payload(soup: BeautifulSoup, where: str) -> list[Finding]:
    """Elements or links that the payload would have made, had it been read as markup."""
    found = []
    for script in soup.find_all("script"):
        if "alert(" in script.get_text():
            found.append(f"{where}: <script> element made from data")
    for tag in soup.find_all(["b", "em", "i", "strong", "code"]):
        if tag.get_text(strip=True) in ("đậm", "sao", "gạch", "mã"):
            found.append(f"{where}: <{tag.name}>{tag.get_text()}</{tag.name}> made from data")
    for tag in soup.find_all(href=True):
        if tag["href"].strip().lower().startswith(("javascript:", "data:", "vbscript:")):
            found.append(f"{where}: link to {tag['href']!r}")
    for tag in soup.find_all(True):
        if any(name.lower().startswith("on") for name in tag.attrs):
            found.append(f"{where}: <{tag.name}> with an event handler attribute")
    return found


def text_is_whole(soup: BeautifulSoup, where: str) -> list[Finding]:
    """Wherever the marker shows, the whole payload shows around it, as typed."""
    found = []
    for string in soup.find_all(string=lambda s: MARK.casefold() in s.casefold()):
        if string.find_parent(["script", "style"]):
            continue
        # A chart's label is one SVG <text>, its lines <tspan>s (SVG text does not wrap by itself).
        holder = string.find_parent("text") if string.parent.name == "tspan" else string.parent
        if _WHOLE not in _flat(holder.get_text()):
            found.append(f"{where}: <{holder.name}> shows {_flat(holder.get_text())[:120]!r}, not the text as typed")
    return found


def meta_text_is_whole(soup: BeautifulSoup, where: str) -> list[Finding]:
    """The page's description and link-preview tags (<meta content>) carry the text as typed:
    read back from the attribute, the whole payload, not escaped twice, not cut into markup."""
    return [f"{where}: <meta {tag.get('property') or tag.get('name')}> says {tag['content'][:120]!r}, not the text as typed"
            for tag in soup.find_all("meta", content=True)
            if MARK.casefold() in tag["content"].casefold() and not _whole_or_cut(_flat(tag["content"]))]


def _whole_or_cut(text: str) -> bool:
    """The whole payload is there; or a description cut at its length limit ('…') ends in the
    payload's own first characters, as typed (cut at a word: a space may be dropped before '…')."""
    if _WHOLE in text:
        return True
    if not text.endswith("…"):
        return False
    shown = text[:-1].rstrip()
    start = shown.rfind(MARK.casefold())
    return start >= 0 and _WHOLE.startswith(shown[start:])


def check_html(path: Path, name: str) -> list[Finding]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return markup_from_payload(soup, name) + text_is_whole(soup, name) + meta_text_is_whole(soup, name)


def check_png(path: Path, name: str) -> list[Finding]:
    """A link-preview image: the text is drawn, so only the file can go wrong: a 1200 × 630
    PNG that Pillow reads whole, carrying no text chunk (nothing from data hides in it)."""
    from PIL import Image

    with Image.open(path) as image:
        image.load()
        found = [] if (image.format, image.size) == ("PNG", (1200, 630)) else [f"{name}: {image.format} {image.size}"]
        text = {key: value for key, value in image.info.items() if isinstance(value, str)}
    return found + ([f"{name}: text chunks {sorted(text)}"] if text else [])


def check_search_index(path: Path, name: str) -> list[Finding]:
    """Material's search shows titles and text of the index as HTML."""
    found = []
    for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]:
        for key in ("title", "text"):
            found += markup_from_payload(BeautifulSoup(doc.get(key, ""), "html.parser"), f"{name} [{doc['location']}] {key}")
    return found


def _plain_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _plain_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _plain_strings(v)]
    return []


def _plain_text_findings(values: list[str], where: str) -> list[Finding]:
    """Data files (JSON, CSV, calendars) carry the text as typed: exactly, no escaping, no loss."""
    return [f"{where}: {value[:120]!r} is not the text as typed" for value in values
            if MARK in value and _WHOLE not in _flat(value)]


def check_json(path: Path, name: str) -> list[Finding]:
    return _plain_text_findings(_plain_strings(json.loads(path.read_text(encoding="utf-8"))), name)


def check_csv(path: Path, name: str) -> list[Finding]:
    rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return _plain_text_findings([cell for row in rows for cell in row], name)


def check_ics(path: Path, name: str) -> list[Finding]:
    import icalendar

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    values = [str(component.get(key)) for component in calendar.walk()
              for key in ("SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME", "X-WR-CALDESC") if component.get(key) is not None]
    return _plain_text_findings(values, name)


def check_pdf(path: Path, name: str) -> list[Finding]:
    """Printed text: each time the marker shows, every piece shows as typed (a table cell
    may wrap lines, so pieces are counted, not matched as one string; a heading may be set
    in capitals, so case is ignored)."""
    # In the order the text was laid out (-raw), so two columns side by side do not
    # interleave their lines. Only the page body: running headers and page numbers sit in the margins and
    # would otherwise interrupt a text that runs on from one page to the next.
    box = PdfReader(path).pages[0].mediabox
    width, height = int(box.width), int(box.height)
    margin = next((points for pattern, points in PAGE_MARGINS.items() if fnmatch.fnmatch(name, pattern)), PAGE_MARGIN)
    crop = ["-x", "0", "-y", str(margin), "-W", str(width), "-H", str(height - 2 * margin)]
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", *crop, str(path), "-"], capture_output=True, text=True, check=True).stdout
    def squeeze(value: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFC", value)).casefold()
    flat = squeeze(text)
    for header in (*FACT_LABELS, *REPEATED_TABLE_HEADERS):  # "Phòng học" before "Phòng"
        flat = flat.replace(squeeze(header), "")
    marks = flat.count(squeeze(MARK))
    counts = {piece: flat.count(squeeze(piece)) for piece in PIECES}
    return [f"{name}: {MARK} shows {marks} times but {piece!r} {n} times" for piece, n in counts.items() if n < marks]


def check_docx(path: Path, name: str) -> list[Finding]:
    """A Word file made from data: wherever the marker shows, its paragraph holds the whole text
    as typed, and no hyperlink or field was made from it."""
    import zipfile

    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    found = []
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, re.DOTALL):
        text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph))
        from html import unescape
        text = unescape(text)
        if MARK in text and _WHOLE not in _flat(text):
            found.append(f"{name}: paragraph {_flat(text)[:120]!r} is not the text as typed")
        if MARK in text and ("<w:hyperlink" in paragraph or "<w:instrText" in paragraph):
            found.append(f"{name}: a link or field made from data")
    return found


def check_xml(path: Path, name: str) -> list[Finding]:
    try:
        ElementTree.parse(path)
    except ElementTree.ParseError as error:
        return [f"{name}: not well-formed XML ({error})"]
    return []


def no_data(path: Path, name: str) -> list[Finding]:
    """Theme assets and copies: nothing from data in them."""
    return []


# Site path pattern -> checker; the first pattern that matches a file is used.
CHECKS: list[tuple[str, Checker]] = [
    ("search/search_index.json", check_search_index),
    ("*.html", check_html),
    ("*.json", check_json),
    ("*.csv", check_csv),
    ("*.ics", check_ics),
    ("*.pdf", check_pdf),
    ("*.xml", check_xml),
    ("anh-xem-truoc/*.png", check_png),  # link-preview images: data text drawn as pixels
    ("sitemap.xml.gz", no_data),  # the same sitemap, compressed
    ("assets/*", no_data),  # the theme's scripts, styles, fonts and images
    ("stylesheets/*", no_data),  # docs/stylesheets, written by hand
    ("sw.js", no_data),  # the service worker: a build digest and the theme's asset paths
    ("tai-lieu/*/*.docx", check_docx),  # each class's plan and summons, written from data
    ("tai-lieu/ke-hoach-15-kh-ldld-2026.docx", check_docx),  # the plan, written from data
    ("tai-lieu/bao-cao-ket-qua-2026.docx", check_docx),  # the results report, written from data
    ("tai-lieu/phieu-lay-y-kien-hoc-vien.docx", check_docx),  # the feedback form (a generated material), written from data
    ("tai-lieu/*.docx", no_data),  # materials kept as files, published byte for byte
]


def checker_for(name: str) -> Checker | None:
    return next((check for pattern, check in CHECKS if fnmatch.fnmatch(name, pattern)), None)
