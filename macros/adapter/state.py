"""The one Site of the current build, shared by the hooks and the macros."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..problems import DataError
from ..site import Site, load_site

_current: Optional[Site] = None


def load(project_dir: Path) -> Site:
    """Load and validate the data once per build; DataError carries every problem."""
    global _current
    _current = None
    _current = load_site(project_dir)
    return _current


def current() -> Site:
    if _current is None:
        raise RuntimeError("the site data was not loaded: is macros/adapter/hooks.py listed under hooks: in mkdocs.yml?")
    return _current
