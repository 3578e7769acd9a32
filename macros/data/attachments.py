"""Files that materials name, as staff put them in the repository: read only when they may be published."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .formats import format_of, pdf_pages

MAX_BYTES = 20 * 1024 * 1024  # 20 MB: a trainee on a rural link must still be able to download it

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
