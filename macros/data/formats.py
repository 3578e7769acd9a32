"""Downloadable files: the formats we publish, and the facts shown next to each download.

Facts (format, size, SHA-256, pages) are computed from the bytes that are published, so
the size on the page is the size of the file people get.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import Mapping, Optional

from ..text import vn_number


@dataclass(frozen=True)
class Format:
    extension: str
    label: str
    mime: str
    signature: bytes  # how the file starts: a .pdf that does not start with %PDF- is not a PDF
    # A zip package must hold this part: a .docx is a zip with a Word document inside, not any zip.
    # For OpenDocument, the part 'mimetype' must also say the format's own MIME type.
    part: str = ""

    @property
    def pdf(self) -> bool:
        return self.extension == "pdf"


_ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument files are zip archives
FORMATS: Mapping[str, Format] = {f.extension: f for f in (
    Format("pdf", "PDF", "application/pdf", b"%PDF-"),
    Format("docx", "Word (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP, "word/document.xml"),
    Format("xlsx", "Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP, "xl/workbook.xml"),
    Format("pptx", "PowerPoint (.pptx)", "application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP, "ppt/presentation.xml"),
    Format("odt", "OpenDocument (.odt)", "application/vnd.oasis.opendocument.text", _ZIP, "mimetype"),
    Format("ods", "OpenDocument (.ods)", "application/vnd.oasis.opendocument.spreadsheet", _ZIP, "mimetype"),
    Format("odp", "OpenDocument (.odp)", "application/vnd.oasis.opendocument.presentation", _ZIP, "mimetype"),
)}


def package_defect(fmt: Format, content: bytes) -> Optional[str]:
    """Why a zip package is not a document of its format (a wheel or any zip renamed .docx),
    or None. Only the zip's directory and the tiny 'mimetype' part are read: a zip bomb
    is never unpacked."""
    if not fmt.part:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
            if fmt.part not in names:
                return f"tệp nén không chứa tài liệu {fmt.label} (thiếu {fmt.part})"
            if fmt.part == "mimetype":
                info = package.getinfo("mimetype")
                said = package.read(info).decode("ascii", "replace").strip() if info.file_size <= 200 else ""
                if said != fmt.mime:
                    return f"tệp không phải {fmt.label} (mimetype: '{said[:80]}')"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError, EOFError):
        return f"tệp {fmt.label} bị hỏng, không mở được"
    return None


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
    pages: Optional[int | str]  # a str only for a promise (below)
    # Under `make serve`, a PDF the edit changed is rendered after the pages are served: until
    # then it has no bytes, and its links say it is being updated.
    pending: bool = False
    # Under `make build`, a PDF still rendering while the pages are made: its facts are tokens
    # starting so, which the build replaces once the PDF is in (build/late.py).
    promise: str = ""

    @classmethod
    def awaited(cls, name: str) -> "FileFacts":
        return cls(FORMATS[extension_of(name)], 0, "", None, pending=True)

    @classmethod
    def promised(cls, name: str, token: str) -> "FileFacts":
        fmt = FORMATS[extension_of(name)]
        return cls(fmt, 0, token + "sha256", token + "pages" if fmt.pdf else None, promise=token)

    @property
    def size_label(self) -> str:
        return self.promise + "size" if self.promise else size_label(self.size)


def file_facts(name: str, content: bytes, known_pages: Mapping[str, int] | None = None) -> FileFacts:
    """`known_pages`: page counts by SHA-256, from whoever rendered a PDF (spares parsing it)."""
    fmt = FORMATS[extension_of(name)]
    digest = hashlib.sha256(content).hexdigest()
    pages = ((known_pages or {}).get(digest) or pdf_pages(content)) if fmt.pdf else None
    return FileFacts(fmt, len(content), digest, pages)


def downloads_of(files: Mapping[str, bytes], known_pages: Mapping[str, int] | None = None) -> dict[str, FileFacts]:
    """Facts of every downloadable document among built files, keyed by public path."""
    return {path: file_facts(path, content, known_pages) for path, content in files.items() if extension_of(path) in FORMATS}
