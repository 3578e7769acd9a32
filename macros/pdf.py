"""HTML to PDF with WeasyPrint and the bundled font: the one PDF machinery of the portal.

Only the bundled Noto Serif family is declared, and it covers all of Vietnamese, so no
character falls back to a system font (which could silently mix typefaces).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .render import render

FONTS = Path(__file__).parent / "fonts"
FONT_FAMILY = "Noto Serif"
FONT_FILES = {
    ("normal", 400): "NotoSerif-Regular.ttf",
    ("normal", 700): "NotoSerif-Bold.ttf",
    ("italic", 400): "NotoSerif-Italic.ttf",
    ("italic", 700): "NotoSerif-BoldItalic.ttf",
}


def font_faces() -> list[dict]:
    return [{"family": FONT_FAMILY, "style": style, "weight": weight, "url": (FONTS / name).as_uri()}
            for (style, weight), name in FONT_FILES.items()]


def base_css() -> str:
    """@font-face rules and the page defaults shared by every PDF."""
    return render("pdf/base.css", faces=font_faces(), family=FONT_FAMILY)


def html_to_pdf(html: str, *, base_url: str, extra_css: str = "") -> bytes:
    """Render HTML to PDF bytes. Same HTML, same bytes: the file identifier comes from the input."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    stylesheets = [CSS(string=base_css(), font_config=fonts)]
    if extra_css:
        stylesheets.append(CSS(string=extra_css, font_config=fonts))
    identifier = hashlib.sha256(html.encode("utf-8") + extra_css.encode("utf-8")).hexdigest()[:32].encode("ascii")
    document = HTML(string=html, base_url=base_url)
    return document.write_pdf(stylesheets=stylesheets, font_config=fonts, pdf_identifier=identifier)
