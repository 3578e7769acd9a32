"""Files that materials name, as staff put them in the repository: read only when they may be published."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .formats import format_of, package_defect, pdf_pages

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
    refused: Optional[str] = None  # why the path is not a file that may be published (a symlink…)

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
        return package_defect(fmt, self.content)


def refusal(root: Path, path: str) -> Optional[str]:
    """Why root/path may not be published, or None: every part of the path from data/ down
    must be a real folder and the last a regular file (no symlink to a file outside the
    repository, no device such as /dev/zero, no pipe), and its real path must lie inside
    data/materials/."""
    current = root
    for part in path.split("/"):
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return None  # missing: said by material_files_exist
        if stat.S_ISLNK(mode):
            return "là liên kết tượng trưng (symlink), không phải tệp thật"
    if not stat.S_ISREG(mode):
        return "không phải tệp thường (thư mục, thiết bị hay ống dẫn)"
    folder = (root / DATA / "materials").resolve()
    if not current.resolve().is_relative_to(folder):
        return "nằm ngoài thư mục data/materials/"
    return None


def _read_at_most(full: Path, limit: int) -> tuple[int, Optional[bytes]]:
    """(size, bytes) of a regular file, read only when its size is within the limit; opened
    without following a symlink put there since it was checked."""
    fd = os.open(full, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode) or size > limit:
            return size, None
        content = file.read(limit + 1)
    return (len(content), None) if len(content) > limit else (len(content), content)


def material_files(root: Path) -> list[str]:
    """Every entry of data/materials/ (files, links, anything), as paths from the project root."""
    folder = root / DATA / "materials"
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(f"{DATA}/materials/{name}" for name in os.listdir(folder))


def attach(root: Path, path: str) -> Attachment:
    full = root / path
    siblings = tuple(name for name in material_files(root) if os.path.isfile(root / name) and not os.path.islink(root / name))
    refused = refusal(root, path)
    if refused:
        return Attachment(path, exists=True, siblings=siblings, refused=refused)
    if not full.is_file():
        return Attachment(path, exists=False, siblings=siblings)
    size, content = _read_at_most(full, MAX_BYTES)
    return Attachment(path, exists=True, size=size, content=content, siblings=siblings)
