"""After MkDocs has written the site: fold the search index, write the offline worker,
and refuse any page that loads an asset from another host."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from . import assets, offline, search


def finish(site_dir: Path, checked: Optional[assets.CheckedPages] = None) -> list[tuple[str, str]]:
    """Rewrite the built folder in place; (file, url) of every asset from another host
    (`checked`: pages found clean by earlier builds)."""
    index = site_dir / search.INDEX
    if index.exists():
        index.write_text(search.add_folded_fields(index.read_text(encoding="utf-8")), encoding="utf-8")
    # Last write: the worker's version is a digest of everything else.
    (site_dir / offline.WORKER).write_text(offline.service_worker(site_dir), encoding="utf-8")
    return assets.external_assets_in(site_dir, checked)
