"""HTML to PDF with WeasyPrint and the bundled font: the one PDF machinery of the portal.

Only the bundled Noto Serif family is declared, and it covers all of Vietnamese, so no
character falls back to a system font (which could silently mix typefaces).

Rendering is deterministic (same HTML, CSS, fonts and WeasyPrint, same bytes), so PDFs are
kept in a content-addressed PdfCache (pdf_cache.py): a rebuild renders only the PDFs whose
inputs changed, and gives the bytes a fresh render would.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..views.render import render
from ..views.review import DRAFT_MARK
from .pdf_cache import PdfCache, cache_key

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
    return render("pdf/base.css", faces=font_faces(), family=FONT_FAMILY, draft_mark=DRAFT_MARK)


def html_to_pdf(html: str, *, base_url: str, extra_css: str = "", cache: PdfCache | None = None) -> bytes:
    """Render HTML to PDF bytes. Same HTML, same bytes: the file identifier comes from the input."""
    stylesheets = [base_css()] + ([extra_css] if extra_css else [])
    key = cache_key(html, base_url, stylesheets, fonts=[FONTS / name for name in sorted(FONT_FILES.values())]) if cache else ""
    if cache and (cached := cache.load(key)) is not None:
        return cached
    content, pages = _render(html, base_url, stylesheets, extra_css)
    if cache:
        cache.store(key, content, pages)
    return content


def _render(html: str, base_url: str, stylesheets: list[str], extra_css: str) -> tuple[bytes, int]:
    # Imported here: WeasyPrint and Pango take a while to load, and a build whose PDFs are
    # all cached never needs them.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    identifier = hashlib.sha256(html.encode("utf-8") + extra_css.encode("utf-8")).hexdigest()[:32].encode("ascii")
    document = HTML(string=html, base_url=base_url).render(
        stylesheets=[CSS(string=css, font_config=fonts) for css in stylesheets], font_config=fonts)
    return document.write_pdf(pdf_identifier=identifier), len(document.pages)
