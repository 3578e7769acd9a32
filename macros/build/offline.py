"""Offline reading: a service worker whose cache is named after the build's content."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..views.render import render
from .assets import asset_urls, is_external

WORKER = "sw.js"


def build_version(site_dir: Path) -> str:
    """A digest of every built file but the worker itself: same site, same version."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and p.name != WORKER):
        digest.update(path.relative_to(site_dir).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def shell(home_html: str) -> list[str]:
    """What the first visit caches: the home page and the styles and scripts it loads."""
    local = [url for url in asset_urls(home_html) if not is_external(url) and not url.startswith(("data:", "#"))]
    return ["./"] + sorted(set(url.split("#")[0] for url in local))


def service_worker(site_dir: Path) -> str:
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    return render("offline/sw.js", version=build_version(site_dir), shell=shell(home))
