"""Files the build keeps between runs (its caches): written whole or not at all, pruned to what
the last good build used."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, content: bytes) -> None:
    """Written aside and renamed: an interrupted build leaves no truncated file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, scratch = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(content)
    os.replace(scratch, path)


def prune(folder: Path, keep: set[str]) -> int:
    """Remove every file in folder (left-over scratch files too) whose name is not kept."""
    if not folder.is_dir():
        return 0
    stale = [p for p in folder.iterdir() if p.is_file() and p.name not in keep]
    for path in stale:
        path.unlink()
    return len(stale)
