"""Link-preview images (Open Graph): one 1200 × 630 PNG per class and topic page, and the
portal's own for every other page, drawn from the cards of views/previews.py.

Drawn offline with Pillow and the bundled Noto Serif (the PDFs' font: every Vietnamese
letter), with Pillow's basic text layout, not the system's text-shaping libraries: the same
card gives the same bytes on every machine with the same Pillow. A palette PNG, a few tens
of KB. A build takes each image whose card did not change from the image cache
(image_cache.py), so a rebuild draws only what changed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..data.site import Site
from ..views.previews import HEIGHT, WIDTH, previews
from . import Context, export
from .image_cache import ImageCache
from .pdf import FONTS

REGULAR, BOLD = FONTS / "NotoSerif-Regular.ttf", FONTS / "NotoSerif-Bold.ttf"
FORMAT = "1"  # bump when the drawing changes in a way the module's own bytes do not show

INDIGO, INDIGO_DARK, INK, GREY, RED, PAPER = "#3f51b5", "#283593", "#1a1a1a", "#555555", "#b71c1c", "#ffffff"
MARGIN = 64
# The palette: each colour of the drawing, and the steps between a text's colour and the colour
# under it (the anti-aliased edges of the letters). Fixed, so that mapping the drawing onto it
# is a lookup per pixel, not a search for the best colours (a tenth of the drawing's time).
RAMPS = ((PAPER, INK), (PAPER, GREY), (PAPER, RED), (INDIGO, PAPER), (INDIGO_DARK, PAPER))
STEPS = 12


@lru_cache(maxsize=None)
def _font(path: Path, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def _wrap(text: str, font, width: int, max_lines: int) -> list[str]:
    """Words in lines of at most `width` pixels; at most max_lines, the last ending in '…'
    if the text runs on. A word too long for a line is cut."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
            continue
        while font.getlength(word) > width:  # a word wider than the line (a long code or address)
            cut = max(1, next(n for n in range(len(word), 0, -1) if font.getlength(word[:n]) <= width))
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and font.getlength(last + " …") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines = lines[:max_lines - 1] + [last + " …"]
    return lines


def _title_lines(title: str, width: int) -> tuple[list[str], object]:
    """The title as large as fits in three lines."""
    for size in (68, 60, 52, 46):
        font = _font(BOLD, size)
        lines = _wrap(title, font, width, max_lines=3)
        if not lines[-1].endswith(" …"):
            return lines, font
    return lines, font


def draw(card: dict) -> bytes:
    """The card as a 1200 × 630 palette PNG."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    pen = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN

    # The band on top: who publishes.
    pen.rectangle((0, 0, WIDTH, 96), fill=INDIGO)
    kicker_font = _font(BOLD, 30)
    pen.text((MARGIN, 48), _wrap(card["kicker"], kicker_font, inner, 1)[0], font=kicker_font, fill=PAPER, anchor="lm")

    y = 140
    if card["draft"]:  # a draft says so before anything else, in red
        draft_font = _font(BOLD, 30)
        label = _wrap(card["draft"].upper(), draft_font, inner - 40, 1)[0]
        box = (MARGIN, y, MARGIN + int(draft_font.getlength(label)) + 40, y + 56)
        pen.rectangle(box, outline=RED, width=4)
        pen.text((MARGIN + 20, y + 28), label, font=draft_font, fill=RED, anchor="lm")
        y += 84

    lines, title_font = _title_lines(card["title"], inner)
    step = int(title_font.size * 1.3)
    for line in lines:
        pen.text((MARGIN, y), line, font=title_font, fill=INK, anchor="la")
        y += step
    y += 16

    # Dates and place: two lines each at most, as many as fit above the foot.
    body_font, body_step, bottom = _font(REGULAR, 34), 48, HEIGHT - 72 - 16
    for text in card["lines"]:
        room = (bottom - y) // body_step
        if room < 1:
            break
        for line in _wrap(text, body_font, inner, max_lines=min(2, room)):
            pen.text((MARGIN, y), line, font=body_font, fill=GREY, anchor="la")
            y += body_step

    # The foot: the plan it belongs to.
    pen.rectangle((0, HEIGHT - 72, WIDTH, HEIGHT), fill=INDIGO_DARK)
    footer_font = _font(REGULAR, 26)
    pen.text((MARGIN, HEIGHT - 36), _wrap(card["footer"], footer_font, inner, 1)[0], font=footer_font, fill=PAPER, anchor="lm")

    out = io.BytesIO()
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


@lru_cache(maxsize=1)
def _palette():
    from PIL import Image

    colours: list[tuple[int, ...]] = []
    for under, over in RAMPS:
        a, b = _rgb(under), _rgb(over)
        for step in range(STEPS + 1):
            mixed = tuple(round(x + (y - x) * step / STEPS) for x, y in zip(a, b))
            if mixed not in colours:
                colours.append(mixed)
    colours += [colours[0]] * (256 - len(colours))  # the unused entries: paper again, never nearer than it
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for colour in colours for value in colour])
    return palette


@lru_cache(maxsize=1)
def _drawing_digest() -> bytes:
    """What every image is drawn with: this module, the fonts, Pillow's version and its compiled
    core (with the FreeType and zlib it was built with: its size tells two builds apart). Read
    without importing Pillow's image module, which a build that draws nothing never needs."""
    core = Path(importlib.util.find_spec("PIL._imaging").origin)
    digest = hashlib.sha256(f"{FORMAT};pillow={metadata.version('pillow')};{core.name}:{core.stat().st_size};".encode())
    for path in (Path(__file__), REGULAR, BOLD):
        digest.update(path.read_bytes())
    return digest.digest()


def card_key(card: dict) -> str:
    """A digest of everything one image is made from."""
    return hashlib.sha256(_drawing_digest() + json.dumps(card, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def image_of(card: dict, cache: ImageCache | None) -> bytes:
    if cache is None:
        return draw(card)
    key = card_key(card)
    found = cache.load(key)
    if found is None:
        found = draw(card)
        cache.store(key, found)
    return found


@export
def preview_images(site: Site, context: Context) -> dict[str, bytes]:
    return {preview["image"]: image_of(preview["card"], context.image_cache) for preview in previews(site)}
