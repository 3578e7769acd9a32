"""Downloadable files: the formats we publish, and the facts shown next to each download.

Facts (format, size, SHA-256, pages) are computed from the bytes that are published, so
the size on the page is the size of the file people get.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from .text import vn_number

MAX_BYTES = 20 * 1024 * 1024  # 20 MB: a trainee on a rural link must still be able to download it


@dataclass(frozen=True)
class Format:
    extension: str
    label: str
    mime: str
    signature: bytes  # how the file starts: a .pdf that does not start with %PDF- is not a PDF

    @property
    def pdf(self) -> bool:
        return self.extension == "pdf"


_ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument files are zip archives
FORMATS: Mapping[str, Format] = {f.extension: f for f in (
    Format("pdf", "PDF", "application/pdf", b"%PDF-"),
    Format("docx", "Word (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    Format("xlsx", "Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    Format("pptx", "PowerPoint (.pptx)", "application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    Format("odt", "OpenDocument (.odt)", "application/vnd.oasis.opendocument.text", _ZIP),
    Format("ods", "OpenDocument (.ods)", "application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    Format("odp", "OpenDocument (.odp)", "application/vnd.oasis.opendocument.presentation", _ZIP),
)}


def extension_of(name: str) -> str:
    """'data/materials/Phieu.DOCX' -> 'docx'; '' when there is none."""
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def format_of(name: str) -> Optional[Format]:
    return FORMATS.get(extension_of(name))


def size_label(size: int) -> str:
    """Vietnamese style, 1024-based like the file managers staff use: '850 byte', '182 KB', '1,2 MB'."""
    if size < 1024:
        return f"{size} byte"
    kilobytes = size / 1024
    if kilobytes < 1000:
        return f"{vn_number(max(1, round(kilobytes)))} KB"
    return f"{vn_number(size / 1024 / 1024, 1)} MB"


def pdf_pages(content: bytes) -> int:
    """Page count; raises ValueError when the bytes are not a readable PDF."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        # The page tree's own count, read without loading every page; walk the tree only when
        # the count is missing or not a number.
        count = reader.trailer["/Root"]["/Pages"].get("/Count")
        return count if isinstance(count, int) and count > 0 else len(reader.pages)
    except Exception as error:  # a parser fed any bytes staff upload: every failure means "not readable"
        raise ValueError(str(error) or type(error).__name__) from None


@dataclass(frozen=True)
class FileFacts:
    """What a download link says about its file."""

    format: Format
    size: int
    sha256: str
    pages: Optional[int]

    @property
    def size_label(self) -> str:
        return size_label(self.size)


def facts(name: str, content: bytes, known_pages: Mapping[str, int] | None = None) -> FileFacts:
    """`known_pages`: page counts by SHA-256, from whoever rendered a PDF (spares parsing it)."""
    fmt = FORMATS[extension_of(name)]
    digest = hashlib.sha256(content).hexdigest()
    pages = ((known_pages or {}).get(digest) or pdf_pages(content)) if fmt.pdf else None
    return FileFacts(fmt, len(content), digest, pages)


def facts_of(files: Mapping[str, bytes], known_pages: Mapping[str, int] | None = None) -> dict[str, FileFacts]:
    """Facts of every downloadable document among built files, keyed by public path."""
    return {path: facts(path, content, known_pages) for path, content in files.items() if extension_of(path) in FORMATS}


# --- Files as staff put them in the repository ------------------------------------------------

# Every input of the Site lives under this folder: records, and the files materials name.
DATA = "data"


@dataclass(frozen=True)
class Attachment:
    """A file named by a material, as found on disk: read only when it may be published."""

    path: str
    exists: bool
    size: int = 0
    content: Optional[bytes] = None
    siblings: tuple[str, ...] = ()  # the other files in its folder, to suggest the intended one

    def defect(self) -> Optional[str]:
        """Why the content cannot be published as its format, or None."""
        fmt = format_of(self.path)
        if fmt is None or self.content is None:
            return None
        if not self.content.startswith(fmt.signature):
            return f"nội dung tệp không phải định dạng {fmt.label}"
        if fmt.pdf:
            try:
                pdf_pages(self.content)
            except ValueError:
                return "tệp PDF bị hỏng, không đọc được"
        return None


def attach(root: Path, path: str) -> Attachment:
    full = root / path
    siblings = tuple(sorted(p.relative_to(root).as_posix() for p in full.parent.glob("*") if p.is_file())) if full.parent.is_dir() else ()
    if not full.is_file():
        return Attachment(path, exists=False, siblings=siblings)
    size = full.stat().st_size
    content = full.read_bytes() if size <= MAX_BYTES else None
    return Attachment(path, exists=True, size=size, content=content, siblings=siblings)
