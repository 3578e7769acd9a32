"""What `mkdocs serve` keeps from one build to the next: the renderer of PDFs in the background.

MkDocs loads the hooks module afresh for every build of `serve` (each rebuild reads the config
again), so the hooks cannot hold it; this module is imported once per process.
"""

from __future__ import annotations

import logging
from typing import Optional

from ..build.background import BackgroundPdfs

log = logging.getLogger("mkdocs.plugins.portal")

_background: Optional[BackgroundPdfs] = None


def begin() -> None:
    """`mkdocs serve` started: its builds defer PDFs to the background."""
    global _background
    if _background is None:
        _background = BackgroundPdfs(report=log.error)


def background() -> Optional[BackgroundPdfs]:
    """The renderer when this process serves; None in `mkdocs build`."""
    return _background


def end() -> None:
    global _background
    if _background is not None:
        _background.close()
        _background = None
