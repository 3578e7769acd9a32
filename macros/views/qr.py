"""QR codes as inline SVG (segno): drawn by the page itself, nothing fetched from another host."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..memo import remembered

if TYPE_CHECKING:
    import segno

# Medium error correction survives a creased or smudged printout; a 4-module quiet zone is
# what phone scanners expect around the code.
ERROR_LEVEL = "m"
QUIET_ZONE = 4


@lru_cache(maxsize=None)  # a class's address is drawn on its page, its PDF and in the handbook
def qr_code(text: str) -> segno.QRCode:
    import segno  # on first use: a build whose pages and exports come from the memo draws no code

    return segno.make(text, error=ERROR_LEVEL, micro=False)


@remembered(packages=("segno",), decode=Markup)  # segno picks the best of eight masks: slow, at 50 classes
def qr_svg(text: str, *, title: str) -> Markup:
    """An inline <svg> that scales with its box (no fixed size) and stays dark on white in any theme."""
    svg = qr_code(text).svg_inline(scale=1, border=QUIET_ZONE, dark="#000", light="#fff", title=title,
                                    svgclass="qr-code", lineclass="qr-code__modules", omitsize=True)
    return Markup(svg)


@remembered(packages=("segno",), decode=Markup)
def print_qr_svg(text: str, *, scale: int) -> Markup:
    """A QR code of a fixed size for a print layout, which draws the white margin around it."""
    return Markup(qr_code(text).svg_inline(scale=scale, border=0, dark="#000"))
